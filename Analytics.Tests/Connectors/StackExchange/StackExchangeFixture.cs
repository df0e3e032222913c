using Analytics.Domain.Knowledge;
using Analytics.Domain.Persistence;
using Analytics.Jobs.Connectors.StackExchange;
using Analytics.Jobs.Ingestion.Runner;
using Analytics.Tests.Ingestion;
using Microsoft.EntityFrameworkCore;

namespace Analytics.Tests.Connectors.StackExchange;

/// <summary>Imports the small dumps under Fixtures/stackexchange and reads back what they became.</summary>
internal static class StackExchangeFixture
{
    public static string Dump(string name) => Path.Combine(AppContext.BaseDirectory, "Fixtures", "stackexchange", name);

    public static Task<IngestionResult> ImportAsync(this IngestionHost host, string dump, bool fromStart = false, string source = "se") =>
        host.ImportAsync(StackExchangeConnector.KindName, Dump(dump), source, fromStart);

    public static Task<List<ActivityView>> ActivitiesAsync(this IngestionHost host) => host.QueryAsync(db => ActivitiesAsync(db));

    public static async Task<ActivityView> ActivityAsync(this IngestionHost host, string eventId) =>
        (await host.ActivitiesAsync()).Single(a => a.EventId == eventId);

    private static Task<List<ActivityView>> ActivitiesAsync(AnalyticsDbContext db) =>
        db.Activities.AsNoTracking().OrderBy(a => a.SourceEventId)
            .Select(a => new ActivityView(
                a.SourceEventId, a.Type, a.OccurredAt, a.Quantity,
                a.ActorAccount == null ? null : a.ActorAccount.ExternalId,
                a.Item == null ? null : a.Item.ExternalId,
                a.Item == null || a.Item.AuthorAccount == null ? null : a.Item.AuthorAccount.ExternalId))
            .ToListAsync();

    public static Task<List<string>> RejectionsAsync(this IngestionHost host) => host.QueryAsync(db =>
        db.Rejections.AsNoTracking().OrderBy(r => r.Id).Select(r => r.Location + ": " + r.Reason).ToListAsync());
}

internal sealed record ActivityView(string EventId, ActivityType Type, DateTime OccurredAt, double Quantity, string? Actor, string? Item, string? Author);
