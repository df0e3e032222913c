using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Server.Kestrel.Core;

namespace Analytics.Web.Hosting;

/// <summary>
/// The app takes no uploads: its forms post a few fields and the award API a small JSON body. So every
/// request body is capped far below Kestrel's 30 MB default. A declared length over the cap gets 413 at
/// once (otherwise the anti-forgery check would read the form first and answer 400); a chunked body
/// over it is stopped by the server's own limit while it is read.
/// </summary>
public static class RequestLimits
{
    public const long MaxRequestBodyBytes = 64 * 1024;

    public static IServiceCollection AddRequestLimits(this IServiceCollection services)
    {
        services.Configure<KestrelServerOptions>(options => options.Limits.MaxRequestBodySize = MaxRequestBodyBytes);
        services.Configure<FormOptions>(options =>
        {
            options.MultipartBodyLengthLimit = MaxRequestBodyBytes;
            options.ValueLengthLimit = (int)MaxRequestBodyBytes;
        });
        return services;
    }

    public static IApplicationBuilder UseRequestLimits(this IApplicationBuilder app) =>
        app.Use(async (context, next) =>
        {
            if (context.Request.ContentLength > MaxRequestBodyBytes)
            {
                context.Response.StatusCode = StatusCodes.Status413PayloadTooLarge;
                return;
            }

            await next(context);
        });
}
