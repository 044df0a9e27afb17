namespace BillingDashboard.Domain.Customers;

/// <summary>Someone the business bills: the hosted API's Customer object.</summary>
public sealed class Customer : IListedObject
{
    /// <summary>
    /// The store's row number. It follows creation order, so "newest first" is this, descending: the search index
    /// (keyed by it) can then stream matches newest-first without sorting them.
    /// </summary>
    public long Sequence { get; private set; }

    public required string Id { get; init; }

    public DateTimeOffset Created { get; init; }

    public string? Name { get; set; }

    public string? Email { get; set; }

    public string? Description { get; set; }

    public string? Phone { get; set; }

    public Address Address { get; set; } = new();

    public Shipping? Shipping { get; set; }

    /// <summary>Ordered: the first supported one decides the language of invoices.</summary>
    public List<string> PreferredLocales { get; set; } = [];

    /// <summary>Lower-case ISO 4217, as the API writes it; null until set. Once set, it never changes.</summary>
    public string? Currency { get; private set; }

    /// <summary>What set the currency, for the reason shown beside the locked dropdown.</summary>
    public CurrencyLockReason? CurrencyLockedBy { get; private set; }

    /// <summary>Minor units of <see cref="Currency"/>; negative is credit. Always the sum of the balance ledger: only <see cref="AddToBalance"/> changes it.</summary>
    public long Balance { get; private set; }

    public TaxExempt TaxExempt { get; set; } = TaxExempt.None;

    /// <summary>
    /// How many tax IDs the customer has, kept by triggers on the TaxIds table (never by code), so that "has a tax
    /// ID" is a partial index scan rather than a lookup per customer.
    /// </summary>
    public int TaxIdCount { get; private set; }

    /// <summary>
    /// The source a charge naming only the customer uses. Changed only through <see cref="Sources.CustomerSources"/>,
    /// which keeps it pointing at one of the customer's attached sources.
    /// </summary>
    public string? DefaultSourceId { get; internal set; }

    /// <summary>The payment method invoices charge first (invoice_settings.default_payment_method), before the default source.</summary>
    public string? InvoiceDefaultPaymentMethodId { get; internal set; }

    public Dictionary<string, string> Metadata { get; set; } = new(StringComparer.Ordinal);

    public required string InvoicePrefix { get; set; }

    public int NextInvoiceSequence { get; set; } = 1;

    public List<InvoiceCustomField> InvoiceCustomFields { get; set; } = [];

    public string? InvoiceFooter { get; set; }

    public DateTimeOffset? DeletedAt { get; set; }

    /// <summary>Bumped by every save; a save that read an older version is refused instead of overwriting.</summary>
    public int Version { get; set; }

    public bool IsCurrencyLocked => Currency is not null;

    /// <summary>
    /// The single-currency rule: the first currency given (set by an operator, or by the first invoice or balance
    /// transaction) sticks; any other is refused.
    /// </summary>
    public void LockCurrency(Currency currency, CurrencyLockReason reason)
    {
        if (Currency is null)
        {
            Currency = currency.ApiCode;
            CurrencyLockedBy = reason;
            return;
        }
        if (!string.Equals(Currency, currency.ApiCode, StringComparison.Ordinal))
        {
            throw new RuleViolationException(
                $"This customer's currency is {Currency.ToUpperInvariant()} and can't change ({DescribeLock()}). " +
                $"To bill in {currency.Code}, create a new customer.", "currency");
        }
    }

    /// <summary>
    /// Moves the balance by one ledger entry of <paramref name="amount"/> in <paramref name="currency"/>, which the
    /// first entry locks as the customer's currency. Returns the balance after it, the entry's ending balance.
    /// </summary>
    public long AddToBalance(long amount, Currency currency)
    {
        LockCurrency(currency, CurrencyLockReason.Balance);
        Balance = checked(Balance + amount);
        return Balance;
    }

    /// <summary>
    /// The one way a balance changes with its ledger: moves it by <paramref name="amount"/> (negative credits the
    /// customer) and returns the entry that records it, with the balance after it.
    /// </summary>
    public Balance.CustomerBalanceTransaction RecordBalanceChange(Balance.BalanceTransactionType type, long amount, Currency currency, string? description,
        DateTimeOffset now, string? author) => new()
    {
        Id = ObjectIds.New(ObjectIds.BalanceTransaction),
        CustomerId = Id,
        Type = type,
        Amount = amount,
        Currency = currency.ApiCode,
        EndingBalance = AddToBalance(amount, currency),
        Description = description,
        Created = now,
        CreatedBy = author,
    };

    /// <summary>Why the currency dropdown is disabled.</summary>
    public string DescribeLock() => CurrencyLockedBy switch
    {
        CurrencyLockReason.Set => "it was set on the customer",
        CurrencyLockReason.Invoice => "the customer has been invoiced in it",
        CurrencyLockReason.Balance => "the customer has a credit balance in it",
        null => "it is not set yet",
    };
}

public enum TaxExempt
{
    None,
    Exempt,
    Reverse,
}

public enum CurrencyLockReason
{
    Set,
    Invoice,
    Balance,
}

/// <summary>A postal address; every part optional, the country ISO 3166-1 alpha-2.</summary>
public sealed class Address
{
    public string? Line1 { get; set; }

    public string? Line2 { get; set; }

    public string? City { get; set; }

    public string? State { get; set; }

    public string? PostalCode { get; set; }

    public string? Country { get; set; }

    public bool IsEmpty => Line1 is null && Line2 is null && City is null && State is null && PostalCode is null && Country is null;

    public Address Copy() => (Address)MemberwiseClone();
}

/// <summary>Where physical goods go: a name, a phone and an address.</summary>
public sealed class Shipping
{
    /// <summary>Required: it is also how the store tells "no shipping details" from empty ones.</summary>
    public string Name { get; set; } = "";

    public string? Phone { get; set; }

    public Address Address { get; set; } = new();
}

public sealed record InvoiceCustomField(string Name, string Value);
