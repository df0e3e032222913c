using Analytics.Domain.Knowledge;
using Analytics.Domain.Metrics;
using Analytics.Domain.Organisation;
using Analytics.Domain.People;
using Analytics.Domain.Sources;
using Analytics.Jobs.Connectors.StackExchange;
using Analytics.Jobs.Demo;
using Analytics.Jobs.Topics;
using Analytics.Tests.Ingestion;
using Analytics.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Time.Testing;

namespace Analytics.Tests.Topics;

/// <summary>The expertise score against <see cref="IndependentExpertise"/> on demo data and on Stack Exchange dumps, and its exclusions.</summary>
public sealed class ExpertiseIndexTests
{
    private static readonly DateOnly Today = new(2026, 11, 27);

    private static void AssertAgrees(ExpertiseIndex index, Dictionary<(string Topic, int Person), double> expected)
    {
        var actual = index.Topics.Values.SelectMany(t => t.People.Where(p => p.Value.Score > 0).Select(p => (Key: (t.Key, p.Key), p.Value.Score)))
            .ToDictionary(x => x.Key, x => x.Score);
        var wanted = expected.Where(e => e.Value > 0).ToDictionary(e => e.Key, e => e.Value);
        Assert.Equal(wanted.Keys.OrderBy(k => k.Topic, StringComparer.Ordinal).ThenBy(k => k.Person),
            actual.Keys.OrderBy(k => k.Item1, StringComparer.Ordinal).ThenBy(k => k.Item2));
        foreach (var (key, score) in wanted)
            Assert.True(Math.Abs(score - actual[key]) < 1e-6 * Math.Max(1, score), $"{key}: expected {score}, got {actual[key]}");
    }

    [Fact]
    public async Task Demo_organisation_scores_agree_with_an_independent_computation()
    {
        await using var database = await TestDatabase.CreateAsync();
        await using (var seed = database.CreateContext())
            await new DemoSeeder(seed, new Analytics.Jobs.Ingestion.Runner.SqliteActivityBulkWriter(64), new FakeTimeProvider(new DateTimeOffset(2026, 11, 27, 9, 0, 0, TimeSpan.Zero)))
                .SeedAsync(new DemoOptions { Employees = 80, Months = 6, Seed = 11 }, CancellationToken.None);
        await using var db = database.CreateContext();
        // The oracle scores raw topics; the demo's merge and hidden topic (HR's rules) are tested in ExpertiseWebTests and ExpertiseIndexTests.
        Assert.Equal(2, await db.TopicRules.ExecuteDeleteAsync());

        var index = await ExpertiseIndex.BuildAsync(db, Today, CancellationToken.None);
        var expected = await IndependentExpertise.ComputeAsync(db, Today);

        Assert.True(index.Topics.Count >= 10, $"the demo has {index.Topics.Count} topics");
        Assert.True(expected.Count > 100);
        AssertAgrees(index, expected);

        // The ranking of the strongest topic lists exactly the listable people, best first.
        var topic = index.Ranked()[0];
        var ranked = await new TopicQueries(db).RankAsync(index, topic, 1000, CancellationToken.None);
        var people = index.People;
        var listable = expected.Where(e => e.Key.Topic == topic.Key && e.Value > 0)
            .Where(e => people.Find(e.Key.Person) is { CountsInGroups: true, LeaderboardOptOut: false } p && (p.LeaveDate is null || p.LeaveDate >= Today))
            .OrderByDescending(e => e.Value).Select(e => e.Key.Person).ToList();
        Assert.Equal(listable, ranked.Select(r => r.PersonId));
        Assert.All(ranked, r => Assert.NotNull(r.Email));
    }

    [Fact]
    public async Task Demo_has_a_long_tail_of_topics_in_several_spellings_and_a_topic_whose_expert_left_among_the_risks()
    {
        await using var database = await TestDatabase.CreateAsync();
        await using (var seed = database.CreateContext())
            await new DemoSeeder(seed, new Analytics.Jobs.Ingestion.Runner.SqliteActivityBulkWriter(64), new FakeTimeProvider(new DateTimeOffset(2026, 11, 27, 9, 0, 0, TimeSpan.Zero)))
                .SeedAsync(new DemoOptions { Employees = 250, Months = 12, Seed = 11 }, CancellationToken.None);
        await using var db = database.CreateContext();
        // Big enough to have leavers (4% of the staff leave within the demo's months).
        var index = await ExpertiseIndex.BuildAsync(db, Today, CancellationToken.None);

        var sizes = index.Topics.Values.Select(t => t.Items).OrderDescending().ToList();
        Assert.True(sizes.Count >= 30, $"{sizes.Count} topics");
        Assert.True(sizes[0] >= 10 * sizes[^1], $"largest {sizes[0]}, smallest {sizes[^1]}");
        Assert.True(sizes.Count(s => s * 10 < sizes[0]) >= sizes.Count / 3, "no long tail: " + string.Join(",", sizes));
        var raw = (await db.KnowledgeItems.Where(i => i.Topics != null).Select(i => i.Topics!).ToListAsync())
            .SelectMany(t => t.Split('|')).Distinct(StringComparer.Ordinal).ToList();
        Assert.True(raw.Count > index.Topics.Count, "every topic is spelled one way only");
        Assert.Contains("feature store", index.Topics.Keys);

        var risks = TopicQueries.KnowledgeAtRisk(index);
        var top = Assert.Single(risks, r => r.Topic == "legacy billing");
        Assert.Equal(1, top.BusFactor);
        Assert.True(top.LeaversShare > 0.5, top.Why);
        // Ranked by the share leavers hold: nothing with a smaller share comes before it.
        Assert.All(risks.Where(r => r.Rank < top.Rank), r => Assert.True(r.LeaversShare >= top.LeaversShare));
        Assert.Contains("left", top.Why, StringComparison.Ordinal);
        Assert.All(top.MainContributors, p => Assert.True(p.LeaveDate < Today));
        // Its expert left: nobody still employed is its main contributor, and the leaver is never listed as an expert.
        var experts = await new TopicQueries(db).RankAsync(index, index.Topics["legacy billing"], 100, CancellationToken.None);
        Assert.DoesNotContain(experts, e => top.MainContributors.Any(m => m.Name == e.Name));
    }

