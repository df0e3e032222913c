using Analytics.Domain.Sources;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Analytics.Domain.Persistence.Configurations;

public sealed class SourceSystemConfiguration : IEntityTypeConfiguration<SourceSystem>
{
    public void Configure(EntityTypeBuilder<SourceSystem> builder)
    {
        builder.Property(s => s.Name).HasMaxLength(100);
        builder.Property(s => s.Kind).HasMaxLength(40);
        builder.Property(s => s.Location).HasMaxLength(1000);
        builder.Property(s => s.Schedule).HasMaxLength(100);
        builder.Property(s => s.Cursor).HasMaxLength(4000);
        builder.HasIndex(s => s.Name).IsUnique();
    }
}

public sealed class SyncRunConfiguration : IEntityTypeConfiguration<SyncRun>
{
    public void Configure(EntityTypeBuilder<SyncRun> builder)
    {
        builder.Property(r => r.Trigger).HasMaxLength(200);
        builder.Property(r => r.Error).HasMaxLength(4000);
        builder.HasIndex(r => new { r.SourceSystemId, r.StartedAt });
        builder.HasOne(r => r.SourceSystem).WithMany(s => s.Runs).HasForeignKey(r => r.SourceSystemId);
        builder.HasMany(r => r.Rejections).WithOne(j => j.SyncRun).HasForeignKey(j => j.SyncRunId)
            .OnDelete(DeleteBehavior.Cascade);
        builder.HasMany(r => r.Skips).WithOne(k => k.SyncRun).HasForeignKey(k => k.SyncRunId)
            .OnDelete(DeleteBehavior.Cascade);
    }
}

public sealed class SyncRunSkipConfiguration : IEntityTypeConfiguration<SyncRunSkip>
{
    public void Configure(EntityTypeBuilder<SyncRunSkip> builder)
    {
        builder.Property(k => k.Reason).HasMaxLength(200);
        builder.HasIndex(k => new { k.SyncRunId, k.Reason }).IsUnique();
    }
}

public sealed class RejectionConfiguration : IEntityTypeConfiguration<Rejection>
{
    public void Configure(EntityTypeBuilder<Rejection> builder)
    {
        builder.Property(r => r.Location).HasMaxLength(1000);
        builder.Property(r => r.Reason).HasMaxLength(1000);
        builder.Property(r => r.Excerpt).HasMaxLength(500);
        builder.HasIndex(r => r.SyncRunId);
    }
}
