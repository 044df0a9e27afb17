using System.Diagnostics;
using System.Security.Cryptography;

namespace BillingDashboard.Api;

/// <summary>
/// Every /v1 answer carries a <c>Request-Id</c> (<c>req_…</c>), as the hosted API's do, and the same id ends the one
/// log line written for that request, so an integrator's support question ("req_… failed") leads to its line. The line
/// names the method, the path without its query and the status: never a parameter, which may hold a card number.
/// </summary>
public static class ApiRequestLog
{
    public const string Header = "Request-Id";
    private const string Alphabet = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";

    /// <summary>A request's id; also given to each activity of a dashboard session, which the events it causes name.</summary>
    public static string NewRequestId() => "req_" + RandomNumberGenerator.GetString(Alphabet, 14);

    public static IApplicationBuilder UseApiRequestLog(this IApplicationBuilder app) =>
        app.UseWhen(context => context.Request.Path.StartsWithSegments("/v1", StringComparison.OrdinalIgnoreCase), v1 => v1.Use(async (context, next) =>
        {
            var requestId = NewRequestId();
            context.Response.Headers[Header] = requestId;
            var clock = Stopwatch.StartNew();
            try
            {
                await next(context);
            }
            finally
            {
                context.RequestServices.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(ApiRequestLog))
                    .LogInformation("{Method} {Path} {Status} in {Elapsed:0} ms ({RequestId})",
                        context.Request.Method, context.Request.Path.Value, context.Response.StatusCode, clock.Elapsed.TotalMilliseconds, requestId);
            }
        }));
}
