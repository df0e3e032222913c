using Analytics.Domain.Recognition;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Analytics.Domain.Persistence.Configurations;

public sealed class RecognitionBudgetConfiguration : IEntityTypeConfiguration<RecognitionBudget>
{
    public void Configure(EntityTypeBuilder<RecognitionBudget> builder)
    {
        builder.Ignore(b => b.Remaining);
        builder.HasIndex(b => new { b.ManagerId, b.Year, b.Quarter }).IsUnique();
        builder.HasOne(b => b.Manager).WithMany().HasForeignKey(b => b.ManagerId);
        // The database, not the application, guarantees that racing awards never overspend.
        builder.ToTable(t =>
        {
            t.HasCheckConstraint("CK_RecognitionBudgets_NotOverspent", "Spent >= 0 AND Spent <= Points");
            t.HasCheckConstraint("CK_RecognitionBudgets_Quarter", "Quarter BETWEEN 1 AND 4");
        });
    }
}

public sealed class RecognitionAwardConfiguration : IEntityTypeConfiguration<RecognitionAward>
{
    public void Configure(EntityTypeBuilder<RecognitionAward> builder)
    {
        builder.Property(a => a.Message).HasMaxLength(2000);
        builder.Property(a => a.DecidedBy).HasMaxLength(256);
        builder.Property(a => a.DecisionReason).HasMaxLength(1000);
        builder.HasIndex(a => new { a.RecipientId, a.Status });
        builder.HasIndex(a => new { a.GiverId, a.CreatedAt });
        builder.HasIndex(a => a.BudgetId);
        builder.HasOne(a => a.Giver).WithMany().HasForeignKey(a => a.GiverId);
        builder.HasOne(a => a.Recipient).WithMany().HasForeignKey(a => a.RecipientId);
        builder.HasOne(a => a.Budget).WithMany().HasForeignKey(a => a.BudgetId);
        builder.HasMany(a => a.Evidence).WithOne().HasForeignKey(e => e.AwardId).OnDelete(DeleteBehavior.Cascade);
        builder.ToTable(t => t.HasCheckConstraint("CK_RecognitionAwards_Points", "Points > 0"));
    }
}

public sealed class AwardEvidenceConfiguration : IEntityTypeConfiguration<AwardEvidence>
{
    public void Configure(EntityTypeBuilder<AwardEvidence> builder)
    {
        builder.HasKey(e => new { e.AwardId, e.ActivityId });
        // No foreign key into Activities: the retention purge deletes them, the evidence keeps its snapshot (ADR 1404).
        builder.Property(e => e.Source).HasMaxLength(100);
        builder.Property(e => e.ItemTitle).HasMaxLength(500);
        builder.Property(e => e.ItemUrl).HasMaxLength(2000);
    }
}
