using System.Globalization;
using System.Net;
using System.Text.RegularExpressions;
using Analytics.Domain.Metrics;
using Analytics.Domain.Persistence;
using Analytics.Jobs.Communities;
using Analytics.Tests.Support;
using ClosedXML.Excel;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Time.Testing;

namespace Analytics.Tests.Web.Dashboard;

/// <summary>The Communities pages, their form and export over the demo organisation, against <see cref="CommunityHealthQuery"/>.</summary>
public sealed partial class CommunitiesPageTests : IClassFixture<CommunitiesPageTests.Factory>
{
    public sealed class Factory : IAsyncLifetime
    {
        public AnalyticsWebFactory Web { get; } = new();
        public Task InitializeAsync() => Task.Run(() => Web.CreateClient().Dispose());
        public async Task DisposeAsync() => await Web.DisposeAsync();
    }

    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;
    private readonly AnalyticsWebFactory _web;

    public CommunitiesPageTests(Factory factory) => _web = factory.Web;

    private static ReportingPeriod LastMonth()
    {
        var first = new DateOnly(DateTime.UtcNow.Year, DateTime.UtcNow.Month, 1).AddMonths(-1);
        return ReportingPeriod.Month(first.Year, first.Month);
    }

    private AnalyticsDbContext Db() => DatabaseRegistration.CreateContext(DatabaseProvider.Sqlite, $"Data Source={_web.DatabasePath}");

    private async Task<HttpClient> ClientAsync(string user)
    {
        var client = _web.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        await SignIn.AsAsync(client, user);
        return client;
    }

    private async Task<CommunitiesHealth> ExpectedAsync(ReportingPeriod month)
    {
        await using var db = Db();
        return await new CommunityHealthQuery(db, new FakeTimeProvider(DateTimeOffset.UtcNow)).RunAsync(month, 5, CancellationToken.None);
    }

    private static async Task<HttpResponseMessage> PostAsync(HttpClient client, string handler, Dictionary<string, string> fields)
    {
        fields["__RequestVerificationToken"] = await SignIn.AntiforgeryTokenAsync(client, "/Communities/Manage");
        return await client.PostAsync($"/Communities/Manage?handler={handler}", new FormUrlEncodedContent(fields));
    }

    [Fact]
    public async Task The_demo_has_communities_and_the_page_shows_the_query_figures_or_nothing_under_the_minimum()
    {
        var month = LastMonth();
        var expected = await ExpectedAsync(month);
        Assert.True(expected.Communities.Count >= 5);
        Assert.Contains(expected.Communities, c => c.Disclosed);
        using var client = await ClientAsync("leadership");
        var html = await client.GetStringAsync("/Communities");

        Assert.Contains($"<strong data-period>{month.Label}</strong>", html, StringComparison.Ordinal);
        foreach (var c in expected.Communities)
        {
            var row = Row(html, c.CommunityId);
            if (c.Figures is { } f)
            {
                Assert.Equal(f.Members.ToString(Inv), Metric(row, "members"));
                Assert.Equal(f.Departments.ToString(Inv), Metric(row, "departments"));
                Assert.Equal(f.Answers.Questions.ToString(Inv), Metric(row, "questions"));
                Assert.True(f.Members >= 5);
            }
            else
            {
                Assert.Contains("data-suppressed", row, StringComparison.Ordinal);
                Assert.Contains("fewer than 5 active members", row, StringComparison.Ordinal);
                Assert.DoesNotContain("data-metric", row, StringComparison.Ordinal);
            }
        }

        // One community's page: the same figures and a 12-month trend.
        var shown = expected.Communities.First(c => c.Disclosed);
        var page = await client.GetStringAsync($"/Communities/{shown.CommunityId}");
        Assert.Contains($"data-metric=\"members\">{shown.Figures!.Members.ToString(Inv)}<", page, StringComparison.Ordinal);
        Assert.Equal(12, Regex.Count(page, "<tr><th scope=\"row\">\\d{4}-\\d{2}</th>"));
    }

