namespace BillingDashboard.Components.Shared;

/// <summary>An entry of a dropdown: what it shows and what it stands for.</summary>
public sealed record Option<T>(string Text, T Value);
