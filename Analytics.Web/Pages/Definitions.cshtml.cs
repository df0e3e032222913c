using Analytics.Domain.Persistence;
using Analytics.Domain.Scoring;
using Analytics.Web.Access;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Analytics.Web.Pages;

/// <summary>Every metric and rule in words, read from MetricCatalog, BadgeCatalog and the scoring rules in force: the code's own source.</summary>
[Authorize(Policy = Policies.SignedIn)]
public sealed class DefinitionsModel(AnalyticsDbContext db, TimeProvider clock) : PageModel
{
    public IReadOnlyList<ScoringRule> RulesInForce { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken ct)
    {
        var today = DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);
        RulesInForce = (await db.ScoringRules.AsNoTracking()
                .Where(r => r.EffectiveFrom <= today && (r.EffectiveTo == null || r.EffectiveTo > today))
                .ToListAsync(ct))
            .OrderBy(r => r.Type).ToList();
    }
}
