using Analytics.Domain.Communities;
using Analytics.Domain.Knowledge;
using Analytics.Jobs.Communities;
using Analytics.Tests.Metrics.Support;

namespace Analytics.Tests.Communities;

public sealed class CommunitySuggestionsTests
{
    private static readonly DateTime Day = new(2026, 10, 5, 12, 0, 0, DateTimeKind.Utc);

    [Fact]
    public async Task Values_whose_contributors_span_three_departments_of_the_minimum_size_are_suggested_ranked_and_not_twice()
    {
        await using var w = await MetricsWorld.CreateAsync();
        var departments = new[] { await w.DepartmentAsync("A"), await w.DepartmentAsync("B"), await w.DepartmentAsync("C"), await w.DepartmentAsync("D") };
        var asker = await w.PersonAsync("asker", departments[0]);
        // "ci": 3 contributors in each of A, B, C (answers carry no tag: they count through their question).
        // "Kubernetes" / "kubernetes": 3 in each of A, B, C, D, two spellings of one value.
        // "pricing": 3 in A and B, 2 in C: only two departments reach the minimum.
        var question = await w.ItemAsync(asker, kind: "question");
        question.Topics = "ci";
        var k1 = await w.ItemAsync(asker);
        k1.Topics = "Kubernetes|docs";
        var k2 = await w.ItemAsync(asker);
        k2.Topics = "kubernetes";
        var pricing = await w.ItemAsync(asker);
        pricing.Topics = "pricing";
        await w.Db.SaveChangesAsync();
        var n = 0;
        foreach (var department in departments)
        {
            for (var i = 0; i < 3; i++)
            {
                var person = await w.PersonAsync($"p{++n}", department);
                if (department.Code != "D")
                    await w.ActAsync(ActivityType.Answered, person, await w.ItemAsync(person, "answer", question), Day);
                await w.ActAsync(ActivityType.Edited, person, i % 2 == 0 ? k1 : k2, Day);
                if (department.Code is "A" or "B" || (department.Code == "C" && i < 2))
                    await w.ActAsync(ActivityType.Commented, person, pricing, Day);
            }
        }

        var bot = await w.PersonAsync("bot", departments[2], bot: true);
        await w.ActAsync(ActivityType.Commented, bot, pricing, Day); // a bot never makes a department reach the minimum

        var suggestions = new CommunitySuggestions(w.Db, w.Clock);
        var found = await suggestions.RunAsync(minimumGroupSize: 3, CancellationToken.None);
        Assert.Equal(2, found.Count);
        // One suggestion for both spellings, shown as the first spelling met.
        Assert.Equal(("kubernetes", 4, 12), (found[0].Value.ToLowerInvariant(), found[0].Departments, found[0].Contributors));
        Assert.Equal(("ci", 3, 9), (found[1].Value, found[1].Departments, found[1].Contributors));
        Assert.All(found, s => Assert.Equal(("wiki", w.Source.Id), (s.Source, s.SourceSystemId)));

        // A value already in a community is not suggested again, whatever its case.
        w.Db.Communities.Add(new Community
        {
            Name = "Kube", CreatedAt = MetricsWorld.Now,
            Members = [new CommunityMember { SourceSystemId = w.Source.Id, Value = "KUBERNETES", MatchKey = CommunityMember.KeyOf("KUBERNETES") }],
        });
        await w.Db.SaveChangesAsync();
        Assert.Equal(["ci"], (await suggestions.RunAsync(3, CancellationToken.None)).Select(s => s.Value));
        Assert.Empty(await suggestions.RunAsync(4, CancellationToken.None));
    }
}
