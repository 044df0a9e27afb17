namespace BillingDashboard.Domain.Tax;

/// <summary>A tax ID to add, as typed: its type's API code and the value.</summary>
public sealed record TaxIdInput(string? Type, string? Value);

/// <summary>How many tax IDs a customer may have, and that each is there once.</summary>
public static class TaxIdRules
{
    public const int MaxPerCustomer = 25;

    /// <summary>
    /// Validates <paramref name="additions"/> against their formats, each other and the customer's
    /// <paramref name="existing"/> tax IDs; returns them normalised, or throws with every error found.
    /// </summary>
    public static IReadOnlyList<NormalizedTaxId> ValidateAdditions(IReadOnlyList<TaxIdInput> additions, IReadOnlyCollection<(string Type, string Value)> existing)
    {
        var errors = new List<FieldError>();
        var accepted = new List<NormalizedTaxId>();
        for (var index = 0; index < additions.Count; index++)
        {
            var field = additions.Count == 1 ? "tax_id" : $"tax_id_data[{index}]";
            try
            {
                var taxId = TaxIdFormats.Validate(additions[index].Type, additions[index].Value, field);
                if (existing.Contains((taxId.Type, taxId.Value)) || accepted.Any(other => other.Type == taxId.Type && other.Value == taxId.Value))
                {
                    errors.Add(new FieldError($"{field}[value]", $"The customer already has the {taxId.Type} {taxId.Value}."));
                }
                else
                {
                    accepted.Add(taxId);
                }
            }
            catch (ValidationFailedException failure)
            {
                errors.AddRange(failure.Errors);
            }
        }
        if (existing.Count + accepted.Count > MaxPerCustomer)
        {
            errors.Add(new FieldError("tax_id", $"A customer can have at most {MaxPerCustomer} tax IDs."));
        }
        if (errors.Count > 0)
        {
            throw new ValidationFailedException(errors);
        }
        return accepted;
    }
}
