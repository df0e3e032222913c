using Analytics.Domain.Knowledge;
using Analytics.Jobs.Connectors;
using Analytics.Tests.Ingestion;
using Microsoft.EntityFrameworkCore;

namespace Analytics.Tests.Connectors.StackExchange;

/// <summary>The counting rule of `analytics top-people` (docs/connectors.md), on imported fixture dumps.</summary>
public sealed class TopPeopleTests
{
    private static Task<IReadOnlyList<RankedPerson>> TopAsync(IngestionHost host, ActivityType type, int top = 10) =>
        host.QueryAsync(async db =>
        {
            var sourceId = await db.SourceSystems.Where(s => s.Name == "se").Select(s => s.Id).SingleAsync();
            return await new TopPeopleQuery(db).RunAsync(sourceId, type, top, CancellationToken.None);
        });

    private static List<(int Rank, string Name, double Value)> Rows(IReadOnlyList<RankedPerson> people) =>
        people.Select(p => (p.Rank, p.DisplayName, p.Value)).ToList();

    [Fact]
    public async Task Contributions_count_the_actors_activities_and_bots_are_never_ranked()
    {
        await using var host = await IngestionHost.CreateAsync();
        await host.ImportAsync("core");

        // The Community bot authored the tag-wiki excerpt: it does not appear.
        Assert.Equal([(1, "Bo Answerer", 1d)], Rows(await TopAsync(host, ActivityType.Authored)));
        // Ties share a rank; the deleted user's answer is credited to nobody.
        Assert.Equal([(1, "Ada Asker", 1d), (1, "Cy Commenter", 1d)], Rows(await TopAsync(host, ActivityType.Asked)));
        Assert.Equal([(1, "Bo Answerer", 1d)], Rows(await TopAsync(host, ActivityType.Answered)));
    }

    [Fact]
    public async Task Reuse_counts_what_the_author_received_without_self_reuse()
    {
        await using var host = await IngestionHost.CreateAsync();
        await host.ImportAsync("votes");

        Assert.Equal([(1, "Bo Answerer", 2d), (2, "Ada Asker", 1d)], Rows(await TopAsync(host, ActivityType.Upvoted)));
        // Ada accepted her own answer (31): not counted.
        Assert.Equal([(1, "Bo Answerer", 1d), (1, "Cy Commenter", 1d)], Rows(await TopAsync(host, ActivityType.Accepted)));
    }

    [Fact]
    public async Task Links_to_ones_own_post_are_self_reuse()
    {
        await using var host = await IngestionHost.CreateAsync();
        await host.ImportAsync("links");

        // Ada's question 10 is linked from Cy's 30, from her own 40 and from the deleted 99: two links count.
        Assert.Equal([(1, "Ada Asker", 2d)], Rows(await TopAsync(host, ActivityType.Linked)));
        Assert.Equal([(1, "Ada Asker", 1d)], Rows(await TopAsync(host, ActivityType.Duplicate)));
    }

    [Fact]
    public async Task Views_sum_the_quantities_across_dumps_and_people_come_with_their_accounts()
    {
        await using var host = await IngestionHost.CreateAsync();
        await host.ImportAsync("views-1");
        await host.ImportAsync("views-2");

        var top = await TopAsync(host, ActivityType.Viewed, top: 1);
        var first = Assert.Single(top);
        Assert.Equal((1, "Ada Asker", 150d), (first.Rank, first.DisplayName, first.Value));
        Assert.Equal([new RankedAccount("1", "Ada Asker")], first.Accounts);
        Assert.Equal([(1, "Ada Asker", 150d), (2, "Bo Answerer", 7d), (3, "Cy Commenter", 3d)], Rows(await TopAsync(host, ActivityType.Viewed)));
    }
}
