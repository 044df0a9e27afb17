using System.Globalization;
using BillingDashboard.Domain;
using BillingDashboard.Features.Export;

namespace BillingDashboard.Features.Events;

/// <summary>The Events page's filtered view as CSV, oldest first, streamed: every event, with its words and its JSON.</summary>
public sealed record EventExportRequest(EventQuery Query) : ICsvExport
{
    public static readonly IReadOnlyList<string> Header =
    [
        "id", "type", "created", "object", "customer", "actor", "request_id", "idempotency_key", "description", "previous_attributes", "data",
    ];

    public string Noun => "events";

    public void Validate()
    {
        if (Query is { CreatedFrom: { } from, CreatedBefore: { } before } && from >= before)
        {
            throw new ValidationFailedException([new FieldError("created", "The first day of the range must not be after its last.")]);
        }
    }

    public async Task<int> CountAsync(IServiceProvider services, CancellationToken cancellationToken) =>
        await services.GetRequiredService<EventService>().CountAsync(Query, cancellationToken);

    public async Task<int> WriteAsync(IServiceProvider services, Stream output, IProgress<int> progress, CancellationToken cancellationToken)
    {
        var csv = new CsvWriter(output);
        foreach (var column in Header)
        {
            csv.WriteField(column);
        }
        await csv.EndRecordAsync(cancellationToken);
        var written = 0;
        await foreach (var @event in services.GetRequiredService<EventService>().StreamAsync(Query, cancellationToken))
        {
            csv.WriteField(@event.Id);
            csv.WriteField(@event.Type);
            csv.WriteField(CsvWriter.Iso8601(@event.Created));
            csv.WriteField(@event.ObjectId);
            csv.WriteField(@event.CustomerId);
            csv.WriteField(@event.Actor);
            csv.WriteField(@event.RequestId);
            csv.WriteField(@event.IdempotencyKey);
            csv.WriteField(EventDescriptions.Describe(@event));
            csv.WriteField(@event.PreviousAttributes);
            csv.WriteField(@event.Data);
            await csv.EndRecordAsync(cancellationToken);
            if (++written % 1_000 == 0)
            {
                progress.Report(written);
            }
        }
        await csv.FlushAsync(cancellationToken);
        progress.Report(written);
        return written;
    }
}
