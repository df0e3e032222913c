using System.Globalization;
using System.Runtime.CompilerServices;
using System.Security.Claims;
using Analytics.Domain.Metrics;
using Analytics.Domain.Persistence;
using Analytics.Domain.Recognition;
using Analytics.Domain.Reports;
using Analytics.Jobs.Ingestion.HrDirectory;
using Analytics.Jobs.Ingestion.Identity;
using Analytics.Jobs.Recognition;
using Analytics.Jobs.Reports.Monthly;
using Analytics.Tests.Ingestion;
using Analytics.Web.Access;
using Analytics.Web.Recognition;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Analytics.Domain.Knowledge;
using Analytics.Jobs.Aggregation;
using Analytics.Jobs.Demo;
using Analytics.Jobs.Ingestion;
using Analytics.Jobs.Ingestion.Runner;
using Analytics.Jobs.Metrics;
using Analytics.Jobs.Retention;
using Analytics.Jobs.Scoring;
using Xunit.Abstractions;
using static Analytics.Tests.Persistence.SqlServer.ServerlessSqlServer;

namespace Analytics.Tests.Persistence.SqlServer;

/// <summary>
/// Every transactional unit on the production SQL Server configuration, without a server (ADR 1420): no provider
/// exception, every statement parses as T-SQL, none carries more than 2,100 parameters.
/// </summary>
public sealed class ServerlessSqlServerTests(ITestOutputHelper output)
{
    private static DateTime At(int day) => new(2026, 10, day, 12, 0, 0, DateTimeKind.Utc);

    [Fact]
    public async Task Ingestion_batch_stages_and_merges_activities_and_inserts_accounts_persons_and_items()
    {
        await using var server = Create(settings: new Dictionary<string, string?> { ["Ingestion:BatchSize"] = "2500" });
        server.Answer("[SourceSystems]", Row(("Cursor", null), ("Location", null)));
        var records = Enumerable.Range(0, 3000).Select(SourceRecord (i) => new ActivityRecord(
            new RecordLocation("serverless", i), $"{i}", $"event-{i}", ActivityType.Viewed, At(1 + (i % 20)),
            new AccountRef($"user-{i % 700}", $"User {i % 700}", $"user{i % 700}@example.com", $"user{i % 700}"),
            new ItemRef($"page-{i % 400}", "page", $"Page {i % 400}")));

        var result = await server.RunAsync<IngestionRunner, IngestionResult>(r =>
            r.RunAsync(1, new Records([.. records]), new IngestionRequest("test"), null, CancellationToken.None));

        Assert.Null(result.Error);
        Assert.Equal(3000, result.Read);
        // Batches of 2,500 merged in chunks of at most 2,000 rows (ADR 1403).
        Assert.Equal([("#ActivityStaging", 2000), ("#ActivityStaging", 500), ("#ActivityStaging", 500)], server.BulkLoads.Select(b => (b.Table, b.Rows)));
        Assert.Contains(server.Commands, c => c.Text.Contains("MERGE", StringComparison.Ordinal) && c.Text.Contains("#ActivityStaging", StringComparison.Ordinal));
        server.AssertSound(output, minimumCommits: 2);
    }

    [Fact]
    public async Task An_import_meeting_employees_locks_their_rows_before_it_looks_for_their_persons()
    {
        await using var server = Create();
        server.Answer("[SourceSystems]", Row(("Cursor", null), ("Location", null)));
        server.Answer("SELECT [e].[Email], [e].[Id]", Row(("Email", "ada@example.com"), ("Id", 5)), Row(("Email", "bob@example.com"), ("Id", 6)));
        SourceRecord[] records =
        [
            new ActivityRecord(new RecordLocation("serverless", 1), "1", "e-1", ActivityType.Authored, At(1),
                new AccountRef("ada", "Ada", "ada@example.com", "ada"), new ItemRef("page-1", "page", "Page 1")),
            new ActivityRecord(new RecordLocation("serverless", 2), "2", "e-2", ActivityType.Authored, At(2),
                new AccountRef("bob", "Bob", "bob@example.com", "bob"), new ItemRef("page-2", "page", "Page 2")),
        ];

        var result = await server.RunAsync<IngestionRunner, IngestionResult>(r =>
            r.RunAsync(1, new Records(records), new IngestionRequest("test"), null, CancellationToken.None));

        Assert.Null(result.Error);
        server.AssertSound(output);
        var statements = server.Commands.Select(c => c.Text).ToList();
        var locked = statements.FindIndex(t => t.Contains("[Employees] WITH (UPDLOCK, ROWLOCK)", StringComparison.Ordinal));
        var persons = statements.FindIndex(t => t.Contains("FROM [analytics].[Persons]", StringComparison.Ordinal) && t.Contains("[EmployeeId] IS NOT NULL", StringComparison.Ordinal));
        Assert.True(locked >= 0, "the employees' rows are locked");
        Assert.True(persons > locked, "their persons are read after the lock, in the same transaction");
    }

