using System.IO.Compression;
using System.Text;
using Analytics.Domain.Sources;
using Analytics.Jobs.Connectors.Git;
using Analytics.Jobs.Connectors.MediaWiki;
using Analytics.Jobs.Connectors.Slack;
using Analytics.Jobs.Connectors.StackExchange;
using Analytics.Jobs.Ingestion.ActivityFiles;
using Analytics.Jobs.Ingestion.HrDirectory;
using Analytics.Jobs.Reports;
using Analytics.Tests.Connectors;
using Analytics.Tests.Connectors.Git;
using Analytics.Tests.Ingestion;
using Analytics.Tests.Support;
using ClosedXML.Excel;
using Microsoft.EntityFrameworkCore;
using static Analytics.Tests.Reliability.HostileFiles;

namespace Analytics.Tests.Reliability;

/// <summary>
/// The hostile input corpus (docs/reliability.md, "Hostile input"), for every importer. Each case seeds the database
/// with a good import first, runs the hostile one in the same test host, and checks: the run ends (or fails with a
/// specific message), the good records of the file arrive, each bad record is a rejection with its location and reason,
/// and what was stored before is neither lost, changed nor duplicated.
/// </summary>
public sealed class HostileInputTests : IDisposable
{
    private const string ActivityHeader = "event_id,occurred_at,actor,actor_name,type,item_id,item_title,item_url,item_kind,item_author,item_author_name,quantity";
    private const string HrHeader = "employee_id,name,email,aliases,department,manager_id,location,hire_date,leave_date,effective_date";
    private const string Secret = "TOP-SECRET-7f3a9c";

    private readonly HostileFiles _files = new();

    public void Dispose() => _files.Dispose();

    // ---------------------------------------------------------------- activity CSV

    [Fact]
    public async Task Activity_csv_rejects_each_hostile_record_with_its_line_keeps_the_good_ones_and_the_seed()
    {
        await using var host = await IngestionHost.CreateAsync();
        var seed = await host.ImportAsync(ActivityCsvConnector.KindName, IngestionHost.Fixture("activities-good.csv"), "files");
        var before = await StoredState.ActivitiesOfRunAsync(host, seed.SyncRunId);

        (byte[] Line, string? Reason)[] rows =
        [
            (Utf8(ActivityHeader), null),
            (Utf8($"h-1,2026-10-03T09:00:00Z,eve@example.com,{FormulaLike[3]},authored,hp-1,{Formula},,page,,,"), null),
            (Utf8("h-2,0001-01-01T00:00:00Z,eve@example.com,,authored,hp-2,,,page,,,"), "implausible date 0001-01-01"),
            (Utf8("h-3,9999-12-31T23:59:59Z,eve@example.com,,authored,hp-3,,,page,,,"), "implausible date 9999-12-31"),
            (Utf8("h-4,2026-02-30T09:00:00Z,eve@example.com,,authored,hp-4,,,page,,,"), "'occurred_at' is not an ISO 8601 date-time with offset: '2026-02-30T09:00:00Z'"),
            (Utf8("h-5,2286-11-20T17:46:40Z,eve@example.com,,authored,hp-5,,,page,,,"), "implausible date 2286-11-20"),
            (Utf8("h-6,2026-10-03T09:00:00Z,eve@example.com,,viewed,hp-1,,,page,,,1e308"), "'quantity' is beyond the limit of 1,000,000,000: '1e308'"),
            (Utf8("h-7,2026-10-03T09:00:00Z,eve@example.com,,viewed,hp-1,,,page,,,-1"), "'quantity' must be a positive number: '-1'"),
            (Utf8("h-8,2026-10-03T09:00:00Z,eve@example.com,,viewed,hp-1,,,page,,,NaN"), "'quantity' must be a positive number: 'NaN'"),
            (Concat(Utf8("h-9,2026-10-03T09:00:00Z,eve@example.com,Ev"), InvalidUtf8, Utf8(",authored,hp-9,,,page,,,")), "not valid UTF-8"),
            // Two files joined: the second one's byte order mark and header land in the middle.
            (Concat(Bom, Utf8(ActivityHeader)), "'occurred_at' is not an ISO 8601 date-time with offset: 'occurred_at'"),
            (Utf8($"h-10,2026-10-03T10:00:00Z,{FormulaLike[1]},{FormulaLike[2]},commented,hp-1,,,page,,,"), null),
            // Cut off in the middle of a quoted field: the file ends here.
            (Utf8("h-11,2026-10-03T09:00:00Z,eve@example.com,\"Eve"), "malformed quoting"),
        ];
        var path = _files.WriteLines("hostile.csv", rows.Select(r => r.Line));

        var result = await host.ImportAsync(ActivityCsvConnector.KindName, path, "files");

        Assert.Equal(SyncRunStatus.Succeeded, result.Status);
        await StoredState.AssertRejectionsAsync(host, result.SyncRunId, Expected("hostile.csv", rows, skip: 1));
        Assert.Equal(2, result.Inserted);
        await StoredState.AssertSeedKeptAsync(host, seed.SyncRunId, before, before.Count + 2);
        var item = await host.QueryAsync(db => db.KnowledgeItems.SingleAsync(i => i.ExternalId == "hp-1"));
        Assert.Equal(Formula, item.Title);
        var names = await host.QueryAsync(db => db.SourceAccounts.Select(a => a.DisplayName).ToListAsync());
        Assert.Contains(FormulaLike[3], names);
        Assert.Contains(FormulaLike[2], names);
    }

