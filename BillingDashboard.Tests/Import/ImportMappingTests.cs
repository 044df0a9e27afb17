using BillingDashboard.Domain;
using BillingDashboard.Features.Customers;
using BillingDashboard.Features.Import;

namespace BillingDashboard.Tests.Import;

public sealed class ImportMappingTests
{
    [Fact]
    public void OurOwnExport_MapsItself_ColumnByColumn()
    {
        var headers = CustomerExport.Columns.Select(column => column.Key).Append("metadata.plan").ToList();

        var mapping = ImportMapping.Guess(headers);

        Assert.Equal(CustomerExport.Columns.Select(column => ImportTarget.Field(column.Key)).Append(ImportTarget.MetadataKey("plan")), mapping.Targets);
    }

    [Fact]
    public void TheHostedDashboardsColumnNames_MapWhateverTheirCaseAndSpacing()
    {
        string[] headers = ["id", "Email", "Name", "Created (UTC)", "Address Line1", "address zip", "Shipping Address Postal Code", "Tax Exempt",
            "Preferred Locales", "plan (metadata)", "Delinquent"];

        var mapping = ImportMapping.Guess(headers);

        Assert.Equal(
        [
            ImportTarget.Field("id"), ImportTarget.Field("email"), ImportTarget.Field("name"), ImportTarget.Field("created"),
            ImportTarget.Field("address_line1"), ImportTarget.Field("address_postal_code"), ImportTarget.Field("shipping_address_postal_code"),
            ImportTarget.Field("tax_exempt"), ImportTarget.Field("preferred_locales"), ImportTarget.MetadataKey("plan"), ImportTarget.Ignored,
        ], mapping.Targets);
    }

    [Fact]
    public void OneFieldFromTwoColumns_OrABadMetadataKey_IsRefusedBeforeAnyRowIsRead()
    {
        var mapping = ImportMapping.Guess(["Email", "E-mail", "notes"]).With(2, ImportTarget.MetadataKey("a[b]"));

        var failure = Assert.Throws<ValidationFailedException>(mapping.Validate);

        Assert.Collection(failure.Errors,
            error => Assert.Contains("Email is mapped from more than one column (\"Email\", \"E-mail\")", error.Message, StringComparison.Ordinal),
            error => Assert.Contains("cannot contain square brackets", error.Message, StringComparison.Ordinal));
    }

    [Fact]
    public void ASavedMapping_FitsTheSameColumnsInAnotherOrder()
    {
        var saved = ImportMapping.Guess(["Full name", "Mail"]).With(0, ImportTarget.Field("name")).With(1, ImportTarget.Field("email")).ByHeader();

        var mapping = ImportMapping.Apply(["Mail", "Full name", "Country"], saved);

        Assert.Equal([ImportTarget.Field("email"), ImportTarget.Field("name"), ImportTarget.Field("address_country")], mapping.Targets);
    }
}
