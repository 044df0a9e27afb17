using System.Globalization;
using BillingDashboard.Domain;
using Microsoft.Extensions.Primitives;

namespace BillingDashboard.Api;

/// <summary>
/// The parameters of one request, form-encoded (POST) or in the query string (GET), in the hosted API's bracket
/// notation: <c>address[city]</c>, <c>metadata[plan]</c>, <c>preferred_locales[]</c>, <c>tax_id_data[0][type]</c>.
/// Each read marks the parameter as known; <see cref="EnsureNoneUnknown"/> then refuses anything no route read,
/// naming it, as the hosted API does.
/// </summary>
public sealed class ApiParameters
{
    public const int MaxValueLength = 5_000;

    private readonly Dictionary<string, StringValues> _values;
    private readonly HashSet<string> _read = new(StringComparer.Ordinal);

    private ApiParameters(Dictionary<string, StringValues> values) => _values = values;

    public static async Task<ApiParameters> ReadAsync(HttpRequest request)
    {
        var values = new Dictionary<string, StringValues>(StringComparer.Ordinal);
        foreach (var (key, value) in request.Query)
        {
            values[key] = value;
        }
        if (HttpMethods.IsPost(request.Method) || HttpMethods.IsDelete(request.Method))
        {
            if (request.ContentLength is > 0 && !request.HasFormContentType)
            {
                throw new ApiRequestException(request.ContentType is { } contentType
                    ? $"Invalid request: the body must be application/x-www-form-urlencoded, not {contentType}."
                    : "Invalid request: the body has no Content-Type; send it as application/x-www-form-urlencoded.");
            }
            if (request.HasFormContentType)
            {
                IFormCollection form;
                try
                {
                    form = await request.ReadFormAsync();
                }
                catch (InvalidDataException broken)
                {
                    throw new ApiRequestException($"Invalid request body: {broken.Message}");
                }
                foreach (var (key, value) in form)
                {
                    values[key] = value;
                }
            }
        }
        foreach (var (key, value) in values)
        {
            if (key.Count(character => character == '[') != key.Count(character => character == ']') || key.StartsWith('['))
            {
                throw new ApiRequestException($"Invalid parameter name '{key}': its brackets don't match.", key);
            }
            if (value.Any(item => item?.Length > MaxValueLength))
            {
                throw new ApiRequestException($"The value of '{key}' is longer than {MaxValueLength} characters.", key);
            }
        }
        return new ApiParameters(values);
    }

    public bool Has(string name) => _values.ContainsKey(name) || _values.Keys.Any(key => key.StartsWith(name + "[", StringComparison.Ordinal));

    public string? String(string name)
    {
        _read.Add(name);
        return _values.TryGetValue(name, out var value) ? value.ToString() : null;
    }

