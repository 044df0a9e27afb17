using BillingDashboard.Domain.Coupons;
using BillingDashboard.Domain.Customers;
using BillingDashboard.Domain.Tax;

namespace BillingDashboard.Domain.Invoices;

/// <summary>A line to add to a draft (or to the customer's pending items), in the API's parameter names.</summary>
public sealed record InvoiceItemInput
{
    public string? Description { get; init; }

    public long? Quantity { get; init; } = 1;

    /// <summary>Minor units of the invoice's currency.</summary>
    public long? UnitAmount { get; init; }

    public IReadOnlyList<string> TaxRateIds { get; init; } = [];
}

/// <summary>A draft's settings; null leaves a setting as it is.</summary>
public sealed record InvoiceDraftInput
{
    /// <summary>"charge_automatically" or "send_invoice".</summary>
    public string? CollectionMethod { get; init; }

    public int? DaysUntilDue { get; init; }

    /// <summary>A chosen due date for send_invoice, instead of <see cref="DaysUntilDue"/> (the API's <c>due_date</c>).</summary>
    public DateTimeOffset? DueDate { get; init; }

    public string? Description { get; init; }

    public string? Footer { get; init; }

    public IReadOnlyList<InvoiceCustomField>? CustomFields { get; init; }

    /// <summary>An invoice-level coupon; empty removes it.</summary>
    public string? CouponId { get; init; }

    /// <summary>One of the customer's payment methods, charged before their own defaults; empty removes it.</summary>
    public string? DefaultPaymentMethodId { get; init; }

    /// <summary>Keys to set (an empty value removes one), as <see cref="Domain.Metadata.Merge"/> applies them.</summary>
    public IReadOnlyDictionary<string, string?>? Metadata { get; init; }

    /// <summary>The metadata becomes exactly <see cref="Metadata"/> (the API's <c>metadata=</c>).</summary>
    public bool ReplaceMetadata { get; init; }
}

/// <summary>What a draft and its lines may be, and how they are priced with <see cref="InvoiceMath"/>.</summary>
public static class InvoiceRules
{
    public const int MaxDescriptionLength = 500;
    public const int MaxMemoLength = 1500;
    public const int MaxLines = 250;
    public const long MaxQuantity = 1_000_000;
    public const long MaxUnitAmount = 99_999_999_999;
    public const int MaxTaxRatesPerLine = 5;
    public const int MaxDaysUntilDue = 365;
    public const int DefaultDaysUntilDue = 30;

    /// <summary>A new line: text, positive quantity, an amount of zero or more, and active rates that are all inclusive or all exclusive.</summary>
    public static InvoiceItem CreateItem(string id, string customerId, string currency, DateTimeOffset now, InvoiceItemInput input,
        IReadOnlyDictionary<string, TaxRate> knownRates)
    {
        var errors = new List<FieldError>();
        var description = input.Description?.Trim() ?? "";
        if (description.Length == 0)
        {
            errors.Add(new FieldError("description", "Describe the line, e.g. Consulting, March."));
        }
        else if (description.Length > MaxDescriptionLength)
        {
            errors.Add(new FieldError("description", $"A line's description can be at most {MaxDescriptionLength} characters."));
        }
        if (input.Quantity is not (>= 1 and <= MaxQuantity))
        {
            errors.Add(new FieldError("quantity", "The quantity must be a whole number from 1 to 1,000,000."));
        }
        if (input.UnitAmount is not (>= 0 and <= MaxUnitAmount))
        {
            errors.Add(new FieldError("unit_amount", "Enter the unit price: zero or more."));
        }
        var rates = ValidateRates(input.TaxRateIds, knownRates, errors);
        if (errors.Count > 0)
        {
            throw new ValidationFailedException(errors);
        }
        return new InvoiceItem
        {
            Id = id,
            CustomerId = customerId,
            Currency = currency,
            Description = description,
            Quantity = input.Quantity!.Value,
            UnitAmount = input.UnitAmount!.Value,
            TaxRateIds = rates,
            Created = now,
        };
    }

    /// <summary>
    /// Why the invoice can't be emailed to its customer (Send invoice, POST /v1/invoices/{id}/send), or null when
    /// it can: an issued, not void, invoice that the customer pays themselves. An invoice charged automatically
    /// tells the customer by itself (a receipt, or a notice that the charge failed).
    /// </summary>
    public static string? WhyNotSendable(Invoice invoice) => invoice switch
    {
        { Status: InvoiceStatus.Draft } => "This invoice is still a draft: finalize it first, which sends it.",
        { Status: InvoiceStatus.Void } => "This invoice is void: there is nothing to send.",
        { CollectionMethod: CollectionMethod.ChargeAutomatically } =>
            "You can only manually send an invoice if its collection method is 'send_invoice'; this one is charged automatically.",
        _ => null,
    };

