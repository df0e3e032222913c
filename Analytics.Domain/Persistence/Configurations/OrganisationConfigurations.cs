using Analytics.Domain.Organisation;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Analytics.Domain.Persistence.Configurations;

public sealed class DepartmentConfiguration : IEntityTypeConfiguration<Department>
{
    public void Configure(EntityTypeBuilder<Department> builder)
    {
        builder.Property(d => d.Code).HasMaxLength(64);
        builder.Property(d => d.Name).HasMaxLength(200);
        builder.Property(d => d.Path).HasMaxLength(400);
        builder.HasIndex(d => d.Code).IsUnique();
        builder.HasIndex(d => d.Path);
        builder.HasOne(d => d.Parent).WithMany(d => d.Children).HasForeignKey(d => d.ParentId);
    }
}

public sealed class EmployeeConfiguration : IEntityTypeConfiguration<Employee>
{
    public void Configure(EntityTypeBuilder<Employee> builder)
    {
        builder.Property(e => e.EmployeeNumber).HasMaxLength(64);
        builder.Property(e => e.DisplayName).HasMaxLength(200);
        builder.Property(e => e.Email).HasMaxLength(320);
        builder.Property(e => e.Location).HasMaxLength(200);
        builder.HasIndex(e => e.EmployeeNumber).IsUnique();
        builder.HasIndex(e => e.Email).IsUnique();
        builder.HasIndex(e => e.DisplayName);
        builder.HasMany(e => e.Aliases).WithOne(a => a.Employee).HasForeignKey(a => a.EmployeeId)
            .OnDelete(DeleteBehavior.Cascade);
        builder.HasMany(e => e.Assignments).WithOne(a => a.Employee).HasForeignKey(a => a.EmployeeId);
    }
}

public sealed class EmployeeAliasConfiguration : IEntityTypeConfiguration<EmployeeAlias>
{
    public void Configure(EntityTypeBuilder<EmployeeAlias> builder)
    {
        builder.Property(a => a.Email).HasMaxLength(320);
        builder.HasIndex(a => a.Email).IsUnique();
    }
}

public sealed class OrgAssignmentConfiguration : IEntityTypeConfiguration<OrgAssignment>
{
    public void Configure(EntityTypeBuilder<OrgAssignment> builder)
    {
        builder.HasIndex(a => new { a.EmployeeId, a.ValidFrom }).IsUnique();
        builder.HasIndex(a => new { a.DepartmentId, a.ValidFrom });
        builder.HasIndex(a => a.ManagerId);
        builder.HasOne(a => a.Department).WithMany().HasForeignKey(a => a.DepartmentId);
        builder.HasOne(a => a.Manager).WithMany().HasForeignKey(a => a.ManagerId);
        builder.ToTable(t => t.HasCheckConstraint("CK_OrgAssignments_Span", "ValidTo IS NULL OR ValidTo > ValidFrom"));
    }
}
