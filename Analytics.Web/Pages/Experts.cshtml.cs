using Analytics.Jobs.Topics;
using Analytics.Web.Access;
using Analytics.Web.Topics;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Analytics.Web.Pages;

/// <summary>"Who knows ...": every signed-in person searches a topic and finds whom to ask (issue 17, part 3).</summary>
[Authorize(Policy = Policies.SignedIn)]
public sealed class ExpertsModel(ExpertiseReadModel model, TopicQueries queries) : PageModel
{
    public ExpertsView View { get; private set; } = null!;

    public async Task OnGetAsync(string? topic, CancellationToken ct) =>
        View = await queries.ExpertsAsync(await model.CurrentAsync(ct), topic, TopicQueries.MaxExperts, ct);
}
