using Analytics.Domain.Sources;

namespace Analytics.Jobs.Ingestion;

/// <summary>
/// Reads one source system's records since a cursor. The contract every connector implements:
/// records come in source order, each carrying its location and the cursor to store once it is
/// committed; a record that cannot be read becomes a <see cref="RejectedRecord"/>, never an exception.
/// An exception means the source itself is broken (file missing, unreadable) and fails the run.
/// </summary>
public interface ISourceConnector
{
    /// <summary>The connector kind, as stored in SourceSystem.Kind ("activity-csv", "stackexchange").</summary>
    string Kind { get; }

    /// <summary>Reads the records after <paramref name="since"/>; <see cref="SourceCursor.Start"/> reads everything.</summary>
    IAsyncEnumerable<SourceRecord> ReadAsync(SourceCursor since, CancellationToken ct);
}

/// <summary>The opaque watermark a connector stored after the last committed batch.</summary>
public sealed record SourceCursor(string? Value)
{
    public static SourceCursor Start { get; } = new((string?)null);
}

/// <summary>
/// Builds the connector of one kind for a configured source (its Location, options); registered in DI
/// so that `analytics sync` and the scheduled job find connectors by kind.
/// </summary>
public interface ISourceConnectorFactory
{
    string Kind { get; }

    ISourceConnector Create(string location);

    /// <summary>
    /// Builds the connector for a stored source. Connectors that read back what the source already holds
    /// (Stack Exchange view totals) override this; the others only need the location.
    /// </summary>
    ISourceConnector Create(SourceSystem source, string location) => Create(location);
}
