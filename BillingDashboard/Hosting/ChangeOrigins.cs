using BillingDashboard.Api;
using BillingDashboard.Domain.Events;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.AspNetCore.Components.Server.Circuits;

namespace BillingDashboard.Hosting;

/// <summary>
/// Sets <see cref="ChangeOrigin.Current"/> at the two web doors: each HTTP request (the API, the sign-in and setup
/// forms, downloads), and each activity of a Blazor circuit (a click, a form posted in the browser), which runs
/// outside any HTTP request. The command line sets its own (Hosting/CommandLine.cs).
/// </summary>
public static class ChangeOrigins
{
    /// <summary>After authorization, so that an API request's user is its key rather than the (absent) cookie's.</summary>
    public static IApplicationBuilder UseChangeOrigins(this IApplicationBuilder app) => app.Use((context, next) =>
    {
        ChangeOrigin.Current = new ChangeOrigin(context.User,
            requestId: context.Response.Headers[ApiRequestLog.Header].ToString() is { Length: > 0 } requestId ? requestId : null,
            idempotencyKey: context.Request.Headers[Idempotency.Header].ToString() is { Length: > 0 } key ? key : null,
            newRequestId: ApiRequestLog.NewRequestId);
        return next(context);
    });

    public static IServiceCollection AddChangeOrigins(this IServiceCollection services) =>
        services.AddScoped<CircuitHandler, CircuitActivityOrigin>();

    /// <summary>Each inbound activity of a circuit is a request of the signed-in operator's, with an id of its own.</summary>
    private sealed class CircuitActivityOrigin(AuthenticationStateProvider authentication) : CircuitHandler
    {
        public override Func<CircuitInboundActivityContext, Task> CreateInboundActivityHandler(Func<CircuitInboundActivityContext, Task> next) =>
            async context =>
            {
                ChangeOrigin.Current = new ChangeOrigin((await authentication.GetAuthenticationStateAsync()).User, newRequestId: ApiRequestLog.NewRequestId);
                await next(context);
            };
    }
}
