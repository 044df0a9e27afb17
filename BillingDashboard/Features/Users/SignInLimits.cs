using System.Collections.Concurrent;
using System.Threading.RateLimiting;

namespace BillingDashboard.Features.Users;

/// <summary>
/// How many sign-ins a client address may try: <c>SignIn:AttemptsPerAddressPerMinute</c> in all (20 unless
/// configured), and against any one
/// account <see cref="FailuresPerAccountAndAddress"/> failures per <see cref="FailureWindow"/>, which is fewer than
/// the failures that lock an account. So one address can never lock an account it does not know the password of,
/// while guesses spread over many addresses still lock it (Identity's lockout stays). Kept in memory, per process.
/// </summary>
public sealed class SignInLimits : IDisposable
{
    public const string AttemptsSetting = "SignIn:AttemptsPerAddressPerMinute";
    public const int DefaultAttemptsPerAddressPerMinute = 20;
    public const int FailuresPerAccountAndAddress = 3;
    public static readonly TimeSpan FailureWindow = TimeSpan.FromMinutes(15);

    /// <summary>Past this many tracked pairs, expired ones are swept before another is added.</summary>
    private const int SweepAbove = 10_000;

    private readonly TimeProvider _clock;
    private readonly PartitionedRateLimiter<string> _perAddress;
    private readonly ConcurrentDictionary<(string Address, string Account), Failures> _failures = new();

    public SignInLimits(TimeProvider clock, IConfiguration configuration)
    {
        _clock = clock;
        var perMinute = configuration.GetValue(AttemptsSetting, DefaultAttemptsPerAddressPerMinute);
        if (perMinute < 1)
        {
            throw new InvalidOperationException($"{AttemptsSetting} must be at least 1; it is {perMinute}.");
        }
        _perAddress = PartitionedRateLimiter.Create<string, string>(address => RateLimitPartition.GetFixedWindowLimiter(address,
            _ => new FixedWindowRateLimiterOptions { PermitLimit = perMinute, Window = TimeSpan.FromMinutes(1), QueueLimit = 0 }));
    }

    private sealed record Failures(int Count, DateTimeOffset Since);

    /// <summary>Takes one attempt for <paramref name="address"/>; false when it has had its share.</summary>
    public bool TryAttempt(string address, string account)
    {
        using var lease = _perAddress.AttemptAcquire(address);
        return lease.IsAcquired && FailuresOf(address, account) < FailuresPerAccountAndAddress;
    }

    public void Failed(string address, string account)
    {
        if (_failures.Count > SweepAbove)
        {
            var expired = _clock.GetUtcNow() - FailureWindow;
            foreach (var (pair, failures) in _failures)
            {
                if (failures.Since < expired)
                {
                    _failures.TryRemove(pair, out _);
                }
            }
        }
        var now = _clock.GetUtcNow();
        _failures.AddOrUpdate((address, Normalize(account)), _ => new Failures(1, now),
            (_, failures) => failures.Since < now - FailureWindow ? new Failures(1, now) : failures with { Count = failures.Count + 1 });
    }

    public void Succeeded(string address, string account) => _failures.TryRemove((address, Normalize(account)), out _);

    private int FailuresOf(string address, string account) =>
        _failures.TryGetValue((address, Normalize(account)), out var failures) && failures.Since >= _clock.GetUtcNow() - FailureWindow ? failures.Count : 0;

    private static string Normalize(string account) => account.Trim().ToUpperInvariant();

    public void Dispose() => _perAddress.Dispose();
}
