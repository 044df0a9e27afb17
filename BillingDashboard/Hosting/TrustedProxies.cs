using System.Net;
using Microsoft.AspNetCore.HttpOverrides;

namespace BillingDashboard.Hosting;

/// <summary>
/// Behind a TLS-terminating proxy the app sees the proxy's address and plain HTTP. <c>Network:TrustedProxies</c>
/// lists the proxies (addresses or CIDR ranges) whose <c>X-Forwarded-For</c> and <c>X-Forwarded-Proto</c> are
/// believed, so that limits apply to the real client and cookies are marked Secure; from anyone else the
/// headers are ignored, since any client could send them.
/// </summary>
public static class TrustedProxies
{
    public const string Setting = "Network:TrustedProxies";

    public static IApplicationBuilder UseTrustedProxies(this WebApplication app)
    {
        var proxies = app.Configuration.GetSection(Setting).Get<string[]>() ?? [];
        if (proxies.Length == 0)
        {
            return app;
        }
        var options = new ForwardedHeadersOptions { ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto };
        options.KnownProxies.Clear();
        options.KnownIPNetworks.Clear();
        foreach (var proxy in proxies)
        {
            if (System.Net.IPNetwork.TryParse(proxy, out var network))
            {
                options.KnownIPNetworks.Add(network);
            }
            else if (IPAddress.TryParse(proxy, out var address))
            {
                options.KnownProxies.Add(address);
            }
            else
            {
                throw new InvalidOperationException($"{Setting}: '{proxy}' is neither an IP address nor a CIDR range.");
            }
        }
        return app.UseForwardedHeaders(options);
    }
}
