using Analytics.Domain.Knowledge;

namespace Analytics.Jobs.Ingestion.Runner;

/// <summary>One activity ready for the bulk writer: references already resolved to database ids.</summary>
public readonly record struct ActivityRow(
    int SourceSystemId,
    string SourceEventId,
    ActivityType Type,
    int? ActorAccountId,
    long? ItemId,
    DateTime OccurredAtUtc,
    double Quantity,
    long SyncRunId);

/// <summary>What a bulk write did: rows actually inserted (the rest were already there) and their UTC days.</summary>
public sealed record BulkWriteResult(int Inserted, IReadOnlyCollection<DateOnly> DaysTouched);
