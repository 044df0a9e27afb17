using System.Net;
using System.Net.Sockets;
using BillingDashboard.Domain.Events;

namespace BillingDashboard.Domain.Webhooks;

/// <summary>What an endpoint may be: an http(s) URL that is not the app's own machine, and events that exist.</summary>
public static class WebhookRules
{
    public const int MaxUrlLength = 2_048;
    public const int MaxDescriptionLength = 5_000;

    public static string ValidateUrl(string? url, bool allowLocalTargets, List<FieldError> errors)
    {
        var trimmed = url?.Trim() ?? "";
        if (trimmed.Length == 0)
        {
            errors.Add(new FieldError("url", "Enter the endpoint's URL, e.g. https://example.com/webhooks."));
            return trimmed;
        }
        if (trimmed.Length > MaxUrlLength || !Uri.TryCreate(trimmed, UriKind.Absolute, out var uri)
            || (uri.Scheme != Uri.UriSchemeHttps && uri.Scheme != Uri.UriSchemeHttp) || uri.Host.Length == 0)
        {
            errors.Add(new FieldError("url", "The URL must be an absolute http:// or https:// address, at most 2,048 characters."));
            return trimmed;
        }
        if (!allowLocalTargets && (uri.IsLoopback || (IPAddress.TryParse(uri.Host.Trim('[', ']'), out var address) && IsLocal(address))))
        {
            errors.Add(new FieldError("url", "The URL points at this machine (a loopback or link-local address): webhooks are sent to other servers."));
        }
        return trimmed;
    }

    public static List<string> ValidateEvents(IReadOnlyList<string>? enabledEvents, List<FieldError> errors)
    {
        if (enabledEvents is null || enabledEvents.Count == 0)
        {
            errors.Add(new FieldError("enabled_events", "Choose the events to send, or * for all of them."));
            return [];
        }
        var unknown = enabledEvents.FirstOrDefault(type => type != WebhookEndpoint.AllEvents && !EventTypes.All.Contains(type));
        if (unknown is not null)
        {
            errors.Add(new FieldError("enabled_events", $"'{unknown}' is not an event type. Use * for all, or types such as customer.created."));
        }
        return [.. enabledEvents.Distinct(StringComparer.Ordinal)];
    }

    public static string? ValidateDescription(string? description, List<FieldError> errors)
    {
        var trimmed = string.IsNullOrWhiteSpace(description) ? null : description.Trim();
        if (trimmed is { Length: > MaxDescriptionLength })
        {
            errors.Add(new FieldError("description", $"The description can be at most {MaxDescriptionLength:N0} characters."));
        }
        return trimmed;
    }

    /// <summary>
    /// An address of the machine itself, or of its link (where cloud metadata services answer): a webhook that
    /// reached one could make the app call its own private endpoints for whoever registered it.
    /// </summary>
    public static bool IsLocal(IPAddress address)
    {
        if (address.IsIPv4MappedToIPv6)
        {
            address = address.MapToIPv4();
        }
        if (IPAddress.IsLoopback(address) || address.Equals(IPAddress.Any) || address.Equals(IPAddress.IPv6Any))
        {
            return true;
        }
        if (address.AddressFamily == AddressFamily.InterNetworkV6)
        {
            return address.IsIPv6LinkLocal;
        }
        var bytes = address.GetAddressBytes();
        return bytes[0] == 169 && bytes[1] == 254;
    }
}
