namespace BillingDashboard.Domain;

/// <summary>
/// A request that breaks a business rule (a locked currency, a consumed source, an invoice that is not a draft).
/// The message is written for the operator and shown as it is; <see cref="Field"/> names the input at fault,
/// in the API's parameter spelling, when there is one.
/// </summary>
public class RuleViolationException(string message, string? field = null) : Exception(message)
{
    public string? Field { get; } = field;
}

/// <summary>One or more inputs failed validation; each entry is a field name and what was wrong with it.</summary>
public sealed class ValidationFailedException(IReadOnlyList<FieldError> errors)
    : RuleViolationException(errors.Count == 0 ? "The request is invalid." : errors[0].Message, errors.Count == 0 ? null : errors[0].Field)
{
    public IReadOnlyList<FieldError> Errors { get; } = errors;
}

/// <summary>One input at fault. <see cref="Code"/> is the hosted API's card error code (incorrect_number, invalid_expiry_year) when it is a card's.</summary>
public sealed record FieldError(string Field, string Message, string? Code = null);

/// <summary>The object asked for does not exist (or was deleted).</summary>
public sealed class NotFoundException(string objectType, string id)
    : RuleViolationException($"No such {objectType}: '{id}'", "id")
{
    public string ObjectType { get; } = objectType;
    public string Id { get; } = id;
}

/// <summary>Someone else changed the object since it was read; saving would have overwritten their change.</summary>
public sealed class ConcurrencyConflictException(string message) : RuleViolationException(message);

/// <summary>The signed-in operator (or API key) may not make this change.</summary>
public sealed class PermissionDeniedException(string message) : Exception(message);

/// <summary>
/// The card's issuer refused it when it was saved to a customer (the hosted API checks a card then); the API
/// answers 402 <c>card_error</c> with the network's codes, and nothing is saved.
/// </summary>
public sealed class CardDeclinedException(Cards.ChargeFailure failure) : RuleViolationException(failure.Message, "card")
{
    public Cards.ChargeFailure Failure { get; } = failure;
}
