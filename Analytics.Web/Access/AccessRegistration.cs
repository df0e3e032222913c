using Analytics.Domain.Persistence;
using Analytics.Domain.Users;
using Microsoft.AspNetCore.Authentication.OpenIdConnect;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Analytics.Web.Access;

public static class AccessRegistration
{
    public static WebApplicationBuilder AddAccess(this WebApplicationBuilder builder)
    {
        builder.Services.AddOptions<AccessOptions>()
            .BindConfiguration(AccessOptions.Section)
            .ValidateDataAnnotations()
            .ValidateOnStart();
        var access = builder.Configuration.GetSection(AccessOptions.Section).Get<AccessOptions>() ?? new AccessOptions();

        builder.Services.AddIdentity<AppUser, IdentityRole>(options =>
            {
                options.Password.RequiredLength = 10;
                options.User.RequireUniqueEmail = false;
                options.Lockout.AllowedForNewUsers = true;
                options.Lockout.MaxFailedAccessAttempts = access.MaxFailedSignIns;
                options.Lockout.DefaultLockoutTimeSpan = access.LockoutDuration;
            })
            .AddEntityFrameworkStores<AnalyticsDbContext>()
            .AddDefaultTokenProviders()
            .AddUserManager<AppUserManager>()
            .AddSignInManager<AppSignInManager>();
        builder.Services.Replace(ServiceDescriptor.Scoped<ISecurityStampValidator, AppSecurityStampValidator>());
        builder.Services.Configure<SecurityStampValidatorOptions>(options => options.ValidationInterval = access.SessionCheckInterval);

        builder.Services.ConfigureApplicationCookie(options =>
        {
            options.LoginPath = "/Account/SignIn";
            options.LogoutPath = "/Account/SignOut";
            options.AccessDeniedPath = "/Account/AccessDenied";
            options.Cookie.Name = "analytics.auth";
            options.Cookie.HttpOnly = true;
            options.Cookie.SameSite = SameSiteMode.Lax;
            options.SlidingExpiration = true;
            options.ExpireTimeSpan = TimeSpan.FromHours(8);
            // APIs and file downloads answer 401/403; only pages redirect to the sign-in form.
            options.Events.OnRedirectToLogin = context => RedirectOrStatus(context.Request, context.Response, context.RedirectUri, StatusCodes.Status401Unauthorized);
            options.Events.OnRedirectToAccessDenied = context => RedirectOrStatus(context.Request, context.Response, context.RedirectUri, StatusCodes.Status403Forbidden);
        });

        if (access.OpenIdConnect.Enabled)
        {
            builder.Services.AddAuthentication().AddOpenIdConnect(OpenIdConnectDefaults.AuthenticationScheme, "Single sign-on", options =>
            {
                options.Authority = access.OpenIdConnect.Authority;
                options.ClientId = access.OpenIdConnect.ClientId;
                options.ClientSecret = access.OpenIdConnect.ClientSecret;
                options.ResponseType = "code";
                // The identity provider's principal becomes the app's cookie: roles come from its role
                // claim, the employee from its e-mail (matched to the HR directory and its aliases).
                options.SignInScheme = IdentityConstants.ApplicationScheme;
                options.TokenValidationParameters.RoleClaimType = access.OpenIdConnect.RoleClaim;
                options.TokenValidationParameters.NameClaimType = "name";
                options.Scope.Add("email");
                options.Events.OnTokenValidated = SingleSignOn.AddEmployeeClaimAsync;
            });
        }

        builder.Services.AddAuthorizationBuilder()
            .AddPolicy(Policies.Administer, p => p.RequireRole(Roles.Admin))
            .AddPolicy(Policies.ManagePeopleData, p => p.RequireRole(Roles.HR))
            .AddPolicy(Policies.ViewAggregates, p => p.RequireRole(Roles.HR, Roles.Leadership, Roles.Manager))
            .AddPolicy(Policies.ViewReports, p => p.RequireRole(Roles.HR, Roles.Leadership))
            .AddPolicy(Policies.SignedIn, p => p.RequireAuthenticatedUser())
            // Every endpoint needs a signed-in user unless it says [AllowAnonymous].
            .SetFallbackPolicy(new Microsoft.AspNetCore.Authorization.AuthorizationPolicyBuilder().RequireAuthenticatedUser().Build());

        builder.Services.AddSignInRateLimit(access);
        builder.Services.AddScoped<IUserClaimsPrincipalFactory<AppUser>, AppUserClaimsFactory>();
        builder.Services.AddHttpContextAccessor();
        builder.Services.AddScoped<CurrentViewer>();
        builder.Services.AddScoped<ReportingLine>();
        builder.Services.AddScoped<DemoAccounts>();
        return builder;
    }

    private static Task RedirectOrStatus(HttpRequest request, HttpResponse response, string redirectUri, int status)
    {
        if (request.Path.StartsWithSegments("/api", StringComparison.OrdinalIgnoreCase)
            || request.Path.StartsWithSegments("/exports", StringComparison.OrdinalIgnoreCase))
            response.StatusCode = status;
        else
            response.Redirect(redirectUri);
        return Task.CompletedTask;
    }
}
