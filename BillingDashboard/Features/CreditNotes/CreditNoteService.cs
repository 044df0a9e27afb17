using BillingDashboard.Api;
using BillingDashboard.Data;
using BillingDashboard.Domain;
using BillingDashboard.Domain.Balance;
using BillingDashboard.Domain.CreditNotes;
using BillingDashboard.Domain.Events;
using BillingDashboard.Domain.Invoices;
using BillingDashboard.Domain.Tax;
using BillingDashboard.Email;
using BillingDashboard.Features.Balance;
using BillingDashboard.Features.Events;
using BillingDashboard.Features.Payments;
using BillingDashboard.Features.Settings;
using BillingDashboard.Features.Users;
using Microsoft.EntityFrameworkCore;

namespace BillingDashboard.Features.CreditNotes;

/// <summary>
/// Credit notes on issued invoices: the one service the invoice page, the credit note page and /v1/credit_notes
/// call. A credit note's email to the customer is written to the outbox in the transaction that issues it. The arithmetic and limits are the domain's (<see cref="CreditNoteMath"/>, <see cref="CreditNoteRules"/>).
/// Issuing runs in one transaction that holds SQLite's write lock from its first read, and moves the invoice's
/// version on (a concurrency token): two credit notes at once are checked one after the other against what the
/// first left, so together they never credit more than the invoice, and their numbers follow without a gap.
/// </summary>
public sealed class CreditNoteService(IDbContextFactory<BillingDbContext> databases, CurrentOperator currentOperator, TimeProvider clock, OutboxSignal outbox,
    EventLog events)
{
    /// <summary>The credit note <paramref name="input"/> would issue, numbered as the next one would be, without issuing it.</summary>
    public async Task<CreditNote> PreviewAsync(string invoiceId, CreditNoteInput input, CancellationToken cancellationToken = default)
    {
        await using var db = await databases.CreateDbContextAsync(cancellationToken);
        var invoice = await FindInvoiceAsync(db, invoiceId, tracked: false, cancellationToken);
        var (plan, rates) = await PlanAsync(db, invoice, input, cancellationToken);
        var settings = await AccountSettingsService.LoadAsync(db, cancellationToken);
        return ToCreditNote(plan, rates, invoice, ObjectIds.New(ObjectIds.CreditNote), CreditNoteRules.Number(invoice.Number!, invoice.CreditNoteCount + 1),
            settings.Seller, null, null, clock.GetUtcNow(), author: null);
    }

    /// <summary>
    /// Issues a credit note: the invoice's amount due drops by the pre-payment part (an open invoice left with
    /// nothing to pay is paid), and the rest goes to the customer's balance (a ledger entry), back to the card
    /// (a refund of the invoice's charge) or is recorded as settled outside.
    /// </summary>
    public async Task<CreditNote> CreateAsync(string invoiceId, CreditNoteInput input, CancellationToken cancellationToken = default)
    {
        await currentOperator.EnsureCanChangeAsync(cancellationToken);
        var author = await currentOperator.GetNameAsync();
        await using var db = await databases.CreateDbContextAsync(cancellationToken);
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var invoice = await FindInvoiceAsync(db, invoiceId, tracked: true, cancellationToken);
        var (plan, rates) = await PlanAsync(db, invoice, input, cancellationToken);
        var now = clock.GetUtcNow();
        var id = ObjectIds.New(ObjectIds.CreditNote);
        var number = invoice.TakeCreditNote(plan.PrePaymentAmount, plan.CreditAmount + plan.RefundAmount + plan.OutOfBandAmount, now, author,
            sequence => CreditNoteRules.Number(invoice.Number!, sequence));
        invoice.Version++;
        string? ledgerEntryId = null;
        if (plan.CreditAmount > 0)
        {
            ledgerEntryId = await AddLedgerEntryAsync(db, invoice, -plan.CreditAmount, $"Credit note {number}", now, author, cancellationToken);
        }
        string? refundId = null;
        if (plan.RefundAmount > 0)
        {
            var refund = await PaymentService.RefundWithinAsync(db, invoice.ChargeId!, plan.RefundAmount, RefundReason(plan.Reason),
                new Dictionary<string, string?> { ["credit_note"] = id, ["invoice"] = invoice.Id }, now, author, cancellationToken);
            refundId = refund.Id;
        }
        var settings = await AccountSettingsService.LoadAsync(db, cancellationToken);
        var creditNote = ToCreditNote(plan, rates, invoice, id, number, settings.Seller, ledgerEntryId, refundId, now, author);
        db.CreditNotes.Add(creditNote);
        if (input.EmailCustomer)
        {
            var email = await db.Customers.Where(customer => customer.Id == invoice.CustomerId).Select(customer => customer.Email).SingleOrDefaultAsync(cancellationToken);
            db.OutboxMessages.Add(InvoiceEmails.ComposeCreditNote(creditNote, invoice, email, author, now));
        }
        await SaveAsync(db, invoice, cancellationToken);
        await RecordAsync(db, EventTypes.CreditNoteCreated, creditNote, before: null, cancellationToken);
        if (refundId is not null)
        {
            await PaymentEvents.RecordChargeAsync(events, db, EventTypes.ChargeRefunded, invoice.ChargeId!, before: null, cancellationToken);
        }
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        outbox.Wake();
        return creditNote;
    }

    public async Task<CreditNote> GetAsync(string id, CancellationToken cancellationToken = default)
    {
        await using var db = await databases.CreateDbContextAsync(cancellationToken);
        return await db.CreditNotes.AsNoTracking().SingleOrDefaultAsync(creditNote => creditNote.Id == id, cancellationToken)
            ?? throw new NotFoundException("credit_note", id);
    }

    /// <summary>An invoice's credit notes in the order they were issued (its page's card).</summary>
    public async Task<IReadOnlyList<CreditNote>> ListForInvoiceAsync(string invoiceId, CancellationToken cancellationToken = default)
    {
        await using var db = await databases.CreateDbContextAsync(cancellationToken);
        return await db.CreditNotes.AsNoTracking().Where(creditNote => creditNote.InvoiceId == invoiceId).OrderBy(creditNote => creditNote.Sequence)
            .ToListAsync(cancellationToken);
    }

    /// <summary>The API's list: newest first, of one invoice or one customer, by cursor.</summary>
    public async Task<CursorPage<CreditNote>> ListPageAsync(string? invoiceId, string? customerId, ListCursor cursor, CancellationToken cancellationToken = default)
    {
        await using var db = await databases.CreateDbContextAsync(cancellationToken);
        var creditNotes = db.CreditNotes.AsNoTracking();
        if (invoiceId is not null)
        {
            creditNotes = creditNotes.Where(creditNote => creditNote.InvoiceId == invoiceId);
        }
        if (customerId is not null)
        {
            creditNotes = creditNotes.Where(creditNote => creditNote.CustomerId == customerId);
        }
        return await creditNotes.PageAsync(db, cursor, "credit_note", cancellationToken);
    }

    /// <summary>The memo and metadata are all that change on an issued credit note (the amounts are a document's).</summary>
    public async Task<CreditNote> UpdateAsync(string id, string? memo, IReadOnlyDictionary<string, string?>? metadata, bool replaceMetadata,
        int? expectedVersion = null, CancellationToken cancellationToken = default)
    {
        await currentOperator.EnsureCanChangeAsync(cancellationToken);
        await using var db = await databases.CreateDbContextAsync(cancellationToken);
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var creditNote = await db.CreditNotes.SingleOrDefaultAsync(candidate => candidate.Id == id, cancellationToken) ?? throw new NotFoundException("credit_note", id);
        if (expectedVersion is { } expected && expected != creditNote.Version)
        {
            throw new ConcurrencyConflictException($"Someone else changed credit note {creditNote.Number} since you opened it. Nothing was saved; reload to see their change.");
        }
        var before = await RenderAsync(db, creditNote, cancellationToken);
        var errors = new List<FieldError>();
        var trimmed = memo?.Trim();
        if (trimmed?.Length > InvoiceRules.MaxMemoLength)
        {
            errors.Add(new FieldError("memo", $"The memo can be at most {InvoiceRules.MaxMemoLength} characters; this is {trimmed.Length}."));
        }
        var merged = metadata is null ? null : Metadata.Merge(creditNote.Metadata, metadata, replaceMetadata, errors);
        if (errors.Count > 0)
        {
            throw new ValidationFailedException(errors);
        }
        if (trimmed is not null)
        {
            creditNote.Memo = trimmed.Length == 0 ? null : trimmed;
        }
        if (merged is not null)
        {
            creditNote.Metadata = merged;
        }
        if (await RecordAsync(db, EventTypes.CreditNoteUpdated, creditNote, before, cancellationToken))
        {
            creditNote.Version++;
        }
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return creditNote;
    }

    /// <summary>
    /// Takes back what the credit note did: the amount due it lowered is owed again, and the credit it added to
    /// the customer's balance is debited (a ledger entry). It keeps its number. A refund can't be taken back.
    /// </summary>
    public async Task<CreditNote> VoidAsync(string id, CancellationToken cancellationToken = default)
    {
        await currentOperator.EnsureCanChangeAsync(cancellationToken);
        var author = await currentOperator.GetNameAsync();
        await using var db = await databases.CreateDbContextAsync(cancellationToken);
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var creditNote = await db.CreditNotes.SingleOrDefaultAsync(candidate => candidate.Id == id, cancellationToken) ?? throw new NotFoundException("credit_note", id);
        var invoice = await FindInvoiceAsync(db, creditNote.InvoiceId, tracked: true, cancellationToken);
        if (CreditNoteRules.WhyNotVoidable(creditNote, invoice.Status) is { } why)
        {
            throw new RuleViolationException(why, "credit_note");
        }
        var now = clock.GetUtcNow();
        creditNote.MarkVoid(now, author);
        creditNote.Version++;
        invoice.ReturnCreditNote(creditNote.PrePaymentAmount, creditNote.PostPaymentAmount, now, author, creditNote.Number);
        invoice.Version++;
        if (creditNote.CreditAmount > 0)
        {
            await AddLedgerEntryAsync(db, invoice, creditNote.CreditAmount, $"Credit note {creditNote.Number} voided", now, author, cancellationToken);
        }
        await RecordAsync(db, EventTypes.CreditNoteVoided, creditNote, before: null, cancellationToken);
        await SaveAsync(db, invoice, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return creditNote;
    }

    /// <summary>What can still be credited on the invoice, line by line (the Issue credit note dialog shows it).</summary>
    public async Task<CreditableInvoice> GetCreditableAsync(string invoiceId, CancellationToken cancellationToken = default)
    {
        await using var db = await databases.CreateDbContextAsync(cancellationToken);
        return await CreditableAsync(db, await FindInvoiceAsync(db, invoiceId, tracked: false, cancellationToken), cancellationToken);
    }

    private static async Task<(CreditNotePlan Plan, IReadOnlyDictionary<string, TaxRate> CustomRates)> PlanAsync(BillingDbContext db, Invoice invoice,
        CreditNoteInput input, CancellationToken cancellationToken)
    {
        var creditable = await CreditableAsync(db, invoice, cancellationToken);
        var rateIds = input.Lines.SelectMany(line => line.TaxRateIds).Distinct().ToList();
        var rates = await db.TaxRates.AsNoTracking().Where(rate => rateIds.Contains(rate.Id)).ToDictionaryAsync(rate => rate.Id, cancellationToken);
        return (CreditNoteRules.Plan(input, creditable, rates, () => ObjectIds.New(ObjectIds.CreditNoteLine)), rates);
    }

    /// <summary>
    /// The invoice's frozen figures and what its issued credit notes took of them, line by line and rate by rate,
    /// with what is left to refund of its charge: what <see cref="CreditNoteRules.Plan"/> checks against.
    /// </summary>
    private static async Task<CreditableInvoice> CreditableAsync(BillingDbContext db, Invoice invoice, CancellationToken cancellationToken)
    {
        // A draft has no frozen figures yet; Plan refuses it by its status, after this.
        var amounts = invoice.Amounts ?? new InvoiceAmounts(0, [], [], 0, 0, 0, 0, 0, 0);
        var lines = await db.InvoiceItems.AsNoTracking().Where(item => item.InvoiceId == invoice.Id).OrderBy(item => item.Sequence).ToListAsync(cancellationToken);
        var frozen = InvoiceRules.Frozen(amounts, lines);
        var issued = await db.CreditNotes.AsNoTracking()
            .Where(creditNote => creditNote.InvoiceId == invoice.Id && creditNote.Status == CreditNoteStatus.Issued)
            .ToListAsync(cancellationToken);
        var creditedLines = issued.SelectMany(creditNote => creditNote.Lines).Where(line => line.InvoiceLineItemId is not null)
            .GroupBy(line => line.InvoiceLineItemId!)
            .ToDictionary(line => line.Key, line => new CreditedSoFar(line.Sum(credit => credit.Amount), line.Sum(credit => credit.DiscountAmount),
                line.SelectMany(credit => credit.Taxes).GroupBy(tax => tax.TaxRateId).ToDictionary(tax => tax.Key, tax => tax.Sum(credit => credit.Amount))));
        var creditedTaxes = issued.SelectMany(creditNote => creditNote.Taxes).GroupBy(tax => tax.TaxRateId)
            .ToDictionary(tax => tax.Key, tax => tax.Sum(credit => credit.Amount));
        return new CreditableInvoice(
            invoice.Status,
            invoice.Number ?? "",
            invoice.Currency,
            amounts.Total,
            issued.Sum(creditNote => creditNote.Total),
            invoice.AmountRemaining,
            [.. amounts.Taxes.Select(tax => new LineTax(tax.TaxRateId, tax.Amount - creditedTaxes.GetValueOrDefault(tax.TaxRateId), tax.TaxableAmount, tax.Inclusive))],
            [.. lines.Zip(frozen.Lines).Select(line => new CreditableLine(line.First.Id, line.First.Description, line.First.Quantity, line.First.UnitAmount,
                line.First.Amount, line.Second.Discount, line.Second.Taxes, creditedLines.GetValueOrDefault(line.First.Id, CreditedSoFar.Nothing)))],
            invoice.ChargeId is { } chargeId
                ? await db.Charges.AsNoTracking().Where(charge => charge.Id == chargeId && charge.Captured).Select(charge => charge.Amount - charge.AmountRefunded)
                    .SingleOrDefaultAsync(cancellationToken)
                : 0,
            await db.Customers.AnyAsync(customer => customer.Id == invoice.CustomerId, cancellationToken));
    }

    /// <summary>The credit note as issued; its taxes are named as the invoice named them, or as a custom line's rate is named.</summary>
    private static CreditNote ToCreditNote(CreditNotePlan plan, IReadOnlyDictionary<string, TaxRate> customRates, Invoice invoice, string id, string number, SellerDetails seller, string? ledgerEntryId,
        string? refundId, DateTimeOffset now, string? author)
    {
        var rates = invoice.Amounts!.Taxes.ToDictionary(tax => tax.TaxRateId, tax => (tax.DisplayName, tax.Percentage), StringComparer.Ordinal);
        foreach (var rate in customRates.Values)
        {
            rates.TryAdd(rate.Id, (rate.DisplayName, rate.Percentage));
        }
        return new CreditNote
        {
            Id = id,
            InvoiceId = invoice.Id,
            CustomerId = invoice.CustomerId,
            Number = number,
            Currency = invoice.Currency,
            Reason = plan.Reason,
            Memo = plan.Memo,
            Metadata = plan.Metadata,
            Lines = [.. plan.Lines],
            Subtotal = plan.Totals.Subtotal,
            DiscountAmount = plan.Totals.Discount,
            Taxes = [.. plan.Totals.TaxesByRate.Select(tax => new AppliedTax(tax.TaxRateId, rates[tax.TaxRateId].DisplayName, rates[tax.TaxRateId].Percentage,
                tax.Inclusive, tax.TaxableAmount, tax.Amount))],
            Total = plan.Totals.Total,
            PrePaymentAmount = plan.PrePaymentAmount,
            CreditAmount = plan.CreditAmount,
            RefundAmount = plan.RefundAmount,
            OutOfBandAmount = plan.OutOfBandAmount,
            CustomerBalanceTransactionId = ledgerEntryId,
            RefundId = refundId,
            Seller = seller,
            Created = now,
            CreatedBy = author,
        };
    }

    /// <summary>A ledger entry of type credit_note on the invoice's customer: negative credits them, positive takes a credit back.</summary>
    private async Task<string> AddLedgerEntryAsync(BillingDbContext db, Invoice invoice, long amount, string description, DateTimeOffset now,
        string? author, CancellationToken cancellationToken)
    {
        var customer = await db.Customers.IgnoreQueryFilters().SingleAsync(candidate => candidate.Id == invoice.CustomerId, cancellationToken);
        var entry = customer.RecordBalanceChange(BalanceTransactionType.CreditNote, amount, Currencies.Get(invoice.Currency), description, now, author);
        customer.Version++;
        db.BalanceTransactions.Add(entry);
        BalanceEvents.Record(events, db, entry);
        return entry.Id;
    }

    /// <summary>"refund" reasons are fewer than a credit note's: order_change and product_unsatisfactory are the customer's request.</summary>
    private static string? RefundReason(string? creditNoteReason) => creditNoteReason switch
    {
        null => null,
        "duplicate" or "fraudulent" => creditNoteReason,
        _ => "requested_by_customer",
    };

    private async Task<bool> RecordAsync(BillingDbContext db, string type, CreditNote creditNote, object? before, CancellationToken cancellationToken) =>
        events.Record(db, type, creditNote.Id, creditNote.CustomerId, await RenderAsync(db, creditNote, cancellationToken), before);

    private static async Task<object> RenderAsync(BillingDbContext db, CreditNote creditNote, CancellationToken cancellationToken)
    {
        var rateIds = creditNote.TaxRateIds.ToList();
        var rates = await db.TaxRates.AsNoTracking().Where(rate => rateIds.Contains(rate.Id)).ToDictionaryAsync(rate => rate.Id, cancellationToken);
        return ApiObjects.CreditNote(creditNote, rates, pdfUrl: null);
    }

    private static async Task SaveAsync(BillingDbContext db, Invoice invoice, CancellationToken cancellationToken)
    {
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateConcurrencyException)
        {
            throw new ConcurrencyConflictException($"Invoice {invoice.Number} changed while this credit note was being issued. Nothing was saved; look at it again and retry.");
        }
    }

    private static async Task<Invoice> FindInvoiceAsync(BillingDbContext db, string invoiceId, bool tracked, CancellationToken cancellationToken)
    {
        var invoices = tracked ? db.Invoices : db.Invoices.AsNoTracking();
        return await invoices.SingleOrDefaultAsync(invoice => invoice.Id == invoiceId, cancellationToken) ?? throw new NotFoundException("invoice", invoiceId);
    }
}
