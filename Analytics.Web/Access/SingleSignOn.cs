using System.Globalization;
using System.Security.Claims;
using Analytics.Domain.Persistence;
using Microsoft.AspNetCore.Authentication.OpenIdConnect;
using Microsoft.EntityFrameworkCore;

namespace Analytics.Web.Access;

public static class SingleSignOn
{
    /// <summary>Links an OpenID Connect sign-in to the employee with that e-mail (primary or alias).</summary>
    public static async Task AddEmployeeClaimAsync(TokenValidatedContext context)
    {
        var identity = context.Principal?.Identity as ClaimsIdentity;
        var email = context.Principal?.FindFirstValue("email") ?? context.Principal?.FindFirstValue(ClaimTypes.Email);
        if (identity is null || string.IsNullOrWhiteSpace(email))
            return;

        var db = context.HttpContext.RequestServices.GetRequiredService<AnalyticsDbContext>();
        var normalized = email.Trim().ToLowerInvariant();
        var employeeId = await db.Employees.Where(e => e.Email == normalized).Select(e => (int?)e.Id).FirstOrDefaultAsync()
                         ?? await db.EmployeeAliases.Where(a => a.Email == normalized).Select(a => (int?)a.EmployeeId).FirstOrDefaultAsync();
        if (employeeId is { } id)
            identity.AddClaim(new Claim(CurrentViewer.EmployeeIdClaim, id.ToString(CultureInfo.InvariantCulture)));
    }
}
