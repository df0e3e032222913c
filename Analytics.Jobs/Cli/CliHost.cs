using System.CommandLine;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Analytics.Jobs.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Data.Sqlite;
using Analytics.Domain.Persistence;
using Microsoft.EntityFrameworkCore;

namespace Analytics.Jobs.Cli;

/// <summary>The services a command needs, configured like the web app (appsettings, environment) plus --db/--provider.</summary>
public static class CliHost
{
    public static IHost Build(ParseResult parse)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings
        {
            ContentRootPath = AppContext.BaseDirectory,
            Args = [],
        });
        builder.Configuration.AddInMemoryCollection(CliOptions.ToConfiguration(parse));
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.AddAnalyticsJobs();
        return builder.Build();
    }

    /// <summary>Exit code of a command that could not open, create or write its database (missing folder, read-only, locked).</summary>
    public const int DatabaseUnavailable = 4;

    /// <summary>Exit code of a command that waited for a lock another process holds (Jobs:LockTimeout, Ingestion:SourceLockTimeout) in vain.</summary>
    public const int LockBusy = 5;

    /// <summary>
    /// Runs <paramref name="body"/> in a DI scope; a scope per command mirrors a scope per Hangfire job. A database
    /// that cannot be used ends the command with one clear line and exit code 4 instead of a stack trace; what was
    /// committed before stays committed (batches, cursors and aggregated days are each one transaction).
    /// </summary>
    public static async Task<int> RunAsync(ParseResult parse, Func<IServiceProvider, Task<int>> body)
    {
        using var host = Build(parse);
        await using var scope = host.Services.CreateAsyncScope();
        scope.ServiceProvider.GetRequiredService<DatabaseWorkload>().IsJob = true;
        try
        {
            return await body(scope.ServiceProvider);
        }
        catch (Coordination.LockTimeoutException busy)
        {
            // Another process holds the lock (a scheduled sync of the same source, an aggregation): nothing was written.
            await Console.Error.WriteLineAsync($"analytics: {busy.Message}");
            return LockBusy;
        }
        catch (Exception ex) when (DatabaseProblem(ex) is { } problem)
        {
            // Name the file: with several databases around, "damaged" alone does not say which one to restore.
            var file = scope.ServiceProvider.GetService<AnalyticsDbContext>()?.Database.GetDbConnection().DataSource;
            await Console.Error.WriteLineAsync(string.IsNullOrEmpty(file) ? $"analytics: {problem}" : $"analytics: {file}: {problem}");
            return DatabaseUnavailable;
        }
    }

    private static string? DatabaseProblem(Exception ex) => ex switch
    {
        DatabaseUnavailableException unavailable => unavailable.Message,
        SqliteException { SqliteErrorCode: SQLitePCL.raw.SQLITE_BUSY or SQLitePCL.raw.SQLITE_LOCKED } busy =>
            $"the database is locked by another connection and stayed locked longer than the busy timeout; nothing after the last committed batch was written, run the command again when the lock is released ({busy.Message})",
        SqliteException { SqliteErrorCode: SQLitePCL.raw.SQLITE_READONLY } readOnly =>
            $"the database file is read-only; nothing was written ({readOnly.Message})",
        // A damaged file (bad header, truncated, overwritten pages) cannot be repaired by running again: say so in one line.
        SqliteException { SqliteErrorCode: SQLitePCL.raw.SQLITE_NOTADB or SQLitePCL.raw.SQLITE_CORRUPT } damaged =>
            $"the database file is damaged and cannot be read; restore it from a backup ({damaged.Message})",
        SqliteException { SqliteErrorCode: SQLitePCL.raw.SQLITE_CANTOPEN } cannotOpen =>
            $"the database file cannot be opened or created; nothing was written ({cannotOpen.Message})",
        _ => ex.InnerException is null ? null : DatabaseProblem(ex.InnerException),
    };
}
