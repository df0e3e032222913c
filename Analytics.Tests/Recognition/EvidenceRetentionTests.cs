using Analytics.Jobs.Coordination;
using Analytics.Domain.Knowledge;
using Analytics.Domain.Organisation;
using Analytics.Domain.Recognition;
using Analytics.Domain.Sources;
using Analytics.Jobs.Retention;
using Analytics.Tests.Support;
using Analytics.Web.Recognition;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace Analytics.Tests.Recognition;

/// <summary>
/// ADR 1404: award evidence referenced activities with a restricting foreign key, so once evidence was older than
/// <c>Retention:RawActivityMonths</c> every purge failed. Evidence now keeps a snapshot of the activity's facts.
/// </summary>
public sealed class EvidenceRetentionTests
{
    [Fact]
    public async Task A_purge_that_meets_award_evidence_succeeds_and_the_award_still_shows_its_evidence()
    {
        await using var database = await TestDatabase.CreateAsync();
        long activityId;
        int recipientId;
        await using (var db = database.CreateContext())
        {
            var giver = new Employee { EmployeeNumber = "E1", DisplayName = "Grace Giver", Email = "grace@example.test", HireDate = new DateOnly(2020, 1, 1) };
            var recipient = new Employee { EmployeeNumber = "E2", DisplayName = "Rita Recipient", Email = "rita@example.test", HireDate = new DateOnly(2020, 1, 1) };
            var source = new SourceSystem { Name = "Wiki", Kind = "mediawiki", CreatedAt = DateTimeOffset.UnixEpoch };
            var item = new KnowledgeItem { SourceSystem = source, ExternalId = "page-1", Kind = "page", Title = "Deploying the pipeline", Url = "https://wiki.example.test/page-1" };
            var activity = new Activity { SourceSystem = source, SourceEventId = "rev-1", Type = ActivityType.Edited, Item = item, OccurredAt = new DateTime(2024, 3, 5, 10, 0, 0, DateTimeKind.Utc) };
            db.AddRange(giver, recipient, activity);
            await db.SaveChangesAsync();
            var budget = new RecognitionBudget { ManagerId = giver.Id, Year = 2024, Quarter = 1, Points = 100, Spent = 10 };
            db.Add(budget);
            await db.SaveChangesAsync();
            db.RecognitionAwards.Add(new RecognitionAward
            {
                GiverId = giver.Id, RecipientId = recipient.Id, BudgetId = budget.Id, Category = RecognitionCategory.Sharing,
                Message = "Thanks for the pipeline page", Points = 10, Status = AwardStatus.Approved,
                CreatedAt = new DateTimeOffset(2024, 3, 6, 9, 0, 0, TimeSpan.Zero),
                Evidence = [AwardEvidence.Of(activity)],
            });
            await db.SaveChangesAsync();
            activityId = activity.Id;
            recipientId = recipient.Id;
        }

        await using (var db = database.CreateContext())
        {
            var purger = new RetentionPurger(db, Options.Create(new RetentionOptions { RawActivityMonths = 12, BatchSize = 100 }),
                new FakeTimeProvider(new DateTimeOffset(2026, 12, 1, 0, 0, 0, TimeSpan.Zero)), DatabaseLock.Over(db), NullLogger<RetentionPurger>.Instance);
            var result = await purger.PurgeAsync(dryRun: false, "test", CancellationToken.None);
            Assert.Equal(1, result.Activities);
            Assert.False(await db.Activities.AnyAsync());
        }

        await using (var db = database.CreateContext())
        {
            var award = Assert.Single(await new RecognitionQuery(db).ApprovedForEmployeeAsync(recipientId, CancellationToken.None));
            var evidence = Assert.Single(award.Evidence);
            Assert.Equal(activityId, evidence.ActivityId);
            Assert.Equal(ActivityType.Edited, evidence.Type);
            Assert.Equal(new DateTime(2024, 3, 5, 10, 0, 0), evidence.OccurredAt);
            Assert.Equal("Wiki", evidence.Source);
            Assert.Equal("Deploying the pipeline", evidence.ItemTitle);
            Assert.Equal("https://wiki.example.test/page-1", evidence.ItemUrl);
            Assert.Equal("edited 2024-03-05 (Wiki): Deploying the pipeline", evidence.Describe());
        }
    }
}
