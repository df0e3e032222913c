using Analytics.Domain.Recognition;
using Analytics.Jobs.Recognition;
using Microsoft.AspNetCore.Mvc.Rendering;

namespace Analytics.Web.Recognition;

/// <summary>
/// The words users read for the recognition enums, in one place: pages never print an enum's C# name
/// ("LearningCommunity", "PendingApproval"). Logs, the API and exports keep the stable names.
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

    /// <summary>The award form's category choices, value the enum's number as the form binds it.</summary>
    public static IEnumerable<SelectListItem> Categories() =>
        Enum.GetValues<RecognitionCategory>().Select(c => new SelectListItem(Of(c), ((int)c).ToString(System.Globalization.CultureInfo.InvariantCulture)));
}
