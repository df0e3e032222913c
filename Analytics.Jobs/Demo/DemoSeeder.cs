using Analytics.Domain.Communities;
using Analytics.Domain.Knowledge;
using Analytics.Domain.Persistence;
using Analytics.Domain.Sources;
using Analytics.Jobs.Ingestion.Identity;
using Analytics.Jobs.Ingestion.Runner;
using Analytics.Jobs.Topics;
using Microsoft.EntityFrameworkCore;

namespace Analytics.Jobs.Demo;

public sealed record DemoSeedResult(int Employees, int Departments, int Items, int Activities, DateOnly From, DateOnly To)
{
    /// <summary>The sample exports written for the demo sources (none without <see cref="DemoOptions.ExportsFolder"/>).</summary>
    public IReadOnlyList<DemoExport> Exports { get; init; } = [];
}

/// <summary>Writes a generated demo organisation into an empty analytics database.</summary>
public sealed class DemoSeeder(AnalyticsDbContext db, IActivityBulkWriter writer, TimeProvider clock)
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
        // One connection for the whole seed: the bulk writer's settings (SQLite pragmas) are per connection and must be
        // set before the transaction begins.
        await db.Database.OpenConnectionAsync(ct);
        try
        {
            await writer.PrepareConnectionAsync(db, ct);
            await using var transaction = await db.Database.BeginTransactionAsync(ct);
            // The organisation's small tables (a few hundred rows each) through EF: their ids feed everything below.
            db.AddRange(data.Sources);
            db.AddRange(data.Departments);
            db.AddRange(data.Employees);
            db.AddRange(data.Aliases);
            db.AddRange(data.Assignments);
            db.ChangeTracker.DetectChanges();
            await db.SaveChangesAsync(ct);

            // Paths need ids, which exist only after the first save.
            foreach (var department in data.Departments)
                department.Path = department.Parent is null ? $"/{department.Id}/" : $"{department.Parent.Path}{department.Id}/";
            db.ChangeTracker.DetectChanges();
            await db.SaveChangesAsync(ct);
            db.ChangeTracker.Clear();

            // People, accounts, items and activities through the ingestion's bulk writer (ADR 2021): EF's change
            // tracking made the seed the longest part of a first start.
            await WriteAccountsAsync(data, ct);
            var itemIds = await WriteItemsAsync(data, ct);
            var runs = await WriteRunsAsync(data, ct);
            await WriteActivitiesAsync(data, itemIds, runs, ct);
            WriteCommunities(data);
            db.ChangeTracker.DetectChanges();
            await db.SaveChangesAsync(ct);
            db.ChangeTracker.Clear();
            await new DemoRecognition(db, clock).WriteAsync(options.Seed, options.Months, ct);
            // As an import does: accounts no e-mail links to an employee are suggested to HR (/Identities).
            var identities = new IdentityResolver(db, clock);
            await identities.SuggestAllAsync(ct);
            await identities.SuggestMatchesAsync(ct);
            // HR's first topic decisions (/Topics/Manage), through the store that audits them: two tags of one practice
            // merged, a tag that says nothing about anyone's expertise hidden.
            var topics = new TopicRuleStore(db, clock);
            await topics.MergeAsync("runbooks", "on-call", "hr", ct);
            await topics.SetHiddenAsync("how-to", hidden: true, "hr", ct);
            db.ChangeTracker.Clear();
            await transaction.CommitAsync(ct);
        }
        finally
        {
            db.ChangeTracker.AutoDetectChangesEnabled = autoDetect;
            await db.Database.CloseConnectionAsync();
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

    private async Task WriteAccountsAsync(DemoDataSet data, CancellationToken ct)
    {
        foreach (var person in data.Persons)
            person.EmployeeId = person.Employee?.Id;
        foreach (var account in data.Accounts)
            account.SourceSystemId = account.SourceSystem!.Id;
        // The writer inserts each account's person on its first account (Id 0), then the account.
        await writer.InsertAccountsAsync(db, data.Accounts, ct);
        var orphans = data.Persons.Where(p => p.Id == 0).ToList();
        if (orphans.Count > 0)
            throw new InvalidOperationException($"{orphans.Count} demo persons have no account; the generator gives every person one.");
    }

    private async Task<long[]> WriteItemsAsync(DemoDataSet data, CancellationToken ct)
    {
        // Items in index order: a parent (a question) always precedes its children (answers), as the writer requires.
        var entities = new KnowledgeItem[data.Items.Count];
        foreach (var i in data.Items.OrderBy(i => i.Index))
        {
            entities[i.Index] = new KnowledgeItem
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
                Parent = i.Parent is null ? null : entities[i.Parent.Index]
                    ?? throw new InvalidOperationException($"Demo item {i.Index} comes before its parent {i.Parent.Index}."),
            };
        }

        await writer.InsertItemsAsync(db, entities, ct);
        return [.. entities.Select(e => e.Id)];
    }

    private async Task WriteActivitiesAsync(DemoDataSet data, long[] itemIds, Dictionary<SourceSystem, long> runs, CancellationToken ct)
    {
        // The generator's own invariant, checked on what it generated: the writer would silently absorb a repeated event id
        // as a duplicate (as it must for imports), and the demo would then hold fewer activities than it describes.
        var repeated = data.Activities.CountBy(a => (a.Source.Id, a.SourceEventId)).Count(c => c.Value > 1);
        if (repeated > 0)
            throw new InvalidOperationException($"The demo generated {repeated} event ids more than once (same source and event id).");
        foreach (var chunk in data.Activities.Chunk(BatchSize))
        {
            var rows = chunk.Select(a => new ActivityRow(
                a.Source.Id, a.SourceEventId, a.Type, a.Actor?.Id, a.Item is null ? null : itemIds[a.Item.Index], a.OccurredAt, a.Quantity, runs[a.Source])).ToList();
            await writer.WriteAsync(db, rows, ct);
        }
    }

    /// <summary>One succeeded run per source, which its seeded activities belong to (as an import's do).</summary>
    private async Task<Dictionary<SourceSystem, long>> WriteRunsAsync(DemoDataSet data, CancellationToken ct)
    {
        var at = data.Sources[0].CreatedAt;
        var counts = data.Activities.CountBy(a => a.Source).ToDictionary(c => c.Key, c => c.Value);
        var runs = data.Sources.ToDictionary(s => s, s => new SyncRun
        {
            SourceSystemId = s.Id,
            StartedAt = at,
            FinishedAt = at,
            Status = SyncRunStatus.Succeeded,
            Trigger = "demo",
            Read = counts.GetValueOrDefault(s),
            Inserted = counts.GetValueOrDefault(s),
        });
        db.SyncRuns.AddRange(runs.Values);
        await db.SaveChangesAsync(ct);
        db.ChangeTracker.Clear();
        return runs.ToDictionary(r => r.Key, r => r.Value.Id);
    }
}
