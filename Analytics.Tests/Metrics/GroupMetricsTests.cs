using Analytics.Domain.Knowledge;
using Analytics.Domain.Metrics;
using Analytics.Jobs.Metrics;
using Analytics.Tests.Metrics.Support;

namespace Analytics.Tests.Metrics;

public sealed class GroupMetricsTests
{
    private static DateTime At(int month, int day, int hour = 12) => new(2026, month, day, hour, 0, 0, DateTimeKind.Utc);

    [Fact]
    public async Task Department_figures_roll_up_subtrees_and_count_leavers_for_the_days_they_were_employed()
    {
        await using var w = await MetricsWorld.CreateAsync();
        var eng = await w.DepartmentAsync("ENG");
        var engA = await w.DepartmentAsync("ENG-A", eng);
        var sal = await w.DepartmentAsync("SAL");
        var ann = await w.PersonAsync("ann", engA);
        var ben = await w.PersonAsync("ben", eng);
        var leaver = await w.PersonAsync("leaver", engA, left: new DateOnly(2026, 10, 10));
        var cat = await w.PersonAsync("cat", sal);
        var bot = await w.PersonAsync("bot", null, bot: true);
        await w.PersonAsync("newcomer", sal, hired: new DateOnly(2026, 11, 1)); // not in October's headcount
        var page = await w.ItemAsync(ann);
        await w.ActAsync(ActivityType.Authored, ann, page, At(10, 1));
        await w.ActAsync(ActivityType.Edited, leaver, page, At(10, 5));
        await w.ActAsync(ActivityType.Upvoted, cat, page, At(10, 6));   // cross-team reuse of ann's page
        await w.ActAsync(ActivityType.Upvoted, ben, page, At(10, 7));   // same subtree, different department: cross-team
        await w.ActAsync(ActivityType.Authored, bot, await w.ItemAsync(bot), At(10, 8));
        await w.ActAsync(ActivityType.Completed, cat, null, At(10, 9));
        await w.ActAsync(ActivityType.Mentored, ben, null, At(10, 9), quantity: 1.5);
        await w.AggregateAsync();

        var (company, departments) = await new MetricsQuery(w.Db).ByDepartmentAsync(ReportingPeriod.Parse("2026-10"), CancellationToken.None);

        // Company: headcount ann, ben, leaver, cat = 4; contributors ann, leaver, ben (mentoring) = 3; the bot is left out.
        Assert.Equal((4, 3, 3, 2.0, 2.0, 1, 1.5), (company.Headcount, company.ActiveContributors, company.Contributions,
            company.ReuseReceived, company.CrossTeamReuseReceived, company.Completions, company.MentoringHours));
        Assert.Equal(0.75, company.ActiveContributorRate);
        var engRow = departments.Single(d => d.Code == "ENG");
        Assert.Equal((3, 3, 3, 2.0, 2.0), (engRow.Headcount, engRow.ActiveContributors, engRow.Contributions, engRow.ReuseReceived, engRow.CrossTeamReuseReceived));
        var engARow = departments.Single(d => d.Code == "ENG-A");
        Assert.Equal((2, 2, 2), (engARow.Headcount, engARow.ActiveContributors, engARow.Contributions));
        Assert.Equal(1.0, engARow.ReuseRatio);
        var salRow = departments.Single(d => d.Code == "SAL");
        Assert.Equal((1, 0, 0, 1), (salRow.Headcount, salRow.ActiveContributors, salRow.Contributions, salRow.Completions));
        Assert.Equal(0, salRow.ActiveContributorRate);

        var people = await new MetricsQuery(w.Db).ByPersonAsync(ReportingPeriod.Parse("2026-10"), includeAll: false, CancellationToken.None);
        Assert.DoesNotContain(people, p => p.Name == "bot");
        var annRow = people.Single(p => p.Name == "ann");
        Assert.Equal((1, 2.0, 2.0, "ENG-A"), (annRow.Contributions, annRow.ReuseReceived, annRow.CrossTeamReuseReceived, annRow.Department));
        var everyone = await new MetricsQuery(w.Db).ByPersonAsync(ReportingPeriod.Parse("2026-10"), includeAll: true, CancellationToken.None);
        Assert.Contains(everyone, p => p.Name == "bot" && !p.CountsInGroups);
        // The profile's query reads one person's rows only, and must give that person's line exactly.
        foreach (var line in everyone)
            Assert.Equal(line, await new MetricsQuery(w.Db).ForPersonAsync(ReportingPeriod.Parse("2026-10"), line.PersonId, CancellationToken.None));
        Assert.Null(await new MetricsQuery(w.Db).ForPersonAsync(ReportingPeriod.Parse("2026-10"), personId: 999_999, CancellationToken.None));
    }