    [Fact]
    public async Task Activity_csv_with_a_10_MB_line_rejects_it_as_too_long_and_keeps_the_lines_before()
    {
        await using var host = await IngestionHost.CreateAsync();
        var path = _files.WriteLongLine("long.csv",
            $"{ActivityHeader}\nl-1,2026-10-03T09:00:00Z,eve@example.com,,authored,lp-1,,,page,,,\nl-2,2026-10-03T09:00:00Z,eve@example.com,", TenMegabytes);

        var result = await host.ImportAsync(ActivityCsvConnector.KindName, path, "files");

        Assert.Equal(SyncRunStatus.Succeeded, result.Status);
        await StoredState.AssertRejectionsAsync(host, result.SyncRunId, [("long.csv:3", "record too long: more than 1,048,576 bytes")]);
        Assert.Equal(["l-1"], await host.QueryAsync(db => db.Activities.Select(a => a.SourceEventId).ToListAsync()));
    }

    [Fact]
    public async Task Activity_csv_in_utf16_fails_the_run_with_the_encoding_named_and_stores_nothing()
    {
        await using var host = await IngestionHost.CreateAsync();
        var seed = await host.ImportAsync(ActivityCsvConnector.KindName, IngestionHost.Fixture("activities-good.csv"), "files");
        var before = await StoredState.ActivitiesOfRunAsync(host, seed.SyncRunId);
        var path = _files.WriteText("utf16.csv", $"{ActivityHeader}\nu-1,2026-10-03T09:00:00Z,eve@example.com,,authored,up-1,,,page,,,\n", Encoding.Unicode);

        var error = await Assert.ThrowsAsync<InvalidDataException>(() => host.ImportAsync(ActivityCsvConnector.KindName, path, "files"));

        Assert.Equal("utf16.csv: the file is UTF-16 (it starts with a UTF-16 byte order mark); save it as UTF-8 and import it again.", error.Message);
        var run = await host.QueryAsync(db => db.SyncRuns.OrderBy(r => r.Id).LastAsync());
        Assert.Equal(SyncRunStatus.Failed, run.Status);
        Assert.Contains("UTF-16", run.Error, StringComparison.Ordinal);
        await StoredState.AssertSeedKeptAsync(host, seed.SyncRunId, before, before.Count);
    }

    // ---------------------------------------------------------------- activity JSON lines

    [Fact]
    public async Task Activity_jsonl_rejects_each_hostile_line_with_its_number_keeps_the_good_ones_and_the_seed()
    {
        await using var host = await IngestionHost.CreateAsync();
        var seed = await host.ImportAsync(ActivityJsonlConnector.KindName, IngestionHost.Fixture("activities-good.jsonl"), "lines");
        var before = await StoredState.ActivitiesOfRunAsync(host, seed.SyncRunId);

        static byte[] Line(string id, string at, string extra = "") =>
            Utf8($$"""{"event_id": "{{id}}", "occurred_at": "{{at}}", "actor": "eve@example.com", "type": "viewed", "item_id": "jp-1"{{extra}}}""");
        (byte[] Line, string? Reason)[] rows =
        [
            (Utf8($$"""{"event_id": "j-1", "occurred_at": "2026-10-03T09:00:00Z", "actor": "eve@example.com", "actor_name": "{{FormulaLike[1]}}", "type": "authored", "item_id": "jp-1", "item_title": "=cmd|' /C calc'!A0"}"""), null),
            (Line("j-2", "0001-01-01T00:00:00Z"), "implausible date 0001-01-01"),
            (Line("j-3", "9999-12-31T23:59:59Z"), "implausible date 9999-12-31"),
            (Line("j-4", "2026-02-30T09:00:00Z"), "not an ISO 8601 date-time with offset: '2026-02-30T09:00:00Z'"),
            (Line("j-5", "2026-10-03T09:00:00Z", ", \"quantity\": 1e308"), "'quantity' is beyond the limit of 1,000,000,000: '1e308'"),
            (Line("j-6", "2026-10-03T09:00:00Z", ", \"quantity\": -1"), "'quantity' must be a positive number: '-1'"),
            (Line("j-7", "2026-10-03T09:00:00Z", ", \"quantity\": \"NaN\""), "'quantity' must be a positive number: 'NaN'"),
            (Concat(Utf8("{\"event_id\": \"j-8\", \"occurred_at\": \"2026-10-03T09:00:00Z\", \"actor\": \"Ev"), InvalidUtf8, Utf8("\", \"type\": \"authored\"}")), "not valid UTF-8"),
            (Line("j-9", "2026-10-03T09:00:00Z", ", \"actor_name\": {\"first\": \"Eve\"}"), "'actor_name' must be a string or a number, found object"),
            // Two files joined: a byte order mark at the start of a later line is not data.
            (Concat(Bom, Line("j-10", "2026-10-03T10:00:00Z")), null),
            (Utf8("{\"event_id\": \"j-11\", \"occurred_at\": \"2026-10-03T09"), "invalid JSON"),
        ];
        var path = _files.WriteLines("hostile.jsonl", rows.Select(r => r.Line));

        var result = await host.ImportAsync(ActivityJsonlConnector.KindName, path, "lines");

        Assert.Equal(SyncRunStatus.Succeeded, result.Status);
        await StoredState.AssertRejectionsAsync(host, result.SyncRunId, Expected("hostile.jsonl", rows, skip: 0));
        Assert.Equal(2, result.Inserted);
        await StoredState.AssertSeedKeptAsync(host, seed.SyncRunId, before, before.Count + 2);
        Assert.Equal(Formula, (await host.QueryAsync(db => db.KnowledgeItems.SingleAsync(i => i.ExternalId == "jp-1"))).Title);
    }

    [Fact]
    public async Task Activity_jsonl_with_a_10_MB_line_rejects_that_line_as_too_long_and_reads_on()
    {
        await using var host = await IngestionHost.CreateAsync();
        const string good = """{"event_id": "{0}", "occurred_at": "2026-10-03T09:00:00Z", "actor": "eve@example.com", "type": "authored", "item_id": "p"}""";
        var path = _files.WriteLongLine("long.jsonl", good.Replace("{0}", "k-1", StringComparison.Ordinal) + "\n{\"event_id\": \"", TenMegabytes,
            "\"}\n" + good.Replace("{0}", "k-3", StringComparison.Ordinal) + "\n");

        var result = await host.ImportAsync(ActivityJsonlConnector.KindName, path, "lines");

        await StoredState.AssertRejectionsAsync(host, result.SyncRunId, [("long.jsonl:2", "record too long: more than 1,048,576 bytes")]);
        Assert.Equal(["k-1", "k-3"], await host.QueryAsync(db => db.Activities.OrderBy(a => a.SourceEventId).Select(a => a.SourceEventId).ToListAsync()));
    }

