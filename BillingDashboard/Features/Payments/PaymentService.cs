using BillingDashboard.Api;
using BillingDashboard.Data;
using BillingDashboard.Domain;
using BillingDashboard.Domain.Cards;
using BillingDashboard.Domain.Charges;
using BillingDashboard.Domain.Customers;
using BillingDashboard.Domain.Events;
using BillingDashboard.Domain.PaymentMethods;
using BillingDashboard.Domain.Sources;
using BillingDashboard.Features.Customers;
using BillingDashboard.Features.Events;
using BillingDashboard.Features.Users;
using Microsoft.EntityFrameworkCore;

namespace BillingDashboard.Features.Payments;

/// <summary>
/// Sources, tokens, charges and refunds: the one service the customer page, the Payments page and the API call.
/// The rules are the domain's (<see cref="CustomerSources"/>, <see cref="SourceStateMachine"/>, <see cref="ChargeRules"/>,
/// <see cref="CardRules"/>); this loads what they need and saves what they changed. Every change runs in a transaction that holds SQLite's write
/// lock from its first read, so two requests never both charge a single-use source or both detach one.
/// </summary>
public sealed class PaymentService(IDbContextFactory<BillingDbContext> databases, CurrentOperator currentOperator, TimeProvider clock,
    IFingerprints fingerprints, EventLog events)
{
    /// <summary>More payment methods than one customer plausibly has; the list stops there rather than grow unbounded.</summary>
    public const int MaxListedSources = 200;

    public async Task<Source> GetSourceAsync(string id, CancellationToken cancellationToken = default)
    {
        await using var db = await databases.CreateDbContextAsync(cancellationToken);
        return await db.Sources.AsNoTracking().SingleOrDefaultAsync(source => source.Id == id, cancellationToken)
            ?? throw new NotFoundException("source", id);
    }

    /// <summary>A customer's payment methods, attached ones first, then the detached and single-use ones; newest first in each.</summary>
    public async Task<IReadOnlyList<Source>> ListCustomerSourcesAsync(string customerId, CancellationToken cancellationToken = default)
    {
        await using var db = await databases.CreateDbContextAsync(cancellationToken);
        await db.Customers.EnsureExistsAsync(customerId, cancellationToken);
        var sources = await db.Sources.AsNoTracking()
            .Where(source => source.CustomerId == customerId)
            .OrderByDescending(source => source.Sequence)
            .Take(MaxListedSources)
            .ToListAsync(cancellationToken);
        return [.. sources.OrderByDescending(source => source.IsAttached)];
    }

    /// <summary>A source on its own, not yet anyone's (the API's POST /v1/sources).</summary>
    public async Task<Source> CreateSourceAsync(SourceInput input, CancellationToken cancellationToken = default)
    {
        await currentOperator.EnsureCanChangeAsync(cancellationToken);
        var source = SourceRules.Create(ObjectIds.New(ObjectIds.Source), clock.GetUtcNow(), input, fingerprints);
        await using var db = await databases.CreateDbContextAsync(cancellationToken);
        db.Sources.Add(source);
        await db.SaveChangesAsync(cancellationToken);
        return source;
    }

    /// <summary>
    /// "Add payment method" on the customer page: creates the source and, when it is reusable, attaches it
    /// (rules 1 and 2), or with <paramref name="replaceDefault"/> makes it the default in place of the current one,
    /// which is detached (rule 3). A single-use source is listed under the customer without being attached.
    /// </summary>
    public async Task<Source> AddToCustomerAsync(string customerId, SourceInput input, bool replaceDefault = false, CancellationToken cancellationToken = default)
    {
        await currentOperator.EnsureCanChangeAsync(cancellationToken);
        var now = clock.GetUtcNow();
        var source = SourceRules.Create(ObjectIds.New(ObjectIds.Source), now, input, fingerprints);
        return await InCustomerTransactionAsync(customerId, async (db, customer) =>
        {
            Source? replaced = null;
            if (source.Usage == SourceUsage.SingleUse)
            {
                CustomerSources.ListUnattached(customer, source);
            }
            else if (replaceDefault)
            {
                replaced = await FindDefaultAsync(db, customer, cancellationToken);
                CustomerSources.ReplaceDefault(customer, source, replaced, now);
            }
            else
            {
                CustomerSources.Attach(customer, source);
            }
            db.Sources.Add(source);
            RecordSourceChange(db, source, wasAttached: false);
            if (replaced is not null)
            {
                RecordSourceChange(db, replaced, wasAttached: true);
            }
            return source;
        }, cancellationToken);
    }

    /// <summary>Rules 1 and 2: attaching an existing source (the API's POST /v1/customers/{id}/sources).</summary>
    public Task<Source> AttachAsync(string customerId, string sourceId, CancellationToken cancellationToken = default) =>
        ChangeCustomerSourceAsync(customerId, sourceId, acceptToken: true, (db, customer, source) =>
        {
            CustomerSources.Attach(customer, source);
            return Task.CompletedTask;
        }, cancellationToken);

    /// <summary>Rule 3: updating the customer with a source (the API's POST /v1/customers/{id} with source).</summary>
    public Task<Source> ReplaceDefaultAsync(string customerId, string sourceId, CancellationToken cancellationToken = default) =>
        ChangeCustomerSourceAsync(customerId, sourceId, acceptToken: true, async (db, customer, source) =>
        {
            var replaced = await FindDefaultAsync(db, customer, cancellationToken);
            CustomerSources.ReplaceDefault(customer, source, replaced, clock.GetUtcNow());
            if (replaced is not null && replaced.Id != source.Id)
            {
                RecordSourceChange(db, replaced, wasAttached: true);
            }
        }, cancellationToken);

    /// <summary>Rule 2: the default changes only when asked (the API's default_source).</summary>
    public Task<Source> SetDefaultAsync(string customerId, string sourceId, CancellationToken cancellationToken = default) =>
        ChangeCustomerSourceAsync(customerId, sourceId, acceptToken: false, (db, customer, source) =>
        {
            CustomerSources.SetDefault(customer, source);
            return Task.CompletedTask;
        }, cancellationToken);

    /// <summary>Rule 8: the source is consumed and never usable again; a detached default hands over to the newest other source.</summary>
    public Task<Source> DetachAsync(string customerId, string sourceId, CancellationToken cancellationToken = default) =>
        ChangeCustomerSourceAsync(customerId, sourceId, acceptToken: false, async (db, customer, source) =>
        {
            var others = await db.Sources.Where(other => other.CustomerId == customer.Id && other.IsAttached).ToListAsync(cancellationToken);
            CustomerSources.Detach(customer, source, clock.GetUtcNow(), others);
        }, cancellationToken);

    /// <summary>
    /// Test form only: what the customer would do on the bank's page (complete or fail 3-D Secure), or cancel the
    /// source. There is no network to ask, so the operator answers for it.
    /// </summary>
    public async Task<Source> ApplyTestEventAsync(string sourceId, SourceEvent change, CancellationToken cancellationToken = default)
    {
        if (change is not (SourceEvent.Authorize or SourceEvent.FailAuthorization or SourceEvent.Cancel))
        {
            throw new ArgumentOutOfRangeException(nameof(change), change, "Charges and detaching have their own methods.");
        }
        await currentOperator.EnsureCanChangeAsync(cancellationToken);
        await using var db = await databases.CreateDbContextAsync(cancellationToken);
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var source = await FindSourceAsync(db, sourceId, cancellationToken);
        var before = ApiObjects.Source(source);
        SourceStateMachine.Apply(source, change);
        source.Version++;
        RecordSourceChange(db, source, source.IsAttached, before);
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return source;
    }

    /// <summary>
    /// Charges a source (rules 4 to 9). A declined charge is returned with status failed, not thrown: it happened
    /// and is kept. A request that may not be charged at all (no source, a consumed one, bad input) is refused
    /// and leaves no trace.
    /// </summary>
    public async Task<Charge> ChargeAsync(ChargeInput input, CancellationToken cancellationToken = default)
    {
        await currentOperator.EnsureCanChangeAsync(cancellationToken);
        var author = await currentOperator.GetNameAsync();
        await using var db = await databases.CreateDbContextAsync(cancellationToken);
        // Microsoft.Data.Sqlite begins transactions IMMEDIATE: the source is read under the write lock.
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var charge = await ChargeWithinAsync(db, input, author, cancellationToken);
        await db.SaveChangesAsync(cancellationToken);
        await PaymentEvents.RecordChargedAsync(events, db, charge, cancellationToken);
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return charge;
    }

    /// <summary>
    /// The charge itself, inside a transaction the caller holds (paying an invoice charges and marks it paid in
    /// one). The caller saves and commits.
    /// </summary>
    internal static async Task<Charge> ChargeWithinAsync(BillingDbContext db, ChargeInput input, string? author, TimeProvider clock,
        IFingerprints fingerprints, CancellationToken cancellationToken)
    {
        ChargeRules.Validate(input);
        Customer? customer = null;
        if (!string.IsNullOrWhiteSpace(input.CustomerId))
        {
            var customerId = input.CustomerId.Trim();
            customer = await db.Customers.AsNoTracking().SingleOrDefaultAsync(candidate => candidate.Id == customerId, cancellationToken)
                ?? throw new NotFoundException("customer", customerId);
        }
        var now = clock.GetUtcNow();
        Charge charge;
        if (ChargeRules.ChoosePaymentMethodId(input, customer) is { } paymentMethodId)
        {
            var method = await db.PaymentMethods.AsNoTracking().SingleOrDefaultAsync(candidate => candidate.Id == paymentMethodId, cancellationToken)
                ?? throw new NotFoundException("payment_method", paymentMethodId);
            charge = ChargeRules.Charge(ObjectIds.New(ObjectIds.Charge), input,
                customer ?? throw new RuleViolationException("Name the customer whose payment method is charged.", "customer"),
                method, now, author, cardholderPresent: !input.OffSession);
        }
        else
        {
            var source = await FindOrUseTokenAsync(db, ChargeRules.ChooseSourceId(input, customer), now, fingerprints, cancellationToken);
            charge = ChargeRules.Charge(ObjectIds.New(ObjectIds.Charge), input, customer, source, now, author);
            source.Version++;
        }
        db.Charges.Add(charge);
        return charge;
    }

    private Task<Charge> ChargeWithinAsync(BillingDbContext db, ChargeInput input, string? author, CancellationToken cancellationToken) =>
        ChargeWithinAsync(db, input, author, clock, fingerprints, cancellationToken);

    public async Task<Charge> GetChargeAsync(string id, CancellationToken cancellationToken = default)
    {
        await using var db = await databases.CreateDbContextAsync(cancellationToken);
        return await db.Charges.AsNoTracking().SingleOrDefaultAsync(charge => charge.Id == id, cancellationToken)
            ?? throw new NotFoundException("charge", id);
    }

    /// <summary>The Payments page: newest first, filtered and paged in the database.</summary>
    public async Task<ChargeList> ListChargesAsync(ChargeQuery query, CancellationToken cancellationToken = default)
    {
        await using var db = await databases.CreateDbContextAsync(cancellationToken);
        var charges = query.Apply(db.Charges.AsNoTracking(), await query.CustomerIdsAsync(db.Customers, cancellationToken));
        var rows = await charges.OrderByDescending(charge => charge.Created).ThenByDescending(charge => charge.Sequence)
            .Skip((query.Page - 1) * query.PageSize).Take(query.PageSize + 1)
            .ToListAsync(cancellationToken);
        var page = rows.Count > query.PageSize ? rows[..query.PageSize] : rows;
        var names = await CustomerLabels.LoadAsync(db, page.Select(charge => charge.CustomerId).OfType<string>(), cancellationToken);
        return new ChargeList(page, rows.Count > query.PageSize, names);
    }

    /// <summary>
    /// Whether the source could be attached to the customer now (<paramref name="customerId"/> null: to one about
    /// to be created), or with <paramref name="asDefault"/>, made its default. Saves nothing: the API checks every
    /// step of a customer request before taking the first, so a refused request changes nothing.
    /// </summary>
    public async Task CheckSourceForCustomerAsync(string sourceId, string? customerId, bool asDefault = false, CancellationToken cancellationToken = default)
    {
        await using var db = await databases.CreateDbContextAsync(cancellationToken);
        if (!asDefault && ObjectIds.HasPrefix(sourceId, ObjectIds.Token))
        {
            var card = await ReadUnusedTokenAsync(db, sourceId, clock.GetUtcNow(), fingerprints, cancellationToken);
            TestPaymentMethods.EnsureAcceptedOnAttach(card.Outcome);
            return;
        }
        var source = await db.Sources.AsNoTracking().SingleOrDefaultAsync(candidate => candidate.Id == sourceId, cancellationToken)
            ?? throw new NotFoundException("source", sourceId);
        var why = asDefault ? CustomerSources.WhyNotDefault(customerId!, source) : CustomerSources.WhyNotAttachable(customerId, source);
        if (why is not null)
        {
            throw new RuleViolationException(why, asDefault ? "default_source" : "source");
        }
        if (!asDefault)
        {
            CustomerSources.EnsureIssuerAccepts(source);
        }
    }

    /// <summary>A single-use card token (tok_…) for POST /v1/tokens: the card is read, and only what is kept of it stored.</summary>
    public async Task<CardToken> CreateTokenAsync(CardInput card, string? cardholderName, CancellationToken cancellationToken = default)
    {
        await currentOperator.EnsureCanChangeAsync(cancellationToken);
        var now = clock.GetUtcNow();
        var errors = new List<FieldError>();
        var details = CardRules.Read(card, now, fingerprints, errors);
        if (cardholderName is { Length: > PaymentMethodRules.MaxNameLength })
        {
            errors.Add(new FieldError("card[name]", $"The cardholder's name can be at most {PaymentMethodRules.MaxNameLength} characters."));
        }
        if (details is null || errors.Count > 0)
        {
            throw new ValidationFailedException(errors);
        }
        var token = CardToken.Create(ObjectIds.New(ObjectIds.Token), details, cardholderName, now);
        await using var db = await databases.CreateDbContextAsync(cancellationToken);
        db.CardTokens.Add(token);
        await db.SaveChangesAsync(cancellationToken);
        return token;
    }

    public async Task<CardToken> GetTokenAsync(string id, CancellationToken cancellationToken = default)
    {
        await using var db = await databases.CreateDbContextAsync(cancellationToken);
        return await db.CardTokens.AsNoTracking().SingleOrDefaultAsync(token => token.Id == id, cancellationToken)
            ?? throw new NotFoundException("token", id);
    }

    /// <summary>POST /v1/sources with token=tok_…: the token's card as a source of its own, not yet anyone's.</summary>
    public async Task<Source> CreateSourceFromTokenAsync(string tokenId, CancellationToken cancellationToken = default)
    {
        await currentOperator.EnsureCanChangeAsync(cancellationToken);
        await using var db = await databases.CreateDbContextAsync(cancellationToken);
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var source = await FindOrUseTokenAsync(db, tokenId, clock.GetUtcNow(), fingerprints, cancellationToken);
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return source;
    }

    /// <summary>A source's owner and metadata (the API's update); its method and status move only by the rules.</summary>
    public async Task<Source> UpdateSourceAsync(string id, SourceUpdate update, CancellationToken cancellationToken = default)
    {
        await currentOperator.EnsureCanChangeAsync(cancellationToken);
        await using var db = await databases.CreateDbContextAsync(cancellationToken);
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var source = await FindSourceAsync(db, id, cancellationToken);
        var (before, wasAttached) = (ApiObjects.Source(source), source.IsAttached);
        SourceRules.ApplyUpdate(source, update);
        source.Version++;
        RecordSourceChange(db, source, wasAttached, before);
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return source;
    }

    /// <summary>A charge's description and metadata; the rest is what happened and stays.</summary>
    public async Task<Charge> UpdateChargeAsync(string id, string? description, IReadOnlyDictionary<string, string?>? metadata, bool replaceMetadata,
        CancellationToken cancellationToken = default)
    {
        await currentOperator.EnsureCanChangeAsync(cancellationToken);
        await using var db = await databases.CreateDbContextAsync(cancellationToken);
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var charge = await db.Charges.SingleOrDefaultAsync(candidate => candidate.Id == id, cancellationToken) ?? throw new NotFoundException("charge", id);
        var before = await PaymentEvents.RenderChargeAsync(db, id, cancellationToken);
        ChargeRules.ApplyUpdate(charge, description, metadata, replaceMetadata);
        await db.SaveChangesAsync(cancellationToken);
        await PaymentEvents.RecordChargeAsync(events, db, EventTypes.ChargeUpdated, id, before, cancellationToken);
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return charge;
    }

    /// <summary>
    /// Captures an authorized charge, in full or in part (the rest is released). Claimed in the database only
    /// while still uncaptured, so two captures at once can't both succeed.
    /// </summary>
    public async Task<Charge> CaptureAsync(string chargeId, long? amount, CancellationToken cancellationToken = default)
    {
        await currentOperator.EnsureCanChangeAsync(cancellationToken);
        await using var db = await databases.CreateDbContextAsync(cancellationToken);
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var charge = await db.Charges.AsNoTracking().SingleOrDefaultAsync(candidate => candidate.Id == chargeId, cancellationToken)
            ?? throw new NotFoundException("charge", chargeId);
        ChargeRules.Capture(charge, amount);
        var claimed = await db.Charges.Where(candidate => candidate.Id == chargeId && !candidate.Captured)
            .ExecuteUpdateAsync(update => update.SetProperty(row => row.Captured, true)
                .SetProperty(row => row.ReleasedAtCapture, charge.ReleasedAtCapture)
                .SetProperty(row => row.AmountRefunded, charge.AmountRefunded), cancellationToken);
        if (claimed == 0)
        {
            throw new RuleViolationException($"Charge {chargeId} has already been captured.", "charge");
        }
        await PaymentEvents.RecordChargeAsync(events, db, EventTypes.ChargeCaptured, chargeId, before: null, cancellationToken);
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return charge;
    }

    /// <summary>
    /// Refunds a captured charge, in full (<paramref name="amount"/> null) or in part. The charge's refunded amount is
    /// raised in the database only while it stays within what was captured, so two refunds arriving at once can
    /// never give back more than was taken: the second is refused with what is left.
    /// </summary>
    public async Task<Refund> RefundAsync(string chargeId, long? amount, string? reason, IReadOnlyDictionary<string, string?>? metadata,
        CancellationToken cancellationToken = default)
    {
        await currentOperator.EnsureCanChangeAsync(cancellationToken);
        var author = await currentOperator.GetNameAsync();
        await using var db = await databases.CreateDbContextAsync(cancellationToken);
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var refund = await RefundWithinAsync(db, chargeId, amount, reason, metadata, clock.GetUtcNow(), author, cancellationToken);
        await db.SaveChangesAsync(cancellationToken);
        await PaymentEvents.RecordChargeAsync(events, db, EventTypes.ChargeRefunded, chargeId, before: null, cancellationToken);
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return refund;
    }

    /// <summary>
    /// A refund inside the caller's transaction (a credit note refunds this way): checked against the charge as
    /// read, then the charge's refunded amount is raised in the database only while it stays within what was
    /// captured, so a refund racing another is refused there. The caller saves.
    /// </summary>
    public static async Task<Refund> RefundWithinAsync(BillingDbContext db, string chargeId, long? amount, string? reason,
        IReadOnlyDictionary<string, string?>? metadata, DateTimeOffset now, string? author, CancellationToken cancellationToken)
    {
        async Task<Charge> ReadChargeAsync() => await db.Charges.AsNoTracking().SingleOrDefaultAsync(candidate => candidate.Id == chargeId, cancellationToken)
            ?? throw new NotFoundException("charge", chargeId);
        var refund = ChargeRules.Refund(ObjectIds.New(ObjectIds.Refund), await ReadChargeAsync(), amount, reason, metadata, now, author);
        var raised = await db.Charges.Where(candidate => candidate.Id == chargeId && candidate.Captured
                && candidate.AmountRefunded + refund.Amount <= candidate.Amount)
            .ExecuteUpdateAsync(update => update.SetProperty(row => row.AmountRefunded, row => row.AmountRefunded + refund.Amount), cancellationToken);
        if (raised == 0)
        {
            // Another refund came first: check again against what it left, which now says why.
            ChargeRules.Refund(refund.Id, await ReadChargeAsync(), amount, reason, metadata, refund.Created, author);
            throw new ConcurrencyConflictException($"Another refund of charge {chargeId} was made at the same moment; try again.");
        }
        db.Refunds.Add(refund);
        return refund;
    }

    public async Task<Refund> GetRefundAsync(string id, CancellationToken cancellationToken = default)
    {
        await using var db = await databases.CreateDbContextAsync(cancellationToken);
        return await db.Refunds.AsNoTracking().SingleOrDefaultAsync(refund => refund.Id == id, cancellationToken)
            ?? throw new NotFoundException("refund", id);
    }

    /// <summary>Refunds newest first, optionally one charge's, by cursor.</summary>
    public async Task<CursorPage<Refund>> ListRefundsPageAsync(string? chargeId, ListCursor cursor, CancellationToken cancellationToken = default)
    {
        await using var db = await databases.CreateDbContextAsync(cancellationToken);
        var refunds = db.Refunds.AsNoTracking();
        if (chargeId is not null)
        {
            refunds = refunds.Where(refund => refund.ChargeId == chargeId);
        }
        return await refunds.PageAsync(db, cursor, "refund", cancellationToken);
    }

    /// <summary>The refunds of each of <paramref name="chargeIds"/>, newest first: a page of charges in one query.</summary>
    public async Task<ILookup<string, Refund>> GetRefundsAsync(IReadOnlyCollection<string> chargeIds, CancellationToken cancellationToken = default)
    {
        await using var db = await databases.CreateDbContextAsync(cancellationToken);
        var refunds = await db.Refunds.AsNoTracking().Where(refund => chargeIds.Contains(refund.ChargeId))
            .OrderByDescending(refund => refund.Sequence).ToListAsync(cancellationToken);
        return refunds.ToLookup(refund => refund.ChargeId);
    }

    /// <summary>The API's list: newest first, optionally one customer's, by cursor.</summary>
    public async Task<CursorPage<Charge>> ListChargesPageAsync(string? customerId, ListCursor cursor, CancellationToken cancellationToken = default)
    {
        await using var db = await databases.CreateDbContextAsync(cancellationToken);
        var charges = db.Charges.AsNoTracking();
        if (customerId is not null)
        {
            charges = charges.Where(charge => charge.CustomerId == customerId);
        }
        return await charges.PageAsync(db, cursor, "charge", cancellationToken);
    }

    private async Task<Source> ChangeCustomerSourceAsync(string customerId, string sourceId, bool acceptToken,
        Func<BillingDbContext, Customer, Source, Task> change, CancellationToken cancellationToken)
    {
        await currentOperator.EnsureCanChangeAsync(cancellationToken);
        return await InCustomerTransactionAsync(customerId, async (db, customer) =>
        {
            var source = acceptToken
                ? await FindOrUseTokenAsync(db, sourceId, clock.GetUtcNow(), fingerprints, cancellationToken)
                : await FindSourceAsync(db, sourceId, cancellationToken);
            var (before, wasAttached) = (ApiObjects.Source(source), source.IsAttached);
            await change(db, customer, source);
            source.Version++;
            RecordSourceChange(db, source, wasAttached, before);
            return source;
        }, cancellationToken);
    }

    /// <summary>
    /// A customer's source attached (customer.source.created), detached (deleted), or otherwise changed (updated,
    /// when <paramref name="before"/> is given and differs). A source that is nobody's has no customer to tell.
    /// </summary>
    private void RecordSourceChange(BillingDbContext db, Source source, bool wasAttached, object? before = null)
    {
        if (source.CustomerId is not { } customerId)
        {
            return;
        }
        var type = (wasAttached, source.IsAttached) switch
        {
            (false, true) => EventTypes.SourceCreated,
            (true, false) => EventTypes.SourceDeleted,
            _ => EventTypes.SourceUpdated,
        };
        events.Record(db, type, source.Id, customerId, ApiObjects.Source(source), type == EventTypes.SourceUpdated ? before ?? ApiObjects.Source(source) : null);
    }

    private Task<T> InCustomerTransactionAsync<T>(string customerId, Func<BillingDbContext, Customer, Task<T>> change, CancellationToken cancellationToken) =>
        CustomerTransaction.RunAsync(databases, customerId, change, cancellationToken);

    private static async Task<Source> FindSourceAsync(BillingDbContext db, string sourceId, CancellationToken cancellationToken) =>
        await db.Sources.SingleOrDefaultAsync(source => source.Id == sourceId, cancellationToken)
            ?? throw new NotFoundException("source", sourceId);

    /// <summary>
    /// The source named, or for a token (tok_…), a new source made of its card, the token used up in the same
    /// transaction: the row is claimed in the database only while still unused, so two requests can't both use it.
    /// </summary>
    private static async Task<Source> FindOrUseTokenAsync(BillingDbContext db, string id, DateTimeOffset now, IFingerprints fingerprints,
        CancellationToken cancellationToken)
    {
        if (!ObjectIds.HasPrefix(id, ObjectIds.Token))
        {
            return await FindSourceAsync(db, id, cancellationToken);
        }
        var card = await ReadUnusedTokenAsync(db, id, now, fingerprints, cancellationToken);
        string? cardholder = null;
        if (TestPaymentMethods.FindToken(id) is null)
        {
            var claimed = await db.CardTokens.Where(token => token.Id == id && token.UsedAt == null)
                .ExecuteUpdateAsync(token => token.SetProperty(value => value.UsedAt, now), cancellationToken);
            if (claimed == 0)
            {
                throw new RuleViolationException(CardToken.UsedTwice(id), "source");
            }
            cardholder = await db.CardTokens.Where(token => token.Id == id).Select(token => token.CardholderName).SingleAsync(cancellationToken);
        }
        var source = SourceRules.FromCard(ObjectIds.New(ObjectIds.Source), now, card, cardholder);
        db.Sources.Add(source);
        return source;
    }

    /// <summary>The card of a token that may still be used: a documented test token (tok_visa) every time, a stored one once.</summary>
    private static async Task<CardDetails> ReadUnusedTokenAsync(BillingDbContext db, string id, DateTimeOffset now, IFingerprints fingerprints,
        CancellationToken cancellationToken)
    {
        if (TestPaymentMethods.FindToken(id) is { } test)
        {
            return CardRules.ForTest(test, now, fingerprints);
        }
        var token = await db.CardTokens.AsNoTracking().SingleOrDefaultAsync(candidate => candidate.Id == id, cancellationToken)
            ?? throw new NotFoundException("token", id);
        return token.UsedAt is null ? token.Card : throw new RuleViolationException(CardToken.UsedTwice(id), "source");
    }

    private static async Task<Source?> FindDefaultAsync(BillingDbContext db, Customer customer, CancellationToken cancellationToken) =>
        customer.DefaultSourceId is { } id ? await db.Sources.SingleOrDefaultAsync(source => source.Id == id, cancellationToken) : null;
}