    public long? Long(string name)
    {
        var text = String(name);
        if (text is null)
        {
            return null;
        }
        return long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var number)
            ? number
            : throw new ApiRequestException($"Invalid integer: {Quote(text)} for '{name}'.", name, code: "parameter_invalid_integer");
    }

    /// <summary>A moment in Unix seconds, from 1970 to the year 9999 (what a date can hold).</summary>
    public DateTimeOffset? Timestamp(string name) => Long(name) switch
    {
        null => null,
        >= 0 and <= 253_402_300_799 and var seconds => DateTimeOffset.FromUnixTimeSeconds(seconds),
        _ => throw new ApiRequestException($"Invalid timestamp for '{name}'.", name),
    };

    public int? Int(string name)
    {
        var number = Long(name);
        return number is null ? null : number is >= int.MinValue and <= int.MaxValue ? (int)number : throw new ApiRequestException($"'{name}' is out of range.", name);
    }

    public bool? Bool(string name) => String(name) switch
    {
        null => null,
        "true" => true,
        "false" => false,
        var other => throw new ApiRequestException($"Invalid boolean: {Quote(other)} for '{name}': use true or false.", name),
    };

    /// <summary><c>name[key]=value</c> pairs; an empty value means "remove this key" (and <c>name=</c> alone, all of them).</summary>
    public IReadOnlyDictionary<string, string?>? Dictionary(string name, out bool clear)
    {
        clear = _values.TryGetValue(name, out var whole) && whole.ToString().Length == 0;
        _read.Add(name);
        var prefix = name + "[";
        var entries = _values.Where(pair => pair.Key.StartsWith(prefix, StringComparison.Ordinal) && pair.Key.EndsWith(']')).ToList();
        if (entries.Count == 0)
        {
            return clear ? new Dictionary<string, string?>() : null;
        }
        var result = new Dictionary<string, string?>(StringComparer.Ordinal);
        foreach (var (key, value) in entries)
        {
            _read.Add(key);
            result[key[prefix.Length..^1]] = value.ToString();
        }
        return result;
    }

    /// <summary><c>created[gte]</c>, <c>created[gt]</c>, <c>created[lte]</c>, <c>created[lt]</c> in Unix seconds, or <c>created</c> for one exact second.</summary>
    public (DateTimeOffset? From, DateTimeOffset? Before) CreatedRange()
    {
        DateTimeOffset? from = null, before = null;
        if (Timestamp("created") is { } exact)
        {
            (from, before) = (exact, Instants.Shifted(exact, OneSecond));
        }
        if (Timestamp("created[gte]") is { } gte)
        {
            from = gte;
        }
        if (Timestamp("created[gt]") is { } gt)
        {
            from = Instants.Shifted(gt, OneSecond);
        }
        if (Timestamp("created[lte]") is { } lte)
        {
            before = Instants.Shifted(lte, OneSecond);
        }
        if (Timestamp("created[lt]") is { } lt)
        {
            before = lt;
        }
        return (from, before);
    }

    /// <summary>What a timestamp names: a second, whose end is the next (or, for the last second there is, the end of time).</summary>
    private static readonly TimeSpan OneSecond = TimeSpan.FromSeconds(1);

    /// <summary><c>name[]=a&amp;name[]=b</c> (or <c>name[0]=a</c>).</summary>
    public IReadOnlyList<string>? List(string name)
    {
        _read.Add(name);
        var items = new List<string>();
        var found = false;
        foreach (var (key, value) in _values.Where(pair => pair.Key == name + "[]" || IsIndexed(pair.Key, name)).OrderBy(pair => pair.Key, StringComparer.Ordinal))
        {
            _read.Add(key);
            found = true;
            items.AddRange(value.OfType<string>());
        }
        if (_values.TryGetValue(name, out var whole) && whole.ToString().Length == 0)
        {
            return [];
        }
        return found ? items : null;
    }

    /// <summary>
    /// The fields named in <c>expand[]</c>, which every route takes (GET, POST and DELETE alike), each one of the
    /// fields the object can expand; any other is refused, never ignored, as the hosted API refuses it.
    /// </summary>
    public IReadOnlySet<string> Expand(params IReadOnlyCollection<string> expandable)
    {
        var requested = List("expand") ?? [];
        if (requested.FirstOrDefault(field => !expandable.Contains(field)) is { } refused)
        {
            throw new ApiRequestException($"This property cannot be expanded ({refused}).", "expand");
        }
        return requested.ToHashSet(StringComparer.Ordinal);
    }

    /// <summary>On a list, <c>expand[]=data.x</c> expands <c>x</c> on every object listed: the fields, without <c>data.</c>.</summary>
    public IReadOnlySet<string> ExpandListed(params IReadOnlyCollection<string> expandable) =>
        Expand([.. expandable.Select(field => "data." + field)]).Select(field => field["data.".Length..]).ToHashSet(StringComparer.Ordinal);

    /// <summary>
    /// Refuses, by name, the first parameter the route did not read; an <c>expand[]</c> the route did not read is
    /// checked as one for an object with nothing to expand.
    /// </summary>
    public void EnsureNoneUnknown()
    {
        if (!_read.Contains("expand"))
        {
            Expand();
        }
        if (_values.Keys.FirstOrDefault(key => !_read.Contains(key)) is { } unknown)
        {
            throw ApiRequestException.Unknown(unknown);
        }
    }

    private static bool IsIndexed(string key, string name) =>
        key.StartsWith(name + "[", StringComparison.Ordinal) && key.EndsWith(']') && int.TryParse(key.AsSpan(name.Length + 1, key.Length - name.Length - 2), out _);

    private static string Quote(string text) => text.Length > 40 ? $"'{text[..40]}…'" : $"'{text}'";
}
