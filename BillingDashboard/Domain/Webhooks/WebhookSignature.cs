using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace BillingDashboard.Domain.Webhooks;

/// <summary>
/// The <c>Stripe-Signature</c> header, as the hosted API signs: <c>t=</c> the Unix time of sending, <c>v1=</c> the
/// hex HMAC-SHA256, keyed with the endpoint's secret, of the time, a dot and the body exactly as sent. A receiver
/// recomputes it (the official clients' <c>ConstructEvent</c> does) and refuses a body that was changed or is old.
/// </summary>
public static class WebhookSignature
{
    public const string Header = "Stripe-Signature";
    public const string SecretPrefix = "whsec_";

    public static string NewSecret() => SecretPrefix + RandomNumberGenerator.GetHexString(32, lowercase: true);

    public static string Sign(string payload, string secret, DateTimeOffset sentAt)
    {
        var timestamp = sentAt.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
        var mac = HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), Encoding.UTF8.GetBytes($"{timestamp}.{payload}"));
        return $"t={timestamp},v1={Convert.ToHexStringLower(mac)}";
    }
}
