using System.Security.Cryptography;
using System.Text;
using System.Xml.Linq;
using BillingDashboard.Data;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.AspNetCore.DataProtection.XmlEncryption;

namespace BillingDashboard.Hosting;

/// <summary>
/// The keys that protect session cookies and antiforgery tokens live in the database, where every instance of
/// the app finds the same ones (they were in the home folder of whoever ran it). When
/// <c>DataProtection:KeyEncryptionKey</c> is set (base64, 32 bytes, kept out of the database like any secret),
/// each key is stored encrypted with it (AES-GCM); without it they are stored as they are, and a warning says so.
/// </summary>
public static class KeyRing
{
    public const string EncryptionKeySetting = "DataProtection:KeyEncryptionKey";

    public static void AddKeyRing(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddDataProtection().SetApplicationName("BillingDashboard").PersistKeysToDbContext<BillingDbContext>();
        if (ReadKey(configuration) is { } key)
        {
            services.Configure<KeyManagementOptions>(options => options.XmlEncryptor = new AesGcmXmlEncryptor(key));
        }
    }

    internal static byte[]? ReadKey(IConfiguration configuration)
    {
        if (configuration[EncryptionKeySetting] is not { Length: > 0 } text)
        {
            return null;
        }
        try
        {
            var key = Convert.FromBase64String(text);
            return key.Length == 32 ? key : throw new InvalidOperationException($"{EncryptionKeySetting} must be 32 bytes; it is {key.Length}.");
        }
        catch (FormatException)
        {
            throw new InvalidOperationException($"{EncryptionKeySetting} is not base64.");
        }
    }

    /// <summary>Encrypts a key's XML into <c>&lt;encrypted nonce="…" tag="…"&gt;ciphertext&lt;/encrypted&gt;</c>.</summary>
    private sealed class AesGcmXmlEncryptor(byte[] key) : IXmlEncryptor
    {
        public EncryptedXmlInfo Encrypt(XElement plaintextElement)
        {
            var plaintext = Encoding.UTF8.GetBytes(plaintextElement.ToString(SaveOptions.DisableFormatting));
            var nonce = RandomNumberGenerator.GetBytes(AesGcm.NonceByteSizes.MaxSize);
            var ciphertext = new byte[plaintext.Length];
            var tag = new byte[AesGcm.TagByteSizes.MaxSize];
            using (var aes = new AesGcm(key, tag.Length))
            {
                aes.Encrypt(nonce, plaintext, ciphertext, tag);
            }
            var element = new XElement("encrypted",
                new XAttribute("nonce", Convert.ToBase64String(nonce)), new XAttribute("tag", Convert.ToBase64String(tag)), Convert.ToBase64String(ciphertext));
            return new EncryptedXmlInfo(element, typeof(AesGcmXmlDecryptor));
        }
    }

    /// <summary>Made by the key ring itself when it reads an encrypted key: the key comes from configuration again.</summary>
    private sealed class AesGcmXmlDecryptor(IServiceProvider services) : IXmlDecryptor
    {
        public XElement Decrypt(XElement encryptedElement)
        {
            var key = ReadKey(services.GetRequiredService<IConfiguration>())
                ?? throw new InvalidOperationException($"The key ring is encrypted, but {EncryptionKeySetting} is not set.");
            var nonce = Convert.FromBase64String((string)encryptedElement.Attribute("nonce")!);
            var tag = Convert.FromBase64String((string)encryptedElement.Attribute("tag")!);
            var ciphertext = Convert.FromBase64String(encryptedElement.Value);
            var plaintext = new byte[ciphertext.Length];
            using (var aes = new AesGcm(key, tag.Length))
            {
                aes.Decrypt(nonce, ciphertext, tag, plaintext);
            }
            return XElement.Parse(Encoding.UTF8.GetString(plaintext));
        }
    }
}