    [Fact]
    public async Task Aggregation_day()
    {
        await using var server = Create();
        server.Answer("ORDER BY [d].[Day]", Row(("Day", new DateOnly(2026, 10, 1))));
        server.Answer("[Activities]", 3);
        await server.RunAsync<Aggregator>(a => a.RunAsync(full: false, CancellationToken.None));
        server.AssertSound(output);
        // The month's roll-ups and person totals are rewritten in the day's transaction (hand-written INSERT ... SELECT, parsed above).
        Assert.Contains(server.Commands, c => c.Text.StartsWith("INSERT INTO [analytics].[MonthlyPersonMetrics]", StringComparison.Ordinal));
        Assert.Contains(server.Commands, c => c.Text.StartsWith("INSERT INTO [analytics].[MonthlyPersonTotals]", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Answer_figures_read_the_askings_and_their_answers_in_one_narrow_statement()
    {
        await using var server = Create();
        // Accounts with their persons' bot flags (SQL Server's bit reads as a bool), the answers (a self-answer first, out of
        // time order), then two askings: the first answered by someone else the next day, the second not at all.
        server.Answer("[SourceAccounts]",
            Row(("Id", 31), ("PersonId", 21), ("IsBot", false), ("PersonIsBot", false)),
            Row(("Id", 32), ("PersonId", 22), ("IsBot", false), ("PersonIsBot", false)));
        DateTime Oct(int day, int hour) => new(2026, 10, day, hour, 0, 0);
        server.Answer("[AnswerFacts]",
            Row(("QuestionItemId", 100L), ("AnsweredAt", Oct(6, 11)), ("ActorAccountId", 32), ("AuthorAccountId", 32)),
            Row(("QuestionItemId", 100L), ("AnsweredAt", Oct(5, 10)), ("ActorAccountId", 31), ("AuthorAccountId", 31)));
        server.Answer("[QuestionFacts]",
            Row(("ItemId", 100L), ("AskerAccountId", 31), ("AskedAt", Oct(5, 9))),
            Row(("ItemId", 101L), ("AskerAccountId", 32), ("AskedAt", Oct(7, 9))));

        var askings = await server.RunAsync<AnalyticsDbContext, IReadOnlyList<BarriersQuery.Asking>>(db =>
            BarriersQuery.AskingsAsync(db, Oct(1, 0), new DateTime(2026, 11, 1), CancellationToken.None));

        Assert.Equal([new BarriersQuery.Asking(100, 21, Oct(5, 9), Oct(6, 11)), new BarriersQuery.Asking(101, 22, Oct(7, 9), null)], askings.OrderBy(a => a.ItemId));
        var answers = Assert.Single(server.Commands, c => c.Text.Contains("FROM [analytics].[AnswerFacts]", StringComparison.Ordinal));
        Assert.Contains("[QuestionItemId] IN (SELECT q.[ItemId] FROM [analytics].[QuestionFacts] q", answers.Text, StringComparison.Ordinal);
        Assert.Equal(3, answers.Parameters);
        server.AssertSound(output, minimumCommits: 0);
    }

    [Fact]
    public async Task Person_totals_by_month_add_up_a_persons_rows_of_two_departments()
    {
        await using var server = Create();
        // SQL Server's date reads as a DateTime; person 21 changed department in October, so has two rows there.
        DateTime Month(int month) => new(2026, month, 1);
        server.Answer("[MonthlyPersonTotals]",
            Row(("Month", Month(10)), ("PersonId", 21), ("ContributionRows", 2), ("Contributions", 5), ("Reuse", 1.5), ("CrossTeam", 0.5), ("Completions", 1), ("MentoringHours", 2.0)),
            Row(("Month", Month(10)), ("PersonId", 21), ("ContributionRows", 1), ("Contributions", 3), ("Reuse", 2.0), ("CrossTeam", 1.0), ("Completions", 0), ("MentoringHours", 0.5)),
            Row(("Month", Month(10)), ("PersonId", 22), ("ContributionRows", 0), ("Contributions", 0), ("Reuse", 4.0), ("CrossTeam", 4.0), ("Completions", 0), ("MentoringHours", 0.0)),
            Row(("Month", Month(11)), ("PersonId", 21), ("ContributionRows", 1), ("Contributions", 1), ("Reuse", 0.0), ("CrossTeam", 0.0), ("Completions", 0), ("MentoringHours", 0.0)));

        var sums = await server.RunAsync<AnalyticsDbContext, List<PersonMonthSums>>(db =>
            MetricsQuery.RollupSumsByPersonAndMonthAsync(db, new DateOnly(2026, 10, 1), new DateOnly(2026, 11, 1), withDepartmentOnly: true, CancellationToken.None));

        Assert.Equal(
            [
                new PersonMonthSums(new DateOnly(2026, 10, 1), 21, 3, 8, 3.5, 1.5, 1, 2.5),
                new PersonMonthSums(new DateOnly(2026, 10, 1), 22, 0, 0, 4.0, 4.0, 0, 0.0),
                new PersonMonthSums(new DateOnly(2026, 11, 1), 21, 1, 1, 0.0, 0.0, 0, 0.0),
            ], sums);
        var read = Assert.Single(server.Commands, c => c.Text.Contains("[MonthlyPersonTotals]", StringComparison.Ordinal));
        Assert.Contains("ORDER BY m.[Month], m.[PersonId], m.[DepartmentId]", read.Text, StringComparison.Ordinal);
        Assert.DoesNotContain("OPENJSON", read.Text, StringComparison.Ordinal);
        Assert.Equal(2, read.Parameters);
        server.AssertSound(output, minimumCommits: 0);
    }

    [Fact]
    public async Task Month_close()
    {
        await using var server = Create();
        // September's expertise roll-up in two segments (ADR 2306): the close joins them.
        server.Answer("SELECT DISTINCT [m].[FirstDay], [m].[LastDay]",
            Row(("FirstDay", new DateOnly(2026, 9, 1)), ("LastDay", new DateOnly(2026, 9, 29))), Row(("FirstDay", new DateOnly(2026, 9, 30)), ("LastDay", new DateOnly(2026, 9, 30))));
        await server.RunAsync<MonthCloser>(m => m.CloseAsync(new DateOnly(2026, 9, 1), "test", CancellationToken.None));
        server.AssertSound(output);
        Assert.Contains(server.Commands, c => c.Text.StartsWith("DELETE FROM [m]", StringComparison.Ordinal) && c.Text.Contains("[analytics].[MonthlyExpertise]", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Retention_purge()
    {
        await using var server = Create(settings: new Dictionary<string, string?> { ["Retention:RawActivityMonths"] = "6" });
        // A full batch of ids: the delete that follows names each of them.
        server.Answer("ORDER BY [a].[OccurredAt], [a].[Id]", [.. Enumerable.Range(1, new RetentionOptions().BatchSize).Select(i => Row(("Id", (long)i)))]);
        await server.RunAsync<RetentionPurger>(p => p.PurgeAsync(dryRun: false, "test", CancellationToken.None));
        server.AssertSound(output);
    }

    [Fact]
    public async Task Scoring_rule_change()
    {
        await using var server = Create();
        await server.RunAsync<ScoringRuleStore>(s => s.ChangeAsync(
            new ScoringRuleChange(ActivityType.Authored, 5, 7, 10, 3, new DateOnly(2026, 11, 1)), "test", CancellationToken.None));
        server.AssertSound(output);
    }

    [Fact]
    public async Task Demo_seed()
    {
        await using var server = Create();
        await server.RunAsync<DemoSeeder>(d => d.SeedAsync(new DemoOptions { Employees = 60, Months = 2 }, CancellationToken.None));
        server.AssertSound(output);
    }

    [Fact]
    public async Task Award_spends_the_budget_and_stores_the_award_in_one_transaction()
    {
        await using var server = Create(Manager(giver: 3));
        server.Answer("[OrgAssignments]", Row(("EmployeeId", 7), ("Manager", 3)));
        var result = await server.RunAsync<AwardDesk, AwardResult>(d => d.AwardAsync(
            new AwardRequest(7, RecognitionCategory.Mentoring, "Thank you for the onboarding guide", 20, null), CancellationToken.None));

        Assert.Equal(AwardOutcome.Awarded, result.Outcome);
        Assert.Contains(server.Commands, c => c.Text.Contains("UPDATE [r]", StringComparison.Ordinal) && c.Text.Contains("[Spent]", StringComparison.Ordinal));
        Assert.Contains(server.Commands, c => c.Text.Contains("INSERT INTO [analytics].[RecognitionAwards]", StringComparison.Ordinal));
        server.AssertSound(output, minimumCommits: 2);
    }

    [Fact]
    public async Task Budget_change()
    {
        await using var server = Create(Manager(giver: 3));
        server.Answer("[Employees]", 1); // the manager exists
        var change = await server.RunAsync<RecognitionBudgets, BudgetChange>(b => b.SetAsync(3, Quarter.Of(At(1)), 400, "hr", CancellationToken.None));
        Assert.True(change.Succeeded, change.Error);
        server.AssertSound(output, minimumCommits: 2);
    }

    [Fact]
    public async Task Identity_accept_links_the_person_and_marks_its_days()
    {
        await using var server = Create();
        server.Answer("[IdentitySuggestions]", Row(("Status", 0L), ("PersonId", 21), ("EmployeeId", 5)));
        server.Answer("[Persons]"); // the employee has no person yet
        server.Answer("[Persons]", Row(("Id", 21), ("EmployeeId", null)));
        server.Answer("[SourceAccounts]", Row(("Id", 31)), Row(("Id", 32)));
        await server.RunAsync<IdentityResolver>(r => r.AcceptAsync(9, "hr", CancellationToken.None));
        Assert.Contains(server.Commands, c => c.Text.Contains("UPDATE [analytics].[Persons]", StringComparison.Ordinal));
        Assert.Contains(server.Commands, c => c.Text.Contains("[Employees] WITH (UPDLOCK, ROWLOCK)", StringComparison.Ordinal));
        server.AssertSound(output);
    }

    [Fact]
    public async Task Identity_merge_moves_the_accounts()
    {
        await using var server = Create();
        server.Answer("[Persons]", Row(("Id", 21), ("EmployeeId", null)));
        // The person and its one account share the column name Id in the answer, so the account is 22 as well.
        server.Answer("[Persons]", Row(("Id", 22), ("EmployeeId", 5), ("PersonId", 22)));
        await server.RunAsync<IdentityResolver>(r => r.MergeAsync(21, 22, "hr", CancellationToken.None));
        server.AssertSound(output);
        Assert.Contains(server.Commands, c => c.Text.Contains("UPDATE [analytics].[SourceAccounts]", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Identity_split_gives_the_account_a_person_of_its_own()
    {
        await using var server = Create();
        server.Answer("[SourceAccounts]", Row(("Id", 31), ("PersonId", 21), ("DisplayName", "Ada")));
        var person = await server.RunAsync<IdentityResolver, int>(r => r.SplitAsync(31, "hr", CancellationToken.None));
        Assert.NotEqual(21, person);
        server.AssertSound(output);
    }

    [Fact]
    public async Task Hr_directory_import()
    {
        await using var server = Create();
        server.Answer("[SourceSystems]", Row(("Cursor", null))); // no earlier run of this file to resume
        var result = await server.RunAsync<HrDirectoryImporter, IngestionResult>(i =>
            i.ImportAsync(1, IngestionHost.Fixture("hr-directory-v1.csv"), "test", CancellationToken.None));
        Assert.Null(result.Error);
        server.AssertSound(output);
        Assert.Contains(server.Commands, c => c.Text.Contains("MERGE [analytics].[Employees]", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Monthly_report_archive()
    {
        await using var server = Create();
        var report = await server.RunAsync<MonthlyReportArchive, StoredReport>(a =>
            a.GenerateAsync(ReportingPeriod.Month(2026, 9), "test", CancellationToken.None));
        Assert.Equal(1, report.Version);
        Assert.Contains(server.Commands, c => c.Text.Contains("INSERT INTO [analytics].[StoredReports]", StringComparison.Ordinal));
        server.AssertSound(output);
    }

    /// <summary>The web services an award needs, for a signed-in manager linked to employee <paramref name="giver"/>.</summary>
    private static Action<IServiceCollection> Manager(int giver) => services =>
    {
        var user = new ClaimsPrincipal(new ClaimsIdentity(
            [new Claim(ClaimTypes.Name, "manager"), new Claim(ClaimTypes.Role, Roles.Manager),
             new Claim(CurrentViewer.EmployeeIdClaim, giver.ToString(CultureInfo.InvariantCulture))], "test"));
        services.AddSingleton<IHttpContextAccessor>(new HttpContextAccessor { HttpContext = new DefaultHttpContext { User = user } });
        services.AddOptions<RecognitionOptions>();
        services.AddScoped<ReportingLine>();
        services.AddScoped<CurrentViewer>();
        services.AddScoped<RecognitionBudgets>();
        services.AddScoped<AwardDesk>();
    };

    private sealed class Records(IReadOnlyList<SourceRecord> records) : ISourceConnector
    {
        public string Kind => "serverless";

        public async IAsyncEnumerable<SourceRecord> ReadAsync(SourceCursor since, [EnumeratorCancellation] CancellationToken ct)
        {
            foreach (var record in records)
                yield return record;
            await Task.CompletedTask;
        }
    }
}