    [Fact]
    public async Task A_community_under_the_minimum_shows_fewer_than_N_and_no_figure_on_page_export_and_its_own_page()
    {
        using var hr = await ClientAsync("hr");
        int qa;
        await using (var db = Db())
            qa = await db.SourceSystems.Where(s => s.Name == "qa").Select(s => s.Id).SingleAsync();
        var created = await PostAsync(hr, "Create", new() { ["name"] = "Nobody's tag", ["sourceSystemId"] = qa.ToString(Inv), ["value"] = "no-such-tag-anywhere" });
        Assert.Equal(HttpStatusCode.Redirect, created.StatusCode);
        int id;
        await using (var db = Db())
            id = await db.Communities.Where(c => c.Name == "Nobody's tag").Select(c => c.Id).SingleAsync();

        var html = await hr.GetStringAsync("/Communities");
        var row = Row(html, id);
        Assert.Contains("fewer than 5 active members", row, StringComparison.Ordinal);
        Assert.DoesNotContain("data-metric", row, StringComparison.Ordinal);
        var page = await hr.GetStringAsync($"/Communities/{id}");
        Assert.Contains("data-suppressed", page, StringComparison.Ordinal);
        Assert.DoesNotContain("data-metric", page, StringComparison.Ordinal);

        var export = await hr.GetAsync("/exports/communities.xlsx");
        Assert.Equal(HttpStatusCode.OK, export.StatusCode);
        var bytes = await export.Content.ReadAsByteArrayAsync();
        Assert.Empty(Workbooks.ValidationErrors(bytes));
        using var workbook = new XLWorkbook(new MemoryStream(bytes));
        var sheet = workbook.Worksheet("Communities");
        var headers = sheet.Row(1).CellsUsed().ToDictionary(c => c.GetString(), c => c.Address.ColumnNumber);
        var expected = await ExpectedAsync(LastMonth());
        foreach (var c in expected.Communities)
        {
            var line = sheet.RowsUsed().Skip(1).Single(r => r.Cell(1).GetString() == c.Name);
            if (c.Figures is { } f)
            {
                Assert.Equal(f.Members, line.Cell(headers["Members"]).GetValue<int>());
                Assert.Equal(f.Departments, line.Cell(headers["Departments"]).GetValue<int>());
                Assert.True(line.Cell(headers["Note"]).IsEmpty());
            }
            else
            {
                Assert.True(line.Cell(headers["Members"]).IsEmpty());
                Assert.True(line.Cell(headers["Cross-department reuse"]).IsEmpty());
                Assert.Contains("fewer than 5", line.Cell(headers["Note"]).GetString(), StringComparison.Ordinal);
            }
        }

        Assert.Contains(expected.Communities, c => c.CommunityId == id && !c.Disclosed);
    }