    [Fact]
    public async Task Activity_jsonl_that_is_one_10_MB_line_without_a_line_break_is_one_rejection()
    {
        await using var host = await IngestionHost.CreateAsync();
        var path = _files.WriteLongLine("oneline.jsonl", "[", TenMegabytes);

        var result = await host.ImportAsync(ActivityJsonlConnector.KindName, path, "lines");

        Assert.Equal(SyncRunStatus.Succeeded, result.Status);
        await StoredState.AssertRejectionsAsync(host, result.SyncRunId, [("oneline.jsonl:1", "record too long")]);
        Assert.Equal(0, (await host.CountsAsync()).Activities);
    }

    [Fact]
    public async Task A_10_MB_line_is_read_through_a_buffer_that_never_holds_it()
    {
        var text = new string('x', TenMegabytes) + "\n{\"a\": 1}\n";
        using var reader = new StringReader(text);
        var lines = new BoundedLineReader(reader, maxChars: 1024 * 1024);

        var allocatedBefore = GC.GetAllocatedBytesForCurrentThread();
        var first = await lines.ReadLineAsync(CancellationToken.None);
        var allocated = GC.GetAllocatedBytesForCurrentThread() - allocatedBefore;
        var second = await lines.ReadLineAsync(CancellationToken.None);

        Assert.Equal(new BoundedLine(null, TenMegabytes), first);
        Assert.Equal("{\"a\": 1}", second?.Text);
        Assert.Null(await lines.ReadLineAsync(CancellationToken.None));
        // The 10 MB line would be 20 MB as a string; reading past it keeps at most the 1 Mi-character limit (2 MB).
        Assert.True(allocated < 5 * 1024 * 1024, $"allocated {allocated:N0} bytes while skipping a 10 MB line");
    }

    [Fact]
    public async Task Activity_jsonl_in_utf16_with_a_byte_order_mark_is_read()
    {
        await using var host = await IngestionHost.CreateAsync();
        var path = _files.WriteText("utf16.jsonl",
            """{"event_id": "w-1", "occurred_at": "2026-10-03T09:00:00Z", "actor": "zoë@example.com", "type": "authored", "item_id": "Größe"}""" + "\n",
            Encoding.Unicode);

        var result = await host.ImportAsync(ActivityJsonlConnector.KindName, path, "lines");

        Assert.Equal((1L, 0L), (result.Inserted, result.Rejected));
        Assert.Equal("Größe", await host.QueryAsync(db => db.KnowledgeItems.Select(i => i.ExternalId).SingleAsync()));
    }

    // ---------------------------------------------------------------- HR directory

    [Fact]
    public async Task Hr_directory_rejects_each_hostile_row_with_its_line_applies_the_good_ones_and_keeps_the_employees()
    {
        await using var host = await IngestionHost.CreateAsync();
        await host.ImportAsync(HrDirectoryImporter.KindName, IngestionHost.Fixture("hr-directory-v1.csv"), "hr");
        var before = await EmployeesAsync(host);

        (byte[] Line, string? Reason)[] rows =
        [
            (Utf8(HrHeader), null),
            (Utf8($"E10,{Formula},eve@example.com,,Company,E1,{FormulaLike[3]},2024-01-01,,"), null),
            (Utf8("E11,Old Timer,old@example.com,,Company,E1,,0001-01-01,,"), "implausible date in 'hire_date': '0001-01-01'"),
            (Utf8("E12,Far Future,future@example.com,,Company,E1,,2024-01-01,2150-06-30,"), "implausible date in 'leave_date': '2150-06-30'"),
            (Utf8("E17,Open Ended,open@example.com,,Company,E1,,2024-01-01,9999-12-31,"), null),
            (Utf8("E13,Leap Less,leap@example.com,,Company,E1,,2023-02-30,,"), "unparsable date in 'hire_date': '2023-02-30'"),
            (Concat(Utf8("E14,Ev"), InvalidUtf8, Utf8(",ev@example.com,,Company,E1,,2024-01-01,,")), "not valid UTF-8"),
            (Concat(Bom, Utf8(HrHeader)), "'email' is not an e-mail address: 'email'"),
            (Utf8($"E15,{FormulaLike[1]},plus@example.com,,Company/{FormulaLike[2]},E1,,2024-01-01,,"), null),
            (Utf8("E16,\"Cut Off,cut@example.com"), "malformed quoting"),
        ];
        var path = _files.WriteLines("hr-hostile.csv", rows.Select(r => r.Line));

        var result = await host.ImportAsync(HrDirectoryImporter.KindName, path, "hr");

        Assert.Equal(SyncRunStatus.Succeeded, result.Status);
        await StoredState.AssertRejectionsAsync(host, result.SyncRunId, Expected("hr-hostile.csv", rows, skip: 1));
        var after = await EmployeesAsync(host);
        Assert.Equal(before, after.Where(e => before.Contains(e)).ToList());
        Assert.Equal(before.Count + 3, after.Count);
        Assert.Contains($"E10|{Formula}|eve@example.com|{FormulaLike[3]}", after);
        Assert.Null(await host.QueryAsync(db => db.Employees.Where(e => e.EmployeeNumber == "E17").Select(e => e.LeaveDate).SingleAsync()));
        Assert.Contains($"E15|{FormulaLike[1]}|plus@example.com|", after);
        Assert.Contains($"Company/{FormulaLike[2]}", await host.QueryAsync(db => db.Departments.Select(d => d.Code).ToListAsync()));
    }

