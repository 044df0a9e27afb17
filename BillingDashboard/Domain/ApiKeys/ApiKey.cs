using System.Security.Cryptography;
using System.Text;

namespace BillingDashboard.Domain.ApiKeys;

/// <summary>
/// A secret key for the /v1 API. The secret itself is shown once, at creation, and only its SHA-256 hash is kept:
/// with 143 random bits a slow hash adds nothing, and a fast one lets every request be checked by an index lookup.
/// </summary>
public sealed class ApiKey
{
    public const string SecretPrefix = "sk_test_";
    private const string Alphabet = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
    private const int RandomLength = 24;
    public const int MaxNameLength = 100;

    public required string Id { get; init; }

    public required string Name { get; init; }

    /// <summary>Hex SHA-256 of the secret.</summary>
    public required string SecretHash { get; init; }

    /// <summary>The last four characters, so operators can tell keys apart ("sk_test_…h3Xq").</summary>
    public required string Last4 { get; init; }

    /// <summary>May read and export, never change (the API's restricted keys, simplified).</summary>
    public bool ReadOnly { get; init; }

    public DateTimeOffset Created { get; init; }

    public string? CreatedBy { get; init; }

    public DateTimeOffset? LastUsed { get; set; }

    public DateTimeOffset? RevokedAt { get; set; }

    public string Redacted => $"{SecretPrefix}…{Last4}";

    public static string NewSecret() => SecretPrefix + RandomNumberGenerator.GetString(Alphabet, RandomLength);

    public static string Hash(string secret) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(secret)));
}
