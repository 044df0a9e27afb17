using System.Buffers;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using BillingDashboard.Data;
using BillingDashboard.Domain;
using BillingDashboard.Domain.Events;
using BillingDashboard.Domain.Webhooks;
using BillingDashboard.Features.Webhooks;

namespace BillingDashboard.Features.Events;

/// <summary>
/// Records events. A service calls <see cref="Record"/> with the context of its change, before it saves, so the
/// event is committed with the change or not at all, and so are its deliveries to the webhook endpoints that take
/// it; who made it comes from <see cref="ChangeOrigin.Current"/>.
/// </summary>
public class EventLog(WebhookTargets webhooks, TimeProvider clock)
{
    public const string IdPrefix = "evt";

    /// <summary>
    /// The stored JSON: compact, with the API objects' own field names, and text as it is (an accented name, "…"
    /// in a redacted key) rather than escaped: it is read back by our own parser, never placed in a page as is.
    /// </summary>
    private static readonly JsonSerializerOptions Storage = new(JsonSerializerDefaults.Web) { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>
    /// Adds the event of a change to <paramref name="db"/>. For an update, pass the object as the API rendered it
    /// before the change too: its fields that differ become <c>previous_attributes</c>, and an update that changed
    /// nothing records nothing.
    /// </summary>
    /// <param name="apiObject">The object after the change (for a deletion, as it was), as ApiObjects renders it.</param>
    /// <returns>Whether an event was recorded.</returns>
    /// <remarks>Virtual only for the benchmarks' reference, an app whose log records nothing (EventBenchmarks); the app never overrides it.</remarks>
    public virtual bool Record(BillingDbContext db, string type, string objectId, string? customerId, object apiObject, object? previousApiObject = null)
    {
        // Both written straight to UTF-8 and, for an update, compared as read-only documents: as mutable trees
        // (JsonNode) the difference cost 0.2 ms of a customer's 5 ms save.
        string data;
        string? previousAttributes = null;
        if (previousApiObject is null)
        {
            data = JsonSerializer.Serialize(apiObject, Storage);
        }
        else
        {
            var after = JsonSerializer.SerializeToUtf8Bytes(apiObject, Storage);
            if (PreviousAttributes(JsonSerializer.SerializeToUtf8Bytes(previousApiObject, Storage), after) is not { } changed)
            {
                return false;
            }
            data = Encoding.UTF8.GetString(after);
            previousAttributes = changed;
        }
        var origin = ChangeOrigin.Current;
        var now = clock.GetUtcNow();
        var @event = new Event
        {
            Id = ObjectIds.NewInTimeOrder(IdPrefix, now),
            Type = type,
            Created = now,
            ObjectId = objectId,
            // An event about a customer always belongs to it: the object filter finds a customer's events by this alone (EventQuery).
            CustomerId = ObjectIds.HasPrefix(objectId, ObjectIds.Customer) ? objectId : customerId,
            Data = data,
            PreviousAttributes = previousAttributes,
            Actor = origin?.Actor ?? ChangeOrigin.System,
            RequestId = origin?.RequestId,
            IdempotencyKey = origin?.IdempotencyKey,
        };
        EventInsert.Add(db, @event);
        // Queued with the event, in its transaction: an event that is committed is delivered, one that is not never is.
        foreach (var endpointId in webhooks.For(type))
        {
            db.WebhookDeliveries.Add(new WebhookDelivery { Id = ObjectIds.New(WebhookDelivery.IdPrefix), EndpointId = endpointId, EventId = @event.Id, Created = now });
        }
        return true;
    }

    /// <summary>Whether an update from <paramref name="before"/> to <paramref name="after"/> changes anything, as <see cref="Record"/> would judge it.</summary>
    public static bool Differs(object before, object after) =>
        PreviousAttributes(JsonSerializer.SerializeToUtf8Bytes(before, Storage), JsonSerializer.SerializeToUtf8Bytes(after, Storage)) is not null;

    /// <summary>
    /// The hosted API's <c>previous_attributes</c>: each field whose value changed, with its value before; inside a
    /// changed object (metadata, an address) only its changed keys, a key that was added given as null; a changed
    /// list whole. Null when nothing changed: at once when the two are written alike.
    /// </summary>
    private static string? PreviousAttributes(byte[] before, byte[] after)
    {
        if (before.AsSpan().SequenceEqual(after))
        {
            return null;
        }
        using var was = JsonDocument.Parse(before);
        using var now = JsonDocument.Parse(after);
        var buffer = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer, new JsonWriterOptions { Encoder = Storage.Encoder }))
        {
            WriteChanges(writer, was.RootElement, now.RootElement);
        }
        return buffer.WrittenCount > "{}".Length ? Encoding.UTF8.GetString(buffer.WrittenSpan) : null;
    }

    private static void WriteChanges(Utf8JsonWriter writer, JsonElement before, JsonElement after)
    {
        writer.WriteStartObject();
        foreach (var field in before.EnumerateObject())
        {
            // A field that is gone counts as null, as the API shows an unset field.
            var stillThere = after.TryGetProperty(field.Name, out var value);
            if (stillThere ? JsonElement.DeepEquals(field.Value, value) : field.Value.ValueKind == JsonValueKind.Null)
            {
                continue;
            }
            writer.WritePropertyName(field.Name);
            if (stillThere && field.Value.ValueKind == JsonValueKind.Object && value.ValueKind == JsonValueKind.Object)
            {
                WriteChanges(writer, field.Value, value);
            }
            else
            {
                field.Value.WriteTo(writer);
            }
        }
        foreach (var field in after.EnumerateObject())
        {
            if (!before.TryGetProperty(field.Name, out _))
            {
                writer.WriteNull(field.Name);
            }
        }
        writer.WriteEndObject();
    }
}
