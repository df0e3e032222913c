using System.ComponentModel.DataAnnotations;
using Analytics.Domain.Knowledge;
using Analytics.Jobs.Scoring;
using Analytics.Web.Access;
using Analytics.Web.Hosting;
using Analytics.Web.Scoring;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Analytics.Web.Pages.Scoring;

public sealed record ScoringRuleForm
{
    [Required] public ActivityType? Type { get; set; }
    // Double bounds: Range(int, int) converts the value to int and let NaN, infinities and 1e308 through.
    [Required, Range(0d, 1000d)] public double? PointsPerEvent { get; set; }
    [Range(0d, 1000d)] public double? CrossTeamPointsPerEvent { get; set; }
    [Range(1, 100_000)] public int? DailyCapPerPerson { get; set; }
    [Range(1, 100_000)] public int? PairCapPerMonth { get; set; }
    [Required] public DateOnly? EffectiveFrom { get; set; }
}

[Authorize(Policy = Policies.ManagePeopleData)]
public sealed class IndexModel(ScoringRulesQuery query, ScoringRuleStore store) : PageModel, IFormPage
{
    public ScoringRulesView View { get; private set; } = null!;

    // Bound by the change handler only (its parameter): a Withdraw post carries no rule and must not be refused for that.
    public ScoringRuleForm Form { get; private set; } = new();

    [TempData]
    public string? Message { get; set; }

    /// <summary>
    /// The form starts from the rule in force for the chosen type (<paramref name="type"/>, the first in force by default),
    /// so "change" means editing today's values, not typing them again from 0; the new rule starts tomorrow, the first
    /// day a change can take effect without touching a rule that has already started.
    /// </summary>
    public async Task OnGetAsync(ActivityType? type, CancellationToken ct)
    {
        View = await query.RunAsync(ct);
        if (View.InForce.FirstOrDefault(r => type is null || r.Type == type) is { } rule)
        {
            Form = new ScoringRuleForm
            {
                Type = rule.Type,
                PointsPerEvent = rule.PointsPerEvent,
                CrossTeamPointsPerEvent = rule.CrossTeamPointsPerEvent,
                DailyCapPerPerson = rule.DailyCapPerPerson,
                PairCapPerMonth = rule.PairCapPerMonth,
                EffectiveFrom = View.Today.AddDays(1),
            };
        }
    }

    public async Task ShowAsync(CancellationToken ct) => View = await query.RunAsync(ct);

    public async Task<IActionResult> OnPostAsync([Bind(Prefix = nameof(Form))] ScoringRuleForm form, CancellationToken ct)
    {
        // Values that did not bind or validate never get here (RefusedPostFilter).
        var f = Form = form;
        try
        {
            var rule = await store.ChangeAsync(new ScoringRuleChange(f.Type!.Value, f.PointsPerEvent!.Value, f.CrossTeamPointsPerEvent,
                f.DailyCapPerPerson, f.PairCapPerMonth, f.EffectiveFrom!.Value), User.Identity!.Name!, ct);
            Message = $"Rule {rule.Id} for {rule.Type.Code()} is in force from {rule.EffectiveFrom:yyyy-MM-dd}.";
            return RedirectToPage();
        }
        catch (InvalidOperationException e)
        {
            // The store refuses changes that would rewrite history; the reason goes back to the form.
            ModelState.AddModelError(string.Empty, e.Message);
        }

        View = await query.RunAsync(ct);
        return Page();
    }

    /// <summary>Withdraws a rule that has not started yet (ADR 1643); a correction is a withdrawal and a new rule.</summary>
    public async Task<IActionResult> OnPostWithdrawAsync(int ruleId, CancellationToken ct)
    {
        try
        {
            if (await store.WithdrawAsync(ruleId, User.Identity!.Name!, ct))
            {
                Message = $"Rule {ruleId} withdrawn; the rule before it stays in force.";
                return RedirectToPage();
            }

            ModelState.AddModelError(string.Empty, $"There is no rule {ruleId}.");
        }
        catch (ScoringRuleRefusedException e)
        {
            ModelState.AddModelError(string.Empty, e.Message);
        }

        View = await query.RunAsync(ct);
        return Page();
    }
}
