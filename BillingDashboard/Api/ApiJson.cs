using System.Text.Json;
using System.Text.Json.Serialization;

namespace BillingDashboard.Api;

/// <summary>
/// The hosted API's JSON as its clients and scripts see it: pretty-printed with two-space indentation
/// (<c>"email": "…"</c>), which scripts written against it grep for.
/// </summary>
public static class ApiJson
{
    /// <summary>For objects, whose null fields are part of the shape (<c>"description": null</c>).</summary>
    public static void Configure(JsonSerializerOptions options)
    {
        options.WriteIndented = true;
        options.IndentSize = 2;
    }

    /// <summary>For error bodies, which name only the fields that apply.</summary>
    public static JsonSerializerOptions Errors { get; } = new()
    {
        WriteIndented = true,
        IndentSize = 2,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };
}
