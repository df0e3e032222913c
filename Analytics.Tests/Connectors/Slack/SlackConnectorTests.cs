using System.IO.Compression;
using Analytics.Domain.Knowledge;
using Analytics.Jobs.Connectors.MediaWiki;
using Analytics.Jobs.Connectors.Slack;
using Analytics.Jobs.Ingestion.HrDirectory;
using Analytics.Tests.Ingestion;
using Microsoft.EntityFrameworkCore;

namespace Analytics.Tests.Connectors.Slack;

public sealed class SlackConnectorTests : IDisposable
{
    private const string Thread = "1790845200.000200";
    private static readonly string Export = ConnectorFixtures.Path("slack", "export");
    private readonly string _temp = Path.Combine(Path.GetTempPath(), "analytics-tests", $"slack-{Guid.NewGuid():N}");

    public SlackConnectorTests() => Directory.CreateDirectory(_temp);

    public void Dispose() => Directory.Delete(_temp, recursive: true);

    private static async Task<IngestionHost> ImportAsync(string path, IDictionary<string, string?>? settings = null)
    {
        var host = await IngestionHost.CreateAsync(settings: settings);
        await host.ImportAsync(SlackConnector.KindName, path, source: "chat");
        return host;
    }

    private static readonly string[] ExpectedEvents =
    [
        "msg:C01GENERAL:1790845200.000200", "msg:C01GENERAL:1790845800.000300", "msg:C01GENERAL:1790846400.000400",
        "msg:C01GENERAL:1790931600.000000", "msg:C01GENERAL:1790931700.000100",
        "msg:C02HELP:1790932000.000100", "msg:C02HELP:1790932300.000200",
        "reaction:C01GENERAL:1790845200.000200:+1:U02BOB", "reaction:C01GENERAL:1790845200.000200:+1:U03CAROL",
        "reaction:C01GENERAL:1790845200.000200:tada:U02BOB", "reaction:C02HELP:1790932000.000100:eyes:U01ALICE",
    ];

