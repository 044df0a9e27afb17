using System.Text.Json;
using System.Text.Json.Serialization;
using BillingDashboard.Domain;
using BillingDashboard.Domain.Charges;
using BillingDashboard.Pdf;

namespace BillingDashboard.Api;

/// <summary>The hosted API's error object: type, code, message and the parameter at fault.</summary>
public sealed record ApiError(
    [property: JsonPropertyName("type")] string Type,
    [property: JsonPropertyName("message")] string Message,
    [property: JsonPropertyName("param")] string? Param = null,
    [property: JsonPropertyName("code")] string? Code = null,
    [property: JsonPropertyName("decline_code")] string? DeclineCode = null,
    [property: JsonPropertyName("charge")] string? Charge = null);

/// <summary>
/// A request the API refuses before it reaches a service (a malformed, missing or unknown parameter), with the code
/// the hosted API gives that refusal, which clients switch on.
/// </summary>
public sealed class ApiRequestException(string message, string? param = null, int status = StatusCodes.Status400BadRequest,
    string code = "parameter_invalid") : Exception(message)
{
    public string? Param { get; } = param;

    public int Status { get; } = status;

    public string Code { get; } = code;

    public static ApiRequestException Missing(string param) => new($"Missing required param: {param}.", param, code: "parameter_missing");

    public static ApiRequestException Unknown(string param) => new($"Received unknown parameter: {param}", param, code: "parameter_unknown");
}

/// <summary>
/// Every refusal as <c>{"error":{...}}</c> with the status the hosted API uses: 400 invalid request, 401 no key,
/// 402 card refused or declined, 403 read-only key, 404 no such object, 409 conflict. Bad input never becomes a 500.
/// </summary>
public static class ApiErrors
{
    public static Task WriteAsync(HttpContext context, int status, ApiError error)
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = "application/json";
        return context.Response.WriteAsync(JsonSerializer.Serialize(new { error }, ApiJson.Errors));
    }

    public static IResult ToResult(Exception exception) => exception switch
    {
        ApiRequestException request => Result(request.Status, new ApiError("invalid_request_error", request.Message, request.Param, request.Code)),
        NotFoundException missing => Result(StatusCodes.Status404NotFound,
            new ApiError("invalid_request_error", $"No such {missing.ObjectType}: '{missing.Id}'", missing.Field, "resource_missing")),
        ConcurrencyConflictException conflict => Result(StatusCodes.Status409Conflict, new ApiError("invalid_request_error", conflict.Message)),
        // A card the network would refuse (a mistyped number, a past expiry, a declining issuer) is a card_error, as clients expect.
        CardDeclinedException declined => Result(StatusCodes.Status402PaymentRequired,
            new ApiError("card_error", declined.Message, null, declined.Failure.Code, declined.Failure.DeclineCode)),
        ValidationFailedException { Errors: [{ Code: { } cardCode } cardError, ..] } => Result(StatusCodes.Status402PaymentRequired,
            new ApiError("card_error", cardError.Message, cardError.Field, cardCode)),
        ValidationFailedException invalid => Result(StatusCodes.Status400BadRequest, new ApiError("invalid_request_error", invalid.Message, invalid.Field, "parameter_invalid")),
        RuleViolationException violation => Result(StatusCodes.Status400BadRequest, new ApiError("invalid_request_error", violation.Message, violation.Field)),
        PermissionDeniedException denied => Result(StatusCodes.Status403Forbidden, new ApiError("invalid_request_error", denied.Message)),
        // The server lacks a font for the invoice's language: nothing the request can fix, so not a 4xx.
        MissingFontException noFont => Result(StatusCodes.Status503ServiceUnavailable, new ApiError("api_error", noFont.Message)),
        _ => throw exception,
    };

    /// <summary>A declined charge: 402 <c>card_error</c> with the network's codes and the id of the charge, which is kept.</summary>
    public static IResult CardDeclined(Charge charge) => Result(StatusCodes.Status402PaymentRequired,
        new ApiError("card_error", charge.FailureMessage ?? "The payment failed.", null, charge.FailureCode, charge.DeclineCode, charge.Id));

    public static IResult Result(int status, ApiError error) => Results.Json(new { error }, ApiJson.Errors, statusCode: status);
}
