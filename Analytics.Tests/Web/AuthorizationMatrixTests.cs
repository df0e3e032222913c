using System.Net;
using Analytics.Domain.Metrics;
using Analytics.Jobs.Reports.Monthly;
using Analytics.Tests.Support;
using Analytics.Web.Access;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace Analytics.Tests.Web;

/// <summary>
/// Every route against every role, expecting allow or deny, enforced by the server. "anonymous" is a
/// visitor who has not signed in. Add a row with every new page, API route or export.
/// </summary>
public sealed class AuthorizationMatrixTests : IClassFixture<AuthorizationMatrixTests.Factory>
{
    public sealed class Factory : IAsyncLifetime
    {
        public AnalyticsWebFactory Web { get; } = new();
        public DemoPeople People { get; private set; } = null!;

        public async Task InitializeAsync()
        {
            await Task.Run(() => Web.CreateClient().Dispose());
            People = await DemoPeople.LoadAsync(Web);
            // One stored report, so that /Reports/Download/1 exists for the allowed roles.
            await using var scope = Web.Services.CreateAsyncScope();
            var today = DateTime.UtcNow;
            await scope.ServiceProvider.GetRequiredService<MonthlyReportArchive>()
                .GenerateAsync(ReportingPeriod.Month(today.AddMonths(-1).Year, today.AddMonths(-1).Month), "test", CancellationToken.None);
        }

        public async Task DisposeAsync() => await Web.DisposeAsync();
    }

    internal const string Anonymous = "anonymous";
    internal static readonly string[] Everyone = [Anonymous, "admin", "hr", "manager", "leadership", "employee"];
    private static readonly string[] SignedIn = ["admin", "hr", "manager", "leadership", "employee"];
    // The manager's scope (ADR 1621): organisation-wide group figures (overview, departments, flow, barriers), the
    // same as leadership's and all under the group rule (ADR 1620); individual data only for their reporting line
    // (EmployeeProfile below, {outsider} HR only, IdorTests for every person id); no monthly reports.
    private static readonly string[] Aggregates = ["hr", "manager", "leadership"];
    private static readonly string[] Reports = ["hr", "leadership"];

    // The employee account's own profile: the person, their manager's line, HR. {outsider}: HR only.
    private static readonly string[] EmployeeProfile = ["hr", "manager", "employee"];

    /// <summary>Route and user answered with a redirect elsewhere than sign-in or access denied, and where to.</summary>
    internal static readonly Dictionary<(string Route, string User), string> Redirects = new()
    {
        [("/Account/SignOut", Anonymous)] = "/",
        [("/Account/SignOut", "admin")] = "/",
        [("/Account/SignOut", "hr")] = "/",
        [("/Account/SignOut", "manager")] = "/",
        [("/Account/SignOut", "leadership")] = "/",
        [("/Account/SignOut", "employee")] = "/",
        [("/", "employee")] = "/People/Me",
        [("/", "admin")] = "/People/Me",
        [("/?period=2026-10", "employee")] = "/People/Me",
        [("/?period=2026-10", "admin")] = "/People/Me",
        [("/People/Me", "admin")] = "/People",
        [("/People/Me", "hr")] = "/People/",
        [("/People/Me", "manager")] = "/People/",
        [("/People/Me", "leadership")] = "/People/",
        [("/People/Me", "employee")] = "/People/",
    };

