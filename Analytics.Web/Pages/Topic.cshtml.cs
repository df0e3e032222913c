using Analytics.Jobs.Topics;
using Analytics.Web.Access;
using Analytics.Web.Dashboard;
using Analytics.Web.Topics;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Options;

namespace Analytics.Web.Pages;

/// <summary>
/// One topic: contributors, most reused items, open questions, monthly trend for every signed-in person; the
/// departments producing and reusing it only for the roles that see group figures, under the minimum group size (ADR 1703).
/// </summary>
[Authorize(Policy = Policies.SignedIn)]
public sealed class TopicModel(ExpertiseReadModel model, TopicQueries queries, IOptions<PrivacyOptions> privacy, IAuthorizationService authorization) : PageModel
{
    public TopicView View { get; private set; } = null!;
    public bool ShowsDepartments { get; private set; }

    public async Task<IActionResult> OnGetAsync(string? topic, CancellationToken ct)
    {
        var view = await queries.TopicAsync(await model.CurrentAsync(ct), topic, privacy.Value.MinimumGroupSize, ct);
        if (view is null)
            return NotFound();
        View = view;
        ShowsDepartments = (await authorization.AuthorizeAsync(User, Policies.ViewAggregates)).Succeeded;
        return Page();
    }
}