    [Fact]
    public async Task Hr_directory_with_a_10_MB_line_rejects_it_as_too_long_and_applies_the_rows_before()
    {
        await using var host = await IngestionHost.CreateAsync();
        var path = _files.WriteLongLine("hr-long.csv", $"{HrHeader}\nE20,Ann Able,ann@example.com,,Company,,,2024-01-01,,\nE21,", TenMegabytes);

        var result = await host.ImportAsync(HrDirectoryImporter.KindName, path, "hr");

        await StoredState.AssertRejectionsAsync(host, result.SyncRunId, [("hr-long.csv:3", "record too long")]);
        Assert.Equal(["E20|Ann Able|ann@example.com|"], await EmployeesAsync(host));
    }

    [Fact]
    public async Task Hr_directory_in_utf16_fails_on_the_command_line_with_a_clear_message_and_exit_code_1()
    {
        var database = _files.PathOf("cli.db");
        var (seedExit, _, _) = await RunCliAsync(database, "import", "hr-directory", IngestionHost.Fixture("hr-directory-v1.csv"), "--source", "hr");
        var path = _files.WriteText("hr-utf16.csv", File.ReadAllText(IngestionHost.Fixture("hr-directory-v2.csv")), Encoding.Unicode);

        var (exit, output, error) = await RunCliAsync(database, "import", "hr-directory", path, "--source", "hr");

        Assert.Equal((0, 1), (seedExit, exit));
        Assert.Contains("Import of hr-utf16.csv failed: hr-utf16.csv: the file is UTF-16 (it starts with a UTF-16 byte order mark); save it as UTF-8 and import it again.",
            error, StringComparison.Ordinal);
        Assert.DoesNotContain("Imported", output, StringComparison.Ordinal);
        await using var db = Analytics.Domain.Persistence.DatabaseRegistration.CreateContext(
            Analytics.Domain.Persistence.DatabaseProvider.Sqlite, $"Data Source={database};Pooling=False");
        Assert.Equal(5, await db.Employees.CountAsync());
        Assert.Equal([SyncRunStatus.Succeeded, SyncRunStatus.Failed], await db.SyncRuns.OrderBy(r => r.Id).Select(r => r.Status).ToListAsync());
    }

    // ---------------------------------------------------------------- Stack Exchange

    [Fact]
    public async Task Stack_exchange_rejects_absurd_dates_keeps_formula_titles_as_text_and_stops_at_invalid_utf8()
    {
        await using var host = await IngestionHost.CreateAsync();
        var seed = await host.ImportAsync(StackExchangeConnector.KindName, StackExchangeFixtureDump("core"), "se");
        var before = await StoredState.ActivitiesOfRunAsync(host, seed.SyncRunId);
        var dump = Path.Combine(_files.Folder, "se");
        _files.WriteText("se/Users.xml", $"""
            <?xml version="1.0" encoding="utf-8"?>
            <users>
              <row Id="901" CreationDate="2020-01-02T08:00:00.000" DisplayName="{Formula}" />
              <row Id="902" CreationDate="2020-01-02T08:00:00.000" DisplayName="@SUM(A1:A9)" />
            </users>
            """);
        _files.WriteLines("se/Posts.xml",
        [
            Utf8("""<?xml version="1.0" encoding="utf-8"?>"""),
            Utf8("<posts>"),
            Utf8($"""  <row Id="100" PostTypeId="1" CreationDate="2026-10-01T09:00:00.000" OwnerUserId="901" Title="{Formula}" ViewCount="0" />"""),
            Utf8("""  <row Id="101" PostTypeId="1" CreationDate="0001-01-01T00:00:00.000" OwnerUserId="901" Title="Old" ViewCount="0" />"""),
            Utf8("""  <row Id="102" PostTypeId="1" CreationDate="9999-12-31T00:00:00.000" OwnerUserId="901" Title="Future" ViewCount="0" />"""),
            Utf8("""  <row Id="103" PostTypeId="1" CreationDate="2026-02-30T00:00:00.000" OwnerUserId="901" Title="Leap" ViewCount="0" />"""),
            Utf8("""  <row Id="104" PostTypeId="2" ParentId="100" CreationDate="2026-10-02T09:00:00.000" OwnerUserId="902" />"""),
            Concat(Utf8("""  <row Id="105" PostTypeId="2" ParentId="100" CreationDate="2026-10-02T10:00:00.000" OwnerUserId="902" Body="bad """), InvalidUtf8, Utf8("\" />")),
            Utf8("""  <row Id="106" PostTypeId="2" ParentId="100" CreationDate="2026-10-02T11:00:00.000" OwnerUserId="902" />"""),
            Utf8("</posts>"),
        ]);

        var result = await host.ImportAsync(StackExchangeConnector.KindName, dump, "se");

        Assert.Equal(SyncRunStatus.Succeeded, result.Status);
        var rejections = await StoredState.RejectionsAsync(host, result.SyncRunId);
        Assert.Equal(4, rejections.Count);
        Assert.Equal(["Posts.xml row Id=101", "Posts.xml row Id=102", "Posts.xml row Id=103", "Posts.xml:8"], rejections.Select(r => r.Location).Order(StringComparer.Ordinal).ToList());
        Assert.All(rejections.Where(r => r.Location != "Posts.xml:8"), r => Assert.Contains("CreationDate", r.Reason, StringComparison.Ordinal));
        Assert.Contains("Invalid character in the given encoding", rejections.Single(r => r.Location == "Posts.xml:8").Reason, StringComparison.Ordinal);
        var events = await host.QueryAsync(db => db.Activities.Where(a => a.SyncRunId == result.SyncRunId).Select(a => a.SourceEventId).OrderBy(e => e).ToListAsync());
        Assert.Equal(2, events.Count);
        Assert.StartsWith("post:100:", events[0], StringComparison.Ordinal);
        Assert.StartsWith("post:104:", events[1], StringComparison.Ordinal);
        Assert.Equal(Formula, await host.QueryAsync(db => db.KnowledgeItems.Where(i => i.ExternalId == "100" && i.SourceSystem!.Name == "se").Select(i => i.Title).SingleAsync()));
        var names = await host.QueryAsync(db => db.SourceAccounts.Select(a => a.DisplayName).ToListAsync());
        Assert.Contains(Formula, names);
        Assert.Contains("@SUM(A1:A9)", names);
        await StoredState.AssertSeedKeptAsync(host, seed.SyncRunId, before, before.Count + 2);
    }

