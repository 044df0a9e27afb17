using BillingDashboard.Data;
using Npgsql;

namespace BillingDashboard.Features.Developers;

/// <summary>
/// Tells every app instance on one PostgreSQL database that an API key was revoked, so that none keeps honouring
/// it from its cache (<see cref="ApiKeyCache"/>): the revoking instance sends NOTIFY with the key's id, and each
/// instance LISTENs and forgets it. A connection that drops may miss a notice, so on reconnecting an instance
/// forgets every cached key. On SQLite there is one instance, which forgets the key itself.
/// </summary>
public sealed class ApiKeyRevocations(Store store, ApiKeyCache cache, ILogger<ApiKeyRevocations> logger) : BackgroundService
{
    public const string Channel = "billing_api_key_revoked";

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (store.Provider != StoreProvider.PostgreSql)
        {
            return;
        }
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await using var connection = new NpgsqlConnection(store.ConnectionString);
                connection.Notification += (_, notice) => cache.Forget(notice.Payload);
                await connection.OpenAsync(stoppingToken);
                await using (var listen = new NpgsqlCommand($"LISTEN {Channel}", connection))
                {
                    await listen.ExecuteNonQueryAsync(stoppingToken);
                }
                cache.ForgetAll();
                while (!stoppingToken.IsCancellationRequested)
                {
                    await connection.WaitAsync(stoppingToken);
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception failure) when (failure is NpgsqlException or InvalidOperationException or System.IO.IOException)
            {
                logger.LogWarning(failure, "Lost the database's API key notices; listening again in a second.");
                await Task.Delay(TimeSpan.FromSeconds(1), stoppingToken).ContinueWith(_ => { }, TaskScheduler.Default);
            }
        }
    }
}
