using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;

namespace Analytics.Domain.Persistence;

/// <summary>Creates and migrates the database. Safe to call on every start.</summary>
/// <param name="db">The database to create, migrate or check.</param>
/// <param name="migrateOnStart"><see cref="DatabaseOptions.ResolvedMigrateOnStart"/>; what <see cref="PrepareOnStartAsync"/> does.</param>
public sealed class DatabaseInitializer(AnalyticsDbContext db, bool migrateOnStart = true)
{
    /// <summary>
    /// What a host does when it starts: migrate (<c>Database:MigrateOnStart</c> true), or check that the database has
    /// every migration of this build and stop with a clear message if not (false: a DBA deploys the script).
    /// </summary>
    public async Task PrepareOnStartAsync(CancellationToken ct)
    {
        if (migrateOnStart)
        {
            await MigrateAsync(ct);
            return;
        }

        var pending = (await db.Database.GetPendingMigrationsAsync(ct)).ToList();
        if (pending.Count > 0)
        {
            throw new DatabaseUnavailableException(
                $"The {db.Provider} database lacks {pending.Count} migration(s) of this version (latest: {pending[^1]}) and " +
                "Database:MigrateOnStart is false, so nothing was changed. Deploy the schema first: run sql/analytics-deploy.sql " +
                "(sqlcmd -I -b -i sql/analytics-deploy.sql) or `analytics migrate` with a login that may change the schema, " +
                "or set Database:MigrateOnStart=true.");
        }
    }

    public async Task MigrateAsync(CancellationToken ct)
    {
        if (db.Provider == DatabaseProvider.Sqlite)
        {
            var builder = new SqliteConnectionStringBuilder(db.Database.GetConnectionString());
            if (!string.IsNullOrEmpty(builder.DataSource) && builder.DataSource != ":memory:" && builder.Mode != SqliteOpenMode.Memory)
            {
                var folder = Path.GetDirectoryName(Path.GetFullPath(builder.DataSource));
                if (folder is not null)
                    CreateFolder(folder);
            }
        }

        await db.Database.MigrateAsync(ct);

        if (db.Provider == DatabaseProvider.Sqlite)
        {
            // WAL lets the dashboard read while the command line or a job writes. It is a property
            // of the file, so setting it once after creation is enough; repeating it is harmless.
            await db.Database.ExecuteSqlRawAsync("PRAGMA journal_mode=WAL;", ct);
        }
    }

    private static void CreateFolder(string folder)
    {
        try
        {
            Directory.CreateDirectory(folder);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new DatabaseUnavailableException($"Cannot create the database folder {folder}: {ex.Message}", ex);
        }
    }
}
