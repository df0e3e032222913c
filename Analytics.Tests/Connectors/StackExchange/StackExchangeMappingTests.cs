using Analytics.Domain.Knowledge;
using Analytics.Tests.Ingestion;
using Microsoft.EntityFrameworkCore;

namespace Analytics.Tests.Connectors.StackExchange;

/// <summary>One test per mapping rule of docs/connectors.md, each on its own small dump.</summary>
public sealed class StackExchangeMappingTests
{
    [Fact]
    public async Task Questions_answers_and_tag_wikis_are_asked_answered_and_authored_by_their_owners()
    {
        await using var host = await IngestionHost.CreateAsync();
        await host.ImportAsync("core");

        var activities = await host.ActivitiesAsync();
        Assert.Equal(
            ["post:10:asked", "post:11:answered", "post:12:answered", "post:13:authored", "post:14:authored", "post:16:asked"],
            activities.Where(a => a.EventId.StartsWith("post:", StringComparison.Ordinal)).Select(a => a.EventId));
        Assert.Equal((ActivityType.Asked, "1", "10", "1"), Tuple(await host.ActivityAsync("post:10:asked")));
        Assert.Equal((ActivityType.Answered, "2", "11", "2"), Tuple(await host.ActivityAsync("post:11:answered")));
        Assert.Equal((ActivityType.Authored, "2", "14", "2"), Tuple(await host.ActivityAsync("post:14:authored")));
        // PostTypeId 6 (a moderator nomination) is not knowledge: no activity, no item.
        Assert.DoesNotContain(activities, a => a.Item == "15");

        await host.QueryAsync(async db =>
        {
            var items = await db.KnowledgeItems.AsNoTracking().Include(i => i.Parent).ToDictionaryAsync(i => i.ExternalId);
            Assert.Equal(("question", "How do I decline a noun?", "grammar|nouns"), (items["10"].Kind, items["10"].Title, items["10"].Topics));
            Assert.Equal(("answer", "10"), (items["11"].Kind, items["11"].Parent!.ExternalId));
            Assert.Equal("tag-wiki-excerpt", items["13"].Kind);
            Assert.Equal("tag-wiki", items["14"].Kind);
            // Newer dumps write tags as |a|b|.
            Assert.Equal("phonology|ipa", items["16"].Topics);
            Assert.False(items.ContainsKey("15"));
            return 0;
        });
    }

    [Fact]
    public async Task An_answer_that_comes_before_its_question_still_gets_its_question_as_parent()
    {
        // Merged questions keep their answers' older ids: answer 5 precedes question 500 in Posts.xml, more than a
        // batch (100 records) before it.
        await using var host = await IngestionHost.CreateAsync(batchSize: 100);
        await host.ImportAsync("merged");

        Assert.Equal((ActivityType.Answered, "2", "5", "2"), Tuple(await host.ActivityAsync("post:5:answered")));
        await host.QueryAsync(async db =>
        {
            var parents = await db.KnowledgeItems.AsNoTracking().Where(i => i.Kind == "answer")
                .Select(i => new { i.ExternalId, Parent = i.Parent!.ExternalId }).OrderBy(i => i.ExternalId).ToListAsync();
            Assert.Equal([("5", "500"), ("501", "500")], parents.Select(p => (p.ExternalId, p.Parent)));
            return 0;
        });
    }

    [Fact]
    public async Task Posts_of_deleted_users_are_imported_with_no_author_and_no_account_is_invented()
    {
        await using var host = await IngestionHost.CreateAsync();
        await host.ImportAsync("core");

        var answer = await host.ActivityAsync("post:12:answered");
        Assert.Null(answer.Actor);
        Assert.Null(answer.Author);
        await host.QueryAsync(async db =>
        {
            Assert.Equal(["-1", "1", "2", "3"], await db.SourceAccounts.Select(a => a.ExternalId).OrderBy(x => x).ToListAsync());
            Assert.DoesNotContain(await db.SourceAccounts.Select(a => a.DisplayName).ToListAsync(), n => n == "user99");
            return 0;
        });
    }

