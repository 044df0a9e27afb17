using System.Globalization;
using System.Text.Json;
using BillingDashboard.Domain.Events;

namespace BillingDashboard.Features.Events;

/// <summary>
/// An event in words, for the Activity cards, the Events page and its export: "Customer created", "Name changed
/// from Ada to Ada Lovelace", "Address city changed from Paris to Lyon". Read from the stored JSON, so an event
/// describes what it recorded, whatever the objects look like today.
/// </summary>
public static class EventDescriptions
{
    /// <summary>What happened, without who: the change's parts joined with "; ".</summary>
    public static string Describe(Event @event)
    {
        if (@event.PreviousAttributes is { } previousJson)
        {
            using var previous = JsonDocument.Parse(previousJson);
            using var data = JsonDocument.Parse(@event.Data);
            var changes = new List<string>();
            Changes(previous.RootElement, data.RootElement, label: null, changes);
            if (changes.Count > 0)
            {
                return string.Join("; ", changes);
            }
        }
        return $"{ObjectNoun(@event.Type)} {Verb(@event.Type)}";
    }

    /// <summary>"Name changed from A to B by ops@example.com", as the Activity card reads.</summary>
    public static string DescribeWithActor(Event @event) => $"{Describe(@event)} by {@event.Actor}";

    /// <summary>"customer.tax_id.created" → "Tax ID"; "customer_balance_transaction.created" → "Balance transaction".</summary>
    public static string ObjectNoun(string type)
    {
        var objectPart = type[..type.LastIndexOf('.')];
        return objectPart switch
        {
            "customer.tax_id" => "Tax ID",
            "customer.discount" => "Discount",
            "customer.source" => "Payment source",
            "customer_balance_transaction" => "Balance transaction",
            "api_key" => "API key",
            "payment_method" => "Payment method",
            "credit_note" => "Credit note",
            _ => Words(objectPart),
        };
    }

    private static string Verb(string type) => type[(type.LastIndexOf('.') + 1)..].Replace('_', ' ');

    private static void Changes(JsonElement previous, JsonElement now, string? label, List<string> changes)
    {
        foreach (var field in previous.EnumerateObject())
        {
            var fieldLabel = label is null ? Words(field.Name) : $"{label} {field.Name.Replace('_', ' ')}";
            var current = now.ValueKind == JsonValueKind.Object && now.TryGetProperty(field.Name, out var value) ? value : default;
            if (field.Value.ValueKind == JsonValueKind.Object && current.ValueKind == JsonValueKind.Object)
            {
                Changes(field.Value, current, fieldLabel, changes);
                continue;
            }
            changes.Add(IsStructured(field.Value) || IsStructured(current)
                ? $"{fieldLabel} changed"
                : $"{fieldLabel} changed from {Value(field.Value)} to {Value(current)}");
        }
    }

    /// <summary>An object or a list of objects (an invoice's lines) reads as JSON, not words: the event's page shows it.</summary>
    private static bool IsStructured(JsonElement value) => value.ValueKind == JsonValueKind.Object
        || value.ValueKind == JsonValueKind.Array && value.EnumerateArray().Any(item => item.ValueKind is JsonValueKind.Object or JsonValueKind.Array);

    private static string Value(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.Undefined or JsonValueKind.Null => "empty",
        JsonValueKind.String => value.GetString() is { Length: > 0 } text ? text : "empty",
        JsonValueKind.True => "yes",
        JsonValueKind.False => "no",
        JsonValueKind.Array when value.GetArrayLength() == 0 => "empty",
        JsonValueKind.Array => string.Join(", ", value.EnumerateArray().Select(Value)),
        _ => value.GetRawText(),
    };

    /// <summary>"invoice_prefix" → "Invoice prefix".</summary>
    private static string Words(string name)
    {
        var words = name.Replace('_', ' ').Replace('.', ' ');
        return words.Length == 0 ? words : char.ToUpper(words[0], CultureInfo.InvariantCulture) + words[1..];
    }
}
