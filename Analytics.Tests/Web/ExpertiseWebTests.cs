using System.Net;
using System.Net.Http.Json;
using Analytics.Domain.Knowledge;
using Analytics.Domain.Persistence;
using Analytics.Tests.Support;
using Analytics.Web.Topics;
using ClosedXML.Excel;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Analytics.Tests.Web;

/// <summary>"Who knows ..." over the real app: the hide-me setting everywhere, HR's topic rules, the API, department figures by role.</summary>
public sealed class ExpertiseWebTests : IClassFixture<ExpertiseWebTests.Factory>
{
    public sealed class Factory : IAsyncLifetime
    {
        public AnalyticsWebFactory Web { get; } = new();
        public DemoPeople People { get; private set; } = null!;

        public async Task InitializeAsync()
        {
            await Task.Run(() => Web.CreateClient().Dispose());
            People = await DemoPeople.LoadAsync(Web);
        }

        public async Task DisposeAsync() => await Web.DisposeAsync();
    }

    private readonly Factory _factory;

    public ExpertiseWebTests(Factory factory) => _factory = factory;

    private async Task<HttpClient> ClientAsync(string user)
    {
        var client = _factory.Web.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        await SignIn.AsAsync(client, user);
        return client;
    }

    private async Task<T> DbAsync<T>(Func<AnalyticsDbContext, Task<T>> body)
    {
        await using var scope = _factory.Web.Services.CreateAsyncScope();
        return await body(scope.ServiceProvider.GetRequiredService<AnalyticsDbContext>());
    }

    /// <summary>Gives the employee account's person a fresh page on <paramref name="topic"/> that a colleague upvoted: evidence of today.</summary>
    private Task<int> GiveEmployeeEvidenceAsync(string topic) => DbAsync(async db =>
    {
        var person = _factory.People.Employee;
        var account = await db.SourceAccounts.Where(a => a.PersonId == person).OrderBy(a => a.Id).FirstAsync();
        var reader = await db.SourceAccounts.Where(a => a.PersonId == _factory.People.InLine).OrderBy(a => a.Id).FirstAsync();
        var employeeId = await db.Persons.Where(p => p.Id == person).Select(p => p.EmployeeId!.Value).SingleAsync();
        // The demo opts a few people out at random; this test is about the hide-me setting, not the opt-out.
        await db.Employees.Where(e => e.Id == employeeId).ExecuteUpdateAsync(s => s.SetProperty(e => e.LeaderboardOptOut, false));
        var item = new KnowledgeItem { SourceSystemId = account.SourceSystemId, ExternalId = "expertise-test-" + topic, Kind = "page", Title = "All about " + topic,
            AuthorAccountId = account.Id, Topics = topic, CreatedAt = DateTimeOffset.UtcNow.AddDays(-1) };
        db.KnowledgeItems.Add(item);
        await db.SaveChangesAsync();
        var now = DateTime.UtcNow.AddHours(-2);
        db.Activities.AddRange(
            new Activity { SourceSystemId = account.SourceSystemId, SourceEventId = "expertise-test-authored-" + topic, Type = ActivityType.Authored, ActorAccountId = account.Id, ItemId = item.Id, OccurredAt = now },
            new Activity { SourceSystemId = account.SourceSystemId, SourceEventId = "expertise-test-upvoted-" + topic, Type = ActivityType.Upvoted, ActorAccountId = reader.Id, ItemId = item.Id, OccurredAt = now });
        return await db.SaveChangesAsync();
    });

    private static async Task<List<string>> ExportedNamesAsync(HttpClient client, string topic)
    {
        var response = await client.GetAsync(TopicsRegistration.ExpertsExport(topic));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var workbook = new XLWorkbook(new MemoryStream(await response.Content.ReadAsByteArrayAsync()));
        var sheet = workbook.Worksheet("Experts");
        var column = sheet.Row(1).CellsUsed().Single(c => c.GetString() == "Person").Address.ColumnNumber;
        return sheet.RowsUsed().Skip(1).Select(r => r.Cell(column).GetString()).ToList();
    }

