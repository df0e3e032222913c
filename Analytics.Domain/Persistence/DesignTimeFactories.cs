using Microsoft.EntityFrameworkCore.Design;

namespace Analytics.Domain.Persistence;

/// <summary>Lets `dotnet ef migrations add` build each provider's model without a running app or server.</summary>
public sealed class SqliteDesignTimeFactory : IDesignTimeDbContextFactory<SqliteAnalyticsDbContext>
{
    public SqliteAnalyticsDbContext CreateDbContext(string[] args) =>
        (SqliteAnalyticsDbContext)DatabaseRegistration.CreateContext(DatabaseProvider.Sqlite, "Data Source=design-time.db");
}

public sealed class SqlServerDesignTimeFactory : IDesignTimeDbContextFactory<SqlServerAnalyticsDbContext>
{
    public SqlServerAnalyticsDbContext CreateDbContext(string[] args) =>
        (SqlServerAnalyticsDbContext)DatabaseRegistration.CreateContext(DatabaseProvider.SqlServer, "Server=design-time;Database=Analytics;Integrated Security=true;TrustServerCertificate=true");
}
