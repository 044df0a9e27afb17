using BillingDashboard.Domain;

namespace BillingDashboard.Tests.Domain;

public sealed class MetadataTests
{
    private static readonly Dictionary<string, string> Current = new() { ["order_id"] = "6735", ["tier"] = "gold" };

    [Fact]
    public void Merge_EmptyValue_RemovesTheKeyAndKeepsOthers()
    {
        var errors = new List<FieldError>();

        var result = Metadata.Merge(Current, new Dictionary<string, string?> { ["tier"] = "", ["region"] = "eu" }, replace: false, errors);

        Assert.Empty(errors);
        Assert.Equal(new Dictionary<string, string> { ["order_id"] = "6735", ["region"] = "eu" }, result);
    }

    [Fact]
    public void Merge_Replace_KeepsOnlyTheNewKeys()
    {
        var result = Metadata.Merge(Current, new Dictionary<string, string?> { ["region"] = "eu" }, replace: true, []);

        Assert.Equal(["region"], result.Keys);
    }

    [Fact]
    public void Merge_KeyOf41Characters_IsRefused()
    {
        var errors = new List<FieldError>();

        Metadata.Merge(Current, new Dictionary<string, string?> { [new string('k', 41)] = "v" }, replace: false, errors);

        Assert.Contains("at most 40", Assert.Single(errors).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Merge_ValueOf501Characters_IsRefused()
    {
        var errors = new List<FieldError>();

        Metadata.Merge(Current, new Dictionary<string, string?> { ["note"] = new string('v', 501) }, replace: false, errors);

        Assert.Contains("at most 500", Assert.Single(errors).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Merge_KeyWithBrackets_IsRefused()
    {
        var errors = new List<FieldError>();

        Metadata.Merge(Current, new Dictionary<string, string?> { ["a[b]"] = "v" }, replace: false, errors);

        Assert.Single(errors);
    }

    [Fact]
    public void Merge_51Keys_IsRefused()
    {
        var errors = new List<FieldError>();
        var changes = Enumerable.Range(0, 49).ToDictionary(index => $"key{index}", index => (string?)"v");

        Metadata.Merge(Current, changes, replace: false, errors);

        Assert.Contains("at most 50", Assert.Single(errors).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Merge_50Keys_IsAccepted()
    {
        var errors = new List<FieldError>();
        var changes = Enumerable.Range(0, 48).ToDictionary(index => $"key{index}", index => (string?)"v");

        var result = Metadata.Merge(Current, changes, replace: false, errors);

        Assert.Empty(errors);
        Assert.Equal(50, result.Count);
    }
}
