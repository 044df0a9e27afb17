using System.Collections.Concurrent;
using System.Globalization;
using System.Security.Claims;
using System.Security.Cryptography;

namespace BillingDashboard.Features.Export;

/// <summary>What a page exports (customers, invoices): its rows counted, then written as CSV, in the download's request.</summary>
public interface ICsvExport
{
    /// <summary>What the rows are, plural ("customers"): the file's name and the progress text say it.</summary>
    string Noun { get; }

    /// <summary>Throws a refusal with field errors for an export that can't run, before any download starts.</summary>
    void Validate();

    Task<int> CountAsync(IServiceProvider services, CancellationToken cancellationToken);

    /// <returns>How many rows were written.</returns>
    Task<int> WriteAsync(IServiceProvider services, Stream output, IProgress<int> progress, CancellationToken cancellationToken);
}

public enum ExportState
{
    Waiting,
    Running,
    Completed,
    Cancelled,
    Failed,
}

/// <summary>
/// One export, from the dialog that asked for it to the download that streams it. The dialog reads its progress
/// and can cancel it; the download runs in an ordinary HTTP request, so the browser saves the file as it arrives.
/// </summary>
public sealed class ExportDownload(string token, string userId, ICsvExport export, DateTimeOffset requestedAt)
{
    private readonly CancellationTokenSource _cancellation = new();
    private int _written;

    public string Token { get; } = token;

    public string UserId { get; } = userId;

    public ICsvExport Export { get; } = export;

    public DateTimeOffset RequestedAt { get; } = requestedAt;

    public ExportState State { get; private set; }

    public int? Total { get; private set; }

    public int Written => Volatile.Read(ref _written);

    public string? Failure { get; private set; }

    public CancellationToken CancellationToken => _cancellation.Token;

    public string FileName => string.Create(CultureInfo.InvariantCulture, $"{Export.Noun}-{RequestedAt.UtcDateTime:yyyyMMdd-HHmmss}.csv");

    public void Cancel()
    {
        if (State is ExportState.Waiting or ExportState.Running)
        {
            State = ExportState.Cancelled;
            _cancellation.Cancel();
        }
    }

    internal void Start() => State = ExportState.Running;

    internal void Counted(int total) => Total = total;

    internal void Report(int written) => Volatile.Write(ref _written, written);

    internal void Finish(ExportState state, string? failure = null)
    {
        if (State != ExportState.Cancelled)
        {
            State = state;
            Failure = failure;
        }
    }
}

/// <summary>
/// Exports asked for but not yet downloaded, and those running. A download link is an unguessable token that only
/// the operator who asked may use, once, within a few minutes.
/// </summary>
public sealed class ExportDownloads(TimeProvider clock)
{
    private static readonly TimeSpan ClaimWindow = TimeSpan.FromMinutes(5);

    private readonly ConcurrentDictionary<string, ExportDownload> _downloads = new(StringComparer.Ordinal);

    public ExportDownload Register(string userId, ICsvExport export)
    {
        export.Validate();
        ForgetOld();
        var download = new ExportDownload(Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16)), userId, export, clock.GetUtcNow());
        _downloads[download.Token] = download;
        return download;
    }

    /// <summary>The waiting export behind <paramref name="token"/> if it is this user's, marked as taken.</summary>
    public ExportDownload? Claim(string token, string userId)
    {
        if (!_downloads.TryGetValue(token, out var download) || download.UserId != userId || download.State != ExportState.Waiting
            || clock.GetUtcNow() - download.RequestedAt > ClaimWindow)
        {
            return null;
        }
        lock (download)
        {
            if (download.State != ExportState.Waiting)
            {
                return null;
            }
            download.Start();
            return download;
        }
    }

    private void ForgetOld()
    {
        var cutoff = clock.GetUtcNow() - TimeSpan.FromHours(1);
        foreach (var (token, download) in _downloads)
        {
            if (download.RequestedAt < cutoff && download.State is not ExportState.Running)
            {
                _downloads.TryRemove(token, out _);
            }
        }
    }
}

/// <summary><c>GET /export/{token}</c>: the CSV itself, streamed.</summary>
public static class ExportEndpoint
{
    public const string Route = "/export/";

    public static void MapCsvExports(this IEndpointRouteBuilder endpoints) =>
        endpoints.MapGet(Route + "{token}", DownloadAsync);

    private static async Task DownloadAsync(string token, HttpContext context, ExportDownloads downloads)
    {
        var userId = context.User.FindFirstValue(ClaimTypes.NameIdentifier);
        if (userId is null || downloads.Claim(token, userId) is not { } download)
        {
            context.Response.StatusCode = StatusCodes.Status404NotFound;
            await context.Response.WriteAsync("This export link has expired or was already used. Export again from the page you started it on.");
            return;
        }

        using var cancellation = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted, download.CancellationToken);
        try
        {
            download.Counted(await download.Export.CountAsync(context.RequestServices, cancellation.Token));
            context.Response.ContentType = "text/csv; charset=utf-8";
            context.Response.Headers.ContentDisposition = $"attachment; filename=\"{download.FileName}\"";
            context.Response.Headers.CacheControl = "no-store";
            await download.Export.WriteAsync(context.RequestServices, context.Response.Body, new SynchronousProgress(download.Report), cancellation.Token);
            download.Finish(ExportState.Completed);
        }
        catch (OperationCanceledException)
        {
            // Cut the connection rather than end the response: a cancelled export must not look like a complete file.
            download.Finish(ExportState.Cancelled);
            context.Abort();
        }
        catch (Exception failure) when (failure is not OutOfMemoryException)
        {
            download.Finish(ExportState.Failed, "The export stopped because of an error; nothing was lost. Try again.");
            context.Abort();
            throw;
        }
    }

    /// <summary>Reports on the writing thread (Progress&lt;T&gt; would queue a callback per report).</summary>
    private sealed class SynchronousProgress(Action<int> report) : IProgress<int>
    {
        public void Report(int value) => report(value);
    }
}
