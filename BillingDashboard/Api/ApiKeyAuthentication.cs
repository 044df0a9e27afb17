using System.Net.Http.Headers;
using System.Security.Claims;
using System.Text;
using System.Text.Encodings.Web;
using BillingDashboard.Domain.Events;
using BillingDashboard.Features.Developers;
using BillingDashboard.Features.Users;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;

namespace BillingDashboard.Api;

/// <summary>
/// The /v1 door: a secret key as the HTTP Basic user name (what <c>curl -u sk_test_…:</c> sends) or as a Bearer
/// token. The cookie of the dashboard is not accepted here, and a key is not accepted by the dashboard.
/// </summary>
public sealed class ApiKeyAuthentication(IOptionsMonitor<AuthenticationSchemeOptions> options, ILoggerFactory logger, UrlEncoder encoder, ApiKeyService keys)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string SchemeName = CurrentOperator.ApiKeyAuthenticationType;

    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        if (SecretFrom(Request.Headers.Authorization.ToString()) is not { } secret)
        {
            return AuthenticateResult.NoResult();
        }
        var key = await keys.AuthenticateAsync(secret, Context.RequestAborted);
        if (key is null)
        {
            // Never log the secret: only that one was refused.
            return AuthenticateResult.Fail("Invalid API key.");
        }
        var identity = new ClaimsIdentity(
        [
            new Claim(ClaimTypes.NameIdentifier, key.Id),
            new Claim(ClaimTypes.Name, $"API key {key.Name}"),
            new Claim(CurrentOperator.ApiKeyReadOnlyClaim, key.ReadOnly ? "true" : "false"),
            new Claim(ChangeOrigin.ApiKeyRedactedClaim, key.Redacted),
        ], SchemeName);
        return AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(identity), SchemeName));
    }

    protected override async Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        Response.Headers.WWWAuthenticate = "Basic realm=\"BillingDashboard API\"";
        await ApiErrors.WriteAsync(Context, StatusCodes.Status401Unauthorized, new ApiError("invalid_request_error",
            Request.Headers.Authorization.Count == 0
                ? "You did not provide an API key. Provide it as the HTTP Basic user name (curl -u sk_test_…:) or as a Bearer token."
                : "Invalid API key provided: it is unknown or was revoked. Create one on the Developers page."));
    }

    private static string? SecretFrom(string header)
    {
        if (!AuthenticationHeaderValue.TryParse(header, out var value) || value.Parameter is not { Length: > 0 } parameter)
        {
            return null;
        }
        if (value.Scheme.Equals("Bearer", StringComparison.OrdinalIgnoreCase))
        {
            return parameter.Trim();
        }
        if (!value.Scheme.Equals("Basic", StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }
        try
        {
            var decoded = Encoding.UTF8.GetString(Convert.FromBase64String(parameter));
            var colon = decoded.IndexOf(':', StringComparison.Ordinal);
            return colon < 0 ? decoded : decoded[..colon];
        }
        catch (FormatException)
        {
            return null;
        }
    }
}
