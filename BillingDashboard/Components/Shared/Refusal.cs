using BillingDashboard.Domain;

namespace BillingDashboard.Components.Shared;

/// <summary>
/// The exceptions a service throws to refuse a request (a broken rule, invalid input, a missing permission),
/// as the field errors a form shows. Anything else is a bug and is left to the error boundary.
/// </summary>
public static class Refusal
{
    public static bool Is(Exception exception) => exception is RuleViolationException or PermissionDeniedException;

    public static IReadOnlyList<FieldError> ToFieldErrors(Exception exception) => exception switch
    {
        ValidationFailedException failure => failure.Errors,
        RuleViolationException violation => [new FieldError(violation.Field ?? "", violation.Message)],
        _ => [new FieldError("", exception.Message)],
    };
}