    [Fact]
    public async Task User_minus_one_is_the_Community_bot()
    {
        await using var host = await IngestionHost.CreateAsync();
        await host.ImportAsync("core");

        await host.QueryAsync(async db =>
        {
            var accounts = await db.SourceAccounts.AsNoTracking().Include(a => a.Person).ToDictionaryAsync(a => a.ExternalId);
            Assert.True(accounts["-1"].IsBot);
            Assert.True(accounts["-1"].Person!.IsBot);
            Assert.Equal("Community", accounts["-1"].DisplayName);
            Assert.False(accounts["1"].IsBot);
            Assert.Equal("Ada Asker", accounts["1"].DisplayName);
            return 0;
        });
    }

    [Fact]
    public async Task Files_starting_with_a_bom_are_read_and_dates_without_offset_are_utc()
    {
        var bytes = await File.ReadAllBytesAsync(Path.Combine(StackExchangeFixture.Dump("core"), "Posts.xml"));
        Assert.Equal(new byte[] { 0xEF, 0xBB, 0xBF }, bytes[..3]);
        await using var host = await IngestionHost.CreateAsync();
        await host.ImportAsync("core");

        // 23:30 UTC stays on the 1st whatever the machine's zone.
        Assert.Equal(new DateTime(2020, 2, 1, 23, 30, 15, 250), (await host.ActivityAsync("post:10:asked")).OccurredAt);
        await host.QueryAsync(async db =>
        {
            Assert.Contains(new DateOnly(2020, 2, 1), await db.DirtyDays.Select(d => d.Day).ToListAsync());
            return 0;
        });
    }

    [Fact]
    public async Task Edits_are_one_per_revision_and_user_and_only_title_body_and_tag_edits()
    {
        await using var host = await IngestionHost.CreateAsync();
        await host.ImportAsync("edits");

        var edits = (await host.ActivitiesAsync()).Where(a => a.Type == ActivityType.Edited).ToList();
        // Creation rows (1-3), the rollback (8), the close (10) and the edit of a moderator nomination are not edits;
        // revision 2222... has three rows (title, body, tags) and is one edit.
        Assert.Equal(
            [
                ("rev:22222222-0000-0000-0000-000000000002:2", (string?)"2", "10", new DateTime(2020, 2, 10, 10, 0, 0)),
                ("rev:33333333-0000-0000-0000-000000000003:-1", "-1", "11", new DateTime(2020, 2, 11)),
                ("rev:66666666-0000-0000-0000-000000000006:none", null, "11", new DateTime(2020, 2, 14)),
            ],
            edits.Select(e => (e.EventId, e.Actor, e.Item!, e.OccurredAt)));
    }

    [Fact]
    public async Task Comments_are_commented_by_their_user_on_the_post_and_deleted_users_comments_have_no_actor()
    {
        await using var host = await IngestionHost.CreateAsync();
        await host.ImportAsync("comments");

        var comments = (await host.ActivitiesAsync()).Where(a => a.Type == ActivityType.Commented).ToList();
        Assert.Equal(
            [
                ("comment:100", (string?)"3", "10", new DateTime(2020, 2, 3, 4, 5, 6, 789)),
                ("comment:101", "1", "11", new DateTime(2020, 2, 4)),
                ("comment:102", null, "11", new DateTime(2020, 2, 5)),
            ],
            comments.Select(c => (c.EventId, c.Actor, c.Item!, c.OccurredAt)));
    }

    [Fact]
    public async Task Upvotes_carry_no_voter_and_are_credited_to_the_post_owner_one_per_vote()
    {
        await using var host = await IngestionHost.CreateAsync();
        await host.ImportAsync("votes");

        var upvotes = (await host.ActivitiesAsync()).Where(a => a.Type == ActivityType.Upvoted).ToList();
        Assert.Equal(
            [("vote:1", "11", (string?)"2"), ("vote:2", "11", "2"), ("vote:3", "10", "1")],
            upvotes.Select(v => (v.EventId, v.Item!, v.Author)));
        Assert.All(upvotes, v => Assert.Null(v.Actor));
        Assert.Equal(new DateTime(2020, 2, 10), upvotes[0].OccurredAt);
        // Down-votes (3) and favourites (5) are not reuse.
        Assert.DoesNotContain(await host.ActivitiesAsync(), a => a.EventId is "vote:4" or "vote:7");
        Assert.Contains("Votes.xml row Id=6: post 999 is not in Posts.xml (deleted, or outside the dump): nobody to credit", await host.RejectionsAsync());
    }