    [Fact]
    public async Task Stack_exchange_posts_on_one_10_MB_line_are_streamed_and_all_imported()
    {
        await using var host = await IngestionHost.CreateAsync();
        _files.WriteText("se-long/Users.xml", """<?xml version="1.0" encoding="utf-8"?><users><row Id="1" DisplayName="Ada" /></users>""");
        _files.WriteLongLine("se-long/Posts.xml",
            """<?xml version="1.0" encoding="utf-8"?><posts><row Id="1" PostTypeId="1" CreationDate="2026-10-01T09:00:00.000" OwnerUserId="1" Title="Q" ViewCount="0" Body=" """,
            TenMegabytes,
            """ " /><row Id="2" PostTypeId="2" ParentId="1" CreationDate="2026-10-01T10:00:00.000" OwnerUserId="1" /></posts>""");

        var result = await host.ImportAsync(StackExchangeConnector.KindName, Path.Combine(_files.Folder, "se-long"), "se");

        Assert.Equal((SyncRunStatus.Succeeded, 2L, 0L), (result.Status, result.Inserted, result.Rejected));
    }

    [Theory]
    [InlineData("xxe")]
    [InlineData("billion-laughs")]
    public async Task Stack_exchange_refuses_a_dtd_and_never_reads_the_entity(string attack)
    {
        await using var host = await IngestionHost.CreateAsync();
        var secret = _files.WriteText("secret.txt", Secret);
        _files.WriteText("se-dtd/Users.xml", """<?xml version="1.0" encoding="utf-8"?><users><row Id="1" DisplayName="Ada" /></users>""");
        _files.WriteText("se-dtd/Posts.xml", $"""
            <?xml version="1.0" encoding="utf-8"?>
            {Doctype("posts", attack, secret)}
            <posts>
              <row Id="1" PostTypeId="1" CreationDate="2026-10-01T09:00:00.000" OwnerUserId="1" Title="&x;" ViewCount="0" />
            </posts>
            """);

        var result = await host.ImportAsync(StackExchangeConnector.KindName, Path.Combine(_files.Folder, "se-dtd"), "se");

        Assert.Equal((SyncRunStatus.Succeeded, 0L), (result.Status, result.Inserted));
        var rejection = Assert.Single(await StoredState.RejectionsAsync(host, result.SyncRunId));
        Assert.Equal("Posts.xml", rejection.Location);
        Assert.Contains("DTD", rejection.Reason, StringComparison.Ordinal);
        Assert.DoesNotContain(Secret, await StoredState.AllStoredTextAsync(host), StringComparison.Ordinal);
    }

    // ---------------------------------------------------------------- MediaWiki

