using Analytics.Domain.People;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Analytics.Domain.Persistence.Configurations;

public sealed class PersonConfiguration : IEntityTypeConfiguration<Person>
{
    public void Configure(EntityTypeBuilder<Person> builder)
    {
        builder.Property(p => p.DisplayName).HasMaxLength(200);
        // One person per employee: linking a second account's person to the same employee is a merge.
        builder.HasIndex(p => p.EmployeeId).IsUnique();
        builder.HasIndex(p => p.DisplayName);
        builder.HasOne(p => p.Employee).WithMany().HasForeignKey(p => p.EmployeeId);
    }
}

public sealed class SourceAccountConfiguration : IEntityTypeConfiguration<SourceAccount>
{
    public void Configure(EntityTypeBuilder<SourceAccount> builder)
    {
        builder.Property(a => a.ExternalId).HasMaxLength(256);
        builder.Property(a => a.DisplayName).HasMaxLength(200);
        builder.Property(a => a.Email).HasMaxLength(320);
        builder.Property(a => a.Username).HasMaxLength(200);
        builder.HasIndex(a => new { a.SourceSystemId, a.ExternalId }).IsUnique();
        builder.HasIndex(a => a.Email);
        builder.HasIndex(a => a.PersonId);
        builder.HasOne(a => a.Person).WithMany(p => p.Accounts).HasForeignKey(a => a.PersonId);
        builder.HasOne(a => a.SourceSystem).WithMany().HasForeignKey(a => a.SourceSystemId);
    }
}

public sealed class IdentitySuggestionConfiguration : IEntityTypeConfiguration<IdentitySuggestion>
{
    public void Configure(EntityTypeBuilder<IdentitySuggestion> builder)
    {
        builder.Property(s => s.Reason).HasMaxLength(400);
        builder.Property(s => s.DecidedBy).HasMaxLength(256);
        builder.HasIndex(s => new { s.PersonId, s.EmployeeId }).IsUnique();
        builder.HasIndex(s => s.Status);
        builder.HasOne(s => s.Person).WithMany().HasForeignKey(s => s.PersonId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne(s => s.Employee).WithMany().HasForeignKey(s => s.EmployeeId);
    }
}

public sealed class PersonMatchSuggestionConfiguration : IEntityTypeConfiguration<PersonMatchSuggestion>
{
    public void Configure(EntityTypeBuilder<PersonMatchSuggestion> builder)
    {
        builder.Property(s => s.Reason).HasMaxLength(400);
        builder.Property(s => s.DecidedBy).HasMaxLength(256);
        builder.HasIndex(s => new { s.PersonId, s.OtherPersonId }).IsUnique();
        builder.HasIndex(s => s.Status);
        // Persons are never deleted (an emptied person stays for frozen snapshots); two cascades to one table are
        // refused by SQL Server anyway.
        builder.HasOne(s => s.Person).WithMany().HasForeignKey(s => s.PersonId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne(s => s.OtherPerson).WithMany().HasForeignKey(s => s.OtherPersonId).OnDelete(DeleteBehavior.Restrict);
    }
}
