using Analytics.Domain.People;
using Analytics.Domain.Scoring;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Analytics.Domain.Persistence.Configurations;

public sealed class ScoringRuleConfiguration : IEntityTypeConfiguration<ScoringRule>
{
    public void Configure(EntityTypeBuilder<ScoringRule> builder)
    {
        builder.Property(r => r.CreatedBy).HasMaxLength(256);
        builder.HasIndex(r => new { r.Type, r.EffectiveFrom }).IsUnique();
        builder.ToTable(t =>
        {
            t.HasCheckConstraint("CK_ScoringRules_Span", "EffectiveTo IS NULL OR EffectiveTo > EffectiveFrom");
            t.HasCheckConstraint("CK_ScoringRules_Caps", "(DailyCapPerPerson IS NULL OR DailyCapPerPerson >= 0) AND (PairCapPerMonth IS NULL OR PairCapPerMonth >= 0)");
        });
    }
}

public sealed class PointsEntryConfiguration : IEntityTypeConfiguration<PointsEntry>
{
    public void Configure(EntityTypeBuilder<PointsEntry> builder)
    {
        builder.HasIndex(p => new { p.PersonId, p.Day });
        builder.HasIndex(p => p.Day);
        builder.HasOne(p => p.ScoringRule).WithMany().HasForeignKey(p => p.ScoringRuleId);
        builder.HasOne<Person>().WithMany().HasForeignKey(p => p.PersonId);
    }
}

public sealed class BadgeAwardConfiguration : IEntityTypeConfiguration<BadgeAward>
{
    public void Configure(EntityTypeBuilder<BadgeAward> builder)
    {
        builder.Property(b => b.BadgeCode).HasMaxLength(64);
        builder.Property(b => b.Evidence).HasMaxLength(1000);
        builder.HasIndex(b => new { b.PersonId, b.BadgeCode }).IsUnique();
        builder.HasOne<Person>().WithMany().HasForeignKey(b => b.PersonId);
    }
}
