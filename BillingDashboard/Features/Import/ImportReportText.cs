using System.Globalization;

namespace BillingDashboard.Features.Import;

/// <summary>A report as the command line prints it: the counts, then the refused and skipped rows with their lines.</summary>
public static class ImportReportText
{
    public static async Task WriteAsync(ImportReport report, TextWriter output)
    {
        var verb = report.Written ? "Imported" : "Dry run, nothing written";
        await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
            $"{verb}: {report.Rows:N0} rows; {report.New:N0} new, {report.Updated:N0} updated, {report.Unchanged:N0} unchanged, {report.Skipped:N0} skipped, {report.Refused:N0} refused."));
        if (report.Resumed > 0)
        {
            await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"Resumed after the {report.Resumed:N0} rows an earlier run had written."));
        }
        if (!report.Written && report.Refused > 0)
        {
            await output.WriteLineAsync("Nothing was written: a row was refused.");
        }
        foreach (var row in report.RefusedRows)
        {
            await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"  line {row.Line}: refused: {row.Reason}"));
        }
        foreach (var row in report.SkippedRows)
        {
            await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"  line {row.Line}: skipped: {row.Reason}"));
        }
    }
}
