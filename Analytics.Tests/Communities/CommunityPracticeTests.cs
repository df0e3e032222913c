using Analytics.Domain.Communities;
using Analytics.Domain.Knowledge;
using Analytics.Domain.Metrics;
using Analytics.Jobs.Communities;
using Analytics.Jobs.Metrics;
using Analytics.Tests.Metrics.Support;

namespace Analytics.Tests.Communities;

/// <summary>
/// Issue 18 part 1 and ADR 1833: community health leads the scorecard's communities practice, with the members the
/// Communities page counts, and a community matches its topic as the topic pages read it (ADR 1701).
/// </summary>
public sealed class CommunityPracticeTests
{
    private static DateTime At(int month, int day) => new(2026, month, day, 12, 0, 0, DateTimeKind.Utc);

    [Fact]
    public async Task A_community_matches_its_topic_under_the_topic_normaliser_and_HRs_merges()
    {
        await using var w = await MetricsWorld.CreateAsync();
        var dept = await w.DepartmentAsync("A");
        var author = await w.PersonAsync("a1", dept);
        var tags = new[] { "Kubernetes", "kubernetes|ci", "k8s", "kubernetes-operators", "Feature-Stores", "feature_store", "ci", "featurestore" };
        var items = new List<KnowledgeItem>();
        foreach (var tag in tags)
        {
            var item = await w.ItemAsync(author);
            item.Topics = tag;
            items.Add(item);
        }

        // HR merged "k8s" into "kubernetes" on the topic pages.
        w.Db.TopicRules.Add(new TopicRule { TopicKey = "k8s", MergeIntoKey = "kubernetes", ChangedBy = "hr", ChangedAt = MetricsWorld.Now });
        await w.Db.SaveChangesAsync();

        var matched = await new CommunityHealthQuery(w.Db, w.Clock).ItemsOfAsync(
            [new CommunityMember { SourceSystemId = w.Source.Id, Value = "Kubernetes", MatchKey = CommunityMember.KeyOf("Kubernetes") },
             new CommunityMember { SourceSystemId = w.Source.Id, Value = "feature store", MatchKey = CommunityMember.KeyOf("feature store") }],
            CancellationToken.None);

        // Expected by the tags' meaning, not by the code: the three kubernetes spellings (one merged), the two feature-store
        // spellings; never a longer tag that contains the value, another tag, or a word run together.
        string[] expected = ["Kubernetes", "kubernetes|ci", "k8s", "Feature-Stores", "feature_store"];
        Assert.Equal(items.Where(i => expected.Contains(i.Topics)).Select(i => i.Id).Order(), matched.Order());
        Assert.Equal("feature store", CommunityMember.KeyOf("Feature-Stores"));
    }

    [Fact]
    public async Task The_scorecard_communities_indicator_counts_the_members_the_Communities_page_shows_under_the_group_rule()
    {
        await using var w = await MetricsWorld.CreateAsync();
        var company = await w.DepartmentAsync("CO");
        var a = await w.DepartmentAsync("A", company);
        var b = await w.DepartmentAsync("B", company);
        var a1 = await w.PersonAsync("a1", a);
        var a2 = await w.PersonAsync("a2", a);
        var a3 = await w.PersonAsync("a3", a);
        var b1 = await w.PersonAsync("b1", b);
        var b2 = await w.PersonAsync("b2", b);

        var tagged = await w.ItemAsync(a1);
        tagged.Topics = "Kubernetes";
        var other = await w.ItemAsync(b2);
        other.Topics = "pricing";
        w.Db.Communities.Add(new Community
        {
            Name = "Kubernetes", CreatedAt = MetricsWorld.Now, CreatedBy = "hr",
            Members = [new CommunityMember { SourceSystemId = w.Source.Id, Value = "kubernetes", MatchKey = CommunityMember.KeyOf("kubernetes") }],
        });
        await w.Db.SaveChangesAsync();

        await w.ActAsync(ActivityType.Authored, a1, tagged, At(9, 1));   // September: the data begins; a1 in the community
        await w.ActAsync(ActivityType.Edited, a2, tagged, At(10, 2));    // October: a2, b1 on the community's item
        await w.ActAsync(ActivityType.Commented, b1, tagged, At(10, 3));
        await w.ActAsync(ActivityType.Authored, b2, other, At(10, 4));   // b2 contributes outside it
        await w.ActAsync(ActivityType.Edited, a3, other, At(10, 5));     // a3 too
        await w.AggregateAsync();

        var october = ReportingPeriod.Parse("2026-10");
        var shown = await new CommunityHealthQuery(w.Db, w.Clock).RunAsync(october, minimumGroupSize: 2, CancellationToken.None);
        var members = Assert.Single(shown.Communities).Figures!.MemberIds;
        Assert.Equal(new[] { a2.PersonId, b1.PersonId }.Order(), members.Order());

        var card = await new PracticesQuery(w.Db, new BarriersQuery(w.Db, w.Clock), new CommunityHealthQuery(w.Db, w.Clock))
            .RunAsync(october, minimumGroupSize: 2, CancellationToken.None);
        Assert.Equal(PracticeCatalog.CommunityMembersShare, PracticeCatalog.Communities.Headline);
        Assert.Equal(PracticeCatalog.FlowBreadth, PracticeCatalog.Communities.Indicators[1]);
        // The page's members over the company's headcount (5), and per department over its own (A: a2 of 3; B: b1 of 2).
        Assert.Equal(members.Count / 5.0, card.Current["community-members-share"]);
        Assert.Equal(1 / 3.0, card.Departments.Single(d => d.Code == "A").Values["community-members-share"]);
        Assert.Equal(1 / 2.0, card.Departments.Single(d => d.Code == "B").Values["community-members-share"]);
        // September had one member, under the minimum of 2: the page shows nothing for it, nor does the scorecard.
        Assert.Null(card.Previous!["community-members-share"]);
        Assert.Null(card.Trend.Single(m => m.Month == new DateOnly(2026, 9, 1)).Values["community-members-share"]);
        Assert.Equal(members.Count / 5.0, card.Trend[^1].Values["community-members-share"]);

        // Above the community's size the page shows no figures, and the indicator reads n/a, never 0.
        var strict = await new PracticesQuery(w.Db, new BarriersQuery(w.Db, w.Clock), new CommunityHealthQuery(w.Db, w.Clock))
            .RunAsync(october, minimumGroupSize: 3, CancellationToken.None);
        Assert.Null(Assert.Single((await new CommunityHealthQuery(w.Db, w.Clock).RunAsync(october, 3, CancellationToken.None)).Communities).Figures);
        Assert.Null(strict.Current["community-members-share"]);
    }
}
