using System.Net;
using BillingDashboard.Tests.Infrastructure;
using Microsoft.AspNetCore.Mvc.Testing;

namespace BillingDashboard.Tests.Users;

/// <summary>First run: the setup page exists only while nobody can sign in.</summary>
public sealed class SetupTests : IAsyncLifetime
{
    private readonly AppFactory _app = new();

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _app.DisposeAsync();

    [Fact]
    public async Task Setup_NoUserYet_CreatesTheFirstAdminThenDisappears()
    {
        var client = _app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });

        var signIn = await client.GetAsync("/account/signin");
        Assert.Equal("/setup", signIn.Headers.Location!.AbsolutePath);

        var created = await SignInClient.PostFormAsync(client, "/setup", "setup", new Dictionary<string, string>
        {
            ["Input.Email"] = "first@setup.example",
            ["Input.Password"] = "the very first password",
            ["Input.ConfirmPassword"] = "the very first password",
        });
        Assert.Equal(HttpStatusCode.Redirect, created.StatusCode);
        Assert.Equal(new Uri("http://localhost/customers"), created.Headers.Location);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/users")).StatusCode);

        var anonymous = _app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        var setupAgain = await anonymous.GetAsync("/setup");
        Assert.Equal("/account/signin", setupAgain.Headers.Location!.AbsolutePath);
    }

    [Fact]
    public async Task Setup_PasswordsDiffer_ShowsTheErrorAndCreatesNobody()
    {
        var client = _app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });

        var response = await SignInClient.PostFormAsync(client, "/setup", "setup", new Dictionary<string, string>
        {
            ["Input.Email"] = "first@setup.example",
            ["Input.Password"] = "the very first password",
            ["Input.ConfirmPassword"] = "something else entirely",
        });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("The two passwords differ.", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        await using var db = await _app.OpenDatabaseAsync();
        Assert.Empty(db.Users);
    }
}
