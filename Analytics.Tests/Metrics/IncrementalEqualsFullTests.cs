using System.Globalization;
using Analytics.Domain.Aggregation;
using Analytics.Domain.Knowledge;
using Analytics.Domain.People;
using Analytics.Jobs.Scoring;
using Analytics.Tests.Metrics.Support;
using Microsoft.EntityFrameworkCore;

namespace Analytics.Tests.Metrics;

/// <summary>
/// The property behind incremental aggregation: after any sequence of imports, identity merges, re-imports
/// (corrections) and rule changes, each followed or not by an incremental run, the aggregates equal a full
/// recompute. A seeded random loop, so a failure names the seed and step that reproduce it.
/// </summary>
public sealed class IncrementalEqualsFullTests
{
    private static readonly DateTime Start = new(2026, 9, 20, 0, 0, 0, DateTimeKind.Utc);
    private const int DaysSpan = 50; // crosses two month boundaries, so pair caps restart

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public async Task Incremental_aggregation_equals_a_full_recompute(int seed)
    {
        await using var w = await MetricsWorld.CreateAsync();
        var random = new Random(seed);
        var departments = new[] { await w.DepartmentAsync("A"), await w.DepartmentAsync("B"), await w.DepartmentAsync("C") };
        var accounts = new List<SourceAccount>();
        for (var i = 0; i < 7; i++)
            accounts.Add(await w.PersonAsync($"p{i}", departments[i % 3], left: i == 6 ? new DateOnly(2026, 10, 15) : null));
        accounts.Add(await w.PersonAsync("unlinked", department: null));
        accounts.Add(await w.PersonAsync("bot", department: null, bot: true));
        accounts.Add(await w.AccountAsync(accounts[0].PersonId, bot: true));
        for (var i = 0; i < 4; i++)
            accounts.Add(await w.AccountAsync(accounts[i].PersonId)); // second accounts: merge and split material
        await w.TransferAsync(accounts[1], departments[2], new DateOnly(2026, 10, 7));
        var items = new List<KnowledgeItem>();
        for (var i = 0; i < 12; i++)
            items.Add(await w.ItemAsync(i == 11 ? null : accounts[random.Next(accounts.Count)]));

        // Tight caps from September on, so that pair and daily caps decide points often.
        foreach (var type in ActivityTypes.All.Where(t => t.IsReuse()))
        {
            await new ScoringRuleStore(w.Db, w.Clock).ChangeAsync(
                new ScoringRuleChange(type, 1, 2, DailyCapPerPerson: 3, PairCapPerMonth: 2, new DateOnly(2026, 9, 1)), "test", CancellationToken.None);
        }

        const int iterations = 8;
        const int steps = 25;
        for (var iteration = 0; iteration < iterations; iteration++)
        {
            for (var step = 0; step < steps; step++)
            {
                var op = random.Next(100);
                if (op < 50)
                    await ImportAsync(w, random, accounts, items);
                else if (op < 62)
                    await MergeAsync(w, random, accounts);
                else if (op < 75)
                    await ReimportAsync(w, random);
                else if (op < 80)
                    await ChangeRuleAsync(w, random);
                else
                    await w.AggregateAsync();
            }

            await w.AggregateAsync();
            var incremental = await SnapshotAsync(w);
            await w.AggregateAsync(full: true);
            var full = await SnapshotAsync(w);
            Assert.True(incremental.SequenceEqual(full),
                $"seed {seed}, iteration {iteration}: first difference {incremental.Except(full).Concat(full.Except(incremental)).FirstOrDefault()}");
            Assert.NotEmpty(full);
        }
    }

    private static DateTime RandomTime(Random random) =>
        Start.AddDays(random.Next(DaysSpan)).AddMinutes(random.Next(24 * 60));

    private static async Task ImportAsync(MetricsWorld w, Random random, List<SourceAccount> accounts, List<KnowledgeItem> items)
    {
        var types = ActivityTypes.All;
        for (var n = random.Next(1, 12); n > 0; n--)
        {
            var type = types[random.Next(types.Count)];
            var actor = random.Next(10) == 0 ? null : accounts[random.Next(accounts.Count)];
            var quantity = type == ActivityType.Mentored ? 1.5 : type == ActivityType.Viewed && actor is null ? random.Next(1, 5) : 1;
            await w.ActAsync(type, actor, items[random.Next(items.Count)], RandomTime(random), quantity);
        }
    }

