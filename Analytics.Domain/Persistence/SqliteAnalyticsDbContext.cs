using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;

namespace Analytics.Domain.Persistence;

/// <summary>The embedded default. Owns the migrations under Migrations/Sqlite.</summary>
public sealed class SqliteAnalyticsDbContext(DbContextOptions<SqliteAnalyticsDbContext> options) : AnalyticsDbContext(options)
{
    public override DatabaseProvider Provider => DatabaseProvider.Sqlite;

    // An in-memory database is private to its connection, unless it is named and its cache shared (Mode=Memory;Cache=Shared).
    protected override bool HasSharedDatabase(string connectionString)
    {
        var builder = new SqliteConnectionStringBuilder(connectionString);
        var inMemory = builder.Mode == SqliteOpenMode.Memory || builder.DataSource is "" or ":memory:";
        return !inMemory || (builder.Mode == SqliteOpenMode.Memory && builder.Cache == SqliteCacheMode.Shared && builder.DataSource is not "");
    }

    protected override AnalyticsDbContext WithOptions(IDbContextOptions options) =>
        new SqliteAnalyticsDbContext((DbContextOptions<SqliteAnalyticsDbContext>)options);

    protected override void ConfigureConventions(ModelConfigurationBuilder configurationBuilder)
    {
        // SQLite has no offset-aware type: EF cannot order or compare DateTimeOffset stored as text.
        // Binary (UTC ticks with offset) sorts and compares as a number.
        configurationBuilder.Properties<DateTimeOffset>().HaveConversion<DateTimeOffsetToBinaryConverter>();
        configurationBuilder.Properties<DateTimeOffset?>().HaveConversion<DateTimeOffsetToBinaryConverter>();
    }
}
