using BillingDashboard.Features.Export;

namespace BillingDashboard.Features.Import;

/// <summary>The rows a dry run or import refused or skipped, as CSV (line, outcome, reason), downloaded like any export.</summary>
public sealed record ReportedRowsExport(ImportReport Report) : ICsvExport
{
    public string Noun => "import-report";

    public void Validate()
    {
    }

    public Task<int> CountAsync(IServiceProvider services, CancellationToken cancellationToken) =>
        Task.FromResult(Report.RefusedRows.Count + Report.SkippedRows.Count);

    public async Task<int> WriteAsync(IServiceProvider services, Stream output, IProgress<int> progress, CancellationToken cancellationToken)
    {
        var csv = new CsvWriter(output);
        csv.WriteField("line");
        csv.WriteField("outcome");
        csv.WriteField("reason");
        await csv.EndRecordAsync(cancellationToken);
        var written = 0;
        foreach (var (outcome, row) in Report.ListedRows())
        {
            csv.WriteField(row.Line.ToString(System.Globalization.CultureInfo.InvariantCulture));
            csv.WriteField(outcome.ToString().ToLowerInvariant());
            csv.WriteField(row.Reason);
            await csv.EndRecordAsync(cancellationToken);
            progress.Report(++written);
        }
        await csv.FlushAsync(cancellationToken);
        return written;
    }
}
