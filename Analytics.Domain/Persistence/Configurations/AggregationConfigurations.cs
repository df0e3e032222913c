using Analytics.Domain.Aggregation;
using Analytics.Domain.Knowledge;
using Analytics.Domain.Organisation;
using Analytics.Domain.People;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Analytics.Domain.Persistence.Configurations;

public sealed class DailyPersonMetricConfiguration : IEntityTypeConfiguration<DailyPersonMetric>
{
    public void Configure(EntityTypeBuilder<DailyPersonMetric> builder)
    {
        builder.HasKey(m => new { m.Day, m.PersonId, m.Type });
        builder.HasIndex(m => new { m.PersonId, m.Day });
        builder.HasIndex(m => new { m.DepartmentId, m.Day });
        builder.HasOne<Person>().WithMany().HasForeignKey(m => m.PersonId);
        builder.HasOne<Department>().WithMany().HasForeignKey(m => m.DepartmentId);
    }
}

public sealed class MonthlyPersonMetricConfiguration : IEntityTypeConfiguration<MonthlyPersonMetric>
{
    public void Configure(EntityTypeBuilder<MonthlyPersonMetric> builder)
    {
        builder.HasKey(m => m.Id);
        // A month is rewritten whole (delete by Month, insert); readers filter by months, or by one person's months. Covering:
        // the overview's trend and the department figures read every column of a year's rows by month, which through the
        // narrow index cost a table seek per row (0.70 -> 0.35 s for the trend's read on the 5M benchmark; BENCHMARKS.md).
        builder.HasIndex(m => new { m.Month, m.PersonId, m.Type, m.DepartmentId, m.Count, m.Quantity, m.CrossTeam });
        builder.HasIndex(m => new { m.PersonId, m.Month });
        builder.HasOne<Person>().WithMany().HasForeignKey(m => m.PersonId);
        builder.HasOne<Department>().WithMany().HasForeignKey(m => m.DepartmentId);
    }
}

public sealed class MonthlyPersonTotalConfiguration : IEntityTypeConfiguration<MonthlyPersonTotal>
{
    public void Configure(EntityTypeBuilder<MonthlyPersonTotal> builder)
    {
        builder.HasKey(m => m.Id);
        // One row per month, person and department, the null department (activity outside any) included: no filter, so
        // SQL Server's unique index allows one null per month and person, which is all there is, and serves the reads of
        // unlinked people too. The month is rewritten whole and read by months: the rows of a month are inserted
        // together, so the table reads behind the index are near one another.
        builder.HasIndex(m => new { m.Month, m.PersonId, m.DepartmentId }).IsUnique().HasFilter(null);
        builder.HasOne<Person>().WithMany().HasForeignKey(m => m.PersonId);
        builder.HasOne<Department>().WithMany().HasForeignKey(m => m.DepartmentId);
    }
}

public sealed class QuestionFactConfiguration : IEntityTypeConfiguration<QuestionFact>
{
    public void Configure(EntityTypeBuilder<QuestionFact> builder)
    {
        builder.HasKey(q => q.ActivityId);
        builder.Property(q => q.ActivityId).ValueGeneratedNever();
        // Deleted with its activity (a retracted event, the retention purge): a fact never outlives the raw row it stands for.
        builder.HasOne<Activity>().WithOne().HasForeignKey<QuestionFact>(q => q.ActivityId).OnDelete(DeleteBehavior.Cascade);
        // A period's questions and a rewritten day's rows by time; covering, so reading a period touches no table row.
        builder.HasIndex(q => new { q.AskedAt, q.ItemId, q.AskerAccountId });
        builder.HasIndex(q => q.ItemId);
    }
}