    /// <summary>Route and the users allowed on it.</summary>
    internal static readonly (string Route, string[] Allowed)[] Matrix =
    [
        ("/health", Everyone),
        ("/Error", Everyone),
        ("/Account/SignIn", Everyone),
        ("/Account/SignOut", Everyone),
        ("/Account/AccessDenied", Everyone),
        ("/", Aggregates),
        ("/charts/contributions-by-month.png", Aggregates),
        ("/?period=2026-10", Aggregates),
        ("/charts/contributions-by-month.png?period=2026-Q3", Aggregates),
        ("/charts/overview/active-contributor-rate.png", Aggregates),
        ("/charts/overview/reuse.png?period=2026-10", Aggregates),
        ("/charts/overview/cross-team-share.png", Aggregates),
        ("/charts/overview/answer-rate.png", Aggregates),
        ("/api/summary", Aggregates),
        ("/api/summary?month=2026-01", Aggregates),
        ("/api/openapi/v1.json", SignedIn),
        ("/Departments", Aggregates),
        ("/Departments?period=2026-Q4", Aggregates),
        // Drill-down (issue 21, ADR 2111-2112): a department's page and a flow cell's items are group figures.
        ("/Departments/1", Aggregates),
        ("/Departments/3?period=2026-10", Aggregates),
        ("/Departments/Flow?from=ENG&to=SAL", Aggregates),
        ("/Departments/Flow?from=ENG-PLT&to=ENG-DATA&period=2026-Q4&sort=item&dir=asc", Aggregates),
        ("/Practices", Aggregates),
        ("/Practices?period=2026-10", Aggregates),
        ("/charts/practices/sharing.png", Aggregates),
        ("/charts/practices/learning.png?period=2026-10", Aggregates),
        ("/charts/practices-departments.png", Aggregates),
        ("/charts/flow.png", Aggregates),
        ("/charts/flow.png?period=2026", Aggregates),
        ("/api/departments", Aggregates),
        ("/api/departments?period=2026-10", Aggregates),
        ("/api/flow", Aggregates),
        ("/api/barriers", Aggregates),
        // Communities of practice (issue 17): aggregates under the group rule for HR, managers and leadership; defined by HR.
        // /Communities/1 is the demo's first community.
        ("/Communities", Aggregates),
        ("/Communities?period=2026-10", Aggregates),
        ("/Communities/1", Aggregates),
        ("/Communities/1?period=2026-10", Aggregates),
        ("/Communities/Manage", ["hr"]),
        ("/exports/communities.xlsx", Aggregates),
        ("/exports/communities.xlsx?period=2026-10", Aggregates),
        ("/Leaderboard", SignedIn),
        ("/Leaderboard?period=2026-Q4&metric=reuse&scope=ENG", SignedIn),
        ("/api/leaderboard", SignedIn),
        ("/api/leaderboard?period=2026&metric=cross-team", SignedIn),
        ("/Definitions", SignedIn),
        ("/jobs", ["admin"]),
        ("/Sources", ["admin"]),
        ("/Sources/1", ["admin"]),
        ("/Sources/1?pageNumber=2", ["admin"]),
        ("/Sources/Runs/1", ["admin"]),
        ("/jobs/recurring", ["admin"]),
        ("/People", SignedIn),
        ("/People?q=a", SignedIn),
        ("/People/Me", []),
        ("/People/{employee}", EmployeeProfile),
        ("/People/{outsider}", ["hr"]),
        ("/People/{employee}?period=2026-Q3", EmployeeProfile),
        ("/charts/people/{employee}/contributions.png", EmployeeProfile),
        ("/charts/people/{outsider}/contributions.png", ["hr"]),
        ("/api/people", SignedIn),
        ("/api/people?q=a", SignedIn),
        ("/api/people/{employee}", EmployeeProfile),
        ("/api/people/{outsider}", ["hr"]),
        ("/Scoring", ["hr"]),
        ("/api/scoring/rules", ["hr"]),
        ("/Identities", ["hr"]),
        ("/Identities?q=a&target=1", ["hr"]),
        ("/exports/activities.xlsx?from=2026-10-01&to=2026-10-31", ["hr"]),
        ("/Recognition", ["hr", "manager", "leadership"]),
        ("/Recognition/Approvals", ["hr"]),
        ("/Recognition/Budgets", ["hr"]),
        ("/Recognition/Audit", ["hr"]),
        ("/Recognition/Mine", SignedIn),
        ("/Recognition/Feed", SignedIn),
        ("/Recognition/Feed?category=mentoring&department=ENG&pageNumber=1", SignedIn),
        ("/exports/recognition/awards.xlsx", ["hr"]),
        ("/exports/recognition/audit.xlsx", ["hr"]),
        ("/exports/overview.xlsx", Aggregates),
        ("/exports/departments.xlsx", Aggregates),
        ("/exports/departments.xlsx?period=2026-Q4", Aggregates),
        ("/exports/flow.xlsx", Aggregates),
        ("/exports/flow.xlsx?period=2026", Aggregates),
        ("/exports/barriers.xlsx", Aggregates),
        ("/exports/leaderboard.xlsx", SignedIn),
        ("/exports/leaderboard.xlsx?period=2026-Q4&metric=reuse&scope=ENG", SignedIn),
        ("/exports/people.xlsx", SignedIn),
        ("/exports/people.xlsx?q=a", SignedIn),
        ("/exports/people/{employee}/contributions-by-type.xlsx", EmployeeProfile),
        ("/exports/people/{employee}/most-reused.xlsx", EmployeeProfile),
        ("/exports/people/{employee}/recognition.xlsx?period=2026-Q3", EmployeeProfile),
        ("/exports/people/{outsider}/contributions-by-type.xlsx", ["hr"]),
        ("/exports/people/{outsider}/recognition.xlsx", ["hr"]),
        ("/Reports", Reports),
        ("/Reports/Download/1", Reports),
        ("/Reports?handler=LastMonth", Reports),
        // Issue 17: expertise search and topic pages for everyone signed in; knowledge at risk and topic rules for HR.
        ("/Experts", SignedIn),
        ("/Experts?topic=pipeline", SignedIn),
        ("/Topics", SignedIn),
        ("/Topic?topic=pipeline", SignedIn),
        ("/Topics/Risk", ["hr"]),
        ("/Topics/Manage", ["hr"]),
        ("/People/Visibility", SignedIn),
        // Issue 18 part 4: the viewer's own e-mail digests.
        ("/People/Email", SignedIn),
        ("/api/experts?topic=pipeline", SignedIn),
        ("/api/topics", SignedIn),
        ("/api/knowledge-at-risk", ["hr"]),
        ("/exports/experts.xlsx?topic=pipeline", SignedIn),
        ("/exports/knowledge-at-risk.xlsx", ["hr"]),
    ];