    /// <summary>Repoints an account to another person and marks every day it acted on or authored, as identity resolution does.</summary>
    private static async Task MergeAsync(MetricsWorld w, Random random, List<SourceAccount> accounts)
    {
        var accountId = accounts[random.Next(accounts.Count)].Id;
        var account = await w.Db.SourceAccounts.SingleAsync(a => a.Id == accountId);
        account.PersonId = accounts[random.Next(accounts.Count)].PersonId;
        await w.Db.SaveChangesAsync();
        var times = await w.Db.Activities
            .Where(a => a.ActorAccountId == account.Id || (a.Item != null && a.Item.AuthorAccountId == account.Id))
            .Select(a => a.OccurredAt).ToListAsync();
        await DirtyDays.MarkAsync(w.Db, times.Select(DirtyDays.DayOf), MetricsWorld.Now, CancellationToken.None);
    }

    /// <summary>A source re-sends records: unchanged ones add nothing, a corrected one changes in place; both mark the day.</summary>
    private static async Task ReimportAsync(MetricsWorld w, Random random)
    {
        var existing = await w.Db.Activities.OrderBy(a => a.Id).ToListAsync();
        if (existing.Count == 0)
            return;
        var activity = existing[random.Next(existing.Count)];
        var days = new List<DateOnly> { DirtyDays.DayOf(activity.OccurredAt) };
        if (random.Next(2) == 0)
        {
            activity.OccurredAt = RandomTime(random);
            activity.Quantity = activity.Type == ActivityType.Viewed ? random.Next(1, 4) : activity.Quantity;
            days.Add(DirtyDays.DayOf(activity.OccurredAt));
            await w.Db.SaveChangesAsync();
        }

        await DirtyDays.MarkAsync(w.Db, days, MetricsWorld.Now, CancellationToken.None);
    }

    private static async Task ChangeRuleAsync(MetricsWorld w, Random random)
    {
        var type = ActivityTypes.All[random.Next(ActivityTypes.All.Count)];
        var latest = await w.Db.ScoringRules.Where(r => r.Type == type).Select(r => (DateOnly?)r.EffectiveFrom).MaxAsync();
        var from = DateOnly.FromDateTime(RandomTime(random));
        if (latest is { } l && l >= from)
            return;
        await new ScoringRuleStore(w.Db, w.Clock).ChangeAsync(
            new ScoringRuleChange(type, random.Next(1, 6), random.Next(2) == 0 ? null : 7, random.Next(2) == 0 ? null : random.Next(1, 4),
                random.Next(2) == 0 ? null : random.Next(1, 4), from), "test", CancellationToken.None);
        w.Db.ChangeTracker.Clear();
    }

    private static async Task<List<string>> SnapshotAsync(MetricsWorld w)
    {
        var inv = CultureInfo.InvariantCulture;
        var rows = new List<string>();
        rows.AddRange((await w.Db.DailyPersonMetrics.AsNoTracking().ToListAsync())
            .Select(m => string.Create(inv, $"M {m.Day} {m.PersonId} {m.Type} {m.DepartmentId} {m.Count} {m.Quantity:0.######} {m.CrossTeam:0.######}")));
        rows.AddRange((await w.Db.DailyFlows.AsNoTracking().ToListAsync())
            .Select(f => string.Create(inv, $"F {f.Day} {f.AuthorDepartmentId} {f.ReuserDepartmentId} {f.Type} {f.Events:0.######}")));
        rows.AddRange((await w.Db.DailyPairReuses.AsNoTracking().ToListAsync())
            .Select(p => string.Create(inv, $"R {p.Day} {p.ReuserPersonId} {p.AuthorPersonId} {p.Type} {p.Events:0.######}")));
        rows.AddRange((await w.Db.PointsEntries.AsNoTracking().ToListAsync())
            .Select(p => string.Create(inv, $"P {p.Day} {p.PersonId} {p.Type} {p.ScoringRuleId} {p.Events:0.######} {p.CrossTeamEvents:0.######} {p.CappedEvents:0.######} {p.Points:0.####}")));
        rows.Sort(StringComparer.Ordinal);
        return rows;
    }
}
