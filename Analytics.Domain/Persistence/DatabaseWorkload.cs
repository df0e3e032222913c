namespace Analytics.Domain.Persistence;

/// <summary>
/// What the contexts of one DI scope serve. A Hangfire job and a command-line run set <see cref="IsJob"/> before they
/// resolve a context, so their SQL Server commands get <see cref="DatabaseOptions.JobCommandTimeoutSeconds"/>; page
/// requests keep the provider's 30 s (ADR 1403).
/// </summary>
public sealed class DatabaseWorkload
{
    public bool IsJob { get; set; }
}
