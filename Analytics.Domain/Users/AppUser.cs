using Microsoft.AspNetCore.Identity;

namespace Analytics.Domain.Users;

/// <summary>A dashboard sign-in, optionally tied to the employee it is (for "my profile" and "my reporting line").</summary>
public sealed class AppUser : IdentityUser
{
    public int? EmployeeId { get; set; }
}
