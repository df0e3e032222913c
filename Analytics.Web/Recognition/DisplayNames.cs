using Analytics.Domain.Knowledge;
using Analytics.Domain.Metrics;
using Analytics.Domain.Recognition;
using Analytics.Jobs.Recognition;
using Microsoft.AspNetCore.Mvc.Rendering;

namespace Analytics.Web.Recognition;

/// <summary>
/// The words users read for the enums, in one place: pages never print an enum's C# name ("LearningCommunity",
/// "PendingApproval", "Authored", "PerHead"). Logs, the API and exports keep the stable names.
/// </summary>
public static class DisplayNames
{
    public static string Of(RecognitionCategory category) => CategoryNames.Of(category);

    public static string Of(AwardStatus status) => status switch
    {
        AwardStatus.PendingApproval => "Waiting for approval",
        AwardStatus.Approved => "Approved",
        AwardStatus.Rejected => "Rejected",
        _ => throw new ArgumentOutOfRangeException(nameof(status), status, "a status without a display name"),
    };

    /// <summary>An indicator's kind in words, as the Definitions page shows it.</summary>
    public static string Of(IndicatorKind kind) => kind switch
    {
        IndicatorKind.Share => "share",
        IndicatorKind.PerHead => "per head",
        IndicatorKind.Ratio => "ratio",
        IndicatorKind.Count => "count",
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "a kind without a display name"),
    };

    /// <summary>
    /// The scoring form's activity types: the product's terms (`authored`, `answered`...), the words of the Definitions page,
    /// the command line and the API; value the enum's number as the form binds it.
    /// </summary>
    public static IEnumerable<SelectListItem> ActivityTypeChoices() =>
        ActivityTypes.All.Select(t => new SelectListItem(t.Code(), ((int)t).ToString(System.Globalization.CultureInfo.InvariantCulture)));

    /// <summary>The award form's category choices, value the enum's number as the form binds it.</summary>
    public static IEnumerable<SelectListItem> Categories() =>
        Enum.GetValues<RecognitionCategory>().Select(c => new SelectListItem(Of(c), ((int)c).ToString(System.Globalization.CultureInfo.InvariantCulture)));
}
