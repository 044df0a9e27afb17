using System.Collections.Concurrent;
using System.Globalization;
using System.Security.Claims;
using System.Threading.RateLimiting;

namespace BillingDashboard.Api;

/// <summary>
/// Requests per second per API key, as the hosted API limits them: a token bucket of <c>Api:RateLimit:PerSecond</c>
/// requests (100 unless configured; 0 turns it off), refilled every second, so a burst up to that many passes and a
/// sustained flood is held to it. Past it, 429 with <c>Retry-After</c> in the error envelope
/// (<c>rate_limit_error</c>), and nothing is done. Counted after the key is known, so one key can't spend another's.
/// </summary>
public sealed class ApiRateLimit : IAsyncDisposable
{
    public const string Setting = "Api:RateLimit:PerSecond";
    public const int DefaultPerSecond = 100;

    private readonly PartitionedRateLimiter<string>? _limiter;

    public ApiRateLimit(IConfiguration configuration)
    {
        var perSecond = configuration.GetValue(Setting, DefaultPerSecond);
        if (perSecond < 0)
        {
            throw new InvalidOperationException($"{Setting} must be 0 (no limit) or more; it is {perSecond}.");
        }
        PerSecond = perSecond;
        _limiter = perSecond == 0 ? null : PartitionedRateLimiter.Create<string, string>(apiKeyId => RateLimitPartition.GetTokenBucketLimiter(apiKeyId,
            _ => new TokenBucketRateLimiterOptions
            {
                TokenLimit = perSecond,
                TokensPerPeriod = perSecond,
                ReplenishmentPeriod = TimeSpan.FromSeconds(1),
                QueueLimit = 0,
                AutoReplenishment = true,
            }));
    }

    public int PerSecond { get; }

    public async ValueTask<object?> FilterAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        if (_limiter is null)
        {
            return await next(context);
        }
        var apiKeyId = context.HttpContext.User.FindFirstValue(ClaimTypes.NameIdentifier) ?? "";
        using var lease = _limiter.AttemptAcquire(apiKeyId);
        if (lease.IsAcquired)
        {
            return await next(context);
        }
        var retryAfter = lease.TryGetMetadata(MetadataName.RetryAfter, out var wait) ? Math.Max(1, (int)Math.Ceiling(wait.TotalSeconds)) : 1;
        context.HttpContext.Response.Headers.RetryAfter = retryAfter.ToString(CultureInfo.InvariantCulture);
        return ApiErrors.Result(StatusCodes.Status429TooManyRequests, new ApiError("rate_limit_error",
            $"Too many requests with this key: at most {PerSecond} a second. Retry after {retryAfter} s.", Code: "rate_limit"));
    }

    public ValueTask DisposeAsync() => _limiter?.DisposeAsync() ?? ValueTask.CompletedTask;
}
