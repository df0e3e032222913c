using Analytics.Web.Access;
using Analytics.Web.Recognition;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Analytics.Web.Pages.Recognition;

[Authorize(Policy = Policies.ManagePeopleData)]
public sealed class BudgetsModel(BudgetOverview overview, RecognitionBudgets budgets, CurrentViewer viewer) : PageModel
{
    public BudgetOverviewView View { get; private set; } = BudgetOverviewView.Empty;

    [TempData] public string? Notice { get; set; }

    public string? Error { get; private set; }

    public async Task OnGetAsync(int? year, int? quarter, CancellationToken ct) =>
        View = await overview.RunAsync(Pick(year, quarter), ct);

    public async Task<IActionResult> OnPostAsync(int managerId, int year, int quarter, int points, CancellationToken ct)
    {
        // A value that does not bind (ten, 5.5, 1e3, empty) leaves the int at 0: storing that would silently
        // replace the budget, so binding errors and an out-of-range quarter go back to the form instead.
        if (!ModelState.IsValid)
            Error = string.Join(" ", ModelState.Values.SelectMany(v => v.Errors).Select(e => e.ErrorMessage).Distinct())
                    + " Points, manager, year and quarter are whole numbers.";
        else if (year is not (>= 2000 and <= 2100) || quarter is not (>= 1 and <= 4))
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
