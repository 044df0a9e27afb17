using BillingDashboard.Api;
using BillingDashboard.Data;
using BillingDashboard.Domain;
using BillingDashboard.Domain.ApiKeys;
using BillingDashboard.Domain.Events;
using BillingDashboard.Features.Events;
using BillingDashboard.Features.Users;
using Microsoft.EntityFrameworkCore;

namespace BillingDashboard.Features.Developers;

/// <summary>A new key and its secret, which exists only in this object: the store keeps the hash.</summary>
public sealed record CreatedApiKey(ApiKey Key, string Secret);

/// <summary>Secret keys for the /v1 API: created (the secret shown once), listed, revoked, and checked on every request.</summary>
public sealed class ApiKeyService(IDbContextFactory<BillingDbContext> databases, CurrentOperator currentOperator, EventLog events, TimeProvider clock, ApiKeyCache cache)
{
    public async Task<IReadOnlyList<ApiKey>> ListAsync(CancellationToken cancellationToken = default)
    {
        await using var db = await databases.CreateDbContextAsync(cancellationToken);
        return await db.ApiKeys.AsNoTracking().OrderByDescending(key => key.Created).ToListAsync(cancellationToken);
    }

    public async Task<CreatedApiKey> CreateAsync(string? name, bool readOnly, CancellationToken cancellationToken = default)
    {
        await currentOperator.EnsureCanChangeAsync(cancellationToken);
        var trimmed = name?.Trim() ?? "";
        if (trimmed.Length is 0 or > ApiKey.MaxNameLength)
        {
            throw new ValidationFailedException([new FieldError("name", $"Name the key (up to {ApiKey.MaxNameLength} characters), e.g. after the integration that uses it.")]);
        }
        var secret = ApiKey.NewSecret();
        var key = new ApiKey
        {
            Id = ObjectIds.New("key"),
            Name = trimmed,
            SecretHash = ApiKey.Hash(secret),
            Last4 = secret[^4..],
            ReadOnly = readOnly,
            Created = clock.GetUtcNow(),
            CreatedBy = await currentOperator.GetNameAsync(),
        };
        await using var db = await databases.CreateDbContextAsync(cancellationToken);
        db.ApiKeys.Add(key);
        events.Record(db, EventTypes.ApiKeyCreated, key.Id, null, ApiObjects.ApiKey(key));
        await db.SaveChangesAsync(cancellationToken);
        return new CreatedApiKey(key, secret);
    }

    public async Task RevokeAsync(string id, CancellationToken cancellationToken = default)
    {
        await currentOperator.EnsureCanChangeAsync(cancellationToken);
        await using var db = await databases.CreateDbContextAsync(cancellationToken);
        var revoked = await db.ApiKeys.SingleOrDefaultAsync(key => key.Id == id && key.RevokedAt == null, cancellationToken)
            ?? throw new NotFoundException("API key", id);
        revoked.RevokedAt = clock.GetUtcNow();
        events.Record(db, EventTypes.ApiKeyRevoked, revoked.Id, null, ApiObjects.ApiKey(revoked));
        await db.SaveChangesAsync(cancellationToken);
        cache.Forget(id);
        if (db.Database.IsNpgsql())
        {
            // The other instances forget it too (ApiKeyRevocations).
            await db.Database.ExecuteSqlAsync($"SELECT pg_notify({ApiKeyRevocations.Channel}, {id})", cancellationToken);
        }
    }

    /// <summary>The live key whose secret this is, or null; notes when it was used.</summary>
    public async Task<ApiKey?> AuthenticateAsync(string secret, CancellationToken cancellationToken = default)
    {
        if (!secret.StartsWith(ApiKey.SecretPrefix, StringComparison.Ordinal))
        {
            return null;
        }
        var hash = ApiKey.Hash(secret);
        var now = clock.GetUtcNow();
        if (cache.Find(hash, now) is { } remembered)
        {
            return remembered;
        }
        await using var db = await databases.CreateDbContextAsync(cancellationToken);
        var key = await db.ApiKeys.AsNoTracking().SingleOrDefaultAsync(candidate => candidate.SecretHash == hash && candidate.RevokedAt == null, cancellationToken);
        if (key is null)
        {
            return null;
        }
        cache.Remember(hash, key, now);
        if (cache.ClaimLastUsedWrite(key.Id, now))
        {
            await db.ApiKeys.Where(candidate => candidate.Id == key.Id)
                .ExecuteUpdateAsync(update => update.SetProperty(candidate => candidate.LastUsed, now), cancellationToken);
        }
        return key;
    }
}
