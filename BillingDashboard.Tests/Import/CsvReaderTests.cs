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
}
