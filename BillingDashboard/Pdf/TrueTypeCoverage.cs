using System.Buffers.Binary;

namespace BillingDashboard.Pdf;

/// <summary>
/// Which characters a TrueType font has glyphs for, read from its character map ('cmap' table, formats 4 and 12),
/// so that an invoice is never drawn with a font that would show empty boxes.
/// </summary>
public static class TrueTypeCoverage
{
    public static HashSet<int> Read(ReadOnlySpan<byte> font)
    {
        var covered = new HashSet<int>();
        var tables = BinaryPrimitives.ReadUInt16BigEndian(font[4..]);
        for (var table = 0; table < tables; table++)
        {
            var record = font[(12 + 16 * table)..];
            if (!record[..4].SequenceEqual("cmap"u8))
            {
                continue;
            }
            var cmap = font[(int)BinaryPrimitives.ReadUInt32BigEndian(record[8..])..];
            var subtables = BinaryPrimitives.ReadUInt16BigEndian(cmap[2..]);
            for (var index = 0; index < subtables; index++)
            {
                var entry = cmap[(4 + 8 * index)..];
                var platform = BinaryPrimitives.ReadUInt16BigEndian(entry);
                var encoding = BinaryPrimitives.ReadUInt16BigEndian(entry[2..]);
                // Unicode subtables only: platform 0, or Windows (3) with encoding 1 (BMP) or 10 (full repertoire).
                if (platform != 0 && !(platform == 3 && encoding is 1 or 10))
                {
                    continue;
                }
                var subtable = cmap[(int)BinaryPrimitives.ReadUInt32BigEndian(entry[4..])..];
                switch (BinaryPrimitives.ReadUInt16BigEndian(subtable))
                {
                    case 4:
                        ReadFormat4(subtable, covered);
                        break;
                    case 12:
                        ReadFormat12(subtable, covered);
                        break;
                }
            }
        }
        return covered;
    }

    /// <summary>Segments of 16-bit code points; a segment whose glyph lookup gives 0 maps to nothing.</summary>
    private static void ReadFormat4(ReadOnlySpan<byte> subtable, HashSet<int> covered)
    {
        var segments = BinaryPrimitives.ReadUInt16BigEndian(subtable[6..]) / 2;
        var ends = subtable[14..];
        var starts = subtable[(16 + 2 * segments)..];
        var deltas = subtable[(16 + 4 * segments)..];
        var rangeOffsets = subtable[(16 + 6 * segments)..];
        for (var segment = 0; segment < segments; segment++)
        {
            int end = BinaryPrimitives.ReadUInt16BigEndian(ends[(2 * segment)..]);
            int start = BinaryPrimitives.ReadUInt16BigEndian(starts[(2 * segment)..]);
            var delta = BinaryPrimitives.ReadInt16BigEndian(deltas[(2 * segment)..]);
            int rangeOffset = BinaryPrimitives.ReadUInt16BigEndian(rangeOffsets[(2 * segment)..]);
            for (var code = start; code <= end && code != 0xFFFF; code++)
            {
                int glyph;
                if (rangeOffset == 0)
                {
                    glyph = (code + delta) & 0xFFFF;
                }
                else
                {
                    // The offset is relative to the rangeOffset entry itself.
                    var at = 2 * segment + rangeOffset + 2 * (code - start);
                    if (at + 2 > rangeOffsets.Length)
                    {
                        continue;
                    }
                    glyph = BinaryPrimitives.ReadUInt16BigEndian(rangeOffsets[at..]);
                    glyph = glyph == 0 ? 0 : (glyph + delta) & 0xFFFF;
                }
                if (glyph != 0)
                {
                    covered.Add(code);
                }
            }
        }
    }

    /// <summary>Groups of consecutive code points beyond the 16-bit range (and within it).</summary>
    private static void ReadFormat12(ReadOnlySpan<byte> subtable, HashSet<int> covered)
    {
        var groups = BinaryPrimitives.ReadUInt32BigEndian(subtable[12..]);
        for (var group = 0; group < groups; group++)
        {
            var entry = subtable[(16 + 12 * group)..];
            var start = (int)BinaryPrimitives.ReadUInt32BigEndian(entry);
            var end = (int)BinaryPrimitives.ReadUInt32BigEndian(entry[4..]);
            for (var code = start; code <= end; code++)
            {
                covered.Add(code);
            }
        }
    }
}
