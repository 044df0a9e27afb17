using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace BillingDashboard.Tests.Infrastructure;

/// <summary>A clock a test moves by hand, for rules about time (a coupon's redeem_by, a link's expiry).</summary>
public sealed class MovableClock(DateTimeOffset start) : TimeProvider
{
    private DateTimeOffset _now = start;

    public override DateTimeOffset GetUtcNow() => _now;

    public void Advance(TimeSpan by) => _now += by;
}

/// <summary>The app with <paramref name="clock"/> as its time: for the tests that need time to pass.</summary>
public sealed class ClockedAppFactory(TimeProvider clock) : AppFactory
{
    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.ConfigureServices(services => services.Replace(ServiceDescriptor.Singleton(clock)));
    }
}
