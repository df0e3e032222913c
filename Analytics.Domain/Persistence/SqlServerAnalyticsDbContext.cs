using Microsoft.EntityFrameworkCore;

namespace Analytics.Domain.Persistence;

/// <summary>The production target. Owns the migrations under Migrations/SqlServer; tables live in schema "analytics".</summary>
public sealed class SqlServerAnalyticsDbContext(DbContextOptions<SqlServerAnalyticsDbContext> options) : AnalyticsDbContext(options)
{
    public const string Schema = "analytics";

    public override DatabaseProvider Provider => DatabaseProvider.SqlServer;

    protected override void OnModelCreating(ModelBuilder builder)
    {
        builder.HasDefaultSchema(Schema);
        base.OnModelCreating(builder);
    }

    protected override void ConfigureConventions(ModelConfigurationBuilder configurationBuilder)
    {
        configurationBuilder.Properties<DateTime>().HaveColumnType("datetime2");
    }
}
