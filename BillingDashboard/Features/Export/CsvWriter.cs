using System.Buffers;
using System.Text;
using System.Text.RegularExpressions;

namespace BillingDashboard.Features.Export;

/// <summary>
/// RFC 4180 CSV: fields separated by commas, records ended by CRLF, and a field quoted (its quotes doubled) when it
/// holds a comma, a quote or a line break. Output is UTF-8 with a byte order mark, which is what makes Excel read
/// accented and non-Latin names correctly instead of guessing a legacy code page.
/// Records collect in memory, already UTF-8, and go to the stream in blocks, asynchronously: an HTTP response
/// refuses synchronous writes, and a block per record would be slow.
/// Every field is made safe to open in a spreadsheet first (<see cref="Neutralise"/>).
/// </summary>
public sealed partial class CsvWriter(Stream output)
{
    private const int BlockSize = 32 * 1024;

    /// <summary>What makes a field need quotes: a separator, a quote or a line break (all ASCII, so one byte each in UTF-8).</summary>
    private const string NeedsQuotes = ",\"\r\n";

    /// <summary>What a spreadsheet may read as the start of a formula (see <see cref="Neutralise"/>); all ASCII too.</summary>
    private const string FormulaStarts = "=+-@\t\r";

    private static readonly SearchValues<char> NeedsQuotesChars = SearchValues.Create(NeedsQuotes);

    private static readonly SearchValues<byte> NeedsQuotesUtf8 = SearchValues.Create(Encoding.ASCII.GetBytes(NeedsQuotes));

    private byte[] _block = new byte[BlockSize * 2];
    private int _length;
    private bool _atRecordStart = true;
    private bool _wroteByteOrderMark;

    /// <summary>How every export writes a moment: ISO 8601 in UTC, to the second ("2026-11-30T09:15:00Z").</summary>
    public static string Iso8601(DateTimeOffset instant) =>
        instant.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", System.Globalization.CultureInfo.InvariantCulture);

    public void WriteField(string? value)
    {
        StartField();
        if (string.IsNullOrEmpty(value))
        {
            return;
        }
        value = Neutralise(value);
        if (value.AsSpan().IndexOfAny(NeedsQuotesChars) < 0)
        {
            Append(value);
            return;
        }
        Append("\"");
        Append(value.Replace("\"", "\"\"", StringComparison.Ordinal));
        Append("\"");
    }

    /// <summary>
    /// A text field as the database holds it, UTF-8, written without becoming a .NET string on the way (the export
    /// reads SQLite's bytes straight into the file). The same field as <see cref="WriteField(string?)"/> would write.
    /// </summary>
    public void WriteField(ReadOnlySpan<byte> utf8)
    {
        if (utf8.IsEmpty || FormulaStarts.Contains((char)utf8[0], StringComparison.Ordinal))
        {
            // Empty, or perhaps a formula to neutralise: rare, and decided once, on the string.
            WriteField(utf8.IsEmpty ? null : Encoding.UTF8.GetString(utf8));
            return;
        }
        StartField();
        if (utf8.IndexOfAny(NeedsQuotesUtf8) < 0)
        {
            Append(utf8);
            return;
        }
        Append("\""u8);
        for (var quote = utf8.IndexOf((byte)'"'); quote >= 0; quote = utf8.IndexOf((byte)'"'))
        {
            Append(utf8[..(quote + 1)]);
            Append("\""u8);
            utf8 = utf8[(quote + 1)..];
        }
        Append(utf8);
        Append("\""u8);
    }

    private void StartField()
    {
        if (!_atRecordStart)
        {
            Append(","u8);
        }
        _atRecordStart = false;
    }

    private void Append(ReadOnlySpan<byte> bytes)
    {
        EnsureRoom(bytes.Length);
        bytes.CopyTo(_block.AsSpan(_length));
        _length += bytes.Length;
    }

    private void Append(string text)
    {
        EnsureRoom(Encoding.UTF8.GetMaxByteCount(text.Length));
        _length += Encoding.UTF8.GetBytes(text, _block.AsSpan(_length));
    }

    private void EnsureRoom(int bytes)
    {
        if (_length + bytes > _block.Length)
        {
            Array.Resize(ref _block, Math.Max(_block.Length * 2, _length + bytes));
        }
    }

    /// <summary>
    /// CSV injection, as OWASP describes it: a spreadsheet reads a cell that starts with <c>=</c>, <c>+</c>, <c>-</c>,
    /// <c>@</c>, a tab or a carriage return as a formula, which can call functions, open links or (through DDE) run
    /// programs. Such a cell gets a leading apostrophe, which spreadsheets show as text and never evaluate. One
    /// exception keeps phone numbers (<c>+1 555 0100</c>) and negative amounts (<c>-12.50</c>) as they are: a value
    /// that is only a sign, digits, spaces and <c>. , ( ) / -</c> has no name, reference or function a formula could
    /// use, so at worst a spreadsheet does arithmetic on it.
    /// </summary>
    public static string Neutralise(string value) =>
        value.Length > 0 && FormulaStarts.Contains(value[0], StringComparison.Ordinal) && !SignedNumber().IsMatch(value) ? "'" + value : value;

    [GeneratedRegex(@"^[+-][0-9 .,()/-]*[0-9][0-9 .,()/-]*$")]
    private static partial Regex SignedNumber();

    public ValueTask EndRecordAsync(CancellationToken cancellationToken)
    {
        Append("\r\n"u8);
        _atRecordStart = true;
        return _length >= BlockSize ? new ValueTask(FlushAsync(cancellationToken)) : ValueTask.CompletedTask;
    }

    public async Task FlushAsync(CancellationToken cancellationToken)
    {
        if (!_wroteByteOrderMark)
        {
            await output.WriteAsync(Encoding.UTF8.Preamble.ToArray(), cancellationToken);
            _wroteByteOrderMark = true;
        }
        await output.WriteAsync(_block.AsMemory(0, _length), cancellationToken);
        _length = 0;
    }
}
