using System.Net;
using System.Net.Http.Json;
using System.Text.RegularExpressions;
using Analytics.Domain.Knowledge;
using Analytics.Domain.Persistence;
using Analytics.Jobs.Metrics;
using Analytics.Jobs.Scoring;
using Analytics.Tests.Support;
using Analytics.Web.Caching;
using Analytics.Web.People;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Analytics.Tests.Web;

public sealed partial class PeopleTests : IClassFixture<PeopleTests.Factory>
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

    private readonly AnalyticsWebFactory _web;
    private readonly DemoPeople _people;

    public PeopleTests(Factory factory)
    {
        _web = factory.Web;
        _people = factory.People;
    }

    private async Task<HttpClient> ClientAsAsync(string user)
    {
        var client = _web.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        await SignIn.AsAsync(client, user);
        return client;
    }

    private async Task<T> InScopeAsync<T>(Func<IServiceProvider, Task<T>> work)
    {
        await using var scope = _web.Services.CreateAsyncScope();
        return await work(scope.ServiceProvider);
    }

    [Fact]
    public async Task Profile_figures_equal_the_metrics_query_for_the_period()
    {
        var (period, expected) = await InScopeAsync(async s =>
        {
            var period = s.GetRequiredService<ProfileQuery>().DefaultPeriod;
            var all = await s.GetRequiredService<MetricsQuery>().ByPersonAsync(period, includeAll: true, CancellationToken.None);
            return (period, all.Where(p => _people.ManagerLine.Contains(p.PersonId)).OrderByDescending(p => p.Contributions).First());
        });
        Assert.True(expected.Contributions > 0);

        using var client = await ClientAsAsync("manager");
        var dto = await client.GetFromJsonAsync<PersonProfileDto>($"/api/people/{expected.PersonId}?period={period.Label}");
        Assert.NotNull(dto);
        Assert.Equal(expected.Contributions, dto.Contributions);
        Assert.Equal(expected.ReuseReceived, dto.ReuseReceived, 6);
        Assert.Equal(expected.CrossTeamReuseReceived, dto.CrossTeamReuseReceived, 6);
        Assert.Equal(expected.Points, dto.Points, 6);
        Assert.Equal(expected.Completions, dto.Completions);
        Assert.Equal(expected.Contributions, dto.ContributionsByType.Values.Sum());

        var html = await client.GetStringAsync($"/People/{expected.PersonId}?period={period.Label}");
        Assert.Contains($"data-figure=\"contributions\">{expected.Contributions:N0}<", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Most_reused_items_and_topics_equal_a_plain_count_over_the_raw_activities()
    {
        var checkedPeople = await InScopeAsync(async s =>
        {
            var db = s.GetRequiredService<AnalyticsDbContext>();
            var query = s.GetRequiredService<ProfileQuery>();
            var period = query.DefaultPeriod;
            var from = period.From.ToDateTime(TimeOnly.MinValue);
            var to = period.To.AddDays(1).ToDateTime(TimeOnly.MinValue);
            var reuseTypes = ActivityTypes.All.Where(t => t.IsReuse()).ToHashSet();
            // Everything in memory, joined by hand: independent of the query's SQL shape.
            var accounts = await db.SourceAccounts.AsNoTracking().ToDictionaryAsync(a => a.Id, a => a.PersonId);
            var items = await db.KnowledgeItems.AsNoTracking().ToListAsync();
            var authorOf = items.Where(i => i.AuthorAccountId is not null).ToDictionary(i => i.Id, i => accounts[i.AuthorAccountId!.Value]);
            var activities = await db.Activities.AsNoTracking().Where(a => a.OccurredAt >= from && a.OccurredAt < to && a.ItemId != null).ToListAsync();
            var done = 0;
            foreach (var personId in _people.ManagerLine.Take(15))
            {
                var expected = activities
                    .Where(a => reuseTypes.Contains(a.Type) && authorOf.TryGetValue(a.ItemId!.Value, out var author) && author == personId
                                && (a.ActorAccountId is null || accounts[a.ActorAccountId.Value] != personId))
                    .GroupBy(a => a.ItemId!.Value).Select(g => (Item: g.Key, Reuse: g.Sum(a => a.Quantity)))
                    .OrderByDescending(x => x.Reuse).ThenBy(x => x.Item).Take(ProfileQuery.MaxItems).ToList();
                var expectedTopics = items.Where(i => i.AuthorAccountId is { } a && accounts[a] == personId && i.Topics is not null)
                    .SelectMany(i => Analytics.Domain.Knowledge.TopicNames.Split(i.Topics))
                    .GroupBy(t => t, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Count(), StringComparer.Ordinal);

                var card = new PersonCard(personId, "", null, false);
                var view = await query.RunAsync(card, period, CancellationToken.None);

                Assert.Equal(expected.Select(e => e.Item), view.MostReused.Select(r => r.ItemId));
                Assert.Equal(expected.Select(e => e.Reuse), view.MostReused.Select(r => r.Reuse));
                Assert.All(view.Topics, t => Assert.Equal(expectedTopics[t.Topic], t.Items));
                Assert.Equal(Math.Min(expectedTopics.Count, view.Topics.Count), view.Topics.Count);
                if (expected.Count > 0)
                    done++;
            }

            return done;
        });
        Assert.True(checkedPeople > 0, "no person of the line had reused items in the period: the test compared nothing");
    }

    [Fact]
    public async Task The_contributions_chart_reads_n_a_for_the_months_before_the_data_not_0()
    {
        var (months, labels, begins) = await InScopeAsync<(List<DateOnly>, IReadOnlyList<string>, DateOnly?)>(async s =>
        {
            var query = s.GetRequiredService<ProfileQuery>();
            var view = await query.RunAsync(new PersonCard(_people.ManagerLine.First(), "", null, false), query.DefaultPeriod, CancellationToken.None);
            var chart = view.Chart();
            return (chart.Points.Select(p => p.Month).ToList(), Analytics.Jobs.Charts.MonthlyBarChart.Labels(chart),
                await MetricsQuery.DataBeginsAsync(s.GetRequiredService<AnalyticsDbContext>(), CancellationToken.None));
        });

        // The test demo holds three months: most of the chart's twelve end before the data begins.
        Assert.NotNull(begins);
        var before = months.Select((m, i) => (m, i)).Where(x => x.m.AddMonths(1) <= begins).Select(x => x.i).ToList();
        Assert.True(before.Count >= 6, $"expected months before the data, found {before.Count}");
        Assert.All(before, i => Assert.Equal("n/a", labels[i]));
        Assert.DoesNotContain("n/a", labels.Where((_, i) => !before.Contains(i)));
    }

    [Fact]
    public async Task Points_explanation_adds_up_to_the_persons_points()
    {
        var checkedPeople = await InScopeAsync(async s =>
        {
            var period = s.GetRequiredService<ProfileQuery>().DefaultPeriod;
            var all = await s.GetRequiredService<MetricsQuery>().ByPersonAsync(period, includeAll: true, CancellationToken.None);
            var explainer = s.GetRequiredService<PointsExplainer>();
            var withPoints = all.Where(p => p.Points > 0).Take(10).ToList();
            foreach (var person in withPoints)
            {
                var explanation = await explainer.ExplainAsync(person.PersonId, period, CancellationToken.None);
                Assert.Equal(person.Points, explanation.Total, 4);
            }

            return withPoints;
        });
        Assert.NotEmpty(checkedPeople);

        using var client = await ClientAsAsync("hr");
        var html = await client.GetStringAsync($"/People/{checkedPeople[0].PersonId}");
        var shown = FigurePattern().Match(html);
        var total = TotalPattern().Match(html);
        Assert.True(shown.Success && total.Success, "points figure and total of the explanation are on the page");
        Assert.Equal(shown.Groups[1].Value, total.Groups[1].Value);
    }

    [Fact]
    public async Task Employee_opening_another_persons_id_is_denied_on_page_api_and_chart()
    {
        using var client = await ClientAsAsync("employee");
        var page = await client.GetAsync($"/People/{_people.InLine}");
        Assert.Equal(HttpStatusCode.Redirect, page.StatusCode);
        Assert.StartsWith("/Account/AccessDenied", page.Headers.Location!.PathAndQuery, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Forbidden, (await client.GetAsync($"/api/people/{_people.InLine}")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await client.GetAsync($"/api/people/{_people.Manager}")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await client.GetAsync("/api/people/99999999")).StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, (await client.GetAsync($"/charts/people/{_people.InLine}/contributions.png")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync($"/People/{_people.Employee}")).StatusCode);
    }

    [Fact]
    public async Task Manager_sees_their_line_and_not_outside_it()
    {
        using var client = await ClientAsAsync("manager");
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync($"/People/{_people.InLine}")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync($"/api/people/{_people.InLine}")).StatusCode);
        var outside = await client.GetAsync($"/People/{_people.Outsider}");
        Assert.Equal(HttpStatusCode.Redirect, outside.StatusCode);
        Assert.StartsWith("/Account/AccessDenied", outside.Headers.Location!.PathAndQuery, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Forbidden, (await client.GetAsync($"/api/people/{_people.Outsider}")).StatusCode);
    }

    [Fact]
    public async Task Search_lists_only_people_the_viewer_may_see()
    {
        using var manager = await ClientAsAsync("manager");
        var hits = await manager.GetFromJsonAsync<List<PersonHitDto>>("/api/people");
        Assert.NotNull(hits);
        Assert.NotEmpty(hits);
        Assert.All(hits, h => Assert.True(h.Id == _people.Manager || _people.ManagerLine.Contains(h.Id), $"{h.Id} is outside the line"));
        Assert.DoesNotContain(hits, h => h.Id == _people.Outsider);

        using var employee = await ClientAsAsync("employee");
        var own = await employee.GetFromJsonAsync<List<PersonHitDto>>("/api/people");
        Assert.Equal([_people.Employee], own!.Select(h => h.Id));

        using var hr = await ClientAsAsync("hr");
        var everyone = await hr.GetFromJsonAsync<List<PersonHitDto>>("/api/people");
        Assert.Contains(everyone!, h => h.Id == _people.Outsider);
    }

    [Fact]
    public async Task Viewing_another_persons_profile_is_audited_and_ones_own_is_not()
    {
        using var client = await ClientAsAsync("manager");
        var before = await CountViewsAsync("manager", _people.InLine);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync($"/People/{_people.InLine}")).StatusCode);
        Assert.Equal(before + 1, await CountViewsAsync("manager", _people.InLine));

        var own = await CountViewsAsync("manager", _people.Manager);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync($"/People/{_people.Manager}")).StatusCode);
        Assert.Equal(own, await CountViewsAsync("manager", _people.Manager));
    }

    [Fact]
    public async Task A_repeated_view_is_audited_each_time_served_from_the_cache_and_recomputed_once_the_data_changes()
    {
        using var hr = await ClientAsAsync("hr");
        var cache = _web.Services.GetRequiredService<ReadModelCache>();
        var views = await CountViewsAsync("hr", _people.InLine);
        await hr.GetStringAsync($"/People/{_people.InLine}");
        var computations = cache.Computations;

        var second = await hr.GetStringAsync($"/People/{_people.InLine}");
        // The audit entry of the first view did not make the figures stale: nothing was recomputed.
        Assert.Equal(computations, cache.Computations);
        Assert.Equal(views + 2, await CountViewsAsync("hr", _people.InLine));
        Assert.DoesNotContain("cache-check-badge", second, StringComparison.Ordinal);

        // Another writer (the aggregation job, the command line) changes what the profile shows: the next view has it.
        await InScopeAsync(async s =>
        {
            var db = s.GetRequiredService<AnalyticsDbContext>();
            db.BadgeAwards.Add(new Analytics.Domain.Scoring.BadgeAward { PersonId = _people.InLine, BadgeCode = "cache-check-badge", AwardedOn = new DateOnly(2026, 1, 5) });
            return await db.SaveChangesAsync();
        });
        var third = await hr.GetStringAsync($"/People/{_people.InLine}");
        Assert.Contains("cache-check-badge", third, StringComparison.Ordinal);
        Assert.True(cache.Computations > computations);
    }

    private Task<int> CountViewsAsync(string actor, int personId) => InScopeAsync(s =>
        s.GetRequiredService<AnalyticsDbContext>().AuditEntries
            .CountAsync(a => a.Action == "profile.viewed" && a.Actor == actor && a.Subject == $"Person:{personId}"));

    [Fact]
    public async Task Employee_start_page_and_people_link_land_on_their_own_profile()
    {
        using var client = await ClientAsAsync("employee");
        var start = await client.GetAsync("/");
        Assert.Equal("/People/Me", start.Headers.Location!.OriginalString);
        var me = await client.GetAsync("/People/Me");
        Assert.Equal($"/People/{_people.Employee}", me.Headers.Location!.OriginalString);
    }

    [Fact]
    public async Task Names_containing_markup_render_as_text()
    {
        const string name = "<script>alert('x')</script> Eve";
        await InScopeAsync(async s =>
        {
            var db = s.GetRequiredService<AnalyticsDbContext>();
            var person = await db.Persons.Include(p => p.Employee).SingleAsync(p => p.Id == _people.Outsider);
            person.Employee!.DisplayName = name;
            person.DisplayName = name;
            return await db.SaveChangesAsync();
        });

        using var hr = await ClientAsAsync("hr");
        foreach (var page in new[] { $"/People/{_people.Outsider}", "/People?q=script" })
        {
            var html = await hr.GetStringAsync(page);
            Assert.DoesNotContain("<script>alert", html, StringComparison.Ordinal);
            Assert.Contains("&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt; Eve", html, StringComparison.Ordinal);
        }
    }

    [GeneratedRegex("data-figure=\"points\">([^<]+)<")]
    private static partial Regex FigurePattern();

    [GeneratedRegex("data-figure=\"points-total\">([^<]+)<")]
    private static partial Regex TotalPattern();
}
