using Analytics.Jobs.Topics;
using Analytics.Web.Access;
using Analytics.Web.Topics;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Analytics.Web.Pages.Topics;

/// <summary>Every visible topic, largest first: the way into topic pages and expertise search.</summary>
[Authorize(Policy = Policies.SignedIn)]
public sealed class IndexModel(ExpertiseReadModel model) : PageModel
{
    public IReadOnlyList<TopicEntry> Topics { get; private set; } = [];
    public DateOnly From { get; private set; }
    public DateOnly To { get; private set; }

    public async Task OnGetAsync(CancellationToken ct)
    {
        var index = await model.CurrentAsync(ct);
        (From, To, Topics) = (index.From, index.To, TopicQueries.TopicList(index));
    }
}
