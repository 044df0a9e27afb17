using BillingDashboard.Api;
using BillingDashboard.Data;
using BillingDashboard.Domain;
using BillingDashboard.Domain.Balance;
using BillingDashboard.Domain.Cards;
using BillingDashboard.Domain.Charges;
using BillingDashboard.Domain.Coupons;
using BillingDashboard.Domain.Customers;
using BillingDashboard.Domain.Email;
using BillingDashboard.Domain.Events;
using BillingDashboard.Domain.Invoices;
using BillingDashboard.Domain.PaymentMethods;
using BillingDashboard.Domain.Settings;
using BillingDashboard.Domain.Tax;
using BillingDashboard.Email;
using BillingDashboard.Features.Balance;
using BillingDashboard.Features.Customers;
using BillingDashboard.Features.Events;
using BillingDashboard.Features.Payments;
using BillingDashboard.Features.Settings;
using BillingDashboard.Features.Users;
using Microsoft.EntityFrameworkCore;

namespace BillingDashboard.Features.Invoices;

/// <summary>A page of invoices, newest first, with the names of their customers.</summary>
public sealed record InvoiceList(IReadOnlyList<Invoice> Rows, bool HasMore, IReadOnlyDictionary<string, string> CustomerNames)
{
    public string CustomerName(Invoice invoice) => CustomerNames.GetValueOrDefault(invoice.CustomerId, invoice.CustomerId);
}

/// <summary>An invoice with its lines, in order.</summary>
public sealed record InvoiceDetails(Invoice Invoice, IReadOnlyList<InvoiceItem> Lines);

/// <summary>An invoice with its lines and its totals: a draft's as they stand now, an issued invoice's as frozen.</summary>
public sealed record PricedInvoice(Invoice Invoice, IReadOnlyList<InvoiceItem> Lines, InvoiceTotals Totals);

/// <summary>What paying an invoice did: the invoice as it now is, and the charge attempted, if any (it may have failed).</summary>
public sealed record InvoicePaymentAttempt(Invoice Invoice, Charge? Charge);

