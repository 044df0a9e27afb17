using System.Net;
using BillingDashboard.Features.Users;
using BillingDashboard.Tests.Infrastructure;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace BillingDashboard.Tests.Users;

public sealed class SignInTests : IClassFixture<AppFactory>
{
    private const string Password = "a long enough password";
    private readonly AppFactory _app;

    public SignInTests(AppFactory app) => _app = app;

    private HttpClient NewClient() => _app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });

    [Theory]
    [InlineData("/")]
    [InlineData("/customers")]
    [InlineData("/users")]
    [InlineData("/no-such-page")]
    public async Task Get_Anonymous_RedirectsToSignIn(string path)
    {
        var response = await NewClient().GetAsync(path);

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.StartsWith("/account/signin", response.Headers.Location!.AbsolutePath, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Get_BlazorScriptAnonymous_IsServed()
    {
        var response = await NewClient().GetAsync("/_framework/blazor.web.js");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.True((await response.Content.ReadAsByteArrayAsync()).Length > 100_000);
    }

    [Fact]
    public async Task SignIn_CorrectPassword_OpensTheDashboard()
    {
        await _app.CreateUserAsync("right@signin.example", Password, AppRoles.Admin);
        var client = NewClient();

        var response = await SignInClient.SignInAsync(client, "right@signin.example", Password);

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal(new Uri("http://localhost/customers"), response.Headers.Location);
        var dashboard = await client.GetAsync("/users");
        Assert.Equal(HttpStatusCode.OK, dashboard.StatusCode);
    }

    [Fact]
    public async Task SignIn_ReturnUrlToAnotherSite_StaysHere()
    {
        await _app.CreateUserAsync("return@signin.example", Password, AppRoles.Admin);
        var client = NewClient();
        var page = await client.GetStringAsync("/account/signin");
        Assert.Contains("Sign in", page, StringComparison.Ordinal);

        var response = await SignInClient.PostFormAsync(client, "/account/signin?returnUrl=%2F%2Fevil.example", "signin",
            new Dictionary<string, string> { ["Input.Email"] = "return@signin.example", ["Input.Password"] = Password });

        Assert.Equal(new Uri("http://localhost/customers"), response.Headers.Location);
    }

    [Fact]
    public async Task SignIn_DisabledAccount_IsRefused()
    {
        var user = await _app.CreateUserAsync("disabled@signin.example", Password, AppRoles.Viewer);
        await _app.InScopeAsync(async services =>
        {
            await services.GetRequiredService<UserAdministration>().SetDisabledAsync(user.Id, disabled: true);
            return 0;
        });

        var response = await SignInClient.SignInAsync(NewClient(), "disabled@signin.example", Password);
        var wrongPassword = await SignInClient.SignInAsync(NewClient(), "disabled@signin.example", "not the password");

        Assert.Contains("This account is disabled", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        // Only the right password learns that the account exists and is disabled.
        Assert.Contains("Wrong email or password.", await wrongPassword.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task SignOut_WithoutAntiforgeryToken_IsRefused()
    {
        await _app.CreateUserAsync("signout@signin.example", Password, AppRoles.Admin);
        var client = NewClient();
        await SignInClient.SignInAsync(client, "signout@signin.example", Password);

        var response = await client.PostAsync("/account/signout", new FormUrlEncodedContent([]));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/users")).StatusCode);
    }
}
