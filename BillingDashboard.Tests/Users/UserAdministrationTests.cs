using System.Security.Claims;
using BillingDashboard.Domain;
using BillingDashboard.Features.Users;
using BillingDashboard.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace BillingDashboard.Tests.Users;

public sealed class UserAdministrationTests : IClassFixture<AppFactory>
{
    private const string Password = "a long enough password";
    private readonly AppFactory _app;

    public UserAdministrationTests(AppFactory app) => _app = app;

    private static ClaimsPrincipal SignedIn(UserSummary user) => AppFactory.SignedIn(user.Id);

    private Task<T> AsAsync<T>(UserSummary user, Func<UserAdministration, Task<T>> work) =>
        _app.InScopeAsync(services => work(services.GetRequiredService<UserAdministration>()), SignedIn(user));

    [Fact]
    public async Task CreateAsync_AsViewer_IsRefused()
    {
        var viewer = await _app.CreateUserAsync("viewer@admin.example", Password, AppRoles.Viewer);

        var refusal = await Assert.ThrowsAsync<PermissionDeniedException>(() =>
            AsAsync(viewer, users => users.CreateAsync("new@admin.example", Password, AppRoles.Admin)));

        Assert.Contains("Viewer", refusal.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(await _app.InScopeAsync(s => s.GetRequiredService<UserAdministration>().ListAsync()),
            user => user.Email == "new@admin.example");
    }

    [Fact]
    public async Task UnlockAsync_LockedUser_ShowsTheFailuresAndLiftsTheLockWithoutChangingThePassword()
    {
        var admin = await _app.CreateUserAsync("unlocker@admin.example", Password, AppRoles.Admin);
        var locked = await _app.CreateUserAsync("locked.out@admin.example", Password, AppRoles.Viewer);
        await _app.InScopeAsync(async services =>
        {
            var users = services.GetRequiredService<Microsoft.AspNetCore.Identity.UserManager<BillingDashboard.Data.ApplicationUser>>();
            var user = (await users.FindByIdAsync(locked.Id))!;
            for (var failure = 0; failure < 5; failure++)
            {
                await users.AccessFailedAsync(user);
            }
            return 0;
        });
        var before = await AsAsync(admin, users => users.GetAsync(locked.Id));

        await AsAsync(admin, async users => { await users.UnlockAsync(locked.Id); return 0; });
        var after = await AsAsync(admin, users => users.GetAsync(locked.Id));

        Assert.NotNull(before.LockedUntil);
        Assert.Equal((null, 0), (after.LockedUntil, after.FailedSignIns));
        Assert.True(await _app.InScopeAsync(async services =>
        {
            var users = services.GetRequiredService<Microsoft.AspNetCore.Identity.UserManager<BillingDashboard.Data.ApplicationUser>>();
            return await users.CheckPasswordAsync((await users.FindByIdAsync(locked.Id))!, Password);
        }));
        var viewer = await _app.CreateUserAsync("not.unlocker@admin.example", Password, AppRoles.Viewer);
        await Assert.ThrowsAsync<PermissionDeniedException>(() => AsAsync(viewer, async users => { await users.UnlockAsync(locked.Id); return 0; }));
    }

    [Fact]
    public async Task CreateAsync_ShortPassword_NamesThePasswordRule()
    {
        var failure = await Assert.ThrowsAsync<ValidationFailedException>(() =>
            _app.CreateUserAsync("short@admin.example", "short", AppRoles.Viewer));

        Assert.Contains(failure.Errors, error => error.Field == "password" && error.Message.Contains("12", StringComparison.Ordinal));
    }

    [Fact]
    public async Task CreateAsync_UnknownRole_IsRefused()
    {
        var failure = await Assert.ThrowsAsync<ValidationFailedException>(() =>
            _app.CreateUserAsync("role@admin.example", Password, "Owner"));

        Assert.Equal("role", failure.Errors[0].Field);
    }

    [Fact]
    public async Task ChangeRoleAsync_DemotedAdmin_LosesChangesImmediately()
    {
        var boss = await _app.CreateUserAsync("boss@admin.example", Password, AppRoles.Admin);
        var demoted = await _app.CreateUserAsync("demoted@admin.example", Password, AppRoles.Admin);
        await AsAsync(boss, async users => { await users.ChangeRoleAsync(demoted.Id, AppRoles.Viewer); return 0; });

        await Assert.ThrowsAsync<PermissionDeniedException>(() =>
            AsAsync(demoted, users => users.CreateAsync("sneaky@admin.example", Password, AppRoles.Admin)));
    }

    [Fact]
    public async Task SetDisabledAsync_Yourself_IsRefused()
    {
        var admin = await _app.CreateUserAsync("self@admin.example", Password, AppRoles.Admin);

        var refusal = await Assert.ThrowsAsync<RuleViolationException>(() =>
            AsAsync(admin, async users => { await users.SetDisabledAsync(admin.Id, disabled: true); return 0; }));

        Assert.Equal("You cannot disable your own account.", refusal.Message);
    }
}
