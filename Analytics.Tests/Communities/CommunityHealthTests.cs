using Analytics.Domain.Communities;
using Analytics.Domain.Knowledge;
using Analytics.Domain.Metrics;
using Analytics.Domain.People;
using Analytics.Jobs.Communities;
using Analytics.Tests.Metrics.Support;

namespace Analytics.Tests.Communities;

/// <summary>
/// Community health against a computation written here from the definitions, over a hand-built organisation and
/// seeded random activity in real SQLite: nothing below calls ActivityCredit, AnswerTimes or CommunityHealth.
/// </summary>
public sealed class CommunityHealthTests
{
    private sealed record Who(string Name, SourceAccount Account, int? Department, bool Bot);

    private sealed record Event(ActivityType Type, Who? Actor, KnowledgeItem Item, Who? Author, DateTime At);

    [Fact]
    public async Task Health_of_every_month_agrees_with_an_independent_computation()
    {
        await using var w = await MetricsWorld.CreateAsync();
        var departments = new[] { await w.DepartmentAsync("A"), await w.DepartmentAsync("B"), await w.DepartmentAsync("C") };
        var people = new List<Who>();
        for (var i = 0; i < 9; i++)
        {
            var d = departments[i % 3];
            people.Add(new Who($"p{i}", await w.PersonAsync($"p{i}", d), d.Id, false));
        }

        var bot = new Who("bot", await w.PersonAsync("bot", null, bot: true), null, true);
        var unlinked = new Who("unlinked", await w.PersonAsync("unlinked", null), null, false);
        var everyone = people.Append(bot).Append(unlinked).ToList();

        // Topics in several spellings: the community's tag is matched ignoring case, never as a part of another tag.
        var topics = new[] { "Kubernetes|ci", "kubernetes", "KUBERNETES|networking", "kubernetes-operators", "ci", null };
        var rng = new Random(1711);
        var items = new List<(KnowledgeItem Item, Who Author)>();
        for (var i = 0; i < 24; i++)
        {
            var author = everyone[rng.Next(everyone.Count)];
            var question = i % 3 == 0;
            var item = await w.ItemAsync(author.Account, kind: question ? "question" : "page");
            item.Topics = topics[i % topics.Length];
            items.Add((item, author));
            if (question)
            {
                for (var a = 0; a < 2; a++)
                {
                    var answerer = everyone[rng.Next(everyone.Count)];
                    items.Add((await w.ItemAsync(answerer.Account, kind: "answer", parent: item), answerer));
                }
            }
        }

        await w.Db.SaveChangesAsync();
        var events = new List<Event>();
        var types = new[] { ActivityType.Authored, ActivityType.Edited, ActivityType.Commented, ActivityType.Viewed, ActivityType.Viewed,
            ActivityType.Upvoted, ActivityType.Linked };
        var start = new DateTime(2026, 1, 1, 0, 0, 0, DateTimeKind.Utc);
        foreach (var (item, author) in items)
        {
            if (item.Kind == "question")
            {
                var asked = start.AddHours(rng.Next(0, 24 * 300));
                events.Add(new Event(ActivityType.Asked, author, item, author, asked));
                foreach (var (answer, answerer) in items.Where(x => x.Item.ParentItemId == item.Id))
                    events.Add(new Event(ActivityType.Answered, answerer, answer, answerer, asked.AddHours(rng.Next(-2, 24 * 10))));
            }
        }

        for (var i = 0; i < 400; i++)
        {
            var (item, author) = items[rng.Next(items.Count)];
            var actor = rng.Next(20) == 0 ? null : everyone[rng.Next(everyone.Count)];
            var type = types[rng.Next(types.Length)];
            // Same viewer, item and day now and then, so the once-a-day rule of views matters.
            var at = start.AddHours(rng.Next(0, 24 * 310));
            events.Add(new Event(type, actor, item, author, at));
            if (type == ActivityType.Viewed && rng.Next(4) == 0)
                events.Add(new Event(type, actor, item, author, at.AddMinutes(5)));
        }

        // In one save: the health query reads raw activities, it needs no aggregation.
        var n = 0;
        w.Db.Activities.AddRange(events.Select(e => new Activity
        {
            SourceSystemId = w.Source.Id, SourceEventId = $"event-{++n}", Type = e.Type, ActorAccountId = e.Actor?.Account.Id,
            ItemId = e.Item.Id, OccurredAt = e.At,
        }));

        var wiki = w.Source.Id;
        w.Db.Communities.Add(new Community
        {
            Name = "Kubernetes", CreatedAt = MetricsWorld.Now,
            Members = [new CommunityMember { SourceSystemId = wiki, Value = "kubernetes", MatchKey = "kubernetes" }],
        });
        await w.Db.SaveChangesAsync();
        w.Db.ChangeTracker.Clear();

        var inCommunity = items.Where(x => Tagged(x.Item) || (x.Item.ParentItemId is { } p && Tagged(items.Single(y => y.Item.Id == p).Item)))
            .Select(x => x.Item.Id).ToHashSet();
        Assert.InRange(inCommunity.Count, 10, items.Count - 5);

        var query = new CommunityHealthQuery(w.Db, w.Clock);
        var compared = 0;
        foreach (var month in Enumerable.Range(1, 10).Select(m => new DateOnly(2026, m, 1)))
        {
            var health = await query.RunAsync(ReportingPeriod.Month(month.Year, month.Month), minimumGroupSize: 1, CancellationToken.None);
            var row = Assert.Single(health.Communities);
            var expected = Expected(month, events.Where(e => inCommunity.Contains(e.Item.Id)).ToList(), MetricsWorld.Now.UtcDateTime);
            if (expected.Members == 0)
            {
                Assert.Null(row.Figures);
                continue;
            }

            var f = row.Figures!;
            Assert.Equal(expected.Members, f.Members);
            Assert.Equal(expected.OverYear, f.PeopleOverYear);
            Assert.Equal(expected.Departments, f.Departments);
            Assert.Equal(expected.Contributions, f.Contributions);
            Assert.Equal((expected.Questions, expected.Answered), (f.Answers.Questions, f.Answers.Answered));
            Assert.Equal(expected.Median, f.Answers.MedianTimeToFirstAnswer);
            Assert.Equal(expected.Reuse, f.ReuseEvents, 6);
            Assert.Equal(expected.Cross, f.CrossDepartmentReuse, 6);
            Assert.Equal(f.Members, row.Trend[^1].Members);
            compared++;
        }

        Assert.True(compared >= 8, $"only {compared} months had members");

        static bool Tagged(KnowledgeItem item) =>
            item.Topics?.Split('|').Any(t => string.Equals(t, "kubernetes", StringComparison.OrdinalIgnoreCase)) == true;
    }

