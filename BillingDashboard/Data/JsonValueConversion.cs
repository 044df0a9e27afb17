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
            value => JsonSerializer.Serialize(value, JsonSerializerOptions.Default),
            json => string.IsNullOrEmpty(json) ? new T() : JsonSerializer.Deserialize<T>(json, JsonSerializerOptions.Default) ?? new T(),
            new ValueComparer<T>(
                (left, right) => JsonSerializer.Serialize(left, JsonSerializerOptions.Default) == JsonSerializer.Serialize(right, JsonSerializerOptions.Default),
                value => JsonSerializer.Serialize(value, JsonSerializerOptions.Default).GetHashCode(StringComparison.Ordinal),
                value => JsonSerializer.Deserialize<T>(JsonSerializer.Serialize(value, JsonSerializerOptions.Default), JsonSerializerOptions.Default)!));
        return property;
    }
}