public sealed class AnswerFactConfiguration : IEntityTypeConfiguration<AnswerFact>
{
    public void Configure(EntityTypeBuilder<AnswerFact> builder)
    {
        builder.HasKey(a => a.ActivityId);
        builder.Property(a => a.ActivityId).ValueGeneratedNever();
        builder.HasOne<Activity>().WithOne().HasForeignKey<AnswerFact>(a => a.ActivityId).OnDelete(DeleteBehavior.Cascade);
        // The answers of a period's questions by question item, in time order; covering (the answerer's accounts too), so
        // finding a question's first answer touches no table row. A rewritten day's rows by time.
        builder.HasIndex(a => new { a.QuestionItemId, a.AnsweredAt, a.ActorAccountId, a.AuthorAccountId });
        builder.HasIndex(a => a.AnsweredAt);
    }
}

public sealed class DailyFlowConfiguration : IEntityTypeConfiguration<DailyFlow>
{
    public void Configure(EntityTypeBuilder<DailyFlow> builder)
    {
        builder.HasKey(f => new { f.Day, f.AuthorDepartmentId, f.ReuserDepartmentId, f.Type });
        builder.HasOne<Department>().WithMany().HasForeignKey(f => f.AuthorDepartmentId);
        builder.HasOne<Department>().WithMany().HasForeignKey(f => f.ReuserDepartmentId);
    }
}

public sealed class DailyPairReuseConfiguration : IEntityTypeConfiguration<DailyPairReuse>
{
    public void Configure(EntityTypeBuilder<DailyPairReuse> builder)
    {
        builder.HasKey(p => new { p.Day, p.ReuserPersonId, p.AuthorPersonId, p.Type });
        builder.HasOne<Person>().WithMany().HasForeignKey(p => p.ReuserPersonId);
        builder.HasOne<Person>().WithMany().HasForeignKey(p => p.AuthorPersonId);
    }
}

public sealed class PendingBadgeCheckConfiguration : IEntityTypeConfiguration<PendingBadgeCheck>
{
    public void Configure(EntityTypeBuilder<PendingBadgeCheck> builder)
    {
        builder.HasKey(c => c.PersonId);
        builder.Property(c => c.PersonId).ValueGeneratedNever();
        // A person removed (an identity split undone) needs no badge check.
        builder.HasOne<Person>().WithMany().HasForeignKey(c => c.PersonId).OnDelete(DeleteBehavior.Cascade);
    }
}

public sealed class MonthlyExpertiseConfiguration : IEntityTypeConfiguration<MonthlyExpertise>
{
    public void Configure(EntityTypeBuilder<MonthlyExpertise> builder)
    {
        // A surrogate key: the raw topics (up to 1000 characters) cannot be part of a SQL Server key. A segment's rows are
        // replaced as a whole, so nothing looks a row up by its natural key.
        builder.HasKey(e => e.Id);
        // Readers read a month (its prefix); the aggregator finds the segments holding changed days by their last day: a
        // new day after the month's segments seeks past all of them (ADR 2306).
        builder.HasIndex(e => new { e.Month, e.LastDay, e.FirstDay });
        builder.Property(e => e.Topics).HasMaxLength(1000);
        builder.HasOne<Person>().WithMany().HasForeignKey(e => e.PersonId);
    }
}

public sealed class DirtyDayConfiguration : IEntityTypeConfiguration<DirtyDay>
{
    public void Configure(EntityTypeBuilder<DirtyDay> builder) => builder.HasKey(d => d.Day);
}

public sealed class MonthCloseConfiguration : IEntityTypeConfiguration<MonthClose>
{
    public void Configure(EntityTypeBuilder<MonthClose> builder)
    {
        builder.HasKey(m => m.Month);
        builder.Property(m => m.ClosedBy).HasMaxLength(256);
    }
}

public sealed class MonthlySnapshotConfiguration : IEntityTypeConfiguration<MonthlySnapshot>
{
    public void Configure(EntityTypeBuilder<MonthlySnapshot> builder)
    {
        builder.HasKey(s => new { s.Month, s.PersonId });
        builder.HasIndex(s => new { s.Month, s.DepartmentId });
        builder.HasOne<MonthClose>().WithMany().HasForeignKey(s => s.Month);
        builder.HasOne<Person>().WithMany().HasForeignKey(s => s.PersonId);
        builder.HasOne<Department>().WithMany().HasForeignKey(s => s.DepartmentId);
    }
}
