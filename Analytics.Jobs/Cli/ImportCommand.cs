using System.CommandLine;
using System.Globalization;
using Analytics.Domain.Persistence;
using Analytics.Jobs.Connectors.Git;
using Analytics.Jobs.Connectors.MediaWiki;
using Analytics.Jobs.Connectors.Slack;
using Analytics.Jobs.Connectors.StackExchange;
using Analytics.Jobs.Ingestion.ActivityFiles;
using Analytics.Jobs.Ingestion.HrDirectory;
using Analytics.Jobs.Ingestion.Runner;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Analytics.Jobs.Cli;

/// <summary>`analytics import KIND PATH --source NAME`: the same runner as the scheduled sync, from the command line.</summary>
public static class ImportCommand
{
    private const int RejectionsShown = 20;

    public static Command Create()
    {
        var command = new Command("import", "Import a file into a source (created on first use): hr-directory, activity-csv, activity-jsonl, stackexchange, mediawiki, git or slack.");
        command.Subcommands.Add(CreateKind(HrDirectoryImporter.KindName, "an HR directory CSV (employees, departments, managers; docs/ingestion.md)"));
        command.Subcommands.Add(CreateKind(ActivityCsvConnector.KindName, "a generic activity CSV file (docs/ingestion.md)"));
        command.Subcommands.Add(CreateKind(ActivityJsonlConnector.KindName, "a generic activity JSON-lines file (docs/ingestion.md)"));
        command.Subcommands.Add(CreateKind(StackExchangeConnector.KindName, "a Stack Exchange data dump folder (Posts.xml, Users.xml...; docs/connectors.md)", folders: true));
        command.Subcommands.Add(CreateKind(MediaWikiConnector.KindName, "a MediaWiki XML export, schema 0.3 to 0.11 (docs/connectors.md)"));
        var include = new Option<string[]>("--include")
        {
            Description = $"Path globs of the documentation files (repeatable; default: {string.Join(" ", GitLocation.DefaultInclude)}).",
            AllowMultipleArgumentsPerToken = true,
        };
        command.Subcommands.Add(CreateKind(GitConnector.KindName, "the history of a local git repository, bare or not (docs/connectors.md)",
            folders: true, include, GitLocation.Format));
        command.Subcommands.Add(CreateKind(SlackConnector.KindName, "a Slack workspace export, its folder or .zip (docs/connectors.md)", folders: true));
        return command;
    }

    private static Command CreateKind(string kind, string what, bool folders = false, Option<string[]>? include = null,
        Func<string, string[], string>? location = null)
    {
        var path = new Argument<FileSystemInfo>("path") { Description = folders ? "The file or folder to import." : "The file to import." };
        var source = new Option<string>("--source") { Description = "Name of the source system; created with this kind on first use.", Required = true };
        var fromStart = new Option<bool>("--from-start") { Description = "Ignore the stored cursor and read the whole file again (stored records count as duplicates)." };
        var force = new Option<bool>("--force") { Description = "Create the source even when another source of this kind already imports the same export." };
        var command = new Command(kind, $"Import {what}.") { path, source, fromStart, force };
        if (include is not null)
            command.Options.Add(include);
        command.SetAction((parse, ct) => CliHost.RunAsync(parse, async services =>
        {
            var file = parse.GetRequiredValue(path);
            if (!File.Exists(file.FullName) && !(folders && Directory.Exists(file.FullName)))
            {
                await Console.Error.WriteLineAsync(folders ? $"No such file or folder: {file.FullName}" : $"No such file: {file.FullName}");
                return 2;
            }

            await services.GetRequiredService<DatabaseInitializer>().PrepareOnStartAsync(ct);
            var sync = services.GetRequiredService<SourceSync>();
            var target = location is null ? file.FullName : location(file.FullName, include is null ? [] : parse.GetValue(include) ?? []);
            IngestionResult result;
            try
            {
                result = await sync.ImportAsync(parse.GetRequiredValue(source), kind, target,
                    new IngestionRequest("cli", parse.GetValue(fromStart), parse.GetValue(force)), ProgressLine.ForConsole(), ct);
            }
            catch (DuplicateSourceException ex)
            {
                // Refused before anything is read or stored: a usage error, not a failed run.
                await Console.Error.WriteLineAsync(ex.Message);
                return 2;
            }
            catch (Exception ex) when (ex is InvalidDataException or InvalidOperationException or IOException or UnauthorizedAccessException)
            {
                // The source itself is unusable (not UTF-8, not a repository, no such export): the run is stored as
                // Failed with this error; the user gets the reason, not a stack trace, and a failing exit code.
                ProgressLine.Clear();
                await Console.Error.WriteLineAsync($"Import of {file.Name} failed: {ex.Message}");
                return 1;
            }

            await PrintSummaryAsync(services.GetRequiredService<AnalyticsDbContext>(), $"{file.Name} into source '{parse.GetValue(source)}'", result, ct);
            return 0;
        }));
        return command;
    }