    /// <summary>Applies the settings given; throws with every error, changing nothing.</summary>
    public static void ApplyDraft(Invoice invoice, InvoiceDraftInput input, DateTimeOffset now)
    {
        InvoiceStateMachine.Next(invoice.Status, InvoiceAction.Edit);
        var errors = new List<FieldError>();
        var changes = new List<Action>();
        if (input.CollectionMethod is { } method)
        {
            switch (method)
            {
                case "charge_automatically":
                    changes.Add(() => { invoice.CollectionMethod = CollectionMethod.ChargeAutomatically; invoice.DaysUntilDue = null; });
                    break;
                case "send_invoice":
                    changes.Add(() => invoice.CollectionMethod = CollectionMethod.SendInvoice);
                    break;
                default:
                    errors.Add(new FieldError("collection_method", $"'{method}' is not a collection method: use charge_automatically or send_invoice."));
                    break;
            }
        }
        var sendInvoice = input.CollectionMethod is { } named ? named == "send_invoice" : invoice.CollectionMethod == CollectionMethod.SendInvoice;
        if (sendInvoice)
        {
            Due(invoice, input, now, errors, changes);
        }
        else if (input.CollectionMethod is null && (input.DaysUntilDue is not null || input.DueDate is not null))
        {
            errors.Add(new FieldError(input.DueDate is null ? "days_until_due" : "due_date",
                "A due date only applies to an invoice that is sent (collection_method send_invoice); this one is charged automatically."));
        }
        else
        {
            changes.Add(() => (invoice.DaysUntilDue, invoice.DueDate) = (null, null));
        }
        Text(input.Description, "description", MaxMemoLength, "The memo", errors, changes, value => invoice.Description = value);
        Text(input.Footer, "footer", CustomerRules.MaxFooterLength, "The footer", errors, changes, value => invoice.Footer = value);
        if (input.CustomFields is { } fields)
        {
            var valid = CustomerRules.ValidateCustomFields(fields, errors, "custom_fields");
            changes.Add(() => invoice.CustomFields = valid);
        }
        if (input.Metadata is { } metadata)
        {
            var merged = Domain.Metadata.Merge(invoice.Metadata, metadata, input.ReplaceMetadata, errors);
            changes.Add(() => invoice.Metadata = merged);
        }
        if (input.CouponId is { } coupon)
        {
            changes.Add(() => invoice.CouponId = coupon.Length == 0 ? null : coupon);
        }
        if (input.DefaultPaymentMethodId is { } paymentMethod)
        {
            changes.Add(() => invoice.DefaultPaymentMethodId = paymentMethod.Length == 0 ? null : paymentMethod);
        }
        if (errors.Count > 0)
        {
            throw new ValidationFailedException(errors);
        }
        changes.ForEach(change => change());
    }

    /// <summary>
    /// When a sent invoice is due: a date (in the future, within a year and a bit), or a number of days after
    /// finalization; one replaces the other. Neither given keeps what the draft has, or 30 days for a new one.
    /// </summary>
    private static void Due(Invoice invoice, InvoiceDraftInput input, DateTimeOffset now, List<FieldError> errors, List<Action> changes)
    {
        if (input.DueDate is { } date)
        {
            if (date <= now || date > now.AddDays(MaxDaysUntilDue + 1))
            {
                errors.Add(new FieldError("due_date", $"The due date must be after today and at most {MaxDaysUntilDue} days ahead."));
            }
            changes.Add(() => (invoice.DueDate, invoice.DaysUntilDue) = (date, null));
            return;
        }
        var days = input.DaysUntilDue ?? (invoice.DueDate is null ? invoice.DaysUntilDue ?? DefaultDaysUntilDue : null);
        if (days is null)
        {
            return;
        }
        if (days is < 0 or > MaxDaysUntilDue)
        {
            errors.Add(new FieldError("days_until_due", $"Days until due must be from 0 to {MaxDaysUntilDue}."));
        }
        changes.Add(() => (invoice.DaysUntilDue, invoice.DueDate) = (days, null));
    }

    /// <summary>Why a draft can't be finalized as it is, or null: a chosen due date that has passed since it was chosen.</summary>
    public static string? WhyNotFinalizable(Invoice invoice, DateTimeOffset now) =>
        invoice is { CollectionMethod: CollectionMethod.SendInvoice, DueDate: { } due } && due <= now
            ? $"The due date {due.UtcDateTime:yyyy-MM-dd} has passed: choose a later date or a number of days, then finalize."
            : null;

