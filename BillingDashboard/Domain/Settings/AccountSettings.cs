using BillingDashboard.Domain.Invoices;

namespace BillingDashboard.Domain.Settings;

/// <summary>How invoices are numbered: per customer (PREFIX-0001 from each customer's prefix), or one sequence for the account.</summary>
public enum InvoiceNumbering
{
    PerCustomer,
    Account,
}

/// <summary>The account's own details, one row: who issues invoices and how they are numbered.</summary>
public sealed class AccountSettings
{
    public const int SingletonId = 1;

    public int Id { get; init; } = SingletonId;

    public SellerDetails Seller { get; set; } = new();

    public InvoiceNumbering Numbering { get; set; } = InvoiceNumbering.PerCustomer;

    /// <summary>For <see cref="InvoiceNumbering.Account"/>: 3 to 12 upper-case letters or digits.</summary>
    public string AccountPrefix { get; set; } = "INV";

    public int NextAccountSequence { get; set; } = 1;

    public int Version { get; set; }
}
