using System.Security.Cryptography;
using System.Text;

namespace BillingDashboard.Pdf;

/// <summary>
/// Makes a rendered PDF the same bytes every time it is rendered, so the invoice a customer was emailed and the
/// one the operator downloads are one file. PDFsharp writes three random things: the file's /ID (set from the
/// invoice id before saving), a six-letter tag naming each embedded font subset ("/BaseFont/UEHAAA+DejaVuSans"),
/// and the uuids of the XMP metadata. The last two are replaced after saving, in place and at the same length (so
/// no offset in the file moves), by values derived from the document's id and the order they appear in.
/// </summary>
public static class StablePdfBytes
{
    /// <summary>Six capital letters and a plus sign: how PDF names a font subset (ISO 32000, 9.6.4).</summary>
    private static readonly Field SubsetTag = new(["/BaseFont/", "/FontName/"], 7,
        bytes => bytes[..6].IndexOfAnyExceptInRange((byte)'A', (byte)'Z') < 0 && bytes[6] == (byte)'+',
        (hash, _) => [.. hash[..6].Select(part => (byte)('A' + part % 26)), (byte)'+']);

    /// <summary>The xmpMM:DocumentID and xmpMM:InstanceID of the metadata stream, 36 characters after "uuid:".</summary>
    private static readonly Field XmpUuid = new(["<xmpMM:DocumentID>uuid:", "<xmpMM:InstanceID>uuid:"], 36, bytes => Guid.TryParse(bytes, out _),
        (hash, _) => Encoding.ASCII.GetBytes(new Guid(hash[..16]).ToString("D")));

    public static void MakeStable(byte[] pdf, string documentId)
    {
        SubsetTag.Replace(pdf, documentId);
        XmpUuid.Replace(pdf, documentId);
    }

    private sealed record Field(string[] Keys, int Length, Func<ReadOnlySpan<byte>, bool> IsValue, Func<byte[], int, byte[]> Make)
    {
        public void Replace(byte[] pdf, string documentId)
        {
            var replacements = new Dictionary<string, byte[]>(StringComparer.Ordinal);
            foreach (var key in Keys.Select(Encoding.ASCII.GetBytes))
            {
                for (var at = IndexOf(pdf, key, 0); at >= 0; at = IndexOf(pdf, key, at + key.Length))
                {
                    var value = at + key.Length;
                    if (value + Length > pdf.Length || !IsValue(pdf.AsSpan(value, Length)))
                    {
                        continue;
                    }
                    var original = Encoding.ASCII.GetString(pdf, value, Length);
                    if (!replacements.TryGetValue(original, out var stable))
                    {
                        stable = Make(SHA256.HashData(Encoding.UTF8.GetBytes($"{documentId}/{Keys[0]}/{replacements.Count}")), Length);
                        replacements[original] = stable;
                    }
                    stable.CopyTo(pdf, value);
                }
            }
        }

        private static int IndexOf(byte[] pdf, byte[] key, int from)
        {
            var found = pdf.AsSpan(from).IndexOf(key);
            return found < 0 ? -1 : from + found;
        }
    }
}