    /// <summary>
    /// The invoice's totals now: its lines with their rates, the customer's discount and then the invoice's
    /// coupon (amount-off coupons only in their own currency), and no tax for exempt or reverse-charge customers.
    /// </summary>
    public static InvoiceTotals Price(string currency, IReadOnlyList<InvoiceItem> lines, IReadOnlyDictionary<string, TaxRate> rates,
        IEnumerable<Coupon> coupons, TaxExempt taxExempt) =>
        InvoiceMath.Price(
            lines.Select(line => new LineToPrice(line.Quantity, line.UnitAmount,
                line.TaxRateIds.Select(id => rates[id]).Select(rate => new LineTaxRate(rate.Id, rate.Percentage, rate.Inclusive)).ToList())).ToList(),
            coupons.Where(coupon => coupon.AmountOff is null || coupon.Currency == currency)
                .Select(coupon => new DiscountToApply(coupon.Id, coupon.PercentOff, coupon.AmountOff)).ToList(),
            chargeTax: taxExempt == TaxExempt.None);

    /// <summary>
    /// The totals an issued invoice was finalized with, rebuilt from what finalization froze (the summary and each
    /// line's discount and taxes), never repriced: rates may have been archived and discounts ended since.
    /// </summary>
    public static InvoiceTotals Frozen(InvoiceAmounts amounts, IReadOnlyList<InvoiceItem> lines)
    {
        var inclusive = amounts.Taxes.ToDictionary(tax => tax.TaxRateId, tax => tax.Inclusive, StringComparer.Ordinal);
        var priced = lines.Select(line =>
        {
            var discounted = line.Amount - (line.DiscountAmount ?? 0);
            var taxes = line.Taxes ?? [];
            var inclusiveTax = taxes.Where(tax => inclusive.GetValueOrDefault(tax.TaxRateId)).Sum(tax => tax.Amount);
            var exclusiveTax = taxes.Sum(tax => tax.Amount) - inclusiveTax;
            return new PricedLine(line.Amount, line.DiscountAmount ?? 0,
                [.. taxes.Select(tax => new LineTax(tax.TaxRateId, tax.Amount, discounted - inclusiveTax, inclusive.GetValueOrDefault(tax.TaxRateId)))],
                discounted - inclusiveTax, discounted + exclusiveTax);
        }).ToList();
        return new InvoiceTotals(priced, amounts.Subtotal,
            [.. amounts.Discounts.Select(discount => new DiscountAmount(discount.CouponId, discount.Amount))],
            [.. amounts.Taxes.Select(tax => new LineTax(tax.TaxRateId, tax.Amount, tax.TaxableAmount, tax.Inclusive))],
            amounts.TotalExcludingTax, amounts.Tax, amounts.Total);
    }

    private static List<string> ValidateRates(IReadOnlyList<string> ids, IReadOnlyDictionary<string, TaxRate> knownRates, List<FieldError> errors)
    {
        var distinct = ids.Distinct(StringComparer.Ordinal).ToList();
        if (distinct.Count > MaxTaxRatesPerLine)
        {
            errors.Add(new FieldError("tax_rates", $"A line can have at most {MaxTaxRatesPerLine} tax rates."));
        }
        var found = new List<TaxRate>();
        foreach (var id in distinct)
        {
            if (!knownRates.TryGetValue(id, out var rate))
            {
                errors.Add(new FieldError("tax_rates", $"No such tax rate: '{id}'."));
            }
            else if (!rate.Active)
            {
                errors.Add(new FieldError("tax_rates", $"Tax rate {rate.DisplayName} ({rate.Id}) is archived: it stays on old invoices but can't be added to new lines."));
            }
            else
            {
                found.Add(rate);
            }
        }
        if (found.Any(rate => rate.Inclusive) && found.Any(rate => !rate.Inclusive))
        {
            errors.Add(new FieldError("tax_rates", "A line's tax rates must be all inclusive or all exclusive: its price either contains tax or has it added."));
        }
        return distinct;
    }

    private static void Text(string? raw, string field, int maxLength, string what, List<FieldError> errors, List<Action> changes, Action<string?> assign)
    {
        if (raw is null)
        {
            return;
        }
        var value = raw.Trim();
        if (value.Length > maxLength)
        {
            errors.Add(new FieldError(field, $"{what} can be at most {maxLength} characters; this is {value.Length}."));
            return;
        }
        changes.Add(() => assign(value.Length == 0 ? null : value));
    }
}
