using System.Security.Claims;
using System.Text;
using BillingDashboard.Data;
using BillingDashboard.Features.Payments;
using Microsoft.EntityFrameworkCore;

namespace BillingDashboard.Api;

/// <summary>A POST made with an Idempotency-Key: what it asked and what it was answered, kept 24 hours.</summary>
public sealed class IdempotentRequest
{
    public required string ApiKeyId { get; init; }

    public required string Key { get; init; }

    /// <summary>
    /// A keyed hash (<see cref="PaymentSecrets.HashRequest"/>) of method, path and parameters: a retry must ask
    /// exactly the same, and a card number in the parameters can't be found from it by trying numbers.
    /// </summary>
    public required string RequestHash { get; init; }

    /// <summary>Null while the first request is still running.</summary>
    public int? StatusCode { get; set; }

    public string? ResponseBody { get; set; }

    public DateTimeOffset Created { get; init; }
}

/// <summary>
/// Idempotency-Key on POST, as the hosted API has it: a retry with the same key and the same parameters gets the
/// stored answer (and nothing is done twice); the same key with other parameters, or while the first request is
/// still running, is refused. Keys are per API key and kept for 24 hours.
/// </summary>
public static class Idempotency
{
    public const string Header = "Idempotency-Key";
    public static readonly TimeSpan Lifetime = TimeSpan.FromHours(24);
    public const int MaxKeyLength = 255;

    /// <summary>
    /// How long a key stays "still being processed" without an answer. No request runs this long; one that has had
    /// no answer for so long died with its process (a crash, a restart), and its key is free for the retry.
    /// </summary>
    public static readonly TimeSpan InProgressTimeout = TimeSpan.FromSeconds(60);

    public static async ValueTask<object?> FilterAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var http = context.HttpContext;
        if (!HttpMethods.IsPost(http.Request.Method) || http.Request.Headers[Header].ToString() is not { Length: > 0 } key)
        {
            return await next(context);
        }
        if (key.Length > MaxKeyLength)
        {
            throw new ApiRequestException($"The Idempotency-Key can be at most {MaxKeyLength} characters.", Header);
        }
        var apiKeyId = http.User.FindFirstValue(ClaimTypes.NameIdentifier)!;
        var hash = await HashAsync(http.Request, http.RequestServices.GetRequiredService<PaymentSecrets>());
        var clock = http.RequestServices.GetRequiredService<TimeProvider>();
        var databases = http.RequestServices.GetRequiredService<IDbContextFactory<BillingDbContext>>();
        var now = clock.GetUtcNow();

        await using (var db = await databases.CreateDbContextAsync(http.RequestAborted))
        {
            var expired = now - Lifetime;
            await db.IdempotentRequests.Where(request => request.Created < expired).ExecuteDeleteAsync(http.RequestAborted);
            var stored = await db.IdempotentRequests.AsNoTracking()
                .SingleOrDefaultAsync(request => request.ApiKeyId == apiKeyId && request.Key == key, http.RequestAborted);
            if (stored is { StatusCode: null } && stored.Created < now - InProgressTimeout)
            {
                // Its request died with its process: release the key (only that record, should another retry have taken it since).
                await db.IdempotentRequests.Where(request => request.ApiKeyId == apiKeyId && request.Key == key && request.StatusCode == null
                    && request.Created == stored.Created).ExecuteDeleteAsync(http.RequestAborted);
            }
            else if (stored is not null)
            {
                return Replay(stored, hash);
            }
            db.IdempotentRequests.Add(new IdempotentRequest { ApiKeyId = apiKeyId, Key = key, RequestHash = hash, Created = now });
            try
            {
                await db.SaveChangesAsync(http.RequestAborted);
            }
            catch (DbUpdateException taken) when (StoreErrors.IsUniqueViolation(taken))
            {
                return InProgress();
            }
        }

