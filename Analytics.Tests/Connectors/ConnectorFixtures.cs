using Analytics.Domain.Knowledge;
using Analytics.Tests.Ingestion;
using Microsoft.EntityFrameworkCore;

namespace Analytics.Tests.Connectors;

/// <summary>Fixtures of the real export formats, and the activities an import stored, in a comparable shape.</summary>
public static class ConnectorFixtures
{
    public static string Path(string kind, string name) => System.IO.Path.Combine(AppContext.BaseDirectory, "Fixtures", kind, name);

    /// <summary>Every activity as "event id|type|actor account|item", ordered by event id.</summary>
    public static Task<List<StoredActivity>> ActivitiesAsync(IngestionHost host) => host.QueryAsync(db => db.Activities.AsNoTracking()
        .OrderBy(a => a.SourceEventId)
        .Select(a => new StoredActivity(
            a.SourceEventId, a.Type,
            a.ActorAccount == null ? null : a.ActorAccount.ExternalId,
            a.Item == null ? null : a.Item.ExternalId,
            a.OccurredAt))
        .ToListAsync());

    public static async Task<StoredActivity> ActivityAsync(IngestionHost host, string eventId) =>
        Assert.Single(await ActivitiesAsync(host), a => a.EventId == eventId);
}

public sealed record StoredActivity(string EventId, ActivityType Type, string? Actor, string? Item, DateTime OccurredAt);
