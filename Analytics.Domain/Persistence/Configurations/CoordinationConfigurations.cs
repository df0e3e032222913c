using Analytics.Domain.Coordination;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Analytics.Domain.Persistence.Configurations;

public sealed class LockLeaseConfiguration : IEntityTypeConfiguration<LockLease>
{
    public void Configure(EntityTypeBuilder<LockLease> builder)
    {
        builder.HasKey(l => l.Name);
        builder.Property(l => l.Name).HasMaxLength(LockLease.NameLength);
        builder.Property(l => l.Owner).HasMaxLength(LockLease.OwnerLength);
    }
}
