using System.ComponentModel.DataAnnotations;

namespace Analytics.Web.Access;

/// <summary>Sign-in settings. OpenID Connect is used when <see cref="OpenIdConnect"/> has an authority.</summary>
public sealed class AccessOptions
{
    public const string Section = "Access";

    [Range(1, 100)] public int MaxFailedSignIns { get; set; } = 5;
    [Range(typeof(TimeSpan), "00:01:00", "1.00:00:00")] public TimeSpan LockoutDuration { get; set; } = TimeSpan.FromMinutes(15);

    /// <summary>
    /// Sign-in form posts accepted per client address and minute; more get 429. Lockout protects one
    /// account, this limit slows guessing across many accounts from one address.
    /// </summary>
    [Range(1, 100_000)] public int SignInPostsPerMinute { get; set; } = 20;

    /// <summary>
    /// How often a signed-in session is checked against its account (security stamp and lockout): a cookie
    /// stops working at most this long after sign-out, lockout, password or role change. Each check reads
    /// the account once; zero checks every request (ADR 1641).
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00", "00:30:00")] public TimeSpan SessionCheckInterval { get; set; } = TimeSpan.FromMinutes(1);

    public OpenIdConnectSettings OpenIdConnect { get; set; } = new();
}

public sealed class OpenIdConnectSettings
{
    public string? Authority { get; set; }
    public string? ClientId { get; set; }
    public string? ClientSecret { get; set; }

    /// <summary>The token claim that carries the product's role names.</summary>
    public string RoleClaim { get; set; } = "roles";

    public bool Enabled => !string.IsNullOrWhiteSpace(Authority);
}