    private sealed record ExpectedMonth(int Members, int OverYear, int Departments, int Contributions, int Questions, int Answered,
        TimeSpan? Median, double Reuse, double Cross);

    // The definitions of MetricCatalog, written out again on the test's own records.
    private static ExpectedMonth Expected(DateOnly month, List<Event> events, DateTime now)
    {
        var from = month.ToDateTime(TimeOnly.MinValue);
        var to = month.AddMonths(1).ToDateTime(TimeOnly.MinValue);
        var yearFrom = month.AddMonths(-11).ToDateTime(TimeOnly.MinValue);
        bool Counted(Who? who) => who is { Bot: false, Department: not null };
        var contributions = events.Where(e => (int)e.Type < 20 && Counted(e.Actor)).ToList();
        var inMonth = contributions.Where(e => e.At >= from && e.At < to).ToList();

        var asked = events.Where(e => e.Type == ActivityType.Asked && e.At >= from && e.At < to && Counted(e.Actor)).ToList();
        var delays = new List<TimeSpan>();
        var counted = 0;
        foreach (var q in asked)
        {
            var first = events.Where(e => e.Type == ActivityType.Answered && e.Item.ParentItemId == q.Item.Id && e.Actor is { Bot: false }
                                          && e.Actor != q.Actor)
                .Select(e => e.At < q.At ? TimeSpan.Zero : e.At - q.At).Where(d => d <= TimeSpan.FromDays(7)).Order().ToList();
            if (first.Count > 0)
            {
                delays.Add(first[0]);
                counted++;
            }
            else if (q.At.AddDays(7) <= now)
            {
                counted++;
            }
        }

        delays.Sort();
        TimeSpan? median = delays.Count == 0 ? null
            : delays.Count % 2 == 1 ? delays[delays.Count / 2]
            : TimeSpan.FromTicks((delays[(delays.Count / 2) - 1].Ticks + delays[delays.Count / 2].Ticks) / 2);

        double reuse = 0, cross = 0;
        var views = new HashSet<(string, long, DateOnly)>();
        foreach (var e in events.Where(e => (int)e.Type >= 40 && e.At >= from && e.At < to).OrderBy(e => e.At))
        {
            if (e.Author is null || e.Author.Bot || e.Actor?.Bot == true || e.Actor == e.Author)
                continue;
            if (e.Type == ActivityType.Viewed && e.Actor is not null && !views.Add((e.Actor.Name, e.Item.Id, DateOnly.FromDateTime(e.At))))
                continue;
            reuse++;
            if (e.Actor?.Department is { } r && e.Author.Department is { } a && r != a)
                cross++;
        }

        return new ExpectedMonth(inMonth.Select(e => e.Actor!.Name).Distinct().Count(),
            contributions.Where(e => e.At >= yearFrom && e.At < to).Select(e => e.Actor!.Name).Distinct().Count(),
            inMonth.Select(e => e.Actor!.Department).Distinct().Count(), inMonth.Count, counted, delays.Count, median, reuse, cross);
    }
}