        // Run the request, capturing its answer (a refusal too) to store it.
        object? result;
        try
        {
            result = await next(context);
        }
        catch (Exception refusal) when (refusal is ApiRequestException or Domain.RuleViolationException or Domain.PermissionDeniedException)
        {
            result = ApiErrors.ToResult(refusal);
        }
        catch
        {
            // Not an answer worth replaying: free the key for a retry.
            await using var db = await databases.CreateDbContextAsync(CancellationToken.None);
            await db.IdempotentRequests.Where(request => request.ApiKeyId == apiKeyId && request.Key == key).ExecuteDeleteAsync(CancellationToken.None);
            throw;
        }
        var original = http.Response.Body;
        var clientAborted = http.RequestAborted;
        using var buffer = new MemoryStream();
        http.Response.Body = buffer;
        // Written in full even when the client has gone: the answer is for the record, and the retry, first.
        http.RequestAborted = CancellationToken.None;
        try
        {
            if (result is IResult executable)
            {
                await executable.ExecuteAsync(http);
            }
        }
        finally
        {
            http.Response.Body = original;
            http.RequestAborted = clientAborted;
        }
        var body = Encoding.UTF8.GetString(buffer.ToArray());
        // Stored even when the client has gone away: the work is done, so its answer is known, and the retry gets it.
        await using (var db = await databases.CreateDbContextAsync(CancellationToken.None))
        {
            await db.IdempotentRequests.Where(request => request.ApiKeyId == apiKeyId && request.Key == key)
                .ExecuteUpdateAsync(update => update.SetProperty(request => request.StatusCode, http.Response.StatusCode)
                    .SetProperty(request => request.ResponseBody, body), CancellationToken.None);
        }
        buffer.Position = 0;
        await buffer.CopyToAsync(original, http.RequestAborted);
        return Results.Empty;
    }

    private static object Replay(IdempotentRequest stored, string hash)
    {
        if (stored.RequestHash != hash)
        {
            return ApiErrors.Result(StatusCodes.Status400BadRequest, new ApiError("idempotency_error",
                "Keys for idempotent requests can only be used with the same parameters they were first used with. Use a new Idempotency-Key for a different request.",
                Header));
        }
        if (stored.StatusCode is not { } status)
        {
            return InProgress();
        }
        return new ReplayedResult(status, stored.ResponseBody ?? "");
    }

    private static IResult InProgress() => ApiErrors.Result(StatusCodes.Status409Conflict, new ApiError("idempotency_error",
        "A request with this Idempotency-Key is still being processed. Retry when it has finished.", Header));

    private static async Task<string> HashAsync(HttpRequest request, PaymentSecrets secrets)
    {
        var text = new StringBuilder(request.Method).Append(' ').Append(request.Path).Append('?');
        foreach (var (name, value) in request.Query.OrderBy(pair => pair.Key, StringComparer.Ordinal))
        {
            text.Append(name).Append('=').Append(value.ToString()).Append('&');
        }
        if (request.HasFormContentType)
        {
            IFormCollection form;
            try
            {
                form = await request.ReadFormAsync();
            }
            catch (InvalidDataException broken)
            {
                throw new ApiRequestException($"Invalid request body: {broken.Message}");
            }
            foreach (var (name, value) in form.OrderBy(pair => pair.Key, StringComparer.Ordinal))
            {
                text.Append(name).Append('=').Append(value.ToString()).Append('&');
            }
        }
        return secrets.HashRequest(text.ToString());
    }

    /// <summary>The stored answer, as it was sent the first time.</summary>
    private sealed class ReplayedResult(int status, string body) : IResult
    {
        public async Task ExecuteAsync(HttpContext httpContext)
        {
            httpContext.Response.StatusCode = status;
            httpContext.Response.ContentType = "application/json";
            httpContext.Response.Headers["Idempotent-Replayed"] = "true";
            await httpContext.Response.WriteAsync(body);
        }
    }
}
