using BillingDashboard.Components.Shared;
using BillingDashboard.Domain;
using BillingDashboard.Domain.Invoices;

namespace BillingDashboard.Features.Invoices;

/// <summary>What an operator types for one line, before it is read into an <see cref="InvoiceItemInput"/>.</summary>
public sealed class InvoiceLineInput(Currency currency)
{
    public Currency Currency { get; } = currency;

    public string? Description { get; set; }

    public long Quantity { get; set; } = 1;

    /// <summary>In major units, as typed ("100.00").</summary>
    public string? UnitPrice { get; set; }

    public HashSet<string> TaxRateIds { get; set; } = [];

    /// <summary>A line's fields filled in from the line, to edit it.</summary>
    public static InvoiceLineInput From(InvoiceItem line) => new(Currencies.Get(line.Currency))
    {
        Description = line.Description,
        Quantity = line.Quantity,
        UnitPrice = new Money(line.UnitAmount, Currencies.Get(line.Currency)).ToInvariantString(),
        TaxRateIds = [.. line.TaxRateIds],
    };

    public void Toggle(string rateId, bool on)
    {
        if (on)
        {
            TaxRateIds.Add(rateId);
        }
        else
        {
            TaxRateIds.Remove(rateId);
        }
    }

    /// <summary>The line for the service, which checks the rest; a price that can't be read is refused here, where it was typed.</summary>
    public InvoiceItemInput Read()
    {
        if (!AmountInputs.TryReadUnitPrice(UnitPrice, Currency, out var unitAmount))
        {
            throw new ValidationFailedException([AmountInputs.InvalidUnitPrice(Currency)]);
        }
        return new InvoiceItemInput { Description = Description, Quantity = Quantity, UnitAmount = unitAmount, TaxRateIds = [.. TaxRateIds] };
    }
}