    /// <summary>
    /// State-changing requests: route, Razor Pages handler (null: the default OnPost or a minimal API
    /// route) and the users the server lets through to it. A role may pass authorization and still be
    /// turned away by the handler's own rule (HR on the award form is "not a manager"): listed here is
    /// what authorization and the handler's role check allow.
    /// </summary>
    internal static readonly (string Route, string? Handler, string[] Allowed)[] Posts =
    [
        ("/Account/SignIn", null, Everyone),
        ("/Account/SignIn", "SingleSignOn", Everyone),
        ("/Account/SignOut", null, Everyone),
        ("/Identities", "Accept", ["hr"]),
        ("/Identities", "Reject", ["hr"]),
        ("/Identities", "Merge", ["hr"]),
        ("/Identities", "AcceptMatch", ["hr"]),
        ("/Identities", "RejectMatch", ["hr"]),
        ("/Identities", "Split", ["hr"]),
        ("/Scoring", null, ["hr"]),
        ("/Scoring", "Withdraw", ["hr"]),
        ("/api/scoring/rules", null, ["hr"]),
        ("/api/scoring/rules/1/withdraw", null, ["hr"]),
        ("/Recognition", null, ["manager", "leadership", "hr"]),
        ("/Recognition/Approvals", "Approve", ["hr"]),
        ("/Recognition/Approvals", "Reject", ["hr"]),
        ("/Recognition/Budgets", null, ["hr"]),
        // Any signed-in person reaches the handler; it changes only the viewer's own approved award (RecognitionFeedTests).
        ("/Recognition/Feed", "Hide", SignedIn),
        ("/Recognition/Feed", "Show", SignedIn),
        ("/Reports", "Regenerate", ["hr"]),
        ("/api/recognition/awards", null, ["manager", "leadership"]),
        ("/jobs/stats", null, ["admin"]),
        ("/Sources/1", "Sync", ["admin"]),
        ("/Topics/Manage", "Merge", ["hr"]),
        ("/Topics/Manage", "Unmerge", ["hr"]),
        ("/Topics/Manage", "Hide", ["hr"]),
        ("/Topics/Manage", "Show", ["hr"]),
        ("/People/Visibility", null, SignedIn),
        ("/People/Email", null, SignedIn),
        ("/Communities/Manage", "Create", ["hr"]),
        ("/Communities/Manage", "Rename", ["hr"]),
        ("/Communities/Manage", "AddMember", ["hr"]),
        ("/Communities/Manage", "RemoveMember", ["hr"]),
        ("/Communities/Manage", "Delete", ["hr"]),
    ];

    public static TheoryData<string, string?, string> DeniedPosts()
    {
        var data = new TheoryData<string, string?, string>();
        foreach (var (route, handler, allowed) in Posts)
            foreach (var user in Everyone.Except(allowed))
                data.Add(route, handler, user);
        return data;
    }

    public static TheoryData<string, string> Cases()
    {
        var data = new TheoryData<string, string>();
        foreach (var (route, _) in Matrix)
            foreach (var user in Everyone)
                data.Add(route, user);
        return data;
    }

    private readonly AnalyticsWebFactory _web;
    private readonly DemoPeople _people;

