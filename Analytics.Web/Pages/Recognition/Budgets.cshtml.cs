using Analytics.Jobs.Recognition;
using Analytics.Web.Access;
using Analytics.Web.Hosting;
using Analytics.Web.Recognition;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Analytics.Web.Pages.Recognition;

[Authorize(Policy = Policies.ManagePeopleData)]
public sealed class BudgetsModel(BudgetOverview overview, RecognitionBudgets budgets, CurrentViewer viewer) : PageModel, IFormPage
{
    public BudgetOverviewView View { get; private set; } = BudgetOverviewView.Empty;

    [TempData] public string? Notice { get; set; }

    public string? Error { get; private set; }

    public async Task OnGetAsync(int? year, int? quarter, CancellationToken ct) =>
        View = await overview.RunAsync(Pick(year, quarter), ct);

    /// <summary>After a refused post: the quarter the form named, when it names one, else the current one.</summary>
    public async Task ShowAsync(CancellationToken ct) =>
        View = await overview.RunAsync(Pick(FormNumber("year"), FormNumber("quarter")), ct);

    private int? FormNumber(string field) =>
        int.TryParse(Request.Form[field], System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var n) ? n : null;

    // Every parameter must be posted as a whole number: a value that does not bind (ten, 5.5, 1e3, empty, left out)
    // refuses the post before this runs (RefusedPostFilter), so a budget is never silently set to 0.
    public async Task<IActionResult> OnPostAsync(int managerId, int year, int quarter, int points, CancellationToken ct)
    {
        if (year is not (>= 2000 and <= 2100) || quarter is not (>= 1 and <= 4))
            Error = "The quarter must be a year from 2000 to 2100 and a quarter from 1 to 4.";
        else
        {
            var chosen = new Quarter(year, quarter);
            var result = await budgets.SetAsync(managerId, chosen, points, viewer.Name, ct);
            if (result.Succeeded)
            {
                Notice = "Budget saved.";
                return RedirectToPage(new { year = chosen.Year, quarter = chosen.Number });
            }

            Error = result.Error;
        }

        View = await overview.RunAsync(Pick(year, quarter), ct);
        return Page();
    }

    private Quarter Pick(int? year, int? quarter) =>
        year is >= 2000 and <= 2100 && quarter is >= 1 and <= 4 ? new Quarter(year.Value, quarter.Value) : budgets.Current;
}
