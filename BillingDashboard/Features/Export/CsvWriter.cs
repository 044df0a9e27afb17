using System.Buffers;
using System.Text;
using System.Text.RegularExpressions;

namespace BillingDashboard.Features.Export;

/// <summary>
/// RFC 4180 CSV: fields separated by commas, records ended by CRLF, and a field quoted (its quotes doubled) when it
/// holds a comma, a quote or a line break. Output is UTF-8 with a byte order mark, which is what makes Excel read
/// accented and non-Latin names correctly instead of guessing a legacy code page.
/// Records collect in memory and go to the stream in blocks, asynchronously: an HTTP response refuses
/// synchronous writes, and a block per record would be slow.
/// Every field is made safe to open in a spreadsheet first (<see cref="Neutralise"/>).
/// </summary>
public sealed partial class CsvWriter(Stream output)
{
    private const int BlockSize = 32 * 1024;

    private readonly StringBuilder _block = new(BlockSize + 1024);
    private bool _atRecordStart = true;
    private bool _wroteByteOrderMark;

    /// <summary>How every export writes a moment: ISO 8601 in UTC, to the second ("2026-11-30T09:15:00Z").</summary>
    public static string Iso8601(DateTimeOffset instant) =>
        instant.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", System.Globalization.CultureInfo.InvariantCulture);

    public void WriteField(string? value)
    {
        if (!_atRecordStart)
        {
            _block.Append(',');
        }
        _atRecordStart = false;
        if (string.IsNullOrEmpty(value))
        {
            return;
        }
        value = Neutralise(value);
        if (value.AsSpan().IndexOfAny(",\"\r\n") < 0)
        {
            _block.Append(value);
            return;
        }
        _block.Append('"').Append(value.Replace("\"", "\"\"", StringComparison.Ordinal)).Append('"');
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
        value.Length > 0 && value[0] is '=' or '+' or '-' or '@' or '\t' or '\r' && !SignedNumber().IsMatch(value) ? "'" + value : value;

    [GeneratedRegex(@"^[+-][0-9 .,()/-]*[0-9][0-9 .,()/-]*$")]
    private static partial Regex SignedNumber();

    public ValueTask EndRecordAsync(CancellationToken cancellationToken)
    {
        _block.Append("\r\n");
        _atRecordStart = true;
        return _block.Length >= BlockSize ? new ValueTask(FlushAsync(cancellationToken)) : ValueTask.CompletedTask;
    }

    public async Task FlushAsync(CancellationToken cancellationToken)
    {
        if (!_wroteByteOrderMark)
        {
            await output.WriteAsync(Encoding.UTF8.Preamble.ToArray(), cancellationToken);
            _wroteByteOrderMark = true;
        }
        // A whole block at once: a surrogate pair is never split, because a record ends every block.
        var text = _block.ToString();
        _block.Clear();
        var bytes = ArrayPool<byte>.Shared.Rent(Encoding.UTF8.GetMaxByteCount(text.Length));
        try
        {
            var length = Encoding.UTF8.GetBytes(text, bytes);
            await output.WriteAsync(bytes.AsMemory(0, length), cancellationToken);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(bytes);
        }
    }
}
