namespace Analytics.Jobs.Ingestion.Sql;

/// <summary>
/// The hand-written T-SQL of ingestion, kept in .sql files embedded in this assembly so that a test can
/// parse every one of them with ScriptDom (no SQL Server runs on our machines).
/// </summary>
public static class SqlScripts
{
    public const string CreateActivityStaging = "CreateActivityStaging.sql";
    public const string MergeActivities = "MergeActivities.sql";

    private const string Prefix = "Analytics.Jobs.Ingestion.Sql.";

    public static IEnumerable<string> Names =>
        typeof(SqlScripts).Assembly.GetManifestResourceNames()
            .Where(n => n.StartsWith(Prefix, StringComparison.Ordinal) && n.EndsWith(".sql", StringComparison.Ordinal))
            .Select(n => n[Prefix.Length..]);

    public static string Load(string name)
    {
        using var stream = typeof(SqlScripts).Assembly.GetManifestResourceStream(Prefix + name)
            ?? throw new InvalidOperationException($"Embedded SQL script '{name}' is missing from {typeof(SqlScripts).Assembly.GetName().Name}.");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }
}