    [Fact]
    public async Task Stack_Exchange_fixture_scores_agree_and_spellings_of_a_tag_are_one_topic()
    {
        await using var host = await IngestionHost.CreateAsync();
        await host.ImportAsync(StackExchangeConnector.KindName, Path.Combine(AppContext.BaseDirectory, "Fixtures", "stackexchange", "expertise"), "se");
        var end = new DateOnly(2020, 6, 30);

        await host.QueryAsync(async db =>
        {
            var index = await ExpertiseIndex.BuildAsync(db, end, CancellationToken.None);
            AssertAgrees(index, await IndependentExpertise.ComputeAsync(db, end));
            // "machine-learning", "machine_learnings" and "Machine Learning" are one topic; "nouns" is "noun".
            Assert.Equal(["machine learning", "noun", "phonology"], index.Topics.Keys.Order(StringComparer.Ordinal));
            var ml = index.Topics["machine learning"];
            Assert.Equal(6, ml.Items);
            // Question 30 has no answer; question 20 was answered by its own asker only, so it is still open.
            Assert.Equal(2, ml.OpenQuestions.Count);

            var accounts = await db.SourceAccounts.AsNoTracking().ToDictionaryAsync(a => a.ExternalId, a => a.PersonId);
            var bo = ml.People[accounts["2"]];
            // Bo: answers 11 and 21 (3 points each, weighted) + upvotes and the accepted answer 11 by Ada;
            // accepting his own answer 21 is self-reuse and brings nothing.
            Assert.Equal(1, bo.AcceptedAnswers);
            Assert.Equal(2, bo.Contributions);
            return 0;
        });
    }

    /// <summary>The real dump of a whole Stack Exchange site (../shared/samples), read where it is, never copied.</summary>
    [SampleFact("stackexchange-conlang")]
    public async Task Real_Stack_Exchange_dump_scores_agree_with_an_independent_computation()
    {
        await using var host = await IngestionHost.CreateAsync(batchSize: 1000);
        await host.ImportAsync(StackExchangeConnector.KindName, SampleFactAttribute.PathOf("stackexchange-conlang")!, "conlang");

        await host.QueryAsync(async db =>
        {
            var latest = await db.Activities.MaxAsync(a => a.OccurredAt);
            var end = DateOnly.FromDateTime(latest);
            var index = await ExpertiseIndex.BuildAsync(db, end, CancellationToken.None);
            var expected = await IndependentExpertise.ComputeAsync(db, end);
            Assert.True(index.Topics.Count > 5, $"{index.Topics.Count} topics");
            AssertAgrees(index, expected);
            return 0;
        });
    }

