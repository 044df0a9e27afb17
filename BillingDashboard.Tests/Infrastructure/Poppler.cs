using System.Diagnostics;

namespace BillingDashboard.Tests.Infrastructure;

/// <summary>Reads PDFs back as a person would, with Debian's poppler-utils (pdftotext, pdfinfo), which .ci/run installs.</summary>
public static class Poppler
{
    /// <summary>The text of the whole file, or of one page, laid out as on paper.</summary>
    public static Task<string> TextAsync(string path, int? page = null) => page is { } only
        ? RunAsync("pdftotext", "-layout", "-f", $"{only}", "-l", $"{only}", path, "-")
        : RunAsync("pdftotext", "-layout", path, "-");

    public static Task<string> InfoAsync(string path) => RunAsync("pdfinfo", path);

    /// <summary>Writes <paramref name="content"/> to a temporary file for <paramref name="read"/>, then deletes it.</summary>
    public static async Task<string> ReadAsync(byte[] content, Func<string, Task<string>> read)
    {
        var path = Path.Combine(Path.GetTempPath(), $"{Guid.NewGuid():N}.pdf");
        await File.WriteAllBytesAsync(path, content);
        try
        {
            return await read(path);
        }
        finally
        {
            File.Delete(path);
        }
    }

    private static async Task<string> RunAsync(string tool, params string[] arguments)
    {
        var start = new ProcessStartInfo(tool) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        Assert.True(process.ExitCode == 0, $"{tool} failed: {await errors}");
        return await output;
    }
}
