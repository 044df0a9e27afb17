using BillingDashboard.Domain;
using BillingDashboard.Domain.Tax;

namespace BillingDashboard.Tests.Domain;

public sealed class TaxIdFormatsTests
{
    /// <summary>Each type: a value as people type it, what it is stored as, and the country it belongs to.</summary>
    public static TheoryData<string, string, string, string> ValidValues => new()
    {
        { "eu_vat", "de 123 456 789", "DE123456789", "DE" },
        { "eu_vat", "FR AB 123456789", "FRAB123456789", "FR" },
        { "eu_vat", "nl123456789b01", "NL123456789B01", "NL" },
        { "eu_vat", "EL123456789", "EL123456789", "GR" },
        { "eu_vat", "ATU12345678", "ATU12345678", "AT" },
        { "eu_vat", "BE 0123.456.789", "BE0123456789", "BE" },
        { "eu_vat", "IE1234567WA", "IE1234567WA", "IE" },
        { "eu_vat", "ESX1234567Z", "ESX1234567Z", "ES" },
        { "eu_vat", "SE123456789101", "SE123456789101", "SE" },
        { "eu_vat", "XI123456789", "XI123456789", "GB" },
        { "gb_vat", "GB 123 4567 89", "GB123456789", "GB" },
        { "us_ein", "12-3456789", "12-3456789", "US" },
        { "us_ein", "123456789", "12-3456789", "US" },
        { "ca_bn", "123 456 789", "123456789", "CA" },
        { "ca_gst_hst", "123456789 rt 0002", "123456789RT0002", "CA" },
        { "au_abn", "12 345 678 912", "12345678912", "AU" },
        { "nz_gst", "123-456-789", "123456789", "NZ" },
        { "in_gst", "12abcde3456fgzh", "12ABCDE3456FGZH", "IN" },
        { "ch_vat", "CHE-123.456.789 MWST", "CHE-123.456.789 MWST", "CH" },
        { "ch_vat", "che123456789 tva", "CHE-123.456.789 TVA", "CH" },
        { "no_vat", "123456789MVA", "123456789MVA", "NO" },
        { "no_vat", "NO 123 456 789 MVA", "123456789MVA", "NO" },
        { "br_cnpj", "01.234.456/5432-10", "01.234.456/5432-10", "BR" },
        { "br_cnpj", "01234456543210", "01.234.456/5432-10", "BR" },
        { "jp_cn", "1234567891234", "1234567891234", "JP" },
        { "es_cif", "a12345678", "A12345678", "ES" },
        { "es_cif", "ESA12345678", "A12345678", "ES" },
        { "mx_rfc", "abc010203ab9", "ABC010203AB9", "MX" },
        { "mx_rfc", "ABCD010203AB9", "ABCD010203AB9", "MX" },
        { "za_vat", "4123456789", "4123456789", "ZA" },
    };

    /// <summary>Each type: a value of the wrong shape.</summary>
    public static TheoryData<string, string> InvalidValues => new()
    {
        { "eu_vat", "DE12345678" },
        { "eu_vat", "FR123456789" },
        { "eu_vat", "NL123456789" },
        { "eu_vat", "GB123456789" },
        { "eu_vat", "US123456789" },
        { "gb_vat", "GB12345678" },
        { "us_ein", "12-345678" },
        { "ca_bn", "12345678" },
        { "ca_gst_hst", "123456789RC0001" },
        { "au_abn", "1234567891" },
        { "nz_gst", "1234567" },
        { "in_gst", "12ABCDE3456FGXH" },
        { "ch_vat", "CHE-123.456.78 MWST" },
        { "no_vat", "123456789" },
        { "br_cnpj", "01.234.456/5432-1" },
        { "jp_cn", "123456789123" },
        { "es_cif", "I12345678" },
        { "mx_rfc", "ABC011303AB9" },
        { "za_vat", "5123456789" },
    };

    [Theory]
    [MemberData(nameof(ValidValues))]
    public void Validate_WellFormedValue_IsNormalisedWithItsCountry(string type, string typed, string stored, string country)
    {
        var taxId = TaxIdFormats.Validate(type, typed);

        Assert.Equal(new NormalizedTaxId(type, stored, country), taxId);
    }

    [Theory]
    [MemberData(nameof(InvalidValues))]
    public void Validate_MalformedValue_IsRefusedWithTheExpectedFormatAndAnExample(string type, string typed)
    {
        var error = Assert.Single(Assert.Throws<ValidationFailedException>(() => TaxIdFormats.Validate(type, typed)).Errors);

        Assert.Equal("tax_id[value]", error.Field);
        Assert.Contains("Expected", error.Message, StringComparison.Ordinal);
        Assert.Contains("e.g.", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_EveryTypesOwnExample_IsValid()
    {
        foreach (var type in TaxIdFormats.Types)
        {
            TaxIdFormats.Validate(type.Code, type.Example);
        }
        foreach (var example in TaxIdFormats.EuVatExamples)
        {
            TaxIdFormats.Validate("eu_vat", example);
        }
    }

    [Fact]
    public void Validate_RequiredTypes_AreAllSupported()
    {
        string[] required = ["eu_vat", "gb_vat", "us_ein", "ca_bn", "ca_gst_hst", "au_abn", "nz_gst", "in_gst", "ch_vat", "no_vat", "br_cnpj", "jp_cn", "es_cif", "mx_rfc", "za_vat"];

        Assert.Empty(required.Except(TaxIdFormats.Types.Select(type => type.Code)));
    }

    [Fact]
    public void Validate_GermanNumberOneDigitShort_SaysWhatAGermanNumberLooksLike()
    {
        var error = Assert.Single(Assert.Throws<ValidationFailedException>(() => TaxIdFormats.Validate("eu_vat", "DE12345678")).Errors);

        Assert.Equal("'DE12345678' is not a valid VAT number for Germany. Expected DE + 9 digits, e.g. DE123456789.", error.Message);
    }

    [Fact]
    public void Validate_UnknownType_IsRefused()
    {
        var error = Assert.Single(Assert.Throws<ValidationFailedException>(() => TaxIdFormats.Validate("xx_vat", "123")).Errors);

        Assert.Equal("tax_id[type]", error.Field);
    }

    [Fact]
    public void ValidateAdditions_SameNumberTwice_IsRefused()
    {
        var failure = Assert.Throws<ValidationFailedException>(() =>
            TaxIdRules.ValidateAdditions([new TaxIdInput("eu_vat", "DE123456789")], [("eu_vat", "DE123456789")]));

        Assert.Contains("already has", Assert.Single(failure.Errors).Message, StringComparison.Ordinal);
    }
}
