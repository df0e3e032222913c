using Analytics.Domain.Persistence;
using Analytics.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using Microsoft.EntityFrameworkCore.Migrations.Operations;

namespace Analytics.Tests.Persistence;

public sealed class MigrationTests
{
    public static TheoryData<DatabaseProvider> Providers => [DatabaseProvider.Sqlite, DatabaseProvider.SqlServer];

    private static AnalyticsDbContext OfflineContext(DatabaseProvider provider) => DatabaseRegistration.CreateContext(provider,
        provider == DatabaseProvider.Sqlite ? "Data Source=:memory:" : "Server=offline;Database=Analytics;TrustServerCertificate=true");

    [Theory]
    [MemberData(nameof(Providers))]
    public void Each_provider_has_migrations(DatabaseProvider provider)
    {
        using var db = OfflineContext(provider);
        var migrations = db.GetService<IMigrationsAssembly>().Migrations;
        Assert.NotEmpty(migrations);
        // Each provider owns its own folder: a migration of one must never be picked up by the other.
        var expectedNamespace = $"Analytics.Domain.Migrations.{provider}";
        Assert.All(migrations.Values, type => Assert.Equal(expectedNamespace, type.Namespace));
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public void The_model_has_no_changes_missing_from_the_migrations(DatabaseProvider provider)
    {
        using var db = OfflineContext(provider);
        Assert.False(db.Database.HasPendingModelChanges(),
            $"The {provider} model differs from its migrations: run .ci/add-migration NAME.");
    }

    [Fact]
    public async Task Migrating_an_empty_sqlite_file_creates_every_table_of_the_model()
    {
        await using var database = await TestDatabase.CreateAsync();
        await using var db = database.CreateContext();

        var applied = await db.Database.GetAppliedMigrationsAsync();
        Assert.Equal(db.Database.GetMigrations(), applied);

        var connection = db.Database.GetDbConnection();
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT name FROM sqlite_master WHERE type = 'table'";
        var tables = new HashSet<string>(StringComparer.Ordinal);
        await using (var reader = await command.ExecuteReaderAsync())
        {
            while (await reader.ReadAsync())
                tables.Add(reader.GetString(0));
        }

        var expected = db.Model.GetEntityTypes().Select(e => e.GetTableName()).OfType<string>().Distinct().ToList();
        Assert.True(expected.Count >= 25, $"expected the whole data model, found {expected.Count} tables");
        Assert.All(expected, table => Assert.Contains(table, tables));
    }

    [Fact]
    public async Task The_expertise_roll_up_is_rewritten_in_topic_order_with_every_row_kept()
    {
        await using var w = await Metrics.Support.MetricsWorld.CreateAsync();
        var company = await w.DepartmentAsync("CO");
        var people = new[] { await w.PersonAsync("a", company), await w.PersonAsync("b", company) };
        // Stored as an older aggregator left them: in no order of topics, person or type.
        var random = new Random(5);
        var rows = Enumerable.Range(0, 60).Select(i => new Domain.Aggregation.MonthlyExpertise
        {
            Month = new DateOnly(2026, 9 + i % 2, 1), PersonId = people[random.Next(2)].PersonId,
            Topics = $"topic-{random.Next(8)}|topic-{random.Next(8, 12)}", Type = (Domain.Knowledge.ActivityType)random.Next(1, 9),
            Events = i + 1, QuantityEvents = i, Quantity = i * 1.5, Weighted = i * 0.25,
        }).ToList();
        w.Db.MonthlyExpertise.AddRange(rows);
        await w.Db.SaveChangesAsync();
        static (DateOnly, int, string, Domain.Knowledge.ActivityType, int, int, double, double) Values(Domain.Aggregation.MonthlyExpertise e) =>
            (e.Month, e.PersonId, e.Topics, e.Type, e.Events, e.QuantityEvents, e.Quantity, e.Weighted);
        var before = rows.Select(Values).Order().ToList();

        // Back to the migration before it (its Down leaves the rows) and forward again.
        var migrations = w.Db.Database.GetMigrations().ToList();
        var index = migrations.FindIndex(m => m.EndsWith("_ExpertiseRollupInTopicOrder", StringComparison.Ordinal));
        Assert.True(index > 0, "the migration exists");
        var migrator = w.Db.GetService<IMigrator>();
        await migrator.MigrateAsync(migrations[index - 1]);
        await migrator.MigrateAsync();

        w.Db.ChangeTracker.Clear();
        var after = await w.Db.MonthlyExpertise.AsNoTracking().OrderBy(e => e.Id).ToListAsync();
        Assert.Equal(before, after.Select(Values).Order().ToList());
        Assert.Equal(after.OrderBy(e => e.Month).ThenBy(e => e.Topics, StringComparer.Ordinal).ThenBy(e => e.PersonId).ThenBy(e => e.Type).Select(Values),
            after.Select(Values));
    }

    [Fact]
    public async Task The_person_totals_of_an_existing_database_are_backfilled_as_the_aggregator_writes_them()
    {
        await using var w = await Metrics.Support.MetricsWorld.CreateAsync();
        var company = await w.DepartmentAsync("CO");
        var a = await w.DepartmentAsync("A", company);
        var b = await w.DepartmentAsync("B", company);
        var ann = await w.PersonAsync("ann", a);
        var ben = await w.PersonAsync("ben", b);
        var outsider = await w.PersonAsync("outsider", null);
        var page = await w.ItemAsync(ann);
        static DateTime At(int month, int day) => new(2026, month, day, 12, 0, 0, DateTimeKind.Utc);
        await w.ActAsync(Domain.Knowledge.ActivityType.Authored, ann, page, At(9, 3));
        await w.ActAsync(Domain.Knowledge.ActivityType.Viewed, ben, page, At(9, 4), quantity: 3);
        await w.ActAsync(Domain.Knowledge.ActivityType.Upvoted, outsider, page, At(10, 5));
        await w.ActAsync(Domain.Knowledge.ActivityType.Mentored, ben, null, At(10, 6), quantity: 1.5);
        await w.ActAsync(Domain.Knowledge.ActivityType.Completed, ann, null, At(10, 7));
        await w.TransferAsync(ann, b, new DateOnly(2026, 10, 15));
        await w.ActAsync(Domain.Knowledge.ActivityType.Edited, ann, page, At(10, 20));
        await w.AggregateAsync();
        static (DateOnly, int, int?, int, int, double, double, int, double) Values(Domain.Aggregation.MonthlyPersonTotal t) =>
            (t.Month, t.PersonId, t.DepartmentId, t.ContributionRows, t.Contributions, t.Reuse, t.CrossTeam, t.Completions, t.MentoringHours);
        var written = (await w.Db.MonthlyPersonTotals.AsNoTracking().ToListAsync()).Select(Values).Order().ToList();
        Assert.Contains(written, t => t.Item2 == ann.PersonId && t.Item1 == new DateOnly(2026, 10, 1) && t.Item3 == b.Id && t.Item5 == 1);

        // Back to the migration before the table (its Down drops it) and forward again: the backfill from the roll-ups.
        var migrations = w.Db.Database.GetMigrations().ToList();
        var index = migrations.FindIndex(m => m.EndsWith("_MonthlyPersonTotals", StringComparison.Ordinal));
        Assert.True(index > 0, "the migration exists");
        var migrator = w.Db.GetService<IMigrator>();
        await migrator.MigrateAsync(migrations[index - 1]);
        await migrator.MigrateAsync();

        w.Db.ChangeTracker.Clear();
        Assert.Equal(written, (await w.Db.MonthlyPersonTotals.AsNoTracking().ToListAsync()).Select(Values).Order().ToList());
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public void The_person_totals_backfill_sums_as_the_aggregator_does(DatabaseProvider provider)
    {
        using var db = OfflineContext(provider);
        var migrations = db.GetService<IMigrationsAssembly>();
        var id = migrations.Migrations.Keys.Single(k => k.EndsWith("_MonthlyPersonTotals", StringComparison.Ordinal));
        var migration = migrations.CreateMigration(migrations.Migrations[id], db.Database.ProviderName!);
        var backfill = Assert.Single(migration.UpOperations.OfType<SqlOperation>());
        // The migration's statement is fixed text; the aggregator's columns are built from the activity types. One list.
        Assert.Contains(Jobs.Aggregation.MonthlyRollups.TotalsSums, backfill.Sql, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Migrating_twice_is_harmless()
    {
        await using var database = await TestDatabase.CreateAsync();
        await using var db = database.CreateContext();
        await new DatabaseInitializer(db).MigrateAsync(CancellationToken.None);
        Assert.Empty(await db.Database.GetPendingMigrationsAsync());
    }

    [Fact]
    public async Task The_database_refuses_to_overspend_a_recognition_budget()
    {
        await using var database = await TestDatabase.CreateAsync();
        await using var db = database.CreateContext();
        var manager = new Domain.Organisation.Employee { EmployeeNumber = "M1", DisplayName = "Manager", Email = "m@example.com" };
        db.Add(new Domain.Recognition.RecognitionBudget { Manager = manager, Year = 2026, Quarter = 4, Points = 100, Spent = 100 });
        await db.SaveChangesAsync();

        var overspent = await db.RecognitionBudgets.ExecuteUpdateAsync(s => s.SetProperty(b => b.Spent, b => b.Spent + 1))
            .ContinueWith(t => t.Exception?.GetBaseException(), TaskScheduler.Default);
        Assert.NotNull(overspent);
        Assert.Contains("CK_RecognitionBudgets_NotOverspent", overspent.Message, StringComparison.Ordinal);
    }
}
