using Analytics.Domain.Knowledge;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Analytics.Domain.Persistence.Configurations;

public sealed class KnowledgeItemConfiguration : IEntityTypeConfiguration<KnowledgeItem>
{
    public void Configure(EntityTypeBuilder<KnowledgeItem> builder)
    {
        builder.Property(i => i.ExternalId).HasMaxLength(400);
        builder.Property(i => i.Title).HasMaxLength(500);
        builder.Property(i => i.Url).HasMaxLength(2000);
        builder.Property(i => i.Kind).HasMaxLength(40);
        builder.Property(i => i.Topics).HasMaxLength(1000);
        builder.HasIndex(i => new { i.SourceSystemId, i.ExternalId }).IsUnique();
        builder.HasIndex(i => i.AuthorAccountId);
        builder.HasIndex(i => i.ParentItemId);
        builder.HasOne(i => i.SourceSystem).WithMany().HasForeignKey(i => i.SourceSystemId);
        builder.HasOne(i => i.AuthorAccount).WithMany().HasForeignKey(i => i.AuthorAccountId);
        builder.HasOne(i => i.Parent).WithMany().HasForeignKey(i => i.ParentItemId);
    }
}

public sealed class ActivityConfiguration : IEntityTypeConfiguration<Activity>
{
    public void Configure(EntityTypeBuilder<Activity> builder)
    {
        builder.Property(a => a.SourceEventId).HasMaxLength(400);
        builder.HasIndex(a => new { a.SourceSystemId, a.SourceEventId }).IsUnique();
        builder.HasIndex(a => a.OccurredAt);
        builder.HasIndex(a => new { a.ActorAccountId, a.OccurredAt });
        builder.HasIndex(a => new { a.ItemId, a.OccurredAt });
        builder.HasOne(a => a.SourceSystem).WithMany().HasForeignKey(a => a.SourceSystemId);
        builder.HasOne(a => a.ActorAccount).WithMany().HasForeignKey(a => a.ActorAccountId);
        builder.HasOne(a => a.Item).WithMany().HasForeignKey(a => a.ItemId);
        builder.HasOne<Sources.SyncRun>().WithMany().HasForeignKey(a => a.SyncRunId);
    }
}

public sealed class TopicRuleConfiguration : IEntityTypeConfiguration<TopicRule>
{
    public void Configure(EntityTypeBuilder<TopicRule> builder)
    {
        builder.Property(r => r.TopicKey).HasMaxLength(TopicNames.MaxLength);
        builder.Property(r => r.MergeIntoKey).HasMaxLength(TopicNames.MaxLength);
        builder.Property(r => r.ChangedBy).HasMaxLength(256);
        builder.HasIndex(r => r.TopicKey).IsUnique();
    }
}

public sealed class CommunityConfiguration : IEntityTypeConfiguration<Communities.Community>
{
    public void Configure(EntityTypeBuilder<Communities.Community> builder)
    {
        builder.Property(c => c.Name).HasMaxLength(Communities.CommunityRules.MaxNameLength);
        builder.Property(c => c.CreatedBy).HasMaxLength(256);
        builder.HasIndex(c => c.Name).IsUnique();
        builder.HasMany(c => c.Members).WithOne(m => m.Community).HasForeignKey(m => m.CommunityId).OnDelete(DeleteBehavior.Cascade);
    }
}

public sealed class CommunityMemberConfiguration : IEntityTypeConfiguration<Communities.CommunityMember>
{
    public void Configure(EntityTypeBuilder<Communities.CommunityMember> builder)
    {
        builder.Property(m => m.Value).HasMaxLength(Communities.CommunityRules.MaxValueLength);
        builder.Property(m => m.MatchKey).HasMaxLength(Communities.CommunityRules.MaxValueLength);
        builder.HasIndex(m => new { m.CommunityId, m.SourceSystemId, m.MatchKey }).IsUnique();
        builder.HasOne(m => m.SourceSystem).WithMany().HasForeignKey(m => m.SourceSystemId);
    }
}
