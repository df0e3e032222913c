using Analytics.Jobs.Metrics;
using Analytics.Web.Access;
using Analytics.Web.Practices;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Analytics.Web.Pages;

/// <summary>
/// The five practices side by side (issue 18): HR, Leadership and managers, who see organisation-wide group figures like
/// leadership (ADR 1621); departments under the minimum group size show no figures.
/// </summary>
[Authorize(Policy = Policies.ViewAggregates)]
public sealed class PracticesModel(PracticesScorecardQuery query, TimeProvider clock) : PageModel
{
    [BindProperty(SupportsGet = true)] public string? Period { get; set; }

    public string? Error { get; private set; }
    public bool IsDefaultPeriod { get; private set; }
    public PracticesScorecard? Scorecard { get; private set; }

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        if (!PracticesScorecardQuery.TryMonth(Period, clock, out var month, out var error))
        {
            Error = error;
            Response.StatusCode = StatusCodes.Status400BadRequest;
            return Page();
        }

        IsDefaultPeriod = string.IsNullOrWhiteSpace(Period);
        Period = month.Label;
        Scorecard = await query.RunAsync(month, ct);
        return Page();
    }
}