    [Fact]
    public async Task Messages_are_posted_by_their_author_in_utc_with_the_channel_as_topic()
    {
        await using var host = await ImportAsync(Export);

        var message = await ConnectorFixtures.ActivityAsync(host, $"msg:C01GENERAL:{Thread}");
        Assert.Equal((ActivityType.Posted, "U01ALICE", $"C01GENERAL:{Thread}", new DateTime(2026, 10, 1, 9, 0, 0).AddTicks(2000)),
            (message.Type, message.Actor, message.Item, message.OccurredAt));
        var item = await host.QueryAsync(db => db.KnowledgeItems.Include(i => i.AuthorAccount).SingleAsync(i => i.ExternalId == $"C01GENERAL:{Thread}"));
        Assert.Equal(("message", "general", "U01ALICE"), (item.Kind, item.Topics, item.AuthorAccount!.ExternalId));
        Assert.StartsWith("Release notes are in", item.Title, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_reply_in_someone_elses_thread_is_answered_and_in_ones_own_thread_posted()
    {
        await using var host = await ImportAsync(Export);

        Assert.Equal(ActivityType.Answered, (await ConnectorFixtures.ActivityAsync(host, "msg:C01GENERAL:1790845800.000300")).Type);
        Assert.Equal(ActivityType.Posted, (await ConnectorFixtures.ActivityAsync(host, "msg:C01GENERAL:1790846400.000400")).Type);
        Assert.Equal(ActivityType.Answered, (await ConnectorFixtures.ActivityAsync(host, "msg:C02HELP:1790932300.000200")).Type);
        var reply = await host.QueryAsync(db => db.KnowledgeItems.Include(i => i.Parent).SingleAsync(i => i.ExternalId == "C01GENERAL:1790845800.000300"));
        Assert.Equal($"C01GENERAL:{Thread}", reply.Parent!.ExternalId);
    }

    [Fact]
    public async Task A_reply_without_parent_user_id_finds_its_thread_starter_in_an_earlier_day_file()
    {
        await using var host = await ImportAsync(Export);

        var late = await ConnectorFixtures.ActivityAsync(host, "msg:C01GENERAL:1790931700.000100");
        Assert.Equal((ActivityType.Answered, "U02BOB"), (late.Type, late.Actor));
    }

    [Fact]
    public async Task Reactions_are_reuse_by_each_reacting_user_and_name_credited_to_the_message_author_never_self_reactions()
    {
        await using var host = await ImportAsync(Export);

        var reactions = (await ConnectorFixtures.ActivitiesAsync(host)).Where(a => a.Type == ActivityType.Reacted).ToList();
        Assert.Equal(
            [
                ("reaction:C01GENERAL:1790845200.000200:+1:U02BOB", "U02BOB"), ("reaction:C01GENERAL:1790845200.000200:+1:U03CAROL", "U03CAROL"),
                ("reaction:C01GENERAL:1790845200.000200:tada:U02BOB", "U02BOB"), ("reaction:C02HELP:1790932000.000100:eyes:U01ALICE", "U01ALICE"),
            ],
            reactions.Select(r => (r.EventId, r.Actor!)));
        Assert.All(reactions.Take(3), r => Assert.Equal($"C01GENERAL:{Thread}", r.Item));
    }

    [Fact]
    public async Task Joins_purpose_changes_and_bot_messages_are_not_contributions()
    {
        await using var host = await ImportAsync(Export);

        var events = (await ConnectorFixtures.ActivitiesAsync(host)).Select(a => a.EventId).ToList();
        Assert.Equal(ExpectedEvents.Order(StringComparer.Ordinal), events.Order(StringComparer.Ordinal));
        Assert.DoesNotContain(events, e => e.Contains("1790845100.000100", StringComparison.Ordinal)); // join
        Assert.DoesNotContain(events, e => e.Contains("1790847000.000500", StringComparison.Ordinal)); // bot_message
        Assert.DoesNotContain(events, e => e.Contains("1790847600.000600", StringComparison.Ordinal)); // channel_purpose
        Assert.DoesNotContain(events, e => e.Contains("1790931800.000200", StringComparison.Ordinal)); // bot_id on a user message
    }

    [Fact]
    public async Task Users_json_gives_names_and_emails_that_link_accounts_to_employees_and_flags_bots()
    {
        await using var host = await IngestionHost.CreateAsync();
        await host.ImportAsync(HrDirectoryImporter.KindName, IngestionHost.Fixture("hr-directory-v1.csv"), source: "hr");
        await host.ImportAsync(SlackConnector.KindName, Export, source: "chat");

        var accounts = await host.QueryAsync(db => db.SourceAccounts.Include(a => a.Person).OrderBy(a => a.ExternalId).ToListAsync());
        var alice = accounts.Single(a => a.ExternalId == "U01ALICE");
        Assert.Equal(("Alice Smith", "alice.smith@example.com", "alice"), (alice.DisplayName, alice.Email, alice.Username));
        Assert.NotNull(alice.Person!.EmployeeId);
        Assert.NotNull(accounts.Single(a => a.ExternalId == "U02BOB").Person!.EmployeeId);
        Assert.Equal(["U04DEPLOY", "USLACKBOT"], accounts.Where(a => a.IsBot).Select(a => a.ExternalId));
        Assert.Equal("Carol White", accounts.Single(a => a.ExternalId == "U03CAROL").DisplayName);
    }

    [Fact]
    public async Task Links_to_known_items_of_any_source_are_linked_reuse_credited_to_the_items_author()
    {
        await using var host = await IngestionHost.CreateAsync();
        await host.ImportAsync(MediaWikiConnector.KindName, ConnectorFixtures.Path("mediawiki", "export-0.11.xml"), source: "wiki");
        var result = await host.ImportAsync(SlackConnector.KindName, Export, source: "chat");

        var links = await host.QueryAsync(db => db.Activities.Where(a => a.Type == ActivityType.Linked)
            .OrderBy(a => a.SourceEventId)
            .Select(a => new { a.SourceEventId, Actor = a.ActorAccount!.ExternalId, a.Item!.ExternalId, a.Item.SourceSystem!.Name, Author = a.Item.AuthorAccount == null ? null : a.Item.AuthorAccount.ExternalId })
            .ToListAsync());
        var guide = await host.QueryAsync(db => db.KnowledgeItems.SingleAsync(i => i.ExternalId == "101"));
        var vpn = await host.QueryAsync(db => db.KnowledgeItems.SingleAsync(i => i.ExternalId == "103"));
        Assert.Equal(2, links.Count);
        Assert.Equal(($"link:C01GENERAL:{Thread}:{guide.Id}", "U01ALICE", "101", "wiki", "21"), (links[0].SourceEventId, links[0].Actor, links[0].ExternalId, links[0].Name, links[0].Author));
        // Upper-case host, escaped parentheses and a trailing slash are the same page; linking it twice counts once.
        Assert.Equal(($"link:C02HELP:1790932300.000200:{vpn.Id}", "103"), (links[1].SourceEventId, links[1].ExternalId));
        Assert.Equal(13, result.Inserted);
    }

    [Fact]
    public async Task Bad_messages_and_broken_day_files_are_rejected_with_their_location_and_the_rest_is_kept()
    {
        await using var host = await ImportAsync(Export);

        var rejections = await host.QueryAsync(db => db.Rejections.OrderBy(r => r.Location).ToListAsync());
        Assert.Equal(2, rejections.Count);
        Assert.Equal(("general/2026-10-01.json:7", "message 1790848200.000700 has no 'user'"), (rejections[0].Location, rejections[0].Reason));
        Assert.StartsWith("help/2026-10-03.json:", rejections[1].Location, StringComparison.Ordinal);
        Assert.StartsWith("invalid JSON", rejections[1].Reason, StringComparison.Ordinal);
        Assert.Equal(11, (await host.CountsAsync()).Activities);
    }

    [Fact]
    public async Task A_file_comment_is_the_commenters_comment_on_the_file_credited_by_comment_user()
    {
        // Legacy exports: a file_comment message has no top-level "user"; the commenter is comment.user.
        var export = Path.Combine(_temp, "file-comments");
        Directory.CreateDirectory(Path.Combine(export, "general"));
        await File.WriteAllTextAsync(Path.Combine(export, "users.json"),
            """[{"id":"U01ALICE","name":"alice","real_name":"Alice"},{"id":"U02BOB","name":"bob","real_name":"Bob"}]""");
        await File.WriteAllTextAsync(Path.Combine(export, "channels.json"), """[{"id":"C01GENERAL","name":"general"}]""");
        await File.WriteAllTextAsync(Path.Combine(export, "general", "2026-10-04.json"), """
            [
              {"type":"message","subtype":"file_share","user":"U01ALICE","text":"<@U01ALICE> uploaded a file: Design notes","ts":"1791100000.000100",
               "file":{"id":"F0DESIGN","name":"design.pdf","title":"Design notes","user":"U01ALICE"}},
              {"type":"message","subtype":"file_comment","text":"<@U02BOB> commented on <@U01ALICE>'s file Design notes: Section 3 is great",
               "file":{"id":"F0DESIGN","name":"design.pdf","title":"Design notes","user":"U01ALICE"},
               "comment":{"id":"Fc0001","created":1791100600,"timestamp":1791100600,"user":"U02BOB","comment":"Section 3 is great"},"ts":"1791100600.000200"},
              {"type":"message","subtype":"file_comment","text":"a comment whose author is gone","file":{"id":"F0DESIGN","user":"U01ALICE"},
               "comment":{"id":"Fc0002","comment":"no user"},"ts":"1791100700.000300"}
            ]
            """);

        await using var host = await ImportAsync(export);

        var comment = await ConnectorFixtures.ActivityAsync(host, "file-comment:C01GENERAL:1791100600.000200");
        Assert.Equal((ActivityType.Commented, "U02BOB"), (comment.Type, comment.Actor));
        var item = await host.QueryAsync(db => db.KnowledgeItems.Include(i => i.AuthorAccount).SingleAsync(i => i.ExternalId == "file:F0DESIGN"));
        Assert.Equal(("Design notes", SlackConnector.FileKind, "U01ALICE"), (item.Title, item.Kind, item.AuthorAccount!.ExternalId));
        var rejection = Assert.Single(await host.QueryAsync(db => db.Rejections.ToListAsync()));
        Assert.Equal(("general/2026-10-04.json:3", "message 1791100700.000300 has no 'user'"), (rejection.Location, rejection.Reason));
    }

    [Fact]
    public async Task Reimporting_the_same_export_adds_nothing_and_a_newer_export_adds_only_what_is_new()
    {
        await using var host = await ImportAsync(Export);
        var counts = await host.CountsAsync();
        var again = await host.ImportAsync(SlackConnector.KindName, Export, source: "chat");
        var fromStart = await host.ImportAsync(SlackConnector.KindName, Export, source: "chat", fromStart: true);
        Assert.Equal((0, 0), (again.Read, again.Inserted));
        Assert.Equal((13, 0, 11), (fromStart.Read, fromStart.Inserted, fromStart.Duplicates));
        Assert.Equal(counts, await host.CountsAsync());

        var newer = Path.Combine(_temp, "newer");
        CopyFolder(Export, newer);
        await File.WriteAllTextAsync(Path.Combine(newer, "help", "2026-10-04.json"),
            """[{"type": "message", "text": "Thanks!", "user": "U02BOB", "ts": "1791104400.000100", "thread_ts": "1790932000.000100", "parent_user_id": "U02BOB"}]""");
        var result = await host.ImportAsync(SlackConnector.KindName, newer, source: "chat");

        Assert.Equal((1, 11), (result.Inserted, result.Duplicates));
        Assert.Equal(ActivityType.Posted, (await ConnectorFixtures.ActivityAsync(host, "msg:C02HELP:1791104400.000100")).Type);
    }

    [Fact]
    public async Task A_zipped_export_gives_the_same_activities_as_the_folder()
    {
        var zip = Path.Combine(_temp, "export.zip");
        ZipFile.CreateFromDirectory(Export, zip);

        await using var folder = await ImportAsync(Export);
        await using var zipped = await ImportAsync(zip);

        Assert.Equal(ExpectedEvents.Length, (await zipped.CountsAsync()).Activities);
        Assert.Equal(await ConnectorFixtures.ActivitiesAsync(folder), await ConnectorFixtures.ActivitiesAsync(zipped));
    }

    [Theory]
    [InlineData("../outside.json", "a '..' segment in the entry name (path traversal)")]
    [InlineData("general/../../outside.json", "a '..' segment in the entry name (path traversal)")]
    [InlineData("/etc/cron.d/evil.json", "an absolute path in the archive (path traversal)")]
    [InlineData("C:/evil/2026-10-01.json", "an absolute path in the archive (path traversal)")]
    [InlineData("..\\outside.json", "a '..' segment in the entry name (path traversal)")]
    public async Task Zip_entries_with_path_traversal_names_are_rejected_by_name_and_the_rest_is_read(string entry, string reason)
    {
        var zip = Path.Combine(_temp, "evil.zip");
        ZipFile.CreateFromDirectory(Export, zip);
        using (var archive = ZipFile.Open(zip, ZipArchiveMode.Update))
        {
            using var writer = new StreamWriter(archive.CreateEntry(entry).Open());
            await writer.WriteAsync("""[{"type": "message", "text": "x", "user": "U02BOB", "ts": "1790000000.000001"}]""");
        }

        await using var host = await ImportAsync(zip);

        var rejection = Assert.Single(await host.QueryAsync(db => db.Rejections.Where(r => r.Location.StartsWith("evil.zip!")).ToListAsync()));
        Assert.Equal($"evil.zip!{entry}", rejection.Location);
        Assert.StartsWith(reason, rejection.Reason, StringComparison.Ordinal);
        Assert.Equal(ExpectedEvents.Length, (await host.CountsAsync()).Activities);
    }

    [Theory]
    [InlineData("Connectors:Slack:MaxZipUncompressedBytes", "1000", "more than the limit of 1000 (zip bomb guard)")]
    [InlineData("Connectors:Slack:MaxZipEntries", "3", "entries, more than the limit of 3 (zip bomb guard)")]
    public async Task A_zip_beyond_the_size_or_entry_limit_is_refused_with_a_reason_and_nothing_is_read(string setting, string value, string reason)
    {
        var zip = Path.Combine(_temp, "bomb.zip");
        ZipFile.CreateFromDirectory(Export, zip);

        await using var host = await ImportAsync(zip, new Dictionary<string, string?> { [setting] = value });

        var rejection = Assert.Single(await host.QueryAsync(db => db.Rejections.ToListAsync()));
        Assert.Equal("bomb.zip", rejection.Location);
        Assert.Contains(reason, rejection.Reason, StringComparison.Ordinal);
        Assert.Equal(new TableCounts(0, 0, 0, 0, 0, 0), await host.CountsAsync());
    }

    private static void CopyFolder(string from, string to)
    {
        foreach (var file in Directory.EnumerateFiles(from, "*", SearchOption.AllDirectories))
        {
            var target = Path.Combine(to, Path.GetRelativePath(from, file));
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(file, target);
        }
    }
}
