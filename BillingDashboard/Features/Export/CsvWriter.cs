using System.Text;

namespace BillingDashboard.Features.Export;

/// <summary>
/// RFC 4180 CSV: fields separated by commas, records ended by CRLF, and a field quoted (its quotes doubled) when it
/// holds a comma, a quote or a line break. Output is UTF-8 with a byte order mark, which is what makes Excel read
/// accented and non-Latin names correctly instead of guessing a legacy code page.
/// </summary>
public sealed class CsvWriter(Stream output) : IAsyncDisposable
{
    /// <summary>UTF-8 that writes the byte order mark at the start of the stream.</summary>
    private static readonly UTF8Encoding Utf8WithBom = new(encoderShouldEmitUTF8Identifier: true);

    private readonly StreamWriter _writer = new(output, Utf8WithBom, bufferSize: 64 * 1024, leaveOpen: true) { NewLine = "\r\n" };
    private bool _atRecordStart = true;

    public void WriteField(string? value)
    {
        if (!_atRecordStart)
        {
            _writer.Write(',');
        }
        _atRecordStart = false;
        if (string.IsNullOrEmpty(value))
        {
            return;
        }
        if (value.AsSpan().IndexOfAny(",\"\r\n") < 0)
        {
            _writer.Write(value);
            return;
        }
        _writer.Write('"');
        _writer.Write(value.Replace("\"", "\"\"", StringComparison.Ordinal));
        _writer.Write('"');
    }

    public void EndRecord()
    {
        _writer.WriteLine();
        _atRecordStart = true;
    }

    public Task FlushAsync(CancellationToken cancellationToken) => _writer.FlushAsync(cancellationToken);

    public ValueTask DisposeAsync() => _writer.DisposeAsync();
}
