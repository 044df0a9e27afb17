using BillingDashboard.Components.Layout;
using BillingDashboard.Components.Shared;
using BillingDashboard.Features.Users;
using BillingDashboard.Tests.Infrastructure;
using Bunit;

namespace BillingDashboard.Tests.Shell;

public sealed class NavMenuTests : ComponentTestContext
{
    [Fact]
    public void NavMenu_Admin_ShowsUsers()
    {
        AddAuthorization().SetAuthorized("admin@tests.example").SetRoles(AppRoles.Admin);

        var menu = Render<NavMenu>();

        var entries = menu.FindAll("nav a").Select(link => link.TextContent.Trim()).ToList();
        Assert.Contains("Customers", entries);
        Assert.Contains("Payments", entries);
        Assert.Contains("Users", entries);
    }

    [Fact]
    public void NavMenu_Viewer_HidesUsers()
    {
        AddAuthorization().SetAuthorized("viewer@tests.example").SetRoles(AppRoles.Viewer);

        var menu = Render<NavMenu>();

        var entries = menu.FindAll("nav a").Select(link => link.TextContent.Trim()).ToList();
        Assert.Contains("Customers", entries);
        Assert.DoesNotContain("Users", entries);
    }

    [Fact]
    public async Task ShortcutsDialog_Opened_ListsEveryShortcut()
    {
        var dialog = await ShowDialogAsync<ShortcutsDialog>("Keyboard shortcuts");

        var keys = dialog.FindAll("kbd").Select(key => key.TextContent).ToList();
        Assert.Equal(KeyboardShortcuts.All.Select(shortcut => shortcut.Key), keys);
        Assert.Contains("Add a customer", dialog.Markup, StringComparison.Ordinal);
    }
}
