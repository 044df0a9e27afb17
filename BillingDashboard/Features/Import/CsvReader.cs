using System.Text;
using BillingDashboard.Domain;

namespace BillingDashboard.Features.Import;

/// <summary>
/// RFC 4180 CSV read a record at a time from a stream, so a file of a million rows never sits in memory: UTF-8
/// with or without a byte order mark, fields separated by commas or semicolons (whichever the header row uses
/// more, as spreadsheets in comma-decimal locales save them), quoted fields with doubled quotes and line breaks
/// inside, records ended by CRLF or LF. Reads asynchronously: an upload's stream refuses synchronous reads.
/// </summary>
public sealed class CsvReader(Stream input) : IDisposable
{
    private const int BufferSize = 64 * 1024;

    private readonly StreamReader _reader = new(input, new UTF8Encoding(false, throwOnInvalidBytes: true), detectEncodingFromByteOrderMarks: true, BufferSize);
    private readonly char[] _buffer = new char[BufferSize];
    private readonly StringBuilder _field = new();
    private int _position;
    private int _length;
    private bool _atEnd;
    private long _line = 1;

    /// <summary>The separator, known once the first record has been read.</summary>
    public char Delimiter { get; private set; }

    /// <summary>The line of the file on which the last record read began (1 is the header).</summary>
    public long RecordLine { get; private set; }

    /// <summary>Reads the next record into <paramref name="fields"/>; false at the end of the file. A blank line is no record.</summary>
    /// <exception cref="RuleViolationException">The file is not CSV this reader can read; the message names the line.</exception>
    public async ValueTask<bool> ReadRecordAsync(List<string> fields, CancellationToken cancellationToken = default)
    {
        fields.Clear();
        while (true)
        {
            if (!await EnsureAsync(cancellationToken))
            {
                return false;
            }
            if (Delimiter == default)
            {
                Delimiter = GuessDelimiter();
            }
            // Blank lines between records (a trailing newline, an editor's extra line) are skipped, not empty records.
            if (_buffer[_position] is '\r' or '\n')
            {
                await ReadLineEndAsync(cancellationToken);
                continue;
            }
            break;
        }
        RecordLine = _line;
        while (true)
        {
            var ended = await ReadFieldAsync(cancellationToken);
            fields.Add(_field.ToString());
            if (ended)
            {
                return true;
            }
        }
    }

    public void Dispose() => _reader.Dispose();

    /// <returns>True when the field ended its record (a line break or the end of the file), false when a separator followed it.</returns>
    private async ValueTask<bool> ReadFieldAsync(CancellationToken cancellationToken)
    {
        _field.Clear();
        if (!await EnsureAsync(cancellationToken))
        {
            return true;
        }
        if (_buffer[_position] != '"')
        {
            while (await EnsureAsync(cancellationToken))
            {
                var start = _position;
                while (_position < _length && _buffer[_position] != Delimiter && _buffer[_position] is not ('\r' or '\n'))
                {
                    _position++;
                }
                _field.Append(_buffer, start, _position - start);
                if (_position < _length)
                {
                    return await EndFieldAsync(cancellationToken);
                }
            }
            return true;
        }

        var quotedFrom = _line;
        _position++;
        while (true)
        {
            if (!await EnsureAsync(cancellationToken))
            {
                throw new RuleViolationException($"Line {quotedFrom}: a quoted field is never closed; the file ends inside it.", "file");
            }
            var character = _buffer[_position++];
            if (character == '"')
            {
                if (await EnsureAsync(cancellationToken) && _buffer[_position] == '"')
                {
                    _field.Append('"');
                    _position++;
                    continue;
                }
                if (!await EnsureAsync(cancellationToken))
                {
                    return true;
                }
                if (_buffer[_position] == Delimiter || _buffer[_position] is '\r' or '\n')
                {
                    return await EndFieldAsync(cancellationToken);
                }
                throw new RuleViolationException(
                    $"Line {_line}: a quoted field must end at a separator or the end of its line; quote a quote inside it by doubling it (\"\").", "file");
            }
            if (character == '\n' || (character == '\r' && !(await EnsureAsync(cancellationToken) && _buffer[_position] == '\n')))
            {
                _line++;
            }
            _field.Append(character);
        }
    }

    /// <summary>Past the separator or line break that ends a field; true when it was a line break.</summary>
    private async ValueTask<bool> EndFieldAsync(CancellationToken cancellationToken)
    {
        if (_buffer[_position] == Delimiter)
        {
            _position++;
            return false;
        }
        await ReadLineEndAsync(cancellationToken);
        return true;
    }

    private async ValueTask ReadLineEndAsync(CancellationToken cancellationToken)
    {
        if (_buffer[_position++] == '\r' && await EnsureAsync(cancellationToken) && _buffer[_position] == '\n')
        {
            _position++;
        }
        _line++;
    }

    /// <summary>True when a character is ready at the position, reading more of the file when the buffer is used up.</summary>
    private async ValueTask<bool> EnsureAsync(CancellationToken cancellationToken)
    {
        if (_position < _length)
        {
            return true;
        }
        if (_atEnd)
        {
            return false;
        }
        try
        {
            _length = await _reader.ReadAsync(_buffer, cancellationToken);
        }
        catch (DecoderFallbackException)
        {
            throw new RuleViolationException($"Around line {_line}: the file is not UTF-8 text. Save it as CSV UTF-8 and upload it again.", "file");
        }
        _position = 0;
        _atEnd = _length == 0;
        return !_atEnd;
    }

    /// <summary>Commas or semicolons: whichever the first line holds more of outside quotes (a comma when neither).</summary>
    private char GuessDelimiter()
    {
        var commas = 0;
        var semicolons = 0;
        var quoted = false;
        for (var index = _position; index < _length; index++)
        {
            var character = _buffer[index];
            if (character == '"')
            {
                quoted = !quoted;
            }
            else if (!quoted && character is '\r' or '\n')
            {
                break;
            }
            else if (!quoted)
            {
                commas += character == ',' ? 1 : 0;
                semicolons += character == ';' ? 1 : 0;
            }
        }
        return semicolons > commas ? ';' : ',';
    }
}