/// <summary>
/// One-off invoices, from draft to paid: the one service the pages and the API call. Arithmetic and status rules
/// are the domain's (<see cref="InvoiceMath"/>, <see cref="InvoiceRules"/>, <see cref="InvoiceStateMachine"/>).
/// Every change runs in a transaction that holds SQLite's write lock from its first read: finalizations are
/// numbered one after the other, so numbers are unique and gapless however many run at once.
/// </summary>
public sealed class InvoiceService(IDbContextFactory<BillingDbContext> databases, CurrentOperator currentOperator, TimeProvider clock,
    IFingerprints fingerprints, OutboxSignal outbox, EventLog events)
{
    private const string CurrencyRequiredMessage = "Choose the invoice's currency: it becomes the customer's currency for good.";

    public async Task<InvoiceDetails> GetAsync(string id, CancellationToken cancellationToken = default)
    {
        await using var db = await databases.CreateDbContextAsync(cancellationToken);
        var invoice = await db.Invoices.AsNoTracking().SingleOrDefaultAsync(candidate => candidate.Id == id, cancellationToken)
            ?? throw new NotFoundException("invoice", id);
        return new InvoiceDetails(invoice, await LinesAsync(db, id, cancellationToken));
    }

    /// <summary>A customer's invoices (their page's card): newest first, paged in the database.</summary>
    public Task<InvoiceList> ListAsync(InvoiceStatus? status = null, string? customerId = null, int page = 1, int pageSize = InvoiceQuery.PageSize,
        CancellationToken cancellationToken = default) =>
        ListAsync(new InvoiceQuery { Status = status, Page = page }, customerId, pageSize, cancellationToken);

    /// <summary>The Invoices page: newest first, searched and filtered in the database (<see cref="InvoiceFilters"/>).</summary>
    public async Task<InvoiceList> ListAsync(InvoiceQuery query, string? customerId, int pageSize = InvoiceQuery.PageSize,
        CancellationToken cancellationToken = default)
    {
        await using var db = await databases.CreateDbContextAsync(cancellationToken);
        var invoices = db.Invoices.AsNoTracking().Filter(db, query, clock.GetUtcNow());
        if (customerId is not null)
        {
            invoices = invoices.Where(invoice => invoice.CustomerId == customerId);
        }
        var rows = await invoices.OrderByDescending(invoice => invoice.Created).ThenByDescending(invoice => invoice.Sequence)
            .Skip((query.Page - 1) * pageSize).Take(pageSize + 1).ToListAsync(cancellationToken);
        var shown = rows.Count > pageSize ? rows[..pageSize] : rows;
        return new InvoiceList(shown, rows.Count > pageSize, await CustomerLabels.LoadAsync(db, shown.Select(invoice => invoice.CustomerId), cancellationToken));
    }

    /// <summary>The API's list: newest first, by customer and status, by cursor.</summary>
    public async Task<CursorPage<Invoice>> ListPageAsync(string? customerId, InvoiceStatus? status, ListCursor cursor, CancellationToken cancellationToken = default)
    {
        await using var db = await databases.CreateDbContextAsync(cancellationToken);
        var invoices = db.Invoices.AsNoTracking();
        if (customerId is not null)
        {
            invoices = invoices.Where(invoice => invoice.CustomerId == customerId);
        }
        if (status is { } wanted)
        {
            invoices = invoices.Where(invoice => invoice.Status == wanted);
        }
        return await invoices.PageAsync(db, cursor, "invoice", cancellationToken);
    }

    public async Task<InvoiceItem> GetItemAsync(string id, CancellationToken cancellationToken = default)
    {
        await using var db = await databases.CreateDbContextAsync(cancellationToken);
        return await db.InvoiceItems.AsNoTracking().SingleOrDefaultAsync(item => item.Id == id, cancellationToken)
            ?? throw new NotFoundException("invoiceitem", id);
    }

    /// <summary>The API's list of invoice items: newest first, by customer, by invoice, or only those still pending.</summary>
    public async Task<CursorPage<InvoiceItem>> ListItemsPageAsync(string? customerId, string? invoiceId, bool? pending, ListCursor cursor,
        CancellationToken cancellationToken = default)
    {
        await using var db = await databases.CreateDbContextAsync(cancellationToken);
        var items = db.InvoiceItems.AsNoTracking();
        if (customerId is not null)
        {
            items = items.Where(item => item.CustomerId == customerId);
        }
        if (invoiceId is not null)
        {
            items = items.Where(item => item.InvoiceId == invoiceId);
        }
        if (pending is { } onlyPending)
        {
            items = onlyPending ? items.Where(item => item.InvoiceId == null) : items.Where(item => item.InvoiceId != null);
        }
        return await items.PageAsync(db, cursor, "invoiceitem", cancellationToken);
    }

    /// <summary>A customer's items waiting for their next invoice.</summary>
    public async Task<IReadOnlyList<InvoiceItem>> ListPendingItemsAsync(string customerId, CancellationToken cancellationToken = default)
    {
        await using var db = await databases.CreateDbContextAsync(cancellationToken);
        return await db.InvoiceItems.AsNoTracking().Where(item => item.CustomerId == customerId && item.InvoiceId == null)
            .OrderBy(item => item.Sequence).ToListAsync(cancellationToken);
    }

    /// <summary>
    /// A new draft for the customer, in the customer's currency, or in <paramref name="currency"/> when the
    /// customer has none yet, which this locks. Memo defaults aside, footer and custom fields come from the
    /// customer's invoice settings, and the customer's pending items in that currency become its first lines
    /// (unless <paramref name="includePendingItems"/> is false: the API's <c>pending_invoice_items_behavior=exclude</c>).
    /// </summary>
    public async Task<InvoiceDetails> CreateDraftAsync(string customerId, string? currency = null, InvoiceDraftInput? input = null,
        bool includePendingItems = true, CancellationToken cancellationToken = default)
    {
        await currentOperator.EnsureCanChangeAsync(cancellationToken);
        await using var db = await databases.CreateDbContextAsync(cancellationToken);
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var customer = await FindCustomerAsync(db, customerId, cancellationToken);
        var invoiceCurrency = Currencies.Resolve(currency, customer.Currency, CurrencyRequiredMessage);
        customer.LockCurrency(invoiceCurrency, CurrencyLockReason.Invoice);
        customer.Version++;
        var invoice = new Invoice
        {
            Id = ObjectIds.New(ObjectIds.Invoice),
            CustomerId = customer.Id,
            Currency = invoiceCurrency.ApiCode,
            Footer = customer.InvoiceFooter,
            CustomFields = [.. customer.InvoiceCustomFields],
            Created = clock.GetUtcNow(),
        };
        if (input is not null)
        {
            await EnsureCustomersPaymentMethodAsync(db, customer.Id, input.DefaultPaymentMethodId, cancellationToken);
            InvoiceRules.ApplyDraft(invoice, input, clock.GetUtcNow());
        }
        db.Invoices.Add(invoice);
        var pending = includePendingItems
            ? await db.InvoiceItems
                .Where(item => item.CustomerId == customer.Id && item.InvoiceId == null && item.Currency == invoice.Currency)
                .ToListAsync(cancellationToken)
            : [];
        pending.ForEach(item => item.InvoiceId = invoice.Id);
        await db.SaveChangesAsync(cancellationToken);
        await RecordAsync(db, invoice, [EventTypes.InvoiceCreated], cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return new InvoiceDetails(invoice, [.. pending.OrderBy(item => item.Sequence)]);
    }

    /// <summary>A line on a draft.</summary>
    public async Task<InvoiceItem> AddLineAsync(string invoiceId, InvoiceItemInput input, CancellationToken cancellationToken = default)
    {
        await currentOperator.EnsureCanChangeAsync(cancellationToken);
        await using var db = await databases.CreateDbContextAsync(cancellationToken);
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var invoice = await FindInvoiceAsync(db, invoiceId, cancellationToken);
        InvoiceStateMachine.Next(invoice.Status, InvoiceAction.Edit);
        if (await db.InvoiceItems.CountAsync(item => item.InvoiceId == invoiceId, cancellationToken) >= InvoiceRules.MaxLines)
        {
            throw new RuleViolationException($"An invoice can have at most {InvoiceRules.MaxLines} lines.", "lines");
        }
        var item = InvoiceRules.CreateItem(ObjectIds.New(ObjectIds.InvoiceItem), invoice.CustomerId, invoice.Currency, clock.GetUtcNow(), input,
            await RatesAsync(db, input.TaxRateIds, cancellationToken));
        item.InvoiceId = invoice.Id;
        invoice.Version++;
        db.InvoiceItems.Add(item);
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return item;
    }

    /// <summary>An item for the customer's next invoice (the API's invoice item without an invoice).</summary>
    public async Task<InvoiceItem> AddPendingItemAsync(string customerId, InvoiceItemInput input, string? currency = null,
        CancellationToken cancellationToken = default)
    {
        await currentOperator.EnsureCanChangeAsync(cancellationToken);
        await using var db = await databases.CreateDbContextAsync(cancellationToken);
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var customer = await FindCustomerAsync(db, customerId, cancellationToken);
        var itemCurrency = Currencies.Resolve(currency, customer.Currency, CurrencyRequiredMessage);
        customer.LockCurrency(itemCurrency, CurrencyLockReason.Invoice);
        customer.Version++;
        var item = InvoiceRules.CreateItem(ObjectIds.New(ObjectIds.InvoiceItem), customer.Id, itemCurrency.ApiCode, clock.GetUtcNow(), input,
            await RatesAsync(db, input.TaxRateIds, cancellationToken));
        db.InvoiceItems.Add(item);
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return item;
    }

    /// <summary>Removes a draft's line; with <paramref name="expectedVersion"/>, only if nobody changed the draft since it was read.</summary>
    public Task RemoveLineAsync(string invoiceId, string itemId, int? expectedVersion = null, CancellationToken cancellationToken = default) =>
        ChangeItemAsync(itemId, invoiceId, expectedVersion, (db, item) => { db.InvoiceItems.Remove(item); return Task.CompletedTask; }, cancellationToken);

    /// <summary>Removes a pending item, or a line from a draft; a finalized invoice's lines stay as they were billed.</summary>
    public Task DeleteItemAsync(string itemId, CancellationToken cancellationToken = default) =>
        ChangeItemAsync(itemId, expectedInvoiceId: null, expectedInvoiceVersion: null, (db, item) => { db.InvoiceItems.Remove(item); return Task.CompletedTask; },
            cancellationToken);

    /// <summary>
    /// A pending item's or a draft line's description, quantity, price and rates, checked as a new line would be
    /// (<paramref name="input"/> is the whole line, not a change to it).
    /// </summary>
    public async Task<InvoiceItem> UpdateItemAsync(string itemId, InvoiceItemInput input, int? expectedInvoiceVersion = null,
        CancellationToken cancellationToken = default)
    {
        InvoiceItem? updated = null;
        await ChangeItemAsync(itemId, expectedInvoiceId: null, expectedInvoiceVersion, async (db, item) =>
        {
            var valid = InvoiceRules.CreateItem(item.Id, item.CustomerId, item.Currency, item.Created, input, await RatesAsync(db, input.TaxRateIds, cancellationToken));
            (item.Description, item.Quantity, item.UnitAmount, item.TaxRateIds) = (valid.Description, valid.Quantity, valid.UnitAmount, valid.TaxRateIds);
            updated = item;
        }, cancellationToken);
        return updated!;
    }

    /// <summary>
    /// Changes an item under the write lock, if it is pending or on a draft (whose version then moves on, and must
    /// be <paramref name="expectedInvoiceVersion"/> when given: an editor's change never silently undoes another's).
    /// </summary>
    private async Task ChangeItemAsync(string itemId, string? expectedInvoiceId, int? expectedInvoiceVersion, Func<BillingDbContext, InvoiceItem, Task> change,
        CancellationToken cancellationToken)
    {
        await currentOperator.EnsureCanChangeAsync(cancellationToken);
        await using var db = await databases.CreateDbContextAsync(cancellationToken);
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var item = await db.InvoiceItems.SingleOrDefaultAsync(candidate => candidate.Id == itemId, cancellationToken);
        if (item is null || (expectedInvoiceId is not null && item.InvoiceId != expectedInvoiceId))
        {
            throw new NotFoundException("invoiceitem", itemId);
        }
        if (item.InvoiceId is { } invoiceId)
        {
            var invoice = await FindInvoiceAsync(db, invoiceId, cancellationToken);
            InvoiceStateMachine.Next(invoice.Status, InvoiceAction.Edit);
            EnsureVersion(invoice, expectedInvoiceVersion);
            invoice.Version++;
        }
        await change(db, item);
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
    }

    /// <summary>A draft's settings, saved against the version the editor read.</summary>
    public async Task<Invoice> UpdateDraftAsync(string invoiceId, InvoiceDraftInput input, int? expectedVersion, CancellationToken cancellationToken = default)
    {
        await currentOperator.EnsureCanChangeAsync(cancellationToken);
        await using var db = await databases.CreateDbContextAsync(cancellationToken);
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var invoice = await FindInvoiceAsync(db, invoiceId, cancellationToken);
        EnsureVersion(invoice, expectedVersion);
        if (input.CouponId is { Length: > 0 } couponId)
        {
            var coupon = await db.Coupons.AsNoTracking().SingleOrDefaultAsync(candidate => candidate.Id == couponId, cancellationToken)
                ?? throw new NotFoundException("coupon", couponId);
            if (CouponRules.WhyNotRedeemable(coupon, clock.GetUtcNow(), invoice.Currency) is { } why)
            {
                throw new RuleViolationException(why, "coupon");
            }
        }
        await EnsureCustomersPaymentMethodAsync(db, invoice.CustomerId, input.DefaultPaymentMethodId, cancellationToken);
        var before = await RenderAsync(db, invoice.Id, cancellationToken);
        InvoiceRules.ApplyDraft(invoice, input, clock.GetUtcNow());
        invoice.Version++;
        await db.SaveChangesAsync(cancellationToken);
        await RecordAsync(db, invoice, [EventTypes.InvoiceUpdated], cancellationToken, before);
        await transaction.CommitAsync(cancellationToken);
        return invoice;
    }

    private static void EnsureVersion(Invoice invoice, int? expectedVersion)
    {
        if (expectedVersion is { } expected && expected != invoice.Version)
        {
            throw new ConcurrencyConflictException($"Someone else changed draft {invoice.Id} since you opened it. Nothing was saved; reload to see their changes.");
        }
    }

    /// <summary>
    /// A new draft with the invoice's customer, currency, settings and lines (<b>Duplicate</b>): how an operator
    /// bills the same again, or reissues a voided invoice corrected. Tax rates archived since are left off its
    /// lines, and a coupon no longer redeemable off the draft, for the operator to review before finalizing.
    /// </summary>
    public async Task<InvoiceDetails> DuplicateAsync(string invoiceId, CancellationToken cancellationToken = default)
    {
        await currentOperator.EnsureCanChangeAsync(cancellationToken);
        await using var db = await databases.CreateDbContextAsync(cancellationToken);
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var original = await FindInvoiceAsync(db, invoiceId, cancellationToken);
        var customer = await db.Customers.SingleOrDefaultAsync(candidate => candidate.Id == original.CustomerId, cancellationToken)
            ?? throw new RuleViolationException($"Customer {original.CustomerId} was deleted: there is nobody to bill again.", "customer");
        var now = clock.GetUtcNow();
        var lines = await LinesAsync(db, invoiceId, cancellationToken);
        var rateIds = lines.SelectMany(line => line.TaxRateIds).Distinct().ToList();
        var activeRates = await db.TaxRates.AsNoTracking().Where(rate => rateIds.Contains(rate.Id) && rate.Active).ToDictionaryAsync(rate => rate.Id, cancellationToken);
        var coupon = original.CouponId is { } couponId ? await db.Coupons.AsNoTracking().SingleOrDefaultAsync(candidate => candidate.Id == couponId, cancellationToken) : null;
        var copy = new Invoice
        {
            Id = ObjectIds.New(ObjectIds.Invoice),
            CustomerId = customer.Id,
            Currency = original.Currency,
            CollectionMethod = original.CollectionMethod,
            DaysUntilDue = original.CollectionMethod == CollectionMethod.SendInvoice ? original.DaysUntilDue ?? InvoiceRules.DefaultDaysUntilDue : null,
            Description = original.Description,
            Footer = original.Footer,
            CustomFields = [.. original.CustomFields],
            CouponId = coupon is not null && CouponRules.WhyNotRedeemable(coupon, now, original.Currency) is null ? coupon.Id : null,
            DefaultPaymentMethodId = await db.PaymentMethods.AnyAsync(method => method.Id == original.DefaultPaymentMethodId && method.CustomerId == customer.Id, cancellationToken)
                ? original.DefaultPaymentMethodId : null,
            Metadata = new Dictionary<string, string>(original.Metadata, StringComparer.Ordinal),
            Created = now,
        };
        db.Invoices.Add(copy);
        var copiedLines = lines.Select(line =>
        {
            var item = InvoiceRules.CreateItem(ObjectIds.New(ObjectIds.InvoiceItem), customer.Id, copy.Currency, now, new InvoiceItemInput
            {
                Description = line.Description, Quantity = line.Quantity, UnitAmount = line.UnitAmount, TaxRateIds = [.. line.TaxRateIds.Where(activeRates.ContainsKey)],
            }, activeRates);
            item.InvoiceId = copy.Id;
            return item;
        }).ToList();
        db.InvoiceItems.AddRange(copiedLines);
        await db.SaveChangesAsync(cancellationToken);
        await RecordAsync(db, copy, [EventTypes.InvoiceCreated], cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return new InvoiceDetails(copy, copiedLines);
    }

    /// <summary>An invoice's default payment method must be one of its customer's (empty or null: nothing to check).</summary>
    private static async Task EnsureCustomersPaymentMethodAsync(BillingDbContext db, string customerId, string? paymentMethodId,
        CancellationToken cancellationToken)
    {
        if (paymentMethodId is not { Length: > 0 })
        {
            return;
        }
        var method = await db.PaymentMethods.AsNoTracking().SingleOrDefaultAsync(candidate => candidate.Id == paymentMethodId, cancellationToken)
            ?? throw new NotFoundException("payment_method", paymentMethodId);
        if (method.CustomerId != customerId)
        {
            throw new RuleViolationException(PaymentMethodRules.NotAttachedTo(customerId, method), "default_payment_method");
        }
    }

    /// <summary>The totals a draft would have if finalized now (a finalized invoice's are its own, frozen).</summary>
    public async Task<InvoiceTotals> PreviewAsync(string invoiceId, CancellationToken cancellationToken = default) =>
        (await GetPricedAsync(invoiceId, cancellationToken)).Totals;

    /// <summary>The invoice, its lines and its totals in one read (the API shows all three for every invoice it returns).</summary>
    public async Task<PricedInvoice> GetPricedAsync(string invoiceId, CancellationToken cancellationToken = default)
    {
        await using var db = await databases.CreateDbContextAsync(cancellationToken);
        var invoice = await db.Invoices.AsNoTracking().SingleOrDefaultAsync(candidate => candidate.Id == invoiceId, cancellationToken)
            ?? throw new NotFoundException("invoice", invoiceId);
        return await PriceAsync(db, invoice, await LinesAsync(db, invoiceId, cancellationToken), cancellationToken);
    }

    /// <summary>
    /// A page of invoices priced together, in the order given (the API's list): every invoice's lines in one read,
    /// so that a page costs a few statements rather than a few per invoice. Totals are frozen when an invoice is
    /// finalized, so only a draft still reads its customer, rates and coupons.
    /// </summary>
    public async Task<IReadOnlyList<PricedInvoice>> PriceManyAsync(IReadOnlyList<Invoice> invoices, CancellationToken cancellationToken = default)
    {
        if (invoices.Count == 0)
        {
            return [];
        }
        await using var db = await databases.CreateDbContextAsync(cancellationToken);
        var ids = invoices.Select(invoice => invoice.Id).ToList();
        var lines = (await db.InvoiceItems.AsNoTracking().Where(item => item.InvoiceId != null && ids.Contains(item.InvoiceId))
            .OrderBy(item => item.Sequence).ToListAsync(cancellationToken)).ToLookup(item => item.InvoiceId!, StringComparer.Ordinal);
        var priced = new List<PricedInvoice>(invoices.Count);
        foreach (var invoice in invoices)
        {
            priced.Add(await PriceAsync(db, invoice, [.. lines[invoice.Id]], cancellationToken));
        }
        return priced;
    }

    private async Task<PricedInvoice> PriceAsync(BillingDbContext db, Invoice invoice, IReadOnlyList<InvoiceItem> lines, CancellationToken cancellationToken)
    {
        if (invoice.Amounts is { } frozen)
        {
            return new PricedInvoice(invoice, lines, InvoiceRules.Frozen(frozen, lines));
        }
        var customer = await db.Customers.IgnoreQueryFilters().AsNoTracking().SingleAsync(candidate => candidate.Id == invoice.CustomerId, cancellationToken);
        var pricing = await PricingAsync(db, invoice, lines, cancellationToken);
        return new PricedInvoice(invoice, lines, InvoiceRules.Price(invoice.Currency, lines, pricing.Rates, pricing.Coupons, customer.TaxExempt));
    }

    public async Task DeleteDraftAsync(string invoiceId, CancellationToken cancellationToken = default)
    {
        await currentOperator.EnsureCanChangeAsync(cancellationToken);
        await using var db = await databases.CreateDbContextAsync(cancellationToken);
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var invoice = await FindInvoiceAsync(db, invoiceId, cancellationToken);
        InvoiceStateMachine.Next(invoice.Status, InvoiceAction.Delete);
        events.Record(db, EventTypes.InvoiceDeleted, invoice.Id, invoice.CustomerId, await RenderAsync(db, invoice.Id, cancellationToken));
        await db.InvoiceItems.Where(item => item.InvoiceId == invoiceId).ExecuteDeleteAsync(cancellationToken);
        db.Invoices.Remove(invoice);
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
    }

    /// <summary>
    /// Draft to open. In one locked transaction: the totals are computed and frozen, the customer's balance meets
    /// them (a ledger entry records it), the next number is taken, what the document shows is snapshot, a "once"
    /// discount ends, and, for charge_automatically, the default source is charged. A declined charge leaves the
    /// invoice open with the reason in its history; nothing due marks it paid.
    /// </summary>
    public async Task<InvoicePaymentAttempt> FinalizeAsync(string invoiceId, CancellationToken cancellationToken = default)
    {
        await currentOperator.EnsureCanChangeAsync(cancellationToken);
        var author = await currentOperator.GetNameAsync();
        await using var db = await databases.CreateDbContextAsync(cancellationToken);
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var invoice = await FindInvoiceAsync(db, invoiceId, cancellationToken);
        InvoiceStateMachine.Next(invoice.Status, InvoiceAction.Finalize);
        if (InvoiceRules.WhyNotFinalizable(invoice, clock.GetUtcNow()) is { } why)
        {
            throw new RuleViolationException(why, "due_date");
        }
        var lines = await db.InvoiceItems.Where(item => item.InvoiceId == invoiceId).OrderBy(item => item.Sequence).ToListAsync(cancellationToken);
        if (lines.Count == 0)
        {
            throw new RuleViolationException("Add at least one line before finalizing.", "lines");
        }
        var customer = await db.Customers.SingleOrDefaultAsync(candidate => candidate.Id == invoice.CustomerId, cancellationToken)
            ?? throw new RuleViolationException($"Customer {invoice.CustomerId} was deleted: this draft can only be deleted.", "customer");
        var now = clock.GetUtcNow();
        var pricing = await PricingAsync(db, invoice, lines, cancellationToken);
        var totals = InvoiceRules.Price(invoice.Currency, lines, pricing.Rates, pricing.Coupons, customer.TaxExempt);
        var balance = InvoiceMath.ApplyBalance(totals.Total, customer.Currency == invoice.Currency ? customer.Balance : 0);

        var settings = await AccountSettingsService.LoadAsync(db, cancellationToken);
        var number = TakeNumber(settings, customer, db);
        if (balance.Applied != 0)
        {
            var entry = customer.RecordBalanceChange(BalanceTransactionType.AppliedToInvoice, -balance.Applied, Currencies.Get(invoice.Currency),
                $"Applied to invoice {number}", now, author);
            db.BalanceTransactions.Add(entry);
            BalanceEvents.Record(events, db, entry);
        }
        customer.Version++;
        for (var index = 0; index < lines.Count; index++)
        {
            lines[index].DiscountAmount = totals.Lines[index].Discount;
            lines[index].Taxes = [.. totals.Lines[index].Taxes.Select(tax => new InvoiceLineTax(tax.TaxRateId, tax.Amount))];
        }
        foreach (var discount in pricing.CustomerDiscounts.Where(discount => discount.Coupon!.Duration == CouponDuration.Once))
        {
            discount.End = now;
        }
        if (pricing.InvoiceCoupon is { } invoiceCoupon)
        {
            invoiceCoupon.TimesRedeemed++;
        }
        var amounts = new InvoiceAmounts(
            totals.Subtotal,
            [.. totals.Discounts.Select(discount => new AppliedDiscount(discount.CouponId, pricing.CouponLabel(discount.CouponId), discount.Amount))],
            [.. totals.TaxesByRate.Select(tax => new AppliedTax(tax.TaxRateId, pricing.Rates[tax.TaxRateId].DisplayName, pricing.Rates[tax.TaxRateId].Percentage,
                tax.Inclusive, tax.TaxableAmount, tax.Amount))],
            totals.TotalExcludingTax, totals.Tax, totals.Total, balance.StartingBalance, balance.Applied, balance.AmountDue);
        var snapshot = await SnapshotAsync(db, settings, customer, lines, pricing.Rates, cancellationToken);
        invoice.MarkFinalized(number, now, amounts, snapshot, author);
        invoice.Version++;

        Charge? charge = null;
        if (balance.AmountDue == 0)
        {
            invoice.MarkPaid(now, chargeId: null, author, "Nothing left to pay");
        }
        else if (invoice.CollectionMethod == CollectionMethod.ChargeAutomatically)
        {
            charge = await TryChargeAsync(db, invoice, author, now, cancellationToken);
        }
        if (invoice is { CollectionMethod: CollectionMethod.SendInvoice, Status: InvoiceStatus.Open })
        {
            db.OutboxMessages.Add(InvoiceEmails.Compose(EmailKind.Invoice, invoice, customer.Email, author, now));
        }
        await QueuePaymentEmailAsync(db, invoice, charge, author, now, cancellationToken);
        await db.SaveChangesAsync(cancellationToken);
        await RecordPaymentAttemptAsync(db, invoice, charge,
            [EventTypes.InvoiceFinalized, .. invoice is { CollectionMethod: CollectionMethod.SendInvoice, Status: InvoiceStatus.Open } ? [EventTypes.InvoiceSent] : Array.Empty<string>()],
            cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        outbox.Wake();
        return new InvoicePaymentAttempt(invoice, charge);
    }

    /// <summary>
    /// Emails the invoice to its customer: <b>Send invoice</b> and <b>Resend</b> on its page, and
    /// POST /v1/invoices/{id}/send. The message is queued with the record of who asked, and delivered by the outbox.
    /// </summary>
    public async Task<Invoice> SendAsync(string invoiceId, CancellationToken cancellationToken = default)
    {
        await currentOperator.EnsureCanChangeAsync(cancellationToken);
        var author = await currentOperator.GetNameAsync();
        await using var db = await databases.CreateDbContextAsync(cancellationToken);
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var invoice = await FindInvoiceAsync(db, invoiceId, cancellationToken);
        if (InvoiceRules.WhyNotSendable(invoice) is { } why)
        {
            throw new RuleViolationException(why, "invoice");
        }
        db.OutboxMessages.Add(InvoiceEmails.Compose(EmailKind.Invoice, invoice, await CustomerEmailAsync(db, invoice, cancellationToken), author, clock.GetUtcNow()));
        await db.SaveChangesAsync(cancellationToken);
        await RecordAsync(db, invoice, [EventTypes.InvoiceSent], cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        outbox.Wake();
        return invoice;
    }

    /// <summary>The emails an invoice's delivery history lists, oldest first.</summary>
    public async Task<IReadOnlyList<OutboxMessage>> ListEmailsAsync(string invoiceId, CancellationToken cancellationToken = default)
    {
        await using var db = await databases.CreateDbContextAsync(cancellationToken);
        return await db.OutboxMessages.AsNoTracking().Where(message => message.InvoiceId == invoiceId).OrderBy(message => message.Sequence)
            .ToListAsync(cancellationToken);
    }

    /// <summary>What a payment attempt tells the customer: a receipt when it paid something, a notice when the charge was declined.</summary>
    private static async Task QueuePaymentEmailAsync(BillingDbContext db, Invoice invoice, Charge? charge, string? author, DateTimeOffset now,
        CancellationToken cancellationToken)
    {
        var kind = invoice is { Status: InvoiceStatus.Paid, AmountPaid: > 0 } ? EmailKind.Receipt
            : charge is { Paid: false } ? EmailKind.PaymentFailed
            : (EmailKind?)null;
        if (kind is { } email)
        {
            db.OutboxMessages.Add(InvoiceEmails.Compose(email, invoice, await CustomerEmailAsync(db, invoice, cancellationToken), author, now,
                charge?.FailureMessage));
        }
    }

    private static Task<string?> CustomerEmailAsync(BillingDbContext db, Invoice invoice, CancellationToken cancellationToken) =>
        db.Customers.Where(customer => customer.Id == invoice.CustomerId).Select(customer => customer.Email).SingleOrDefaultAsync(cancellationToken);

    /// <summary>Open or uncollectible to paid: by charging the customer's default source, or recorded as paid outside (a bank transfer, cash).</summary>
    public async Task<InvoicePaymentAttempt> PayAsync(string invoiceId, bool paidOutOfBand, CancellationToken cancellationToken = default)
    {
        await currentOperator.EnsureCanChangeAsync(cancellationToken);
        var author = await currentOperator.GetNameAsync();
        await using var db = await databases.CreateDbContextAsync(cancellationToken);
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var invoice = await FindInvoiceAsync(db, invoiceId, cancellationToken);
        InvoiceStateMachine.Next(invoice.Status, InvoiceAction.Pay);
        var now = clock.GetUtcNow();
        Charge? charge = null;
        if (paidOutOfBand)
        {
            invoice.MarkPaid(now, chargeId: null, author, "Paid out of band");
        }
        else
        {
            charge = await TryChargeAsync(db, invoice, author, now, cancellationToken, refuseWhenNotCharged: true);
        }
        invoice.Version++;
        await QueuePaymentEmailAsync(db, invoice, charge, author, now, cancellationToken);
        await db.SaveChangesAsync(cancellationToken);
        await RecordPaymentAttemptAsync(db, invoice, charge, [], cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        outbox.Wake();
        return new InvoicePaymentAttempt(invoice, charge);
    }

    /// <summary>Nothing is owed on a void invoice: what it took from the customer's balance goes back, with a ledger entry.</summary>
    public Task<Invoice> VoidAsync(string invoiceId, CancellationToken cancellationToken = default) =>
        MoveAsync(invoiceId, InvoiceAction.Void, cancellationToken);

    public Task<Invoice> MarkUncollectibleAsync(string invoiceId, CancellationToken cancellationToken = default) =>
        MoveAsync(invoiceId, InvoiceAction.MarkUncollectible, cancellationToken);

    private async Task<Invoice> MoveAsync(string invoiceId, InvoiceAction action, CancellationToken cancellationToken)
    {
        await currentOperator.EnsureCanChangeAsync(cancellationToken);
        var author = await currentOperator.GetNameAsync();
        await using var db = await databases.CreateDbContextAsync(cancellationToken);
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var invoice = await FindInvoiceAsync(db, invoiceId, cancellationToken);
        if (action == InvoiceAction.Void && invoice.CreditNotesAmount > 0)
        {
            throw new RuleViolationException(
                $"Invoice {invoice.Number} has credit notes: void them first, so that what they credited is not given twice. One that refunded a card can't be voided, and the invoice then stays as it is.", "invoice");
        }
        var now = clock.GetUtcNow();
        invoice.Move(action, now, author);
        invoice.Version++;
        if (action == InvoiceAction.Void && invoice.Amounts is { AppliedBalance: not 0 } amounts)
        {
            var customer = await db.Customers.IgnoreQueryFilters().SingleAsync(candidate => candidate.Id == invoice.CustomerId, cancellationToken);
            var entry = customer.RecordBalanceChange(BalanceTransactionType.InvoiceVoided, amounts.AppliedBalance, Currencies.Get(invoice.Currency),
                $"Returned from voided invoice {invoice.Number}", now, author);
            db.BalanceTransactions.Add(entry);
            BalanceEvents.Record(events, db, entry);
            customer.Version++;
        }
        await db.SaveChangesAsync(cancellationToken);
        await RecordAsync(db, invoice, [action == InvoiceAction.Void ? EventTypes.InvoiceVoided : EventTypes.InvoiceMarkedUncollectible], cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return invoice;
    }

    /// <summary>
    /// Charges the amount due, in the hosted API's order: the invoice's default payment method, else the
    /// customer's invoice default payment method, else their default source. Paid when the network says yes; otherwise the
    /// invoice stays as it is and its history says why (or, when asked, the reason is thrown to the operator).
    /// </summary>
    private async Task<Charge?> TryChargeAsync(BillingDbContext db, Invoice invoice, string? author, DateTimeOffset now,
        CancellationToken cancellationToken, bool refuseWhenNotCharged = false)
    {
        try
        {
            var charge = await PaymentService.ChargeWithinAsync(db, new ChargeInput
            {
                Amount = invoice.AmountRemaining,
                Currency = invoice.Currency,
                CustomerId = invoice.CustomerId,
                Description = $"Invoice {invoice.Number}",
                InvoiceId = invoice.Id,
                PaymentMethodId = invoice.DefaultPaymentMethodId,
                OffSession = true,
            }, author, clock, fingerprints, cancellationToken);
            if (charge.Paid)
            {
                invoice.MarkPaid(now, charge.Id, author);
            }
            else
            {
                invoice.Note(now, author, $"Payment failed: {charge.FailureMessage}");
            }
            return charge;
        }
        catch (RuleViolationException refusal) when (!refuseWhenNotCharged)
        {
            invoice.Note(now, author, $"Not charged: {refusal.Message}");
            return null;
        }
    }

    /// <summary>
    /// The invoice as the API shows it, priced as the transaction has it now: rendered after the change is saved
    /// (its totals, number and lines are the store's), for its events. Without a PDF link: an event outlives any host name.
    /// </summary>
    private async Task<object> RenderAsync(BillingDbContext db, string invoiceId, CancellationToken cancellationToken)
    {
        var invoice = await db.Invoices.AsNoTracking().SingleAsync(candidate => candidate.Id == invoiceId, cancellationToken);
        var priced = await PriceAsync(db, invoice, await LinesAsync(db, invoiceId, cancellationToken), cancellationToken);
        var rateIds = priced.Lines.SelectMany(line => line.TaxRateIds).Distinct().ToList();
        var rates = await db.TaxRates.AsNoTracking().Where(rate => rateIds.Contains(rate.Id)).ToDictionaryAsync(rate => rate.Id, cancellationToken);
        return ApiObjects.Invoice(priced.Invoice, priced.Lines, priced.Totals, rates, pdfUrl: null);
    }

    /// <summary>Records the saved invoice's events (one rendering for all of them) and saves them; the caller commits.</summary>
    private async Task RecordAsync(BillingDbContext db, Invoice invoice, IReadOnlyList<string> types, CancellationToken cancellationToken, object? before = null)
    {
        if (types.Count == 0)
        {
            return;
        }
        var rendered = await RenderAsync(db, invoice.Id, cancellationToken);
        foreach (var type in types)
        {
            events.Record(db, type, invoice.Id, invoice.CustomerId, rendered, before);
        }
        await db.SaveChangesAsync(cancellationToken);
    }

    /// <summary>
    /// After a payment was tried (or not needed), in the hosted API's order: what happened to the invoice first
    /// (finalized, sent), the charge's own event, then the invoice's outcome: paid, or its payment failed.
    /// </summary>
    private async Task RecordPaymentAttemptAsync(BillingDbContext db, Invoice invoice, Charge? charge, IReadOnlyList<string> types,
        CancellationToken cancellationToken)
    {
        await RecordAsync(db, invoice, types, cancellationToken);
        if (charge is not null)
        {
            await PaymentEvents.RecordChargedAsync(events, db, charge, cancellationToken);
            await db.SaveChangesAsync(cancellationToken);
        }
        var outcome = invoice.Status == InvoiceStatus.Paid ? [EventTypes.InvoicePaid]
            : charge is { Paid: false } ? [EventTypes.InvoicePaymentFailed]
            : Array.Empty<string>();
        await RecordAsync(db, invoice, outcome, cancellationToken);
    }

    private static string TakeNumber(AccountSettings settings, Customer customer, BillingDbContext db)
    {
        if (settings.Numbering == InvoiceNumbering.Account)
        {
            if (db.Entry(settings).State == EntityState.Detached)
            {
                db.AccountSettings.Add(settings);
            }
            return CustomerRules.InvoiceNumber(settings.AccountPrefix, settings.NextAccountSequence++);
        }
        return CustomerRules.InvoiceNumber(customer.InvoicePrefix, customer.NextInvoiceSequence++);
    }

    private static async Task<InvoiceSnapshot> SnapshotAsync(BillingDbContext db, AccountSettings settings, Customer customer,
        IReadOnlyList<InvoiceItem> lines, IReadOnlyDictionary<string, TaxRate> rates, CancellationToken cancellationToken)
    {
        var taxIds = await db.TaxIds.AsNoTracking().Where(taxId => taxId.CustomerId == customer.Id)
            .OrderBy(taxId => taxId.Created).Select(taxId => new SnapshotTaxId(taxId.Type, taxId.Value)).ToListAsync(cancellationToken);
        return new InvoiceSnapshot
        {
            Seller = settings.Seller,
            CustomerName = customer.Name,
            CustomerEmail = customer.Email,
            CustomerAddress = customer.Address.Copy(),
            Shipping = customer.Shipping is { } shipping ? new Shipping { Name = shipping.Name, Phone = shipping.Phone, Address = shipping.Address.Copy() } : null,
            CustomerTaxIds = taxIds,
            TaxExempt = customer.TaxExempt,
            PreferredLocales = [.. customer.PreferredLocales],
            Lines = [.. lines.Select(line => new SnapshotLine(line.Description, line.Quantity, line.UnitAmount, line.Amount,
                [.. line.TaxRateIds.Select(id => rates[id]).Select(rate => $"{rate.DisplayName} {rate.Percentage.ToString("0.####", System.Globalization.CultureInfo.InvariantCulture)}%")]))],
        };
    }

    /// <summary>What prices an invoice besides its lines: the rates they name and the discounts in force.</summary>
    private sealed record Pricing(IReadOnlyDictionary<string, TaxRate> Rates, IReadOnlyList<Discount> CustomerDiscounts, Coupon? InvoiceCoupon)
    {
        public IEnumerable<Coupon> Coupons => CustomerDiscounts.Select(discount => discount.Coupon!).Concat(InvoiceCoupon is null ? [] : [InvoiceCoupon]);

        public string CouponLabel(string couponId) => Coupons.FirstOrDefault(coupon => coupon.Id == couponId) is { } coupon ? coupon.Name ?? coupon.Id : couponId;
    }

    private async Task<Pricing> PricingAsync(BillingDbContext db, Invoice invoice, IReadOnlyList<InvoiceItem> lines, CancellationToken cancellationToken)
    {
        var rateIds = lines.SelectMany(line => line.TaxRateIds).Distinct().ToList();
        var rates = await db.TaxRates.Where(rate => rateIds.Contains(rate.Id)).ToDictionaryAsync(rate => rate.Id, cancellationToken);
        var now = clock.GetUtcNow();
        var discounts = await db.Discounts.Include(discount => discount.Coupon)
            .Where(discount => discount.CustomerId == invoice.CustomerId && discount.RemovedAt == null && (discount.End == null || discount.End > now))
            .ToListAsync(cancellationToken);
        var coupon = invoice.CouponId is { } couponId ? await db.Coupons.SingleOrDefaultAsync(candidate => candidate.Id == couponId, cancellationToken) : null;
        return new Pricing(rates, discounts, coupon);
    }

    private static async Task<IReadOnlyDictionary<string, TaxRate>> RatesAsync(BillingDbContext db, IReadOnlyList<string> ids, CancellationToken cancellationToken) =>
        await db.TaxRates.AsNoTracking().Where(rate => ids.Contains(rate.Id)).ToDictionaryAsync(rate => rate.Id, cancellationToken);

    private static Task<List<InvoiceItem>> LinesAsync(BillingDbContext db, string invoiceId, CancellationToken cancellationToken) =>
        db.InvoiceItems.AsNoTracking().Where(item => item.InvoiceId == invoiceId).OrderBy(item => item.Sequence).ToListAsync(cancellationToken);

    private static async Task<Invoice> FindInvoiceAsync(BillingDbContext db, string invoiceId, CancellationToken cancellationToken) =>
        await db.Invoices.SingleOrDefaultAsync(invoice => invoice.Id == invoiceId, cancellationToken) ?? throw new NotFoundException("invoice", invoiceId);

    private static async Task<Customer> FindCustomerAsync(BillingDbContext db, string customerId, CancellationToken cancellationToken) =>
        await db.Customers.SingleOrDefaultAsync(customer => customer.Id == customerId, cancellationToken) ?? throw new NotFoundException("customer", customerId);
}