    [Fact]
    public async Task Hr_manages_communities_through_the_form_and_every_change_is_audited()
    {
        using var hr = await ClientAsync("hr");
        int wiki;
        await using (var db = Db())
            wiki = await db.SourceSystems.Where(s => s.Name == "wiki").Select(s => s.Id).SingleAsync();

        Assert.Equal(HttpStatusCode.Redirect, (await PostAsync(hr, "Create", new() { ["name"] = "Guild of testers" })).StatusCode);
        int id;
        await using (var db = Db())
            id = await db.Communities.Where(c => c.Name == "Guild of testers").Select(c => c.Id).SingleAsync();
        var community = id.ToString(Inv);
        Assert.Equal(HttpStatusCode.Redirect, (await PostAsync(hr, "AddMember", new() { ["communityId"] = community, ["sourceSystemId"] = wiki.ToString(Inv), ["value"] = "CI" })).StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, (await PostAsync(hr, "Rename", new() { ["communityId"] = community, ["name"] = "Test guild" })).StatusCode);

        // Refusals: an empty name, a duplicate member differing by case, a name taken by the demo. Nothing stored, 400, the reason shown.
        var refused = await PostAsync(hr, "Rename", new() { ["communityId"] = community, ["name"] = " " });
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        Assert.Contains("needs a name", await refused.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        refused = await PostAsync(hr, "AddMember", new() { ["communityId"] = community, ["sourceSystemId"] = wiki.ToString(Inv), ["value"] = "ci" });
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        refused = await PostAsync(hr, "Create", new() { ["name"] = "kubernetes" });
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        Assert.Contains("already a community named", await refused.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        int member;
        await using (var db = Db())
        {
            var stored = await db.Communities.Include(c => c.Members).SingleAsync(c => c.Id == id);
            Assert.Equal("Test guild", stored.Name);
            member = Assert.Single(stored.Members).Id;
        }

        Assert.Equal(HttpStatusCode.Redirect, (await PostAsync(hr, "RemoveMember", new() { ["communityId"] = community, ["memberId"] = member.ToString(Inv) })).StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, (await PostAsync(hr, "Delete", new() { ["communityId"] = community })).StatusCode);

        await using (var db = Db())
        {
            Assert.False(await db.Communities.AnyAsync(c => c.Id == id));
            var audit = await db.AuditEntries.Where(a => a.Subject == "Community:" + community).OrderBy(a => a.Id).Select(a => new { a.Action, a.Actor }).ToListAsync();
            Assert.Equal(["community.created", "community.member-added", "community.renamed", "community.member-removed", "community.deleted"], audit.Select(a => a.Action));
            Assert.All(audit, a => Assert.Equal("hr", a.Actor));
        }

        var manage = await hr.GetStringAsync("/Communities/Manage");
        Assert.Contains("community.deleted", manage, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Managers_see_the_figures_of_leadership_and_cannot_change_communities()
    {
        using var manager = await ClientAsync("manager");
        using var leadership = await ClientAsync("leadership");
        var mine = await manager.GetStringAsync("/Communities");
        var theirs = await leadership.GetStringAsync("/Communities");
        var expected = await ExpectedAsync(LastMonth());
        foreach (var c in expected.Communities)
            Assert.Equal(Row(theirs, c.CommunityId), Row(mine, c.CommunityId));
        Assert.DoesNotContain("/Communities/Manage", mine, StringComparison.Ordinal);

        // The manager's post never reaches the handler: the page's policy refuses it first.
        var token = await SignIn.AntiforgeryTokenAsync(manager, "/Communities");
        var post = await manager.PostAsync("/Communities/Manage?handler=Create",
            new FormUrlEncodedContent(new Dictionary<string, string> { ["name"] = "Managers' club", ["__RequestVerificationToken"] = token }));
        Assert.True(post.StatusCode == HttpStatusCode.Forbidden || post.Headers.Location?.ToString().Contains("/Account/AccessDenied", StringComparison.Ordinal) == true,
            $"manager's post answered {(int)post.StatusCode} {post.Headers.Location}");
        await using var db = Db();
        Assert.False(await db.Communities.AnyAsync(c => c.Name == "Managers' club"));
    }

    [Fact]
    public async Task A_period_that_is_not_a_month_is_refused_with_the_reason()
    {
        using var client = await ClientAsync("hr");
        var response = await client.GetAsync("/Communities?period=2026-Q3");
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("community health is per month", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.BadRequest, (await client.GetAsync("/exports/communities.xlsx?period=2026")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync("/Communities/999999")).StatusCode);
    }

    private static string Row(string html, int communityId)
    {
        var match = Regex.Match(html, $"<tr data-community=\"{communityId.ToString(Inv)}\">(.*?)</tr>", RegexOptions.Singleline);
        Assert.True(match.Success, $"no row for community {communityId}");
        return match.Groups[1].Value;
    }

    private static string Metric(string row, string metric)
    {
        var match = Regex.Match(row, $"data-metric=\"{metric}\">([^<]*)<");
        Assert.True(match.Success, $"no {metric} in row");
        return match.Groups[1].Value;
    }
}