    [Fact]
    public async Task Barriers_find_answer_times_silos_and_stale_content()
    {
        await using var w = await MetricsWorld.CreateAsync();
        var a = await w.DepartmentAsync("A");
        var b = await w.DepartmentAsync("B");
        var asker = await w.PersonAsync("asker", a);
        var helper = await w.PersonAsync("helper", a);
        var reader = await w.PersonAsync("reader", b);
        var q1 = await w.ItemAsync(asker, kind: "question");
        var q2 = await w.ItemAsync(asker, kind: "question");
        await w.ActAsync(ActivityType.Asked, asker, q1, At(10, 1, 8));
        await w.ActAsync(ActivityType.Asked, asker, q2, At(10, 2, 8));
        await w.ActAsync(ActivityType.Answered, asker, await w.ItemAsync(asker, "answer", q1), At(10, 1, 9)); // own answer: ignored
        await w.ActAsync(ActivityType.Answered, helper, await w.ItemAsync(helper, "answer", q1), At(10, 1, 12));
        // q2 gets no answer from anyone else: unanswered (its window ended long before "now", Nov 15).
        var old = await w.ItemAsync(helper, created: new DateTimeOffset(2024, 1, 1, 0, 0, 0, TimeSpan.Zero),
            lastEdited: new DateTimeOffset(2025, 6, 1, 0, 0, 0, TimeSpan.Zero), title: "old runbook");
        await w.ActAsync(ActivityType.Viewed, asker, old, At(10, 3));
        await w.ActAsync(ActivityType.Viewed, helper, old, At(10, 3)); // self-reuse does not make it "reused"
        var fresh = await w.ItemAsync(helper, lastEdited: new DateTimeOffset(2026, 9, 1, 0, 0, 0, TimeSpan.Zero));
        await w.ActAsync(ActivityType.Viewed, asker, fresh, At(10, 3));
        await w.ActAsync(ActivityType.Viewed, reader, await w.ItemAsync(reader), At(10, 4)); // reused in B by... nobody else: self
        await w.AggregateAsync();

        var barriers = await new BarriersQuery(w.Db, w.Clock).RunAsync(ReportingPeriod.Parse("2026-10"), CancellationToken.None);

        Assert.Equal((2, 1, 0.5), (barriers.Answers.Questions, barriers.Answers.Answered, barriers.Answers.Rate!.Value));
        Assert.Equal(TimeSpan.FromHours(4), barriers.Answers.MedianTimeToFirstAnswer);
        var stale = Assert.Single(barriers.MostReusedStale);
        Assert.Equal(("old runbook", 1), (stale.Title, stale.ReuseRecords));
        // Department A reuses only its own knowledge: a silo. B has no reuse at all and is not listed.
        var silo = Assert.Single(barriers.Departments);
        Assert.Equal(("A", true), (silo.Code, silo.IsSilo));
        // Contributions: asker 2 asked + 1 answered, helper 1 answered: top 10% = asker = 3/4.
        Assert.Equal(0.75, barriers.Concentration.TopShare);
    }
}
