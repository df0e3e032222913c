using System.ComponentModel.DataAnnotations;

namespace Analytics.Domain.Persistence;

/// <summary>Which database the web app and the command line use. Both read the same section, so they share one database.</summary>
public sealed class DatabaseOptions : IValidatableObject
{
    public const string Section = "Database";
    public const string DefaultFileName = "analytics.db";

    public DatabaseProvider Provider { get; set; } = DatabaseProvider.Sqlite;

    /// <summary>Required for SQL Server. For SQLite, overrides the file under <see cref="DataFolder"/>.</summary>
    public string? ConnectionString { get; set; }

    /// <summary>
    /// Folder of the embedded database and other local state. Default: the user's local application
    /// data folder, e.g. ~/.local/share/KnowledgeAnalytics on Linux.
    /// </summary>
    public string? DataFolder { get; set; }

    /// <summary>
    /// Whether the web app and the command line apply pending migrations when they start. Default: true on SQLite (the
    /// embedded database creates itself), false on SQL Server (a DBA deploys sql/analytics-deploy.sql and the app's login
    /// needs no DDL rights). When false, a database behind the migrations stops the start with a message naming this
    /// setting and the deploy script. <c>analytics migrate</c> always migrates.
    /// </summary>
    public bool? MigrateOnStart { get; set; }

    /// <summary>
    /// Command timeout of SQL Server commands run by jobs and the command line (a day's recompute, a merge, a purge
    /// batch at volume may take minutes). Page requests keep the provider's 30 s. SQLite ignores it: there the command
    /// timeout is the busy timeout of the connection (`Default Timeout`).
    /// </summary>
    [System.ComponentModel.DataAnnotations.Range(30, 86_400)]
    public int JobCommandTimeoutSeconds { get; set; } = 600;

    public bool ResolvedMigrateOnStart => MigrateOnStart ?? Provider == DatabaseProvider.Sqlite;

    public static string DefaultDataFolder =>
        System.IO.Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.LocalApplicationData, Environment.SpecialFolderOption.DoNotVerify), "KnowledgeAnalytics");

    public string ResolvedDataFolder => string.IsNullOrWhiteSpace(DataFolder) ? DefaultDataFolder : System.IO.Path.GetFullPath(DataFolder);

    public string ResolvedConnectionString => Provider switch
    {
        DatabaseProvider.Sqlite when string.IsNullOrWhiteSpace(ConnectionString) =>
            $"Data Source={System.IO.Path.Combine(ResolvedDataFolder, DefaultFileName)}",
        _ => ConnectionString ?? throw new InvalidOperationException("Database:ConnectionString is required for SQL Server."),
    };

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (Provider == DatabaseProvider.SqlServer && string.IsNullOrWhiteSpace(ConnectionString))
            yield return new ValidationResult("Database:ConnectionString is required when Database:Provider is SqlServer.", [nameof(ConnectionString)]);
    }
}
