using Analytics.Jobs.Coordination;
using System.ComponentModel.DataAnnotations;
using System.Data.Common;
using Analytics.Domain.Knowledge;
using Analytics.Domain.Persistence;
using Analytics.Domain.Sources;
using Analytics.Jobs.Retention;
using Analytics.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace Analytics.Tests.Reliability;

/// <summary>ADR 1403: purge batches stay below SQL Server's lock escalation threshold and go oldest first.</summary>
public sealed class RetentionBatchTests
{
    [Fact]
    public void The_batch_size_defaults_below_the_lock_escalation_threshold_and_cannot_reach_it()
    {
        Assert.True(new RetentionOptions().BatchSize < 5_000);
        var atThreshold = new RetentionOptions { BatchSize = 5_000 };
        Assert.False(Validator.TryValidateObject(atThreshold, new ValidationContext(atThreshold), null, validateAllProperties: true));
    }

    [Fact]
    public async Task Each_batch_deletes_the_oldest_activities_first()
    {
        await using var database = await TestDatabase.CreateAsync();
        var start = new DateTime(2024, 1, 1, 0, 0, 0, DateTimeKind.Utc);
        await using (var db = database.CreateContext())
        {
            var source = new SourceSystem { Name = "Wiki", Kind = "mediawiki", CreatedAt = DateTimeOffset.UnixEpoch };
            // Ids ascend while times descend: the order by Id would delete the newest first.
            db.Activities.AddRange(Enumerable.Range(0, 150).Select(i => new Activity
            {
                SourceSystem = source, SourceEventId = $"e{i}", Type = ActivityType.Edited, OccurredAt = start.AddHours(150 - i),
            }));
            await db.SaveChangesAsync();
        }

        // The purge stops after its first committed batch (a kill between batches).
        await using (var db = new SqliteAnalyticsDbContext(new DbContextOptionsBuilder<SqliteAnalyticsDbContext>()
                         .UseSqlite(database.ConnectionString).AddInterceptors(new FailOnSecondActivityDelete()).Options))
        {
            var purger = new RetentionPurger(db, Options.Create(new RetentionOptions { RawActivityMonths = 12, BatchSize = 100 }),
                new FakeTimeProvider(new DateTimeOffset(2026, 12, 1, 0, 0, 0, TimeSpan.Zero)), DatabaseLock.Over(db), NullLogger<RetentionPurger>.Instance);
            await Assert.ThrowsAsync<InvalidOperationException>(() => purger.PurgeAsync(dryRun: false, "test", CancellationToken.None));
        }

        await using (var db = database.CreateContext())
        {
            var left = await db.Activities.Select(a => a.OccurredAt).OrderBy(t => t).ToListAsync();
            Assert.Equal(50, left.Count);
            Assert.Equal(start.AddHours(101), left[0]);
            Assert.Equal(start.AddHours(150), left[^1]);
        }
    }

    private sealed class FailOnSecondActivityDelete : DbCommandInterceptor
    {
        private int _seen;

        public override ValueTask<InterceptionResult<int>> NonQueryExecutingAsync(
            DbCommand command, CommandEventData eventData, InterceptionResult<int> result, CancellationToken cancellationToken = default)
        {
            if (command.CommandText.StartsWith("DELETE FROM \"Activities\"", StringComparison.Ordinal) && ++_seen == 2)
                throw new InvalidOperationException("killed");
            return base.NonQueryExecutingAsync(command, eventData, result, cancellationToken);
        }
    }
}
