using System.Security.Claims;

namespace BillingDashboard.Domain.Events;

/// <summary>
/// Who is making the changes of the work in hand and at whose request: an operator in the browser, an API key, or a
/// command. Each door sets it as the work comes in (Hosting/ChangeOrigins.cs: an HTTP request, one activity of a
/// Blazor circuit; the command line), and it flows with the work through every await, so the services that record
/// events need not be handed it through every call.
/// </summary>
public sealed class ChangeOrigin
{
    /// <summary>The claim of an API key's requests that names its redacted secret, "sk_test_…4242".</summary>
    public const string ApiKeyRedactedClaim = "api_key_redacted";

    /// <summary>What events name as the author of work that came through no door: the app's own background work.</summary>
    public const string System = "system";

    private static readonly AsyncLocal<ChangeOrigin?> Ambient = new();

    private readonly ClaimsPrincipal _principal;
    private readonly Func<string>? _newRequestId;

    /// <param name="requestId">The request's id when it has one already (the /v1 Request-Id header).</param>
    /// <param name="newRequestId">Makes one, the first time it is asked for, when the door has none of its own.</param>
    public ChangeOrigin(ClaimsPrincipal principal, string? requestId = null, string? idempotencyKey = null, Func<string>? newRequestId = null)
    {
        _principal = principal;
        RequestIdOrNull = requestId;
        IdempotencyKey = idempotencyKey;
        _newRequestId = newRequestId;
    }

    /// <summary>The origin of the work running now; background work, which nobody asked for, has none.</summary>
    public static ChangeOrigin? Current
    {
        get => Ambient.Value;
        set => Ambient.Value = value;
    }

    /// <summary>The operator's email, "API key Backend (sk_test_…4242)", or the command line's name.</summary>
    public string Actor => field ??= ActorOf(_principal);

    public string? RequestId => RequestIdOrNull ??= _newRequestId?.Invoke();

    public string? IdempotencyKey { get; }

    private string? RequestIdOrNull { get; set; }

    private static string ActorOf(ClaimsPrincipal principal)
    {
        var name = principal.Identity?.Name;
        if (name is null)
        {
            return "anonymous";
        }
        return principal.FindFirstValue(ApiKeyRedactedClaim) is { } redacted ? $"{name} ({redacted})" : name;
    }
}
