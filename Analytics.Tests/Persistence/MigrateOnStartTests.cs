using System.Net;
using Analytics.Domain.Persistence;
using Analytics.Tests.Support;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;

namespace Analytics.Tests.Persistence;

/// <summary><c>Database:MigrateOnStart</c>: hosts migrate on start, or (false) check the schema and stop with a clear message.</summary>
public sealed class MigrateOnStartTests
{
    [Fact]
    public void The_default_is_true_on_sqlite_and_false_on_sql_server()
    {
        Assert.True(new DatabaseOptions { Provider = DatabaseProvider.Sqlite }.ResolvedMigrateOnStart);
        Assert.False(new DatabaseOptions { Provider = DatabaseProvider.SqlServer, ConnectionString = "Server=x" }.ResolvedMigrateOnStart);
        Assert.True(new DatabaseOptions { Provider = DatabaseProvider.SqlServer, ConnectionString = "Server=x", MigrateOnStart = true }.ResolvedMigrateOnStart);
    }

    [Fact]
    public async Task Without_migrate_on_start_a_database_behind_the_migrations_is_refused_and_left_unchanged()
    {
        var path = Path.Combine(Path.GetTempPath(), "analytics-tests", $"{Guid.NewGuid():N}.db");
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        try
        {
            await using (var db = DatabaseRegistration.CreateContext(DatabaseProvider.Sqlite, $"Data Source={path};Pooling=False"))
            {
                var error = await Assert.ThrowsAsync<DatabaseUnavailableException>(() => new DatabaseInitializer(db, migrateOnStart: false).PrepareOnStartAsync(CancellationToken.None));
                Assert.Contains("Database:MigrateOnStart is false", error.Message, StringComparison.Ordinal);
                Assert.Contains("sql/analytics-deploy.sql", error.Message, StringComparison.Ordinal);
                Assert.Empty(await db.Database.GetAppliedMigrationsAsync());
            }

            await using (var db = DatabaseRegistration.CreateContext(DatabaseProvider.Sqlite, $"Data Source={path};Pooling=False"))
            {
                await new DatabaseInitializer(db, migrateOnStart: true).PrepareOnStartAsync(CancellationToken.None);
                Assert.Empty(await db.Database.GetPendingMigrationsAsync());
                // Up to date: the check passes and changes nothing.
                await new DatabaseInitializer(db, migrateOnStart: false).PrepareOnStartAsync(CancellationToken.None);
            }
        }
        finally
        {
            SqliteConnection.ClearAllPools();
            File.Delete(path);
        }
    }

    [Fact]
    public async Task The_web_app_with_migrate_on_start_false_stops_on_an_empty_database_naming_the_setting()
    {
        await using var web = new AnalyticsWebFactory(configure: b => b.UseSetting("Database:MigrateOnStart", "false"));

        var error = Assert.ThrowsAny<Exception>(() => web.CreateClient().Dispose());

        var unavailable = Assert.IsType<DatabaseUnavailableException>(error.GetBaseException());
        Assert.Contains("Database:MigrateOnStart", unavailable.Message, StringComparison.Ordinal);
        Assert.Contains("sql/analytics-deploy.sql", unavailable.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_web_app_with_migrate_on_start_false_starts_on_a_deployed_database()
    {
        await using var deployed = await TestDatabase.CreateAsync();
        var folder = Path.Combine(Path.GetTempPath(), "analytics-tests", $"web-{Guid.NewGuid():N}");
        Directory.CreateDirectory(folder);
        File.Copy(deployed.Path, Path.Combine(folder, DatabaseOptions.DefaultFileName));
        await using var web = new AnalyticsWebFactory(folder, b =>
        {
            b.UseSetting("Database:MigrateOnStart", "false");
            b.UseSetting("Demo:Enabled", "false");
        });

        using var client = web.CreateClient();
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/health")).StatusCode);
    }
}
