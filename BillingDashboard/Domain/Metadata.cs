namespace BillingDashboard.Domain;

/// <summary>
/// Key-value metadata, as every object of the hosted API has it: at most 50 keys, keys up to 40 characters
/// (no square brackets, which the form encoding reserves), values up to 500 characters.
/// </summary>
public static class Metadata
{
    public const int MaxKeys = 50;
    public const int MaxKeyLength = 40;
    public const int MaxValueLength = 500;

    /// <summary>
    /// Applies <paramref name="changes"/> to <paramref name="current"/> the way the API does: a key with an empty
    /// value is removed, others are set. With <paramref name="replace"/>, the result is exactly the changes.
    /// Returns the errors; the current metadata is untouched when there are any.
    /// </summary>
    public static Dictionary<string, string> Merge(
        IReadOnlyDictionary<string, string> current, IReadOnlyDictionary<string, string?> changes, bool replace,
        List<FieldError> errors, string field = "metadata")
    {
        var result = replace ? new Dictionary<string, string>(StringComparer.Ordinal) : new Dictionary<string, string>(current, StringComparer.Ordinal);
        foreach (var (rawKey, value) in changes)
        {
            var key = rawKey.Trim();
            if (!IsValidKey(key, field, errors))
            {
                continue;
            }
            if (string.IsNullOrEmpty(value))
            {
                result.Remove(key);
                continue;
            }
            if (value.Length > MaxValueLength)
            {
                errors.Add(new FieldError($"{field}[{key}]", $"The value of metadata key '{key}' is {value.Length} characters long; values can be at most {MaxValueLength}."));
                continue;
            }
            result[key] = value;
        }
        if (result.Count > MaxKeys)
        {
            errors.Add(new FieldError(field, $"Metadata can have at most {MaxKeys} keys; this would make {result.Count}."));
        }
        return result;
    }

    /// <summary>Whether <paramref name="key"/> (trimmed) can be a metadata key; when not, says why in <paramref name="errors"/>.</summary>
    public static bool IsValidKey(string key, string field, List<FieldError> errors)
    {
        if (key.Length == 0)
        {
            errors.Add(new FieldError(field, "Metadata keys cannot be empty."));
            return false;
        }
        if (key.Length > MaxKeyLength)
        {
            errors.Add(new FieldError($"{field}[{key}]", $"Metadata key '{key[..20]}…' is {key.Length} characters long; keys can be at most {MaxKeyLength}."));
            return false;
        }
        if (key.Contains('[', StringComparison.Ordinal) || key.Contains(']', StringComparison.Ordinal))
        {
            errors.Add(new FieldError($"{field}[{key}]", $"Metadata key '{key}' cannot contain square brackets."));
            return false;
        }
        return true;
    }
}