    /// <summary>What the counts alone do not say (issue 22, <see cref="RunNotes"/>): nothing read, bots stored but not counted.</summary>
    private static async Task ExplainAsync(AnalyticsDbContext db, IngestionResult result, CancellationToken ct)
    {
        if (await RunNotes.ExplainAsync(db, result.SyncRunId, ct) is not { } notes)
            return;
        if (notes.NothingRead is { } nothing)
            await Console.Out.WriteLineAsync(nothing);
        if (RunNotes.BotLine(notes) is { } bots)
            await Console.Out.WriteLineAsync("  " + bots);
    }

    /// <summary>Counts, then the first rejections with their location and reason, and where to find all of them.</summary>
    internal static async Task PrintSummaryAsync(AnalyticsDbContext db, string what, IngestionResult result, CancellationToken ct)
    {
        ProgressLine.Clear();
        await Console.Out.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
            $"Imported {what} (run {result.SyncRunId}): read {result.Read}, inserted {result.Inserted}, duplicates {result.Duplicates}, rejected {result.Rejected}{(result.Skipped > 0 ? $", skipped {result.Skipped}" : "")}."));
        // Skipped records are read but never imported, on purpose: said by reason, so nobody wonders where the rest of the export went.
        if (result.Skipped > 0)
        {
            await Console.Out.WriteLineAsync("  Skipped (read, not imported by design):");
            foreach (var (reason, count) in result.SkippedByReason)
                await Console.Out.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"    {count,8}  {reason}"));
        }

        await ExplainAsync(db, result, ct);
        if (result.Rejected == 0)
            return;

        var shown = await db.Rejections.AsNoTracking().Where(r => r.SyncRunId == result.SyncRunId)
            .OrderBy(r => r.Id).Take(RejectionsShown).Select(r => new { r.Location, r.Reason }).ToListAsync(ct);
        foreach (var rejection in shown)
            await Console.Out.WriteLineAsync($"  {rejection.Location}: {rejection.Reason}");
        var more = result.Rejected > RejectionsShown ? $" (the first {RejectionsShown} are shown above)" : "";
        await Console.Out.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
            $"All {result.Rejected} rejections are stored in the Rejections table with SyncRunId = {result.SyncRunId}{more}."));
    }
}

/// <summary>A one-line progress indicator, drawn only when standard output is a terminal (never into a redirected log).</summary>
internal static class ProgressLine
{
    public static IProgress<IngestionProgress>? ForConsole() =>
        Console.IsOutputRedirected
            ? null
            : new SynchronousProgress(p => Console.Write(string.Create(CultureInfo.InvariantCulture,
                $"\r  read {p.Read:N0}  inserted {p.Inserted:N0}  duplicates {p.Duplicates:N0}  rejected {p.Rejected:N0}   ")));

    public static void Clear()
    {
        if (!Console.IsOutputRedirected)
            Console.Write("\r" + new string(' ', 79) + "\r");
    }

    // Progress<T> posts to the thread pool: lines would arrive after the summary. Report on the caller's thread instead.
    private sealed class SynchronousProgress(Action<IngestionProgress> report) : IProgress<IngestionProgress>
    {
        public void Report(IngestionProgress value) => report(value);
    }
}
