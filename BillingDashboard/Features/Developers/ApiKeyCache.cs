using System.Collections.Concurrent;
using BillingDashboard.Domain.ApiKeys;

namespace BillingDashboard.Features.Developers;

/// <summary>
/// What API authentication remembers between requests, for the life of the app: the keys checked in the last few
/// seconds, so that a busy integration costs one lookup per key every <see cref="Lifetime"/> rather than one per
/// request, and when each key's "last used" was last written. Only keys that were found are remembered, and
/// revoking one forgets it at once, so a revoked key is refused from its next request.
/// </summary>
public sealed class ApiKeyCache
{
    public static readonly TimeSpan Lifetime = TimeSpan.FromSeconds(10);

    /// <summary>"Last used" is written at most this often per key, so that thousands of requests a second don't each write.</summary>
    public static readonly TimeSpan LastUsedResolution = TimeSpan.FromMinutes(1);

    private readonly ConcurrentDictionary<string, (ApiKey Key, DateTimeOffset CheckedAt)> _byHash = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, DateTimeOffset> _lastWritten = new(StringComparer.Ordinal);

    public ApiKey? Find(string secretHash, DateTimeOffset now) =>
        _byHash.TryGetValue(secretHash, out var entry) && now - entry.CheckedAt < Lifetime ? entry.Key : null;

    public void Remember(string secretHash, ApiKey key, DateTimeOffset now) => _byHash[secretHash] = (key, now);

    public void Forget(string keyId)
    {
        foreach (var (hash, entry) in _byHash)
        {
            if (entry.Key.Id == keyId)
            {
                _byHash.TryRemove(hash, out _);
            }
        }
    }

    /// <summary>Forgets every key: what was missed while the instance could not hear of revocations is read again.</summary>
    public void ForgetAll() => _byHash.Clear();

    /// <summary>True at most once per <see cref="LastUsedResolution"/> for a key: then the caller writes it.</summary>
    public bool ClaimLastUsedWrite(string keyId, DateTimeOffset now)
    {
        if (_lastWritten.TryGetValue(keyId, out var written) && now - written < LastUsedResolution)
        {
            return false;
        }
        _lastWritten[keyId] = now;
        return true;
    }
}