    [Theory]
    [InlineData("xxe")]
    [InlineData("billion-laughs")]
    public async Task Mediawiki_refuses_a_dtd_and_never_reads_the_entity(string attack)
    {
        await using var host = await IngestionHost.CreateAsync();
        var secret = _files.WriteText("secret.txt", Secret);
        var path = _files.WriteText("dtd.xml", $"""
            <?xml version="1.0" encoding="utf-8"?>
            {Doctype("mediawiki", attack, secret)}
            {WikiPage(1, "&x;", 11, "2026-10-01T09:00:00Z")}
            """);

        var result = await host.ImportAsync(MediaWikiConnector.KindName, path, "wiki");

        Assert.Equal((SyncRunStatus.Succeeded, 0L), (result.Status, result.Inserted));
        var rejection = Assert.Single(await StoredState.RejectionsAsync(host, result.SyncRunId));
        Assert.Contains("DTD", rejection.Reason, StringComparison.Ordinal);
        Assert.DoesNotContain(Secret, await StoredState.AllStoredTextAsync(host), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Mediawiki_rejects_absurd_timestamps_keeps_formula_titles_and_stops_at_invalid_utf8()
    {
        await using var host = await IngestionHost.CreateAsync();
        var seed = await host.ImportAsync(MediaWikiConnector.KindName, ConnectorFixtures.Path("mediawiki", "export-0.11.xml"), "wiki");
        var before = await StoredState.ActivitiesOfRunAsync(host, seed.SyncRunId);
        var path = _files.WriteLines("hostile.xml",
        [
            Utf8("""<mediawiki xmlns="http://www.mediawiki.org/xml/export-0.11/" version="0.11">"""),
            Utf8($"<page><title>{Formula}</title><ns>0</ns><id>901</id>"),
            Utf8("<revision><id>9001</id><timestamp>2026-10-05T09:00:00Z</timestamp><contributor><username>-Eve</username><id>77</id></contributor></revision>"),
            Utf8("<revision><id>9002</id><parentid>9001</parentid><timestamp>0001-01-01T00:00:00Z</timestamp><contributor><username>-Eve</username><id>77</id></contributor></revision>"),
            Utf8("<revision><id>9003</id><parentid>9001</parentid><timestamp>9999-12-31T23:59:59Z</timestamp><contributor><username>-Eve</username><id>77</id></contributor></revision>"),
            Utf8("<revision><id>9004</id><parentid>9001</parentid><timestamp>2026-02-30T09:00:00Z</timestamp><contributor><username>-Eve</username><id>77</id></contributor></revision>"),
            Utf8("</page>"),
            Concat(Utf8("<page><title>Broken "), InvalidUtf8, Utf8("</title><ns>0</ns><id>902</id>")),
            Utf8("<revision><id>9005</id><timestamp>2026-10-05T09:00:00Z</timestamp><contributor><username>Eve</username><id>77</id></contributor></revision></page>"),
            Utf8("</mediawiki>"),
        ]);

        var result = await host.ImportAsync(MediaWikiConnector.KindName, path, "wiki");

        Assert.Equal(SyncRunStatus.Succeeded, result.Status);
        var rejections = await StoredState.RejectionsAsync(host, result.SyncRunId);
        Assert.Equal(["hostile.xml:4", "hostile.xml:5", "hostile.xml:6", "hostile.xml:8"], rejections.Select(r => r.Location).Order(StringComparer.Ordinal).ToList());
        Assert.Contains("implausible date 0001-01-01", rejections.Single(r => r.Location == "hostile.xml:4").Reason, StringComparison.Ordinal);
        Assert.Contains("implausible date 9999-12-31", rejections.Single(r => r.Location == "hostile.xml:5").Reason, StringComparison.Ordinal);
        Assert.Contains("2026-02-30", rejections.Single(r => r.Location == "hostile.xml:6").Reason, StringComparison.Ordinal);
        Assert.Equal(["rev:9001"], await host.QueryAsync(db => db.Activities.Where(a => a.SyncRunId == result.SyncRunId).Select(a => a.SourceEventId).ToListAsync()));
        Assert.Equal(Formula, await host.QueryAsync(db => db.KnowledgeItems.Where(i => i.ExternalId == "901").Select(i => i.Title).SingleAsync()));
        await StoredState.AssertSeedKeptAsync(host, seed.SyncRunId, before, before.Count + 1);
    }

    [Fact]
    public async Task Mediawiki_export_in_utf16_is_read()
    {
        await using var host = await IngestionHost.CreateAsync();
        var path = _files.WriteText("utf16.xml", $"""
            <?xml version="1.0" encoding="utf-16"?>
            {WikiPage(5, "Größe", 51, "2026-10-01T09:00:00Z")}
            """, Encoding.Unicode);

        var result = await host.ImportAsync(MediaWikiConnector.KindName, path, "wiki");

        Assert.Equal((1L, 0L), (result.Inserted, result.Rejected));
        Assert.Equal("Größe", await host.QueryAsync(db => db.KnowledgeItems.Select(i => i.Title).SingleAsync()));
    }

    // ---------------------------------------------------------------- Slack

    [Fact]
    public async Task Slack_folder_rejects_absurd_and_invalid_ts_broken_and_oversized_day_files_and_keeps_the_rest()
    {
        await using var host = await IngestionHost.CreateAsync(settings: new Dictionary<string, string?> { ["Connectors:Slack:MaxFileBytes"] = "1048576" });
        var seed = await host.ImportAsync(SlackConnector.KindName, ConnectorFixtures.Path("slack", "export"), "chat");
        var before = await StoredState.ActivitiesOfRunAsync(host, seed.SyncRunId);
        var export = Path.Combine(_files.Folder, "slack");
        _files.WriteText("slack/users.json", $$"""[{"id": "U9EVE", "name": "eve", "real_name": "{{Formula}}", "profile": {"email": "eve@example.com"} }]""");
        _files.WriteText("slack/channels.json", """[{"id": "C9HOST", "name": "hostile"}]""");
        _files.WriteText("slack/hostile/2026-10-01.json", $$"""
            [
              {"type": "message", "user": "U9EVE", "ts": "1790845200.000100", "text": "{{FormulaLike[1]}}"},
              {"type": "message", "user": "U9EVE", "ts": "10000000000.000100", "text": "from 2286"},
              {"type": "message", "user": "U9EVE", "ts": "1e10", "text": "exponent"},
              {"type": "message", "user": "U9EVE", "ts": "-5", "text": "negative"}
            ]
            """);
        _files.WriteLines("slack/hostile/2026-10-02.json", [Concat(Utf8("""[{"type": "message", "user": "U9EVE", "ts": "1790931600.000100", "text": "bad """), InvalidUtf8, Utf8("\"}]"))]);
        _files.WriteLongLine("slack/hostile/2026-10-03.json", """[{"type": "message", "user": "U9EVE", "ts": "1791018000.000100", "text": " """, TenMegabytes, "\"}]");
        _files.WriteText("slack/hostile/2026-10-04.json", """[{"type": "message", "user": "U9EVE", "ts": "1791104400.000100", "text": "still read"}]""");

        var result = await host.ImportAsync(SlackConnector.KindName, export, "chat-hostile");

        Assert.Equal(SyncRunStatus.Succeeded, result.Status);
        var rejections = await StoredState.RejectionsAsync(host, result.SyncRunId);
        Assert.Contains("implausible date 2286-11-20", Assert.Single(rejections, r => r.Location == "hostile/2026-10-01.json:2").Reason, StringComparison.Ordinal);
        Assert.Contains("without a valid 'ts' ('1e10')", Assert.Single(rejections, r => r.Location == "hostile/2026-10-01.json:3").Reason, StringComparison.Ordinal);
        Assert.Contains("without a valid 'ts' ('-5')", Assert.Single(rejections, r => r.Location == "hostile/2026-10-01.json:4").Reason, StringComparison.Ordinal);
        Assert.Equal("not valid UTF-8; the file is not read", Assert.Single(rejections, r => r.Location.StartsWith("hostile/2026-10-02.json", StringComparison.Ordinal)).Reason);
        Assert.Contains("larger than the limit of 1,048,576 bytes", Assert.Single(rejections, r => r.Location.StartsWith("hostile/2026-10-03.json", StringComparison.Ordinal)).Reason, StringComparison.Ordinal);
        Assert.Equal(5, rejections.Count);
        Assert.Equal(["msg:C9HOST:1790845200.000100", "msg:C9HOST:1791104400.000100"],
            await host.QueryAsync(db => db.Activities.Where(a => a.SyncRunId == result.SyncRunId).OrderBy(a => a.SourceEventId).Select(a => a.SourceEventId).ToListAsync()));
        Assert.Contains(Formula, await host.QueryAsync(db => db.SourceAccounts.Select(a => a.DisplayName).ToListAsync()));
        Assert.Equal(FormulaLike[1], await host.QueryAsync(db => db.KnowledgeItems.Where(i => i.ExternalId == "C9HOST:1790845200.000100").Select(i => i.Title).SingleAsync()));
        await StoredState.AssertSeedKeptAsync(host, seed.SyncRunId, before, before.Count + 2);
    }

    [Fact]
    public async Task Slack_zip_with_traversal_names_a_bomb_entry_and_good_days_extracts_nothing_and_reads_the_good_days()
    {
        await using var host = await IngestionHost.CreateAsync(settings: new Dictionary<string, string?> { ["Connectors:Slack:MaxFileBytes"] = "1048576" });
        var zip = _files.PathOf("hostile.zip");
        ZipFile.CreateFromDirectory(ConnectorFixtures.Path("slack", "export"), zip);
        var outside = Path.Combine(_files.Folder, "..", $"escaped-{Guid.NewGuid():N}.json");
        var traversal = Path.GetRelativePath(_files.Folder, outside).Replace('\\', '/');
        using (var archive = ZipFile.Open(zip, ZipArchiveMode.Update))
        {
            foreach (var name in new[] { "../../etc/x", traversal, "/tmp/absolute.json", "general/../../../x.json" })
            {
                await using var writer = new StreamWriter(archive.CreateEntry(name).Open());
                await writer.WriteAsync("""[{"type": "message", "user": "U02BOB", "ts": "1790000000.000001", "text": "escaped"}]""");
            }

            // A bomb entry: 50 MB of zeros, about 50 KB compressed, in a day file's place.
            await using var bomb = archive.CreateEntry("general/2026-10-09.json", CompressionLevel.SmallestSize).Open();
            var zeros = new byte[1024 * 1024];
            for (var i = 0; i < 50; i++)
                await bomb.WriteAsync(zeros);
        }

        Assert.True(new FileInfo(zip).Length < 1024 * 1024);
        var result = await host.ImportAsync(SlackConnector.KindName, zip, "chat");

        Assert.Equal(SyncRunStatus.Succeeded, result.Status);
        var rejections = await StoredState.RejectionsAsync(host, result.SyncRunId);
        Assert.Equal(4, rejections.Count(r => r.Reason.Contains("path traversal", StringComparison.Ordinal)));
        Assert.Contains("larger than the limit of 1,048,576 bytes", Assert.Single(rejections, r => r.Location.StartsWith("general/2026-10-09.json", StringComparison.Ordinal)).Reason, StringComparison.Ordinal);
        // And the fixture export's own two bad records (a message without a user, a cut-off day file).
        Assert.Equal(7, rejections.Count);
        Assert.False(File.Exists(outside));
        Assert.False(File.Exists("/tmp/absolute.json"));
        Assert.DoesNotContain(await host.QueryAsync(db => db.Activities.Select(a => a.SourceEventId).ToListAsync()), e => e.Contains("1790000000.000001", StringComparison.Ordinal));
        Assert.Equal(11, result.Inserted);
    }

    [Fact]
    public async Task Slack_zip_of_many_tiny_entries_is_refused_before_anything_is_read()
    {
        await using var host = await IngestionHost.CreateAsync(settings: new Dictionary<string, string?> { ["Connectors:Slack:MaxZipEntries"] = "1000" });
        var zip = _files.PathOf("many.zip");
        using (var archive = ZipFile.Open(zip, ZipArchiveMode.Create))
        {
            for (var i = 0; i < 5000; i++)
                archive.CreateEntry($"c/{i:D5}.json");
        }

        var result = await host.ImportAsync(SlackConnector.KindName, zip, "chat");

        var rejection = Assert.Single(await StoredState.RejectionsAsync(host, result.SyncRunId));
        Assert.Equal("the archive has 5000 entries, more than the limit of 1000 (zip bomb guard); nothing was read", rejection.Reason);
        Assert.Equal(new TableCounts(0, 0, 0, 0, 0, 0), await host.CountsAsync());
    }

    // ---------------------------------------------------------------- Git

    [Fact]
    public async Task Git_author_with_separator_characters_and_a_formula_name_is_stored_as_given_and_forges_nothing()
    {
        using var repo = new GitRepositoryBuilder();
        repo.Write("docs/a.md", "a");
        repo.Commit("Ada", "ada@example.com", "first");
        await using var host = await IngestionHost.CreateAsync();
        var seed = await host.ImportAsync(GitConnector.KindName, repo.Path, "code");
        var before = await StoredState.ActivitiesOfRunAsync(host, seed.SyncRunId);

        // Names and trailers may hold the very control characters a log parser splits on; this one tries to forge a commit.
        const string forged = "\u001e0000000000000000000000000000000000000000\u001fMallory\u001fmallory@example.com\u001f2026-10-01T00:00:00Z\u001f\u001f";
        var hostileName = Formula + forged + "Eve";
        repo.Write("docs/b.md", "b");
        repo.Commit(hostileName, "eve@example.com", "second\n\nCo-authored-by: Trudy" + forged + " <trudy@example.com>");

        var result = await host.ImportAsync(GitConnector.KindName, repo.Path, "code");

        Assert.Equal(SyncRunStatus.Succeeded, result.Status);
        var accounts = await host.QueryAsync(db => db.SourceAccounts.OrderBy(a => a.ExternalId).Select(a => new { a.ExternalId, a.DisplayName }).ToListAsync());
        Assert.Equal(["ada@example.com", "eve@example.com", "trudy@example.com"], accounts.Select(a => a.ExternalId).ToList());
        Assert.Equal(hostileName, accounts.Single(a => a.ExternalId == "eve@example.com").DisplayName);
        var added = await host.QueryAsync(db => db.Activities.Where(a => a.SyncRunId == result.SyncRunId).Select(a => a.ActorAccount!.ExternalId + " " + a.Item!.ExternalId).OrderBy(x => x).ToListAsync());
        Assert.Equal(["eve@example.com docs/b.md", "trudy@example.com docs/b.md"], added);
        await StoredState.AssertSeedKeptAsync(host, seed.SyncRunId, before, before.Count + 2);
    }

    [Fact]
    public async Task Git_of_a_missing_folder_or_a_folder_that_is_not_a_repository_fails_the_run_with_a_clear_error()
    {
        await using var host = await IngestionHost.CreateAsync();
        var missing = _files.PathOf("no-such-repo");
        var plain = Path.GetDirectoryName(_files.WriteText("plain/readme.md", "not a repository"))!;

        var gone = await Assert.ThrowsAsync<DirectoryNotFoundException>(() => host.ImportAsync(GitConnector.KindName, missing, "gone"));
        var notRepo = await Assert.ThrowsAsync<InvalidDataException>(() => host.ImportAsync(GitConnector.KindName, plain, "plain"));

        Assert.Equal($"No such repository folder: {missing}", gone.Message);
        Assert.Equal($"{plain} is not a git repository.", notRepo.Message);
        var runs = await host.QueryAsync(db => db.SyncRuns.OrderBy(r => r.Id).Select(r => new { r.Status, r.Error }).ToListAsync());
        Assert.All(runs, r => Assert.Equal(SyncRunStatus.Failed, r.Status));
        Assert.Contains("is not a git repository", runs[1].Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Git_of_a_folder_that_is_not_a_repository_exits_1_on_the_command_line_with_the_reason()
    {
        var plain = Path.GetDirectoryName(_files.WriteText("plain/readme.md", "not a repository"))!;

        var (exit, _, error) = await RunCliAsync(_files.PathOf("cli.db"), "import", "git", plain, "--source", "code");

        Assert.Equal(1, exit);
        Assert.Contains($"Import of plain failed: {plain} is not a git repository.", error, StringComparison.Ordinal);
    }

    // ---------------------------------------------------------------- Excel export of hostile text

    [Fact]
    public async Task A_formula_title_imported_as_text_is_exported_as_quoted_text_never_as_a_formula()
    {
        await using var host = await IngestionHost.CreateAsync();
        var path = _files.WriteLines("formula.csv",
        [
            Utf8(ActivityHeader),
            Utf8($"f-1,2026-10-03T09:00:00Z,eve@example.com,,authored,fp-1,{Formula},,page,,,"),
        ]);
        await host.ImportAsync(ActivityCsvConnector.KindName, path, "files");

        using var output = new MemoryStream();
        await host.QueryAsync(db => new RawActivityExport(db).WriteAsync(output,
            new RawActivityFilter(new DateOnly(2026, 10, 1), new DateOnly(2026, 10, 31), Pseudonymise: false), CancellationToken.None));

        using var workbook = new XLWorkbook(new MemoryStream(output.ToArray()));
        var cell = workbook.Worksheet(1).Cell(2, RawActivityExport.Columns.ToList().FindIndex(c => c.Header == "Item") + 1);
        Assert.False(cell.HasFormula);
        Assert.Equal(XLDataType.Text, cell.DataType);
        Assert.Equal(Formula, cell.GetString());
        Assert.True(cell.Style.IncludeQuotePrefix);
    }

    // ---------------------------------------------------------------- helpers

    /// <summary>The rejections a corpus should give: each line with a reason, at its 1-based line number.</summary>
    private static List<(string Location, string Reason)> Expected(string file, (byte[] Line, string? Reason)[] rows, int skip) =>
        [.. rows.Select((r, i) => (Location: $"{file}:{i + 1}", r.Reason)).Skip(skip).Where(r => r.Reason is not null).Select(r => (r.Location, r.Reason!))];

    private static Task<List<string>> EmployeesAsync(IngestionHost host) => host.QueryAsync(db => db.Employees.AsNoTracking()
        .OrderBy(e => e.EmployeeNumber).Select(e => e.EmployeeNumber + "|" + e.DisplayName + "|" + e.Email + "|" + (e.Location ?? "")).ToListAsync());

    private static string StackExchangeFixtureDump(string name) => Path.Combine(AppContext.BaseDirectory, "Fixtures", "stackexchange", name);

    /// <summary>A DOCTYPE whose entity x either reads a local file (XXE) or expands to billions of characters.</summary>
    private static string Doctype(string root, string attack, string secretPath) => attack == "xxe"
        ? $"""<!DOCTYPE {root} [ <!ENTITY x SYSTEM "file://{secretPath}"> ]>"""
        : $"""<!DOCTYPE {root} [ <!ENTITY a "lol"> <!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;"> <!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;"> <!ENTITY d "&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;"> <!ENTITY e "&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;"> <!ENTITY f "&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;"> <!ENTITY g "&f;&f;&f;&f;&f;&f;&f;&f;&f;&f;"> <!ENTITY h "&g;&g;&g;&g;&g;&g;&g;&g;&g;&g;"> <!ENTITY x "&h;&h;&h;&h;&h;&h;&h;&h;&h;&h;"> ]>""";

    private static string WikiPage(int id, string title, int revision, string timestamp) => $"""
        <mediawiki xmlns="http://www.mediawiki.org/xml/export-0.11/" version="0.11">
          <page><title>{title}</title><ns>0</ns><id>{id}</id>
            <revision><id>{revision}</id><timestamp>{timestamp}</timestamp><contributor><username>Eve</username><id>77</id></contributor></revision>
          </page>
        </mediawiki>
        """;

    private static Task<CliRun> RunCliAsync(string database, params string[] args) => InProcessCli.RunAsync([.. args, "--db", database]);
}
