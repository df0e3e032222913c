using System.Threading.RateLimiting;

namespace Analytics.Web.Access;

/// <summary>
/// A fixed window per client address on sign-in posts (ASP.NET Core's built-in rate limiter); every other
/// request is unlimited. The limit is a named policy attached to the sign-in page's endpoint
/// ([EnableRateLimiting] on its page model), not a match on the path text: routing serves the page under
/// several spellings (case, trailing slash, repeated or encoded slashes), and every one of them reaches the
/// same endpoint and so the same limit. Behind a reverse proxy the address is the proxy's unless forwarded
/// headers are configured, so the limit then applies to all users together.
/// </summary>
public static class SignInRateLimit
{
    public const string Policy = "sign-in";

    public static IServiceCollection AddSignInRateLimit(this IServiceCollection services, AccessOptions access)
    {
        services.AddRateLimiter(options =>
        {
            options.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            // Opening the form (GET) is not limited: only attempts count.
            options.AddPolicy(Policy, context => HttpMethods.IsPost(context.Request.Method)
                ? RateLimitPartition.GetFixedWindowLimiter(context.Connection.RemoteIpAddress?.ToString() ?? "unknown", _ => new FixedWindowRateLimiterOptions
                {
                    PermitLimit = access.SignInPostsPerMinute,
                    Window = TimeSpan.FromMinutes(1),
                    QueueLimit = 0,
                })
                : RateLimitPartition.GetNoLimiter("form"));
            options.OnRejected = (context, _) =>
            {
                context.HttpContext.Response.Headers.RetryAfter = "60";
                return ValueTask.CompletedTask;
            };
        });
        return services;
    }
}
