namespace Analytics.Tests.Support;

/// <summary>A test that needs a real SQL Server: runs where ANALYTICS_SQLSERVER holds a connection string to a
/// server where tests may create databases, and is reported as skipped everywhere else (never as passed).</summary>
public sealed class SqlServerFactAttribute : FactAttribute
{
    public const string Variable = "ANALYTICS_SQLSERVER";

    public SqlServerFactAttribute()
    {
        if (string.IsNullOrWhiteSpace(ConnectionString))
            Skip = $"Needs a SQL Server: set {Variable} to a connection string (docs/sqlserver.md).";
    }

    public static string? ConnectionString => Environment.GetEnvironmentVariable(Variable);
}
