using BillingDashboard.Components.Shared;
using BillingDashboard.Domain.Invoices;
using BillingDashboard.Features.Customers;
using BillingDashboard.Features.Invoices;
using BillingDashboard.Tests.Infrastructure;
using Bunit;

namespace BillingDashboard.Tests.Shell;

/// <summary>The shared pieces every page is built from, as a screen reader and a keyboard meet them.</summary>
public sealed class SharedComponentTests : ComponentTestContext
{
    [Fact]
    public void ListPager_FirstPageWithMore_OffersOnlyNextAndReportsThePageChosen()
    {
        var chosen = 0;
        var pager = Render<ListPager>(parameters => parameters
            .Add(component => component.Page, 1).Add(component => component.HasMore, true).Add(component => component.CountText, "More than 10,000 customers")
            .Add(component => component.OnPage, page => chosen = page));

        Assert.True(pager.Find("button[aria-label='Previous page']").HasAttribute("disabled"));
        Assert.False(pager.Find("button[aria-label='Next page']").HasAttribute("disabled"));
        pager.Find("[role=status]").MarkupMatches("""<span class="muted" role="status">More than 10,000 customers</span>""");

        pager.Find("button[aria-label='Next page']").Click();
        Assert.Equal(2, chosen);
    }

    [Fact]
    public void FilterChips_EachChip_HasARemoveButtonNamedAfterIt()
    {
        var remaining = new CustomerQuery { Currency = "eur" };
        CustomerQuery? chosen = null;
        var chips = Render<FilterChips<CustomerQuery>>(parameters => parameters
            .Add(component => component.Chips, [("Country: Iceland", remaining)])
            .Add(component => component.OnRemove, query => chosen = query));

        chips.Find("button[aria-label='Remove filter Country: Iceland']").Click();
        Assert.Same(remaining, chosen);
    }

    [Fact]
    public void Breadcrumbs_ThePageItself_IsMarkedCurrentAndIsNotALink()
    {
        var crumbs = Render<Breadcrumbs>(parameters => parameters
            .Add(component => component.Path, [("Customers", "/customers")]).Add(component => component.Current, "Accessible Ada"));

        Assert.Equal("Breadcrumb", crumbs.Find("nav").GetAttribute("aria-label"));
        Assert.Equal("/customers", crumbs.Find("li a").GetAttribute("href"));
        crumbs.Find("li[aria-current]").MarkupMatches("""<li aria-current="page">Accessible Ada</li>""");
    }

    [Theory]
    [InlineData(InvoiceStatus.Draft, "draft")]
    [InlineData(InvoiceStatus.Open, "open")]
    [InlineData(InvoiceStatus.Paid, "paid")]
    [InlineData(InvoiceStatus.Void, "void")]
    [InlineData(InvoiceStatus.Uncollectible, "uncollectible")]
    public void InvoiceStatusBadge_EveryStatus_SaysItsNameAndDrawsAnIcon(InvoiceStatus status, string word)
    {
        var badge = Render<InvoiceStatusBadge>(parameters => parameters.Add(component => component.Status, status));

        var chip = badge.Find("[data-testid=invoice-status]");
        Assert.Equal(word, chip.TextContent.Trim());
        Assert.NotNull(chip.QuerySelector("svg"));
    }

    [Fact]
    public void DisplayBalance_NoBalance_IsEmptyNotAZeroAmount()
    {
        Assert.Equal("", Display.Balance(0, "brl"));
        Assert.Equal("R$12.00", Display.Balance(1200, "brl"));
    }
}
