using Analytics.Domain.Persistence;
using Analytics.Domain.Sources;
using Analytics.Jobs.Ingestion.HrDirectory;
using Microsoft.EntityFrameworkCore;

namespace Analytics.Jobs.Ingestion.Runner;

/// <summary>
/// The one entry point of the command line and the scheduled job: finds (or registers) the source,
/// picks its connector by kind and runs it. HR directories go to their own importer: they write the
/// org chart, not activities, but report a run the same way.
/// </summary>
public sealed class SourceSync(
    AnalyticsDbContext db,
    IEnumerable<ISourceConnectorFactory> factories,
    IngestionRunner runner,
    HrDirectoryImporter hrDirectory,
    TimeProvider clock)
{
    public IReadOnlyCollection<string> Kinds => [.. factories.Select(f => f.Kind).Append(HrDirectoryImporter.KindName).Order(StringComparer.Ordinal)];

    /// <summary>
    /// Finds the source by name, creating it with this kind and location on first use. A new name for an export that
    /// another source of the same kind already reads (same file, folder or repository) is refused unless
    /// <paramref name="force"/>: it would store every activity a second time under new event keys (ADR 2205).
    /// </summary>
    public async Task<SourceSystem> EnsureSourceAsync(string name, string kind, string? location, CancellationToken ct, bool force = false)
    {
        var source = await db.SourceSystems.AsNoTracking().SingleOrDefaultAsync(s => s.Name == name, ct);
        if (source is not null)
        {
            return source.Kind == kind
                ? source
                : throw new InvalidOperationException($"Source '{name}' is of kind '{source.Kind}', not '{kind}'; choose another --source name.");
        }

        if (!Kinds.Contains(kind))
            throw new InvalidOperationException($"Unknown connector kind '{kind}'; known: {string.Join(", ", Kinds)}.");
        if (!force && location is not null)
        {
            var same = (await db.SourceSystems.AsNoTracking().Where(s => s.Kind == kind && s.Location != null)
                    .Select(s => new { s.Name, s.Location }).ToListAsync(ct))
                .FirstOrDefault(s => SameExport(s.Location!, location));
            if (same is not null)
            {
                throw new DuplicateSourceException(
                    $"Source '{same.Name}' ({kind}) already imports {ExportPath(location)}: importing it again as '{name}' would count every " +
                    $"activity twice. Import it with --source {same.Name} (add --from-start to read it all again), or add --force to keep a second source.");
            }
        }

        source = new SourceSystem { Name = name, Kind = kind, Location = location, CreatedAt = clock.GetUtcNow() };
        db.SourceSystems.Add(source);
        await db.SaveChangesAsync(ct);
        db.ChangeTracker.Clear();
        return source;
    }

    /// <summary>Imports <paramref name="path"/> into the named source (the command line's `import`).</summary>
    public async Task<IngestionResult> ImportAsync(
        string sourceName, string kind, string path, IngestionRequest request, IProgress<IngestionProgress>? progress, CancellationToken ct)
    {
        var source = await EnsureSourceAsync(sourceName, kind, Path.GetFullPath(path), ct, request.Force);
        return await RunAsync(source, Path.GetFullPath(path), request, progress, ct);
    }

    /// <summary>Syncs a configured source from its stored location (the scheduled job and `analytics sync`).</summary>
    public async Task<IngestionResult> SyncAsync(int sourceSystemId, IngestionRequest request, IProgress<IngestionProgress>? progress, CancellationToken ct)
    {
        var source = await db.SourceSystems.AsNoTracking().SingleAsync(s => s.Id == sourceSystemId, ct);
        var location = source.Location
            ?? throw new InvalidOperationException($"Source '{source.Name}' has no location to sync from.");
        return await RunAsync(source, location, request, progress, ct);
    }

    // A location is a path, for Git followed by "|include=..." (GitLocation): the export is the path, so the same
    // repository read with other globs is the same export. Paths compare as the file system stores them.
    private static string ExportPath(string location) =>
        Path.TrimEndingDirectorySeparator(location.Split('|')[0]);

    private static bool SameExport(string stored, string location) =>
        string.Equals(ExportPath(stored), ExportPath(location), StringComparison.Ordinal);

    private Task<IngestionResult> RunAsync(SourceSystem source, string location, IngestionRequest request, IProgress<IngestionProgress>? progress, CancellationToken ct)
    {
        if (source.Kind == HrDirectoryImporter.KindName)
            return hrDirectory.ImportAsync(source.Id, location, request.Trigger, ct);
        var factory = factories.FirstOrDefault(f => f.Kind == source.Kind)
            ?? throw new InvalidOperationException($"No connector is registered for kind '{source.Kind}' (source '{source.Name}').");
        return runner.RunAsync(source.Id, factory.Create(source, location), request, progress, ct);
    }
}

/// <summary>An export another source of the same kind already reads; the message names that source.</summary>
public sealed class DuplicateSourceException(string message) : InvalidOperationException(message);
