using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;

namespace Analytics.Domain.Persistence;

/// <summary>Creates and migrates the database. Safe to call on every start.</summary>
public sealed class DatabaseInitializer(AnalyticsDbContext db)
{
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
