using System.Text.Json;
using Microsoft.EntityFrameworkCore.ChangeTracking;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace BillingDashboard.Data;

/// <summary>Stores a small structured value (metadata, custom fields) as one JSON text column.</summary>
public static class JsonValueConversion
{
    public static PropertyBuilder<T> HasJsonConversion<T>(this PropertyBuilder<T> property) where T : class, new()
    {
        property.HasConversion(
            value => ToJson(value),
            json => FromJson<T>(json),
            new ValueComparer<T>(
                (left, right) => JsonSerializer.Serialize(left, JsonSerializerOptions.Default) == JsonSerializer.Serialize(right, JsonSerializerOptions.Default),
                value => JsonSerializer.Serialize(value, JsonSerializerOptions.Default).GetHashCode(StringComparison.Ordinal),
                value => JsonSerializer.Deserialize<T>(JsonSerializer.Serialize(value, JsonSerializerOptions.Default), JsonSerializerOptions.Default)!));
        return property;
    }

    /// <summary>
    /// For a value that is absent until set once (an invoice's totals and snapshot): null stays NULL, anything else
    /// is its JSON. Compared by JSON, so a change inside it is saved.
    /// </summary>
    public static PropertyBuilder<T?> HasOptionalJsonConversion<T>(this PropertyBuilder<T?> property) where T : class
    {
        property.HasConversion(
            value => ToJson(value),
            json => JsonSerializer.Deserialize<T>(json!, JsonSerializerOptions.Default),
            new ValueComparer<T?>(
                (left, right) => JsonSerializer.Serialize(left, JsonSerializerOptions.Default) == JsonSerializer.Serialize(right, JsonSerializerOptions.Default),
                value => JsonSerializer.Serialize(value, JsonSerializerOptions.Default).GetHashCode(StringComparison.Ordinal),
                value => value == null ? null : JsonSerializer.Deserialize<T>(JsonSerializer.Serialize(value, JsonSerializerOptions.Default), JsonSerializerOptions.Default)));
        return property;
    }

    /// <summary>The column's text for a value; also for code that writes rows without EF Core (the seeder).</summary>
    public static string ToJson<T>(T value) => JsonSerializer.Serialize(value, JsonSerializerOptions.Default);

    /// <summary>The value a column's text holds; empty for no text. Also for code that reads rows without EF Core (the export).</summary>
    public static T FromJson<T>(string? json) where T : class, new() =>
        string.IsNullOrEmpty(json) ? new T() : JsonSerializer.Deserialize<T>(json, JsonSerializerOptions.Default) ?? new T();
}