    [Fact]
    public async Task Hide_me_takes_a_person_off_the_page_the_API_and_the_export_and_is_audited()
    {
        const string topic = "Zanzibar-Ferries";
        await GiveEmployeeEvidenceAsync(topic);
        using var employee = await ClientAsync("employee");
        using var hr = await ClientAsync("hr");
        var person = _factory.People.Employee;
        var name = await DbAsync(db => db.Persons.Where(p => p.Id == person).Select(p => p.Employee!.DisplayName).SingleAsync());

        var before = await hr.GetFromJsonAsync<ExpertsDto>("/api/experts?topic=zanzibar%20ferry");
        Assert.Equal("zanzibar ferry", before!.Topic);
        Assert.Equal([person], before.Experts.Select(e => e.PersonId));
        Assert.Contains($"data-person=\"{person}\"", await hr.GetStringAsync(TopicsRegistration.ExpertsPage(topic)), StringComparison.Ordinal);
        Assert.Equal([name], await ExportedNamesAsync(hr, topic));

        // The form on the person's own profile posts here; it acts on the signed-in user's own record only.
        var token = await SignIn.AntiforgeryTokenAsync(employee, "/People/Visibility");
        var post = await employee.PostAsync("/People/Visibility", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = token, ["hide"] = "true",
        }));
        Assert.Equal(HttpStatusCode.Redirect, post.StatusCode);

        var after = await hr.GetFromJsonAsync<ExpertsDto>("/api/experts?topic=zanzibar%20ferry");
        Assert.Empty(after!.Experts);
        Assert.DoesNotContain($"data-person=\"{person}\"", await hr.GetStringAsync(TopicsRegistration.ExpertsPage(topic)), StringComparison.Ordinal);
        Assert.DoesNotContain($"data-person=\"{person}\"", await hr.GetStringAsync(TopicsRegistration.TopicPage(topic)), StringComparison.Ordinal);
        Assert.Empty(await ExportedNamesAsync(hr, topic));
        Assert.Contains("data-visibility=\"hidden\"", await employee.GetStringAsync("/People/Visibility"), StringComparison.Ordinal);
        var audit = await DbAsync(db => db.AuditEntries.Where(a => a.Action == "expertise.hidden").Select(a => new { a.Actor, a.Subject }).ToListAsync());
        Assert.Contains(audit, a => a.Actor == "employee" && a.Subject!.StartsWith("Employee:", StringComparison.Ordinal));

        token = await SignIn.AntiforgeryTokenAsync(employee, "/People/Visibility");
        await employee.PostAsync("/People/Visibility", new FormUrlEncodedContent(new Dictionary<string, string> { ["__RequestVerificationToken"] = token, ["hide"] = "false" }));
        Assert.Equal([person], (await hr.GetFromJsonAsync<ExpertsDto>("/api/experts?topic=zanzibar%20ferry"))!.Experts.Select(e => e.PersonId));
        Assert.Contains(await DbAsync(db => db.AuditEntries.Select(a => a.Action).ToListAsync()), a => a == "expertise.shown");
    }

    [Fact]
    public async Task HR_merges_a_topic_on_the_manage_page_and_every_spelling_then_finds_the_target()
    {
        await GiveEmployeeEvidenceAsync("Tidal Charts");
        using var hr = await ClientAsync("hr");
        Assert.Equal("tidal chart", (await hr.GetFromJsonAsync<ExpertsDto>("/api/experts?topic=tidal-charts"))!.Topic);

        var token = await SignIn.AntiforgeryTokenAsync(hr, "/Topics/Manage");
        var post = await hr.PostAsync("/Topics/Manage?handler=Merge", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = token, ["topic"] = "tidal_charts", ["into"] = "Pipelines",
        }));
        Assert.Equal(HttpStatusCode.Redirect, post.StatusCode);

        Assert.Equal("pipeline", (await hr.GetFromJsonAsync<ExpertsDto>("/api/experts?topic=Tidal-Charts"))!.Topic);
        var audit = await DbAsync(db => db.AuditEntries.Where(a => a.Action == "topic.merged").Select(a => new { a.Actor, a.Subject, a.Details }).ToListAsync());
        Assert.Contains(audit, a => a.Actor == "hr" && a.Subject == "Topic:tidal chart" && a.Details == "into pipeline");

        // A cycle is refused with the reason, and nothing is stored.
        token = await SignIn.AntiforgeryTokenAsync(hr, "/Topics/Manage");
        var refused = await hr.PostAsync("/Topics/Manage?handler=Merge", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = token, ["topic"] = "pipeline", ["into"] = "tidal chart",
        }));
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        Assert.Contains("cycle", await refused.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Null(await DbAsync(db => db.TopicRules.SingleOrDefaultAsync(r => r.TopicKey == "pipeline")));
    }

    [Fact]
    public async Task Experts_API_answers_400_without_a_topic_404_for_an_unknown_one_and_is_described_in_OpenAPI()
    {
        using var employee = await ClientAsync("employee");
        Assert.Equal(HttpStatusCode.BadRequest, (await employee.GetAsync("/api/experts")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await employee.GetAsync("/api/experts?topic=no-such-topic-anywhere")).StatusCode);
        var openApi = await employee.GetStringAsync("/api/openapi/v1.json");
        Assert.Contains("\"/api/experts\"", openApi, StringComparison.Ordinal);
        Assert.Contains("\"/api/topics\"", openApi, StringComparison.Ordinal);
        var experts = await employee.GetFromJsonAsync<ExpertsDto>("/api/experts?topic=pipeline");
        Assert.NotEmpty(experts!.Experts);
        Assert.Equal(experts.Experts.OrderByDescending(e => e.Score).Select(e => e.PersonId), experts.Experts.Select(e => e.PersonId));
    }

    [Fact]
    public async Task Department_figures_on_a_topic_page_are_for_group_roles_only_and_small_groups_show_none()
    {
        using var employee = await ClientAsync("employee");
        using var leadership = await ClientAsync("leadership");
        Assert.DoesNotContain("data-table=\"producing\"", await employee.GetStringAsync("/Topic?topic=pipeline"), StringComparison.Ordinal);
        var html = await leadership.GetStringAsync("/Topic?topic=pipeline");
        Assert.Contains("data-table=\"producing\"", html, StringComparison.Ordinal);
        Assert.Contains("data-table=\"reusing\"", html, StringComparison.Ordinal);

        await using var scope = _factory.Web.Services.CreateAsyncScope();
        var index = await scope.ServiceProvider.GetRequiredService<ExpertiseReadModel>().CurrentAsync(CancellationToken.None);
        var view = await scope.ServiceProvider.GetRequiredService<Analytics.Jobs.Topics.TopicQueries>().TopicAsync(index, "pipeline", 5, CancellationToken.None);
        Assert.All(view!.Producing.Concat(view.Reusing), d => Assert.True(d.People is null ? d.Events is null : d.People >= 5));
        Assert.Equal(index.Topics["pipeline"].Producing.Count, view.Producing.Count);
    }
}
