using Analytics.Jobs.Topics;
using Analytics.Web.Access;
using Analytics.Web.Topics;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Analytics.Web.Pages.Topics;

/// <summary>HR: topics whose knowledge rests on one or two people, or on people who left or are leaving.</summary>
[Authorize(Policy = Policies.ManagePeopleData)]
public sealed class RiskModel(ExpertiseReadModel model) : PageModel
{
    public IReadOnlyList<RiskRow> Rows { get; private set; } = [];
    public DateOnly From { get; private set; }
    public DateOnly To { get; private set; }

    public async Task OnGetAsync(CancellationToken ct)
    {
        var index = await model.CurrentAsync(ct);
        (From, To, Rows) = (index.From, index.To, TopicQueries.KnowledgeAtRisk(index));
    }
}
