using System.Text;
using BillingDashboard.Features.Export;

namespace BillingDashboard.Tests.Export;

public sealed class CsvWriterTests
{
    private static async Task<byte[]> WriteAsync(params string?[][] records)
    {
        using var output = new MemoryStream();
        var csv = new CsvWriter(output);
        foreach (var record in records)
        {
            foreach (var field in record)
            {
                csv.WriteField(field);
            }
            await csv.EndRecordAsync(CancellationToken.None);
        }
        await csv.FlushAsync(CancellationToken.None);
        return output.ToArray();
    }

    [Fact]
    public async Task Write_AnyOutput_StartsWithUtf8ByteOrderMarkAndEndsRecordsWithCrlf()
    {
        var bytes = await WriteAsync(["a", "b"], ["c", "d"]);

        Assert.Equal(new byte[] { 0xEF, 0xBB, 0xBF }, bytes[..3]);
        Assert.Equal("a,b\r\nc,d\r\n", Encoding.UTF8.GetString(bytes[3..]));
    }

    [Theory]
    [InlineData("plain", "plain")]
    [InlineData("Smith, John", "\"Smith, John\"")]
    [InlineData("say \"hi\"", "\"say \"\"hi\"\"\"")]
    [InlineData("two\nlines", "\"two\nlines\"")]
    [InlineData("carriage\rreturn", "\"carriage\rreturn\"")]
    [InlineData("", "")]
    [InlineData(null, "")]
    public async Task WriteField_SpecialCharacters_QuotedPerRfc4180(string? value, string expected)
    {
        var bytes = await WriteAsync([value, "next"]);

        Assert.Equal(expected + ",next\r\n", Encoding.UTF8.GetString(bytes[3..]));
    }

    [Fact]
    public async Task Write_NonLatinText_IsUtf8()
    {
        var bytes = await WriteAsync(["山田 太郎", "Ελένη", "Jürgen"]);

        Assert.Equal("山田 太郎,Ελένη,Jürgen\r\n", Encoding.UTF8.GetString(bytes[3..]));
    }

    [Fact]
    public async Task Write_ManyRecords_AllArriveInOrder()
    {
        var records = Enumerable.Range(0, 20_000).Select(index => new string?[] { index.ToString(System.Globalization.CultureInfo.InvariantCulture), "🙂 row" }).ToArray();

        var lines = Encoding.UTF8.GetString((await WriteAsync(records))[3..]).Split("\r\n");

        Assert.Equal(20_001, lines.Length);
        Assert.Equal("19999,🙂 row", lines[19_999]);
    }
}
