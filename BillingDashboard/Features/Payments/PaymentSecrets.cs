using System.Security.Cryptography;
using System.Text;
using BillingDashboard.Domain.Cards;

namespace BillingDashboard.Features.Payments;

/// <summary>
/// The secret behind card fingerprints and the hashes of idempotent requests. A fingerprint must be the same for
/// the same card, yet not let anyone holding the database find the number by trying the few million that fit a
/// brand and last four: so it is a keyed hash (HMAC-SHA256), and the key is kept out of the database, in
/// configuration (<c>Payments:FingerprintKey</c>, base64, shared by every instance) or, when that is not set, in a
/// file made on first start (<c>Payments:FingerprintKeyFile</c>, readable by the app's user only).
/// </summary>
public sealed class PaymentSecrets : IFingerprints
{
    public const string KeySetting = "Payments:FingerprintKey";
    public const string KeyFileSetting = "Payments:FingerprintKeyFile";
    public const string DefaultKeyFile = "payments.key";
    private const int KeyBytes = 32;
    private const string FingerprintAlphabet = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";

    private readonly byte[] _fingerprintKey;
    private readonly byte[] _requestKey;

    public PaymentSecrets(IConfiguration configuration)
        : this(ReadOrCreateKey(configuration))
    {
    }

    public PaymentSecrets(byte[] key)
    {
        // One secret, two uses: each gets its own key, so a hash of one kind never equals a hash of the other.
        _fingerprintKey = HKDF.DeriveKey(HashAlgorithmName.SHA256, key, KeyBytes, info: "card-fingerprint"u8.ToArray());
        _requestKey = HKDF.DeriveKey(HashAlgorithmName.SHA256, key, KeyBytes, info: "idempotent-request"u8.ToArray());
    }

    /// <summary>16 letters and digits, like the hosted API's fingerprints.</summary>
    public string Of(string kind, string value)
    {
        var hash = HMACSHA256.HashData(_fingerprintKey, Encoding.UTF8.GetBytes($"{kind}:{value}"));
        return string.Create(16, hash, (characters, bytes) =>
        {
            for (var index = 0; index < characters.Length; index++)
            {
                characters[index] = FingerprintAlphabet[bytes[index] % FingerprintAlphabet.Length];
            }
        });
    }

    /// <summary>What an idempotent request asked, hashed with the key: the card numbers in it can't be found from the stored hash.</summary>
    public string HashRequest(string request) => Convert.ToHexStringLower(HMACSHA256.HashData(_requestKey, Encoding.UTF8.GetBytes(request)));

    private static byte[] ReadOrCreateKey(IConfiguration configuration)
    {
        if (configuration[KeySetting] is { Length: > 0 } configured)
        {
            return Decode(configured, KeySetting);
        }
        var path = Path.GetFullPath(configuration[KeyFileSetting] is { Length: > 0 } file ? file : DefaultKeyFile);
        if (!File.Exists(path))
        {
            var created = Convert.ToBase64String(RandomNumberGenerator.GetBytes(KeyBytes));
            try
            {
                var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
                if (!OperatingSystem.IsWindows())
                {
                    options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
                }
                using var writer = new StreamWriter(path, Encoding.ASCII, options);
                writer.Write(created);
            }
            catch (IOException) when (File.Exists(path))
            {
                // Another instance made it first: use theirs.
            }
        }
        return Decode(File.ReadAllText(path).Trim(), path);
    }

    private static byte[] Decode(string base64, string where)
    {
        try
        {
            var key = Convert.FromBase64String(base64);
            return key.Length >= KeyBytes ? key
                : throw new InvalidOperationException($"The payments key in {where} is {key.Length} bytes; it needs at least {KeyBytes}.");
        }
        catch (FormatException)
        {
            throw new InvalidOperationException($"The payments key in {where} is not base64.");
        }
    }
}
