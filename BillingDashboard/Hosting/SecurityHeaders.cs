namespace BillingDashboard.Hosting;

/// <summary>
/// The headers every answer carries, for pages, the API and downloads alike: no MIME sniffing, no referrer to
/// other sites, no framing, and a Content-Security-Policy that runs only the app's own script files (Blazor
/// Server needs no inline script and no eval; MudBlazor sets inline styles, so styles may be inline). Answers that
/// did not set their own caching (static files do) are not stored anywhere: they hold customers' data.
/// </summary>
public static class SecurityHeaders
{
    public const string ContentSecurityPolicy =
        "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; font-src 'self' data:; " +
        "connect-src 'self'; object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'";

    public static IApplicationBuilder UseSecurityHeaders(this IApplicationBuilder app) => app.Use(async (context, next) =>
    {
        context.Response.OnStarting(() =>
        {
            var headers = context.Response.Headers;
            headers.XContentTypeOptions = "nosniff";
            headers["Referrer-Policy"] = "same-origin";
            headers.ContentSecurityPolicy = ContentSecurityPolicy;
            if (!headers.ContainsKey("Cache-Control"))
            {
                headers.CacheControl = "no-store";
            }
            return Task.CompletedTask;
        });
        await next(context);
    });
}
