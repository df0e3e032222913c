using System.Threading.RateLimiting;

namespace Analytics.Web.Access;

/// <summary>
/// A fixed window per client address on POST /Account/SignIn (ASP.NET Core's built-in rate limiter);
/// every other request is unlimited. Behind a reverse proxy the address is the proxy's unless forwarded
/// headers are configured, so the limit then applies to all users together.
/// </summary>
public static class SignInRateLimit
{
    public const string SignInPath = "/Account/SignIn";

    public static IServiceCollection AddSignInRateLimit(this IServiceCollection services, AccessOptions access)
    {
        services.AddRateLimiter(options =>
        {
            options.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            options.GlobalLimiter = PartitionedRateLimiter.Create<HttpContext, string>(context =>
                IsSignInPost(context.Request)
                    ? RateLimitPartition.GetFixedWindowLimiter(context.Connection.RemoteIpAddress?.ToString() ?? "unknown", _ => new FixedWindowRateLimiterOptions
                    {
                        PermitLimit = access.SignInPostsPerMinute,
                        Window = TimeSpan.FromMinutes(1),
                        QueueLimit = 0,
                    })
                    : RateLimitPartition.GetNoLimiter("unlimited"));
            options.OnRejected = (context, _) =>
            {
                context.HttpContext.Response.Headers.RetryAfter = "60";
                return ValueTask.CompletedTask;
            };
        });
        return services;
    }

    private static bool IsSignInPost(HttpRequest request) =>
        HttpMethods.IsPost(request.Method) && request.Path.Equals(SignInPath, StringComparison.OrdinalIgnoreCase);
}