    public AuthorizationMatrixTests(Factory factory)
    {
        _web = factory.Web;
        _people = factory.People;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task Route_is_allowed_exactly_for_its_roles(string route, string user)
    {
        using var client = _web.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        if (user != Anonymous)
            await SignIn.AsAsync(client, user);

        var response = await client.GetAsync(_people.Resolve(route));
        if (Redirects.TryGetValue((route, user), out var target))
        {
            Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
            Assert.StartsWith(target, response.Headers.Location!.OriginalString, StringComparison.Ordinal);
            return;
        }

        var allowed = Matrix.Single(m => m.Route == route).Allowed.Contains(user);
        // The API and file downloads answer 401/403 instead of redirecting to an HTML page.
        var isApi = (route.StartsWith("/api/", StringComparison.Ordinal) && !route.StartsWith("/api/openapi", StringComparison.Ordinal))
                    || route.StartsWith("/exports/", StringComparison.Ordinal);

        if (allowed)
        {
            Assert.True(response.StatusCode == HttpStatusCode.OK, $"{user} should reach {route} but got {(int)response.StatusCode}");
        }
        else if (isApi)
        {
            Assert.Equal(user == Anonymous ? HttpStatusCode.Unauthorized : HttpStatusCode.Forbidden, response.StatusCode);
        }
        else
        {
            Assert.True(response.StatusCode is HttpStatusCode.Redirect or HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden,
                $"{user} should be kept out of {route} but got {(int)response.StatusCode}");
            if (response.StatusCode == HttpStatusCode.Redirect)
            {
                var expected = user == Anonymous ? "/Account/SignIn" : "/Account/AccessDenied";
                Assert.StartsWith(expected, response.Headers.Location!.PathAndQuery, StringComparison.Ordinal);
            }
        }
    }

    /// <summary>With a valid anti-forgery token, so that only authorization can turn the request away.</summary>
    [Theory]
    [MemberData(nameof(DeniedPosts))]
    public async Task State_changing_request_is_refused_outside_its_roles(string route, string? handler, string user)
    {
        using var client = _web.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        if (user != Anonymous)
            await SignIn.AsAsync(client, user);
        var token = await SignIn.AntiforgeryTokenAsync(client, "/Account/SignIn");
        var target = handler is null ? route : $"{route}?handler={handler}";
        using var request = new HttpRequestMessage(HttpMethod.Post, target);
        request.Headers.Add("RequestVerificationToken", token);
        request.Content = route.StartsWith("/api/", StringComparison.Ordinal)
            ? System.Net.Http.Json.JsonContent.Create(new { recipientId = _people.InLine, category = 1, message = "m", points = 1 })
            : new FormUrlEncodedContent(new Dictionary<string, string> { ["__RequestVerificationToken"] = token, ["id"] = "1", ["period"] = "2026-10" });

        var response = await client.SendAsync(request);
        var location = response.Headers.Location?.OriginalString ?? "";
        var denied = response.StatusCode is HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden
                     || (response.StatusCode == HttpStatusCode.Redirect
                         && location.Contains(user == Anonymous ? "/Account/SignIn" : "/Account/AccessDenied", StringComparison.Ordinal));
        Assert.True(denied, $"{user} should be refused on POST {target} but got {(int)response.StatusCode} {location}");
    }

    [Fact]
    public void Every_role_appears_in_the_matrix()
    {
        var users = Matrix.SelectMany(m => m.Allowed).Distinct().ToHashSet();
        foreach (var account in DemoAccounts.All)
            Assert.Contains(account.UserName, users);
    }

    /// <summary>
    /// ADR 1621: a manager's group figures are the organisation-wide ones leadership sees (not a view of their own
    /// line, which could be a group under the minimum size), so they pass the same disclosure rule.
    /// </summary>
    [Theory]
    [InlineData("/api/departments?period=2026-10")]
    [InlineData("/api/flow?period=2026-10")]
    [InlineData("/api/barriers?period=2026-10")]
    [InlineData("/api/summary?month=2026-10")]
    public async Task Manager_sees_the_organisation_wide_group_figures_of_leadership(string route)
    {
        using var manager = _web.CreateClient();
        await SignIn.AsAsync(manager, "manager");
        using var leadership = _web.CreateClient();
        await SignIn.AsAsync(leadership, "leadership");
        var asManager = await manager.GetStringAsync(route);
        Assert.Equal(await leadership.GetStringAsync(route), asManager);
        Assert.NotEmpty(asManager);
    }
}
