using System.Collections.Frozen;

namespace BillingDashboard.Domain.Cards;

/// <summary>The card brands a card source can have, by the API's spelling.</summary>
public static class CardBrands
{
    public static readonly IReadOnlyList<(string Code, string Name)> All =
    [
        ("visa", "Visa"), ("mastercard", "Mastercard"), ("amex", "American Express"), ("discover", "Discover"),
        ("jcb", "JCB"), ("diners", "Diners Club"), ("unionpay", "UnionPay"), ("cartes_bancaires", "Cartes Bancaires"),
    ];

    private static readonly FrozenDictionary<string, string> Names = All.ToFrozenDictionary(brand => brand.Code, brand => brand.Name, StringComparer.Ordinal);

    public static bool IsKnown(string? code) => code is not null && Names.ContainsKey(code);

    public static string DisplayName(string? code) => code is not null && Names.TryGetValue(code, out var name) ? name : "Card";
}
