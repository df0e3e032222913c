using Analytics.Domain.Email;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Analytics.Domain.Persistence.Configurations;

public sealed class OutboxMessageConfiguration : IEntityTypeConfiguration<OutboxMessage>
{
    public void Configure(EntityTypeBuilder<OutboxMessage> builder)
    {
        builder.ToTable("EmailOutbox");
        builder.Property(m => m.SubjectKey).HasMaxLength(64);
        builder.Property(m => m.Subject).HasMaxLength(300);
        builder.Property(m => m.LastError).HasMaxLength(1000);
        // One message per kind, recipient and subject: a producer that runs again (retry, second server) adds nothing.
        builder.HasIndex(m => new { m.Kind, m.RecipientId, m.SubjectKey }).IsUnique();
        builder.HasIndex(m => new { m.Status, m.Id });
        builder.HasIndex(m => m.RecipientId);
        builder.HasOne(m => m.Recipient).WithMany().HasForeignKey(m => m.RecipientId).OnDelete(DeleteBehavior.Cascade);
    }
}
