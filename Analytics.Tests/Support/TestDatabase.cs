using Analytics.Domain.Persistence;
using Microsoft.Data.Sqlite;

namespace Analytics.Tests.Support;

/// <summary>A real, migrated SQLite database in a temporary file, deleted on dispose.</summary>
public sealed class TestDatabase : IAsyncDisposable
{
    private TestDatabase(string path) => Path = path;

    public string Path { get; }
    public string ConnectionString => $"Data Source={Path};Pooling=False";

    public static async Task<TestDatabase> CreateAsync(CancellationToken ct = default)
    {
        var folder = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "analytics-tests");
        Directory.CreateDirectory(folder);
        var database = new TestDatabase(System.IO.Path.Combine(folder, $"{Guid.NewGuid():N}.db"));
        await using var db = database.CreateContext();
        await new DatabaseInitializer(db).MigrateAsync(ct);
        return database;
    }

    public AnalyticsDbContext CreateContext() => DatabaseRegistration.CreateContext(DatabaseProvider.Sqlite, ConnectionString);

    public ValueTask DisposeAsync()
    {
        SqliteConnection.ClearAllPools();
        foreach (var suffix in new[] { "", "-wal", "-shm" })
            File.Delete(Path + suffix);
        return ValueTask.CompletedTask;
    }
}
