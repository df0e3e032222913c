using Deque.AxeCore.Commons;
using Deque.AxeCore.Playwright;
using Microsoft.Playwright;

namespace Analytics.Tests.Browser;

/// <summary>
/// axe-core on every page for every role that may open it, on one server and one browser: no serious or
/// critical violation (contrast, names, labels, landmarks...). Moderate and minor findings are not gated here.
/// The sweep is split into <see cref="Parts"/> classes (below) over the same shared site: xunit runs the tests of one
/// class one after another, and the sweep as one class was the longest serial chain of the suite (BENCHMARKS.md).
/// Each class navigates one page per role from test to test (<see cref="SharedBrowserSite.PageOfClassAsync"/>).
/// </summary>
public abstract class AccessibilityBrowserTests(SharedBrowserSite site)
{
    private const string Anonymous = "anonymous";
    private static readonly string[] SignedIn = ["hr", "manager", "leadership", "employee", "admin"];
    private static readonly string[] Aggregates = ["hr", "manager", "leadership"];

    /// <summary>Every page by route (with {employee} and {outsider} the demo persons), and who may open it.</summary>
    internal static readonly (string Route, string[] Users)[] Pages =
    [
        ("/Account/SignIn", [Anonymous]),
        ("/Account/AccessDenied", [Anonymous, "employee"]),
        ("/Error", [Anonymous]),
        ("/", Aggregates),
        ("/Departments", Aggregates),
        ("/Departments/1", Aggregates),
        ("/Departments/3", ["hr", "manager"]),
        ("/Departments/Flow?from=ENG&to=SAL", Aggregates),
        ("/Practices", Aggregates),
        ("/Communities", Aggregates),
        ("/Communities/1", Aggregates),
        ("/Communities/Manage", ["hr"]),
        ("/People", SignedIn),
        ("/People?q=a", SignedIn),
        ("/People/{employee}", ["hr", "manager", "employee"]),
        ("/People/{outsider}", ["hr"]),
        ("/Leaderboard", SignedIn),
        ("/Definitions", SignedIn),
        ("/Recognition", ["hr", "manager", "leadership"]),
        ("/Recognition/Mine", SignedIn),
        ("/Recognition/Feed", SignedIn),
        ("/Recognition/Approvals", ["hr"]),
        ("/Recognition/Budgets", ["hr"]),
        ("/Recognition/Audit", ["hr"]),
        ("/Reports", ["hr", "leadership"]),
        ("/Identities", ["hr"]),
        ("/Identities?q=a", ["hr"]),
        ("/Scoring", ["hr"]),
        ("/Sources", ["admin"]),
        ("/Sources/1", ["admin"]),
        ("/Experts?topic=pipeline", SignedIn),
        ("/Topics", ["hr", "employee"]),
        ("/Topic?topic=pipeline", ["hr", "employee"]),
        ("/Topics/Risk", ["hr"]),
        ("/Topics/Manage", ["hr"]),
        ("/People/Visibility", ["employee"]),
        ("/People/Email", ["manager"]),
        ("/no-such-page", ["hr", "employee"]),
    ];

    public const int Parts = 3;

    /// <summary>Every (page, role) pair once: pair i belongs to part i mod <see cref="Parts"/>.</summary>
    public static TheoryData<string, string> PageAndRole(int part)
    {
        var data = new TheoryData<string, string>();
        var i = 0;
        foreach (var (route, users) in Pages)
        {
            foreach (var user in users)
            {
                if (i++ % Parts == part)
                    data.Add(route, user);
            }
        }

        return data;
    }

    protected async Task CheckAsync(string route, string user)
    {
        var page = await site.PageOfClassAsync(user == Anonymous ? null : user);
        var response = await page.GotoAsync(site.People.Resolve(route));
        Assert.NotNull(response);
        Assert.Equal(route.StartsWith("/no-such", StringComparison.Ordinal) ? 404 : 200, response.Status);
        await page.WaitForLoadStateAsync(LoadState.NetworkIdle);

        // Every rule runs and every violation is reported in full; passes and the rest keep one node each instead of every
        // node of the page (axe's resultTypes), which the gate never reads.
        var result = await page.RunAxe(new AxeRunOptions { ResultTypes = [ResultType.Violations] });
        var blocking = result.Violations
            .Where(v => v.Impact is "serious" or "critical")
            .Select(v => $"{v.Id} ({v.Impact}): {v.Help} at {string.Join(", ", v.Nodes.Take(5).Select(n => n.Target?.ToString()))} e.g. {v.Nodes.FirstOrDefault()?.Html}")
            .ToList();
        Assert.True(blocking.Count == 0, $"{route} as {user}:\n{string.Join("\n", blocking)}");
        // The sweep ran: axe checked rules that apply to every page (a title, a language).
        Assert.Contains(result.Passes, p => p.Id == "document-title");
    }
}

public sealed class AccessibilitySweepPart1(SharedBrowserSite site) : AccessibilityBrowserTests(site), IClassFixture<SharedBrowserSite>
{
    [Theory]
    [MemberData(nameof(PageAndRole), 0)]
    public Task Page_has_no_serious_or_critical_accessibility_violation(string route, string user) => CheckAsync(route, user);
}

public sealed class AccessibilitySweepPart2(SharedBrowserSite site) : AccessibilityBrowserTests(site), IClassFixture<SharedBrowserSite>
{
    [Theory]
    [MemberData(nameof(PageAndRole), 1)]
    public Task Page_has_no_serious_or_critical_accessibility_violation(string route, string user) => CheckAsync(route, user);
}

public sealed class AccessibilitySweepPart3(SharedBrowserSite site) : AccessibilityBrowserTests(site), IClassFixture<SharedBrowserSite>
{
    [Theory]
    [MemberData(nameof(PageAndRole), 2)]
    public Task Page_has_no_serious_or_critical_accessibility_violation(string route, string user) => CheckAsync(route, user);
}