    [Fact]
    public async Task Accepted_answers_are_credited_to_the_answer_owner_by_the_asker_dated_by_the_accept_vote_or_last_activity()
    {
        await using var host = await IngestionHost.CreateAsync();
        await host.ImportAsync("votes");

        var withVote = await host.ActivityAsync("accepted:11");
        Assert.Equal((ActivityType.Accepted, (string?)"1", "11", (string?)"2", new DateTime(2020, 2, 20)),
            (withVote.Type, withVote.Actor, withVote.Item!, withVote.Author, withVote.OccurredAt));
        // No VoteTypeId 1 on answer 21: the question's LastActivityDate.
        var withoutVote = await host.ActivityAsync("accepted:21");
        Assert.Equal(((string?)"2", (string?)"3", new DateTime(2020, 4, 1, 5, 6, 7, 890)), (withoutVote.Actor, withoutVote.Author, withoutVote.OccurredAt));
        Assert.Equal(3, (await host.ActivitiesAsync()).Count(a => a.Type == ActivityType.Accepted));
    }

    [Fact]
    public async Task Duplicate_and_linked_posts_are_credited_to_the_related_post_by_the_linking_post_owner()
    {
        await using var host = await IngestionHost.CreateAsync();
        await host.ImportAsync("links");

        var links = (await host.ActivitiesAsync()).Where(a => a.EventId.StartsWith("postlink:", StringComparison.Ordinal)).ToList();
        Assert.Equal(
            [
                ("postlink:1", ActivityType.Duplicate, (string?)"2", "10", (string?)"1"),
                ("postlink:2", ActivityType.Linked, "3", "10", "1"),
                ("postlink:3", ActivityType.Linked, "1", "10", "1"),
                // Post 99 was deleted (not in Posts.xml): the link still credits post 10's author, made by nobody known.
                ("postlink:5", ActivityType.Linked, null, "10", "1"),
            ],
            links.Select(l => (l.EventId, l.Type, l.Actor, l.Item!, l.Author)));
        Assert.DoesNotContain(await host.RejectionsAsync(), r => r.Contains("PostLinks.xml", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Views_are_the_difference_to_the_views_already_imported_dated_at_the_dump_as_of_time()
    {
        await using var host = await IngestionHost.CreateAsync();
        await host.ImportAsync("views-1");
        var first = (await host.ActivitiesAsync()).Where(a => a.Type == ActivityType.Viewed).ToList();
        // As of the latest date in the dump: the comment of 2020-03-05 06:00, later than any post date.
        Assert.Equal(
            [("views:10:100", 100d, new DateTime(2020, 3, 5, 6, 0, 0)), ("views:20:7", 7d, new DateTime(2020, 3, 5, 6, 0, 0))],
            first.Select(v => (v.EventId, v.Quantity, v.OccurredAt)));
        Assert.All(first, v => Assert.Null(v.Actor));

        var second = await host.ImportAsync("views-2");
        var views = (await host.ActivitiesAsync()).Where(a => a.Type == ActivityType.Viewed).ToList();
        // Question 20 did not change: nothing new for it. Question 10 gained 50, question 30 is new.
        Assert.Equal(
            [("views:10:100", 100d), ("views:10:150", 50d), ("views:20:7", 7d), ("views:30:3", 3d)],
            views.Select(v => (v.EventId, v.Quantity)));
        Assert.Equal(new DateTime(2020, 4, 2, 12, 0, 0), views.Single(v => v.EventId == "views:10:150").OccurredAt);
        Assert.Equal(150d, views.Where(v => v.Item == "10").Sum(v => v.Quantity));
        // The newer dump adds only what is new: 2 views, the new question and its comment.
        Assert.Equal(4, second.Inserted);

        // The older dump again adds nothing (its totals are below what is stored).
        var older = await host.ImportAsync("views-1", fromStart: true);
        Assert.Equal(0, older.Inserted);
    }

    private static (ActivityType Type, string Actor, string Item, string Author) Tuple(ActivityView a) =>
        (a.Type, a.Actor ?? "(none)", a.Item ?? "(none)", a.Author ?? "(none)");
}
