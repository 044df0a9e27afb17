using System.Text;
using BillingDashboard.Domain;
using BillingDashboard.Features.Import;

namespace BillingDashboard.Tests.Import;

public sealed class CsvReaderTests
{
    private static async Task<(List<List<string>> Records, List<long> Lines, char Delimiter)> ReadAsync(byte[] bytes)
    {
        using var reader = new CsvReader(new MemoryStream(bytes));
        var records = new List<List<string>>();
        var lines = new List<long>();
        var record = new List<string>();
        while (await reader.ReadRecordAsync(record))
        {
            records.Add([.. record]);
            lines.Add(reader.RecordLine);
        }
        return (records, lines, reader.Delimiter);
    }

    private static Task<(List<List<string>> Records, List<long> Lines, char Delimiter)> ReadAsync(string text) => ReadAsync(Encoding.UTF8.GetBytes(text));

    [Fact]
    public async Task QuotedFields_HoldSeparatorsQuotesAndLineBreaks_AndLinesAreCountedAcrossThem()
    {
        var (records, lines, _) = await ReadAsync("name,note\r\n\"Rosen, Jenny\",\"said \"\"hi\"\"\r\nthen left\"\r\nPlain,\r\n");

        Assert.Equal([["name", "note"], ["Rosen, Jenny", "said \"hi\"\r\nthen left"], ["Plain", ""]], records);
        Assert.Equal([1L, 2L, 4L], lines);
    }

    [Fact]
    public async Task AByteOrderMark_IsNotPartOfTheFirstHeader_AndLfEndsRecordsToo()
    {
        var bytes = Encoding.UTF8.GetPreamble().Concat(Encoding.UTF8.GetBytes("id,Name\ncus_1,Zoë\n\ncus_2,Ōkubo")).ToArray();

        var (records, lines, _) = await ReadAsync(bytes);

        Assert.Equal([["id", "Name"], ["cus_1", "Zoë"], ["cus_2", "Ōkubo"]], records);
        Assert.Equal([1L, 2L, 4L], lines);
    }

    [Fact]
    public async Task SemicolonsSeparate_WhenTheHeaderUsesThem()
    {
        var (records, _, delimiter) = await ReadAsync("Name;Balance\nJenny;\"12,50\"\n");

        Assert.Equal(';', delimiter);
        Assert.Equal(["Jenny", "12,50"], records[1]);
    }

    [Fact]
    public async Task AQuoteNeverClosed_IsRefusedWithTheLineItOpenedOn()
    {
        var failure = await Assert.ThrowsAsync<RuleViolationException>(() => ReadAsync("name\nok\n\"never closed\nstill inside\n"));

        Assert.StartsWith("Line 3: a quoted field is never closed", failure.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task BytesThatAreNotUtf8_AreRefusedWithHowToSaveTheFile()
    {
        var latin1 = Encoding.Latin1.GetBytes("name\nZoë\n");

        var failure = await Assert.ThrowsAsync<RuleViolationException>(() => ReadAsync(latin1));

        Assert.Contains("not UTF-8", failure.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AFileManyBuffersLong_ReadsRecordForRecord_WhereverItsBuffersEnd()
    {
        // Records of every length, so that the reader's 64 KB buffer ends inside quoted fields, between a CR and its
        // LF, after a separator and inside a doubled quote, somewhere in the file.
        var text = new StringBuilder("id,note,plain\r\n");
        var expected = new List<List<string>> { new() { "id", "note", "plain" } };
        var lines = new List<long> { 1 };
        var line = 2L;
        for (var index = 0; index < 3_000; index++)
        {
            var note = new string('x', index % 97) + (index % 3 == 0 ? "\r\nsaid \"hi\"" : "") + new string('y', index % 41);
            var plain = index % 5 == 0 ? "" : new string('z', index % 53);
            text.Append("cus_").Append(index).Append(",\"").Append(note.Replace("\"", "\"\"", StringComparison.Ordinal)).Append("\",").Append(plain).Append("\r\n");
            expected.Add(["cus_" + index, note, plain]);
            lines.Add(line);
            line += index % 3 == 0 ? 2 : 1;
        }

        var (records, recordLines, _) = await ReadAsync(text.ToString());

        Assert.Equal(expected, records);
        Assert.Equal(lines, recordLines);
    }

    [Fact]
    public async Task ALastRecordWithoutALineBreak_AndATrailingSeparator_KeepsItsEmptyLastField()
    {
        var (records, _, _) = await ReadAsync("a,b\n1,");

        Assert.Equal([["a", "b"], ["1", ""]], records);
    }
}
