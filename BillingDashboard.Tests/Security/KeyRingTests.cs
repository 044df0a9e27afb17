using System.Net;
using BillingDashboard.Data;
using BillingDashboard.Features.Users;
using BillingDashboard.Hosting;
using BillingDashboard.Tests.Infrastructure;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace BillingDashboard.Tests.Security;

/// <summary>The keys behind sessions are in the database, encrypted when a key-encryption key is configured.</summary>
public sealed class KeyRingTests
{
    private const string Password = "correct horse battery staple";

    private static async Task<(HttpStatusCode SignedIn, List<string> Stored)> SignInAndReadKeysAsync(AppFactory app)
    {
        await app.CreateUserAsync("keys@keyring.example", Password, AppRoles.Viewer);
        var client = app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        await SignInClient.SignInAsync(client, "keys@keyring.example", Password);
        var page = await client.GetAsync("/customers");
        var stored = await app.InScopeAsync(services => services.GetRequiredService<BillingDbContext>().DataProtectionKeys.Select(key => key.Xml!).ToListAsync());
        return (page.StatusCode, stored);
    }

    [Fact]
    public async Task WithAKeyEncryptionKey_TheKeyRingIsInTheDatabase_Encrypted_AndSessionsWork()
    {
        await using var app = new AppFactory();
        app.Settings[KeyRing.EncryptionKeySetting] = Convert.ToBase64String(Enumerable.Range(1, 32).Select(value => (byte)value).ToArray());

        var (signedIn, stored) = await SignInAndReadKeysAsync(app);

        Assert.Equal(HttpStatusCode.OK, signedIn);
        var xml = Assert.Single(stored);
        Assert.Contains("<encrypted nonce=", xml, StringComparison.Ordinal);
        Assert.DoesNotContain("<masterKey", xml, StringComparison.Ordinal);
    }

    [Fact]
    public async Task WithoutOne_TheKeyRingIsStillInTheDatabase()
    {
        await using var app = new AppFactory();

        var (signedIn, stored) = await SignInAndReadKeysAsync(app);

        Assert.Equal(HttpStatusCode.OK, signedIn);
        Assert.Contains("<masterKey", Assert.Single(stored), StringComparison.Ordinal);
    }
}
