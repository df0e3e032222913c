using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Server.Kestrel.Core;

namespace Analytics.Web.Hosting;

/// <summary>
/// The app takes no uploads: its forms post a few fields and the award API a small JSON body. So every
/// request body is capped far below Kestrel's 30 MB default. A declared length over the cap gets 413 at
/// once (otherwise the anti-forgery check would read the form first and answer 400); a chunked body
/// over it is read up front (at most the cap) so the server's limit answers 413 there too.
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

            if (context.Request.ContentLength is null && context.Features.Get<IHttpRequestBodyDetectionFeature>()?.CanHaveBody == true
                && !await BufferedWithinLimitAsync(context))
            {
                context.Response.StatusCode = StatusCodes.Status413PayloadTooLarge;
                return;
            }

            await next(context);
        });

    /// <summary>
    /// A chunked body has no declared length: read it whole (at most the cap, in memory) before anything else
    /// does, so the server's limit answers 413 here instead of surfacing inside the anti-forgery check as 400.
    /// </summary>
    private static async Task<bool> BufferedWithinLimitAsync(HttpContext context)
    {
        context.Request.EnableBuffering(bufferThreshold: (int)MaxRequestBodyBytes + 1, bufferLimit: MaxRequestBodyBytes);
        try
        {
            await context.Request.Body.CopyToAsync(Stream.Null, context.RequestAborted);
        }
        catch (Microsoft.AspNetCore.Http.BadHttpRequestException tooLarge) when (tooLarge.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            return false;
        }
        catch (IOException overBuffer) when (overBuffer.Message.Contains("limit", StringComparison.OrdinalIgnoreCase))
        {
            // FileBufferingReadStream's own bufferLimit (a host without Kestrel's limit, e.g. the test server).
            return false;
        }

        context.Request.Body.Position = 0;
        return true;
    }
}
