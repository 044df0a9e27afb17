using BillingDashboard.Api;
using Microsoft.AspNetCore.Http.Features;

namespace BillingDashboard.Hosting;

/// <summary>
/// How large a request body may be, by where it goes: the sign-in and setup forms a few KB, the other pages'
/// posts (Blazor's own traffic included) 64 KB, the API 1 MB. A body that says it is larger is refused before a
/// byte of it is read, and one that turns out larger stops being read at the limit, so no client can make the
/// server hold more than that per request. The refusal is a 413, in the API's error envelope on <c>/v1</c>.
/// </summary>
public static class RequestBodyLimits
{
    public const long AccountFormLimit = 8 * 1024;
    public const long PageLimit = 64 * 1024;
    public const long ApiLimit = 1024 * 1024;

    public static IApplicationBuilder UseRequestBodyLimits(this IApplicationBuilder app) => app.Use(async (context, next) =>
    {
        var isApi = context.Request.Path.StartsWithSegments("/v1", StringComparison.OrdinalIgnoreCase);
        var limit = isApi ? ApiLimit : context.Request.Path.StartsWithSegments("/account", StringComparison.OrdinalIgnoreCase) ? AccountFormLimit : PageLimit;
        if (context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } feature)
        {
            feature.MaxRequestBodySize = limit;
        }
        if (context.Request.ContentLength > limit)
        {
            await RefuseAsync(context, isApi, limit);
            return;
        }
        try
        {
            await next(context);
        }
        catch (BadHttpRequestException tooLarge) when (tooLarge.StatusCode == StatusCodes.Status413PayloadTooLarge && !context.Response.HasStarted)
        {
            await RefuseAsync(context, isApi, limit);
        }
    });

    private static Task RefuseAsync(HttpContext context, bool isApi, long limit)
    {
        var message = $"The request body is larger than the {limit / 1024} KB this address takes.";
        // Nothing more of the body will be read: the connection is not reused for a next request.
        context.Response.Headers.Connection = "close";
        if (isApi)
        {
            return ApiErrors.WriteAsync(context, StatusCodes.Status413PayloadTooLarge, new ApiError("invalid_request_error", message));
        }
        context.Response.StatusCode = StatusCodes.Status413PayloadTooLarge;
        context.Response.ContentType = "text/plain; charset=utf-8";
        return context.Response.WriteAsync(message);
    }
}
