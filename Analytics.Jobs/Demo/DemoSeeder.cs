using Analytics.Domain.Communities;
using Analytics.Domain.Knowledge;
using Analytics.Domain.Persistence;
using Analytics.Domain.Sources;
using Microsoft.EntityFrameworkCore;

namespace Analytics.Jobs.Demo;

public sealed record DemoSeedResult(int Employees, int Departments, int Items, int Activities, DateOnly From, DateOnly To)
{
    /// <summary>The sample exports written for the demo sources (none without <see cref="DemoOptions.ExportsFolder"/>).</summary>
    public IReadOnlyList<DemoExport> Exports { get; init; } = [];
}

/// <summary>Writes a generated demo organisation into an empty analytics database.</summary>
public sealed class DemoSeeder(AnalyticsDbContext db, TimeProvider clock)
{
    private const int BatchSize = 5_000;

    public async Task<bool> IsEmptyAsync(CancellationToken ct) =>
        !await db.Employees.AnyAsync(ct) && !await db.Activities.AnyAsync(ct);

    public async Task<DemoSeedResult> SeedAsync(DemoOptions options, CancellationToken ct)
    {
        if (!await IsEmptyAsync(ct))
            throw new InvalidOperationException("The database already holds an organisation; the demo is seeded only into an empty database.");

        var generator = new DemoOrganisationGenerator(options, DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime));
        var data = generator.Generate();
        // Before the sources are written: the exports give them their connector kinds and locations (ADR 1832).
        var exports = options.ExportsFolder is { } folder ? new DemoExports(data, options.Seed, clock.GetUtcNow()).Write(folder) : [];

        var autoDetect = db.ChangeTracker.AutoDetectChangesEnabled;
        db.ChangeTracker.AutoDetectChangesEnabled = false;
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        try
        {
            db.AddRange(data.Sources);
            db.AddRange(data.Departments);
            db.AddRange(data.Employees);
            db.AddRange(data.Aliases);
            db.AddRange(data.Assignments);
            db.AddRange(data.Persons);
            db.AddRange(data.Accounts);
            db.ChangeTracker.DetectChanges();
            await db.SaveChangesAsync(ct);

            // Paths need ids, which exist only after the first save.
            foreach (var department in data.Departments)
                department.Path = department.Parent is null ? $"/{department.Id}/" : $"{department.Parent.Path}{department.Id}/";
            db.ChangeTracker.DetectChanges();
            await db.SaveChangesAsync(ct);

            var itemIds = await WriteItemsAsync(data, ct);
            await WriteActivitiesAsync(data, itemIds, ct);
            await WriteRunsAsync(data, ct);
            WriteCommunities(data);
            db.ChangeTracker.DetectChanges();
            await db.SaveChangesAsync(ct);
            await new DemoRecognition(db, clock).WriteAsync(options.Seed, options.Months, ct);
            await transaction.CommitAsync(ct);
        }
        finally
        {
            db.ChangeTracker.AutoDetectChangesEnabled = autoDetect;
        }

        return new DemoSeedResult(data.Employees.Count, data.Departments.Count, data.Items.Count, data.Activities.Count,
            generator.WindowStart, generator.WindowEnd) { Exports = exports };
    }

    private void WriteCommunities(DemoDataSet data)
    {
        var sources = data.Sources.Where(s => DemoCatalog.CommunitySources.Contains(s.Name)).ToList();
        db.Communities.AddRange(DemoCatalog.Communities.Select(c => new Community
        {
            Name = c.Name,
            CreatedAt = clock.GetUtcNow(),
            CreatedBy = "demo",
            Members = [.. sources.SelectMany(s => c.Topics.Select(t => new CommunityMember { SourceSystemId = s.Id, Value = t, MatchKey = CommunityMember.KeyOf(t) }))],
        }));
    }

    private async Task<long[]> WriteItemsAsync(DemoDataSet data, CancellationToken ct)
    {
        var ids = new long[data.Items.Count];
        foreach (var chunk in data.Items.Chunk(BatchSize))
        {
            // An answer may sit in the same batch as its question: link those by navigation.
            var inBatch = new Dictionary<int, KnowledgeItem>();
            var entities = chunk.Select(i => inBatch[i.Index] = new KnowledgeItem
            {
                SourceSystemId = i.Source.Id,
                ExternalId = i.ExternalId,
                Title = i.Title,
                Url = i.Url,
                Kind = i.Kind,
                AuthorAccountId = i.Author?.Id,
                CreatedAt = new DateTimeOffset(i.CreatedAt, TimeSpan.Zero),
                LastEditedAt = new DateTimeOffset(i.LastEditedAt, TimeSpan.Zero),
                Topics = i.Topics,
                ParentItemId = i.Parent is null || inBatch.ContainsKey(i.Parent.Index) ? null : ids[i.Parent.Index],
                Parent = i.Parent is not null && inBatch.TryGetValue(i.Parent.Index, out var parent) ? parent : null,
            }).ToArray();
            db.KnowledgeItems.AddRange(entities);
            await db.SaveChangesAsync(ct);
            for (var n = 0; n < chunk.Length; n++)
                ids[chunk[n].Index] = entities[n].Id;
            db.ChangeTracker.Clear();
        }

        return ids;
    }

    private async Task WriteActivitiesAsync(DemoDataSet data, long[] itemIds, CancellationToken ct)
    {
        foreach (var chunk in data.Activities.Chunk(BatchSize))
        {
            db.Activities.AddRange(chunk.Select(a => new Activity
            {
                SourceSystemId = a.Source.Id,
                SourceEventId = a.SourceEventId,
                Type = a.Type,
                ActorAccountId = a.Actor?.Id,
                ItemId = a.Item is null ? null : itemIds[a.Item.Index],
                OccurredAt = a.OccurredAt,
                Quantity = a.Quantity,
            }));
            await db.SaveChangesAsync(ct);
            db.ChangeTracker.Clear();
        }
    }

    private async Task WriteRunsAsync(DemoDataSet data, CancellationToken ct)
    {
        var at = data.Sources[0].CreatedAt;
        foreach (var source in data.Sources)
        {
            var count = data.Activities.Count(a => a.Source == source);
            db.SyncRuns.Add(new SyncRun
            {
                SourceSystemId = source.Id,
                StartedAt = at,
                FinishedAt = at,
                Status = SyncRunStatus.Succeeded,
                Trigger = "demo",
                Read = count,
                Inserted = count,
            });
        }

        await db.SaveChangesAsync(ct);
        db.ChangeTracker.Clear();
    }
}
