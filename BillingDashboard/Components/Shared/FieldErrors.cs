using BillingDashboard.Domain;

namespace BillingDashboard.Components.Shared;

/// <summary>What a form shows at one field: the messages the service gave for that field (its wire name, e.g. <c>address[country]</c>).</summary>
public static class FieldErrors
{
    /// <returns>The field's messages joined, or null when the field was not refused.</returns>
    public static string? For(this IReadOnlyList<FieldError> errors, string field) =>
        Join(errors.Where(error => error.Field == field));

    /// <summary>The messages of a field and of its parts (<c>preferred_locales</c> and <c>preferred_locales[2]</c>), or null.</summary>
    public static string? StartingWith(this IReadOnlyList<FieldError> errors, string field) =>
        Join(errors.Where(error => error.Field.StartsWith(field, StringComparison.Ordinal)));

    private static string? Join(IEnumerable<FieldError> errors)
    {
        var messages = errors.Select(error => error.Message).ToList();
        return messages.Count == 0 ? null : string.Join(" ", messages);
    }

    public static bool Has(this IReadOnlyList<FieldError> errors, string field) =>
        errors.Any(error => error.Field == field);
}
