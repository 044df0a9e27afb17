using System.Security.Claims;
using BillingDashboard.Data;
using BillingDashboard.Domain;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.EntityFrameworkCore;

namespace BillingDashboard.Features.Users;

/// <summary>
/// Who is acting in this scope, and whether they may change data. Every service that changes data asks
/// <see cref="EnsureCanChangeAsync"/> first, so a Viewer is refused whatever door they come through.
/// </summary>
public sealed class CurrentOperator(AuthenticationStateProvider authenticationState, IDbContextFactory<BillingDbContext> databases)
{
    /// <summary>The authentication type of the principal that command-line verbs act as.</summary>
    public const string CommandLineAuthenticationType = "CommandLine";

    /// <summary>The authentication type and claim of requests made with an API key (see Api/ApiKeyAuthentication).</summary>
    public const string ApiKeyAuthenticationType = "ApiKey";
    public const string ApiKeyReadOnlyClaim = "api_key_read_only";

    private ClaimsPrincipal? _principal;

    /// <summary>For callers outside a Blazor circuit (HTTP endpoints, the command line): who is acting.</summary>
    public void ActAs(ClaimsPrincipal principal) => _principal = principal;

    public async Task<ClaimsPrincipal> GetPrincipalAsync()
    {
        if (_principal is not null)
        {
            return _principal;
        }
        var state = await authenticationState.GetAuthenticationStateAsync();
        return state.User;
    }

    public async Task<string?> GetUserIdAsync() =>
        (await GetPrincipalAsync()).FindFirstValue(ClaimTypes.NameIdentifier);

    /// <summary>Who to record as the author of a change: the operator's sign-in name (their email), or the command line's.</summary>
    public async Task<string?> GetNameAsync() => (await GetPrincipalAsync()).Identity?.Name;

    public async Task<bool> CanChangeAsync(CancellationToken cancellationToken = default) =>
        await FindReasonChangeIsRefusedAsync(cancellationToken) is null;

    public async Task EnsureCanChangeAsync(CancellationToken cancellationToken = default)
    {
        var reason = await FindReasonChangeIsRefusedAsync(cancellationToken);
        if (reason is not null)
        {
            throw new PermissionDeniedException(reason);
        }
    }

    private async Task<string?> FindReasonChangeIsRefusedAsync(CancellationToken cancellationToken)
    {
        var principal = await GetPrincipalAsync();
        if (principal.Identity is { IsAuthenticated: true, AuthenticationType: CommandLineAuthenticationType })
        {
            return null;
        }
        if (principal.Identity is { IsAuthenticated: true, AuthenticationType: ApiKeyAuthenticationType })
        {
            // Revoked keys never authenticate; what is left to decide is whether this one may write.
            return principal.FindFirstValue(ApiKeyReadOnlyClaim) == "true"
                ? "This API key is read-only: it can list and retrieve, not change anything. Use a secret key with write access."
                : null;
        }

        var userId = principal.FindFirstValue(ClaimTypes.NameIdentifier);
        if (userId is null)
        {
            return "Sign in to make changes.";
        }

        // The role is read from the database, not from the cookie, so that a demotion or a disabled
        // account takes effect on the very next change rather than when the cookie is revalidated.
        await using var db = await databases.CreateDbContextAsync(cancellationToken);
        var user = await db.Users
            .Where(candidate => candidate.Id == userId)
            .Select(candidate => new
            {
                candidate.IsDisabled,
                IsAdmin = db.UserRoles.Any(link => link.UserId == candidate.Id
                    && db.Roles.Any(role => role.Id == link.RoleId && role.Name == AppRoles.Admin)),
            })
            .SingleOrDefaultAsync(cancellationToken);

        if (user is null || user.IsDisabled)
        {
            return "Your account is disabled; changes are refused.";
        }
        return user.IsAdmin
            ? null
            : "Your role is Viewer: you can view and export, but not change anything. Ask an admin to change your role.";
    }
}
