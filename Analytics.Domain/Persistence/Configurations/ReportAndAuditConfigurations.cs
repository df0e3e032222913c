using Analytics.Domain.Auditing;
using Analytics.Domain.Reports;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Analytics.Domain.Persistence.Configurations;

public sealed class StoredReportConfiguration : IEntityTypeConfiguration<StoredReport>
{
    public void Configure(EntityTypeBuilder<StoredReport> builder)
    {
        builder.Property(r => r.Kind).HasMaxLength(40);
        builder.Property(r => r.Period).HasMaxLength(20);
        builder.Property(r => r.GeneratedBy).HasMaxLength(256);
        builder.Property(r => r.FileName).HasMaxLength(260);
        builder.Property(r => r.ContentType).HasMaxLength(100);
        builder.HasIndex(r => new { r.Kind, r.Period, r.Version }).IsUnique();
    }
}

public sealed class AuditEntryConfiguration : IEntityTypeConfiguration<AuditEntry>
{
    public void Configure(EntityTypeBuilder<AuditEntry> builder)
    {
        builder.Property(a => a.Actor).HasMaxLength(256);
        builder.Property(a => a.Action).HasMaxLength(100);
        builder.Property(a => a.Subject).HasMaxLength(200);
        builder.Property(a => a.Details).HasMaxLength(4000);
        builder.HasIndex(a => a.At);
        builder.HasIndex(a => new { a.Subject, a.At });
    }
}

public sealed class AppUserConfiguration : IEntityTypeConfiguration<Users.AppUser>
{
    public void Configure(EntityTypeBuilder<Users.AppUser> builder)
    {
        builder.HasIndex(u => u.EmployeeId);
        builder.HasOne<Organisation.Employee>().WithMany().HasForeignKey(u => u.EmployeeId).OnDelete(DeleteBehavior.Restrict);
    }
}