    [Fact]
    public async Task Self_reuse_never_counts_and_bots_opted_out_hidden_departed_and_unlinked_people_are_never_listed()
    {
        await using var database = await TestDatabase.CreateAsync();
        await using var db = database.CreateContext();
        var source = new SourceSystem { Name = "wiki", Kind = "activity-csv", CreatedAt = DateTimeOffset.UnixEpoch };
        var department = new Department { Code = "D", Name = "Dept" };
        db.AddRange(source, department);
        Person Person(string name, Action<Employee>? employee = null, bool bot = false, bool linked = true)
        {
            Employee? e = null;
            if (linked)
            {
                e = new Employee { EmployeeNumber = name, DisplayName = name, Email = name + "@example.com", HireDate = new DateOnly(2020, 1, 1) };
                e.Assignments.Add(new OrgAssignment { Department = department, ValidFrom = new DateOnly(2020, 1, 1) });
                employee?.Invoke(e);
            }

            var p = new Person { DisplayName = name, Employee = e, IsBot = bot };
            p.Accounts.Add(new SourceAccount { SourceSystem = source, ExternalId = name, Username = name, IsBot = bot });
            db.Persons.Add(p);
            return p;
        }

        var self = Person("self");
        var listed = Person("listed");
        var optedOut = Person("optedout", e => e.LeaderboardOptOut = true);
        var hidden = Person("hidden", e => e.HiddenFromExpertise = true);
        var left = Person("left", e => e.LeaveDate = Today.AddDays(-10));
        var bot = Person("bot", bot: true);
        var unlinked = Person("unlinked", linked: false);
        var reader = Person("reader");
        await db.SaveChangesAsync();

        var n = 0;
        void Add(Person actor, ActivityType type, KnowledgeItem item, int daysAgo) => db.Activities.Add(new Activity
        {
            SourceSystemId = source.Id, SourceEventId = $"e{n++}", Type = type, ActorAccountId = actor.Accounts[0].Id, Item = item,
            OccurredAt = Today.AddDays(-daysAgo).ToDateTime(new TimeOnly(12, 0)),
        });
        KnowledgeItem Page(Person author)
        {
            var item = new KnowledgeItem { SourceSystemId = source.Id, ExternalId = $"page-{author.DisplayName}", Kind = "page", Title = author.DisplayName, AuthorAccountId = author.Accounts[0].Id, Topics = "Release-Notes" };
            db.KnowledgeItems.Add(item);
            return item;
        }

        var own = Page(self);
        Add(self, ActivityType.Authored, own, 0);
        Add(self, ActivityType.Upvoted, own, 0);   // self-reuse
        Add(self, ActivityType.Accepted, own, 0);  // self-reuse
        Add(bot, ActivityType.Upvoted, own, 0);    // a bot's reuse
        foreach (var person in new[] { listed, optedOut, hidden, left, bot, unlinked })
        {
            var page = Page(person);
            Add(person, ActivityType.Authored, page, 0);
            Add(reader, ActivityType.Upvoted, page, 0);
        }

        await db.SaveChangesAsync();
        var index = await ExpertiseIndex.BuildAsync(db, Today, CancellationToken.None);
        var topic = index.Find("release notes")!;

        Assert.Equal(3, topic.People[self.Id].Score, 9);           // authored only: 3 × 1
        Assert.Equal(0, topic.People[self.Id].ReusePoints);
        Assert.Equal(4, topic.People[listed.Id].Score, 9);         // authored 3 + one upvote 1
        Assert.DoesNotContain(bot.Id, topic.People.Keys);

        var ranked = await new TopicQueries(db).RankAsync(index, topic, 100, CancellationToken.None);
        Assert.Equal([listed.Id, self.Id], ranked.Select(r => r.PersonId));
        Assert.Equal("listed@example.com", ranked[0].Email);
        Assert.Equal([new ContactAccount("wiki", "listed")], ranked[0].Accounts);
        Assert.Equal("Dept", ranked[0].Department);
    }

    [Fact]
    public async Task Merged_topics_count_together_and_hidden_topics_disappear_and_the_rules_are_audited()
    {
        await using var host = await IngestionHost.CreateAsync();
        await host.ImportAsync(StackExchangeConnector.KindName, Path.Combine(AppContext.BaseDirectory, "Fixtures", "stackexchange", "expertise"), "se");
        var end = new DateOnly(2020, 6, 30);
        await host.QueryAsync(async db =>
        {
            var store = new TopicRuleStore(db, TimeProvider.System);
            Assert.Equal("machine learning", await store.MergeAsync("Phonology", "machine-learning", "hr", CancellationToken.None));
            await Assert.ThrowsAsync<TopicRuleRefusedException>(() => store.MergeAsync("machine learning", "phonology", "hr", CancellationToken.None));
            await Assert.ThrowsAsync<TopicRuleRefusedException>(() => store.MergeAsync("nouns", "noun", "hr", CancellationToken.None));
            await store.SetHiddenAsync("Nouns", true, "hr", CancellationToken.None);

            var index = await ExpertiseIndex.BuildAsync(db, end, CancellationToken.None);
            Assert.Equal(["machine learning"], index.Topics.Keys);
            Assert.Equal(8, index.Topics["machine learning"].Items);
            Assert.Same(index.Topics["machine learning"], index.Find("phonology"));
            Assert.Null(index.Find("nouns"));

            var audit = await db.AuditEntries.AsNoTracking().OrderBy(a => a.Id).Select(a => new { a.Action, a.Subject, a.Actor }).ToListAsync();
            Assert.Equal([("topic.merged", "Topic:phonology"), ("topic.hidden", "Topic:noun")], audit.Select(a => (a.Action, a.Subject)));
            Assert.All(audit, a => Assert.Equal("hr", a.Actor));
            return 0;
        });
    }

    [Fact]
    public void Bus_factor_is_the_fewest_people_holding_half_the_score()
    {
        Assert.Equal(0, Expertise.BusFactor([]));
        Assert.Equal(1, Expertise.BusFactor([10, 1, 1]));
        Assert.Equal(1, Expertise.BusFactor([5, 5]));
        Assert.Equal(2, Expertise.BusFactor([3, 3, 3, 1]));
        Assert.Equal(3, Expertise.BusFactor([1, 1, 1, 1, 1, 1]));
    }
}
