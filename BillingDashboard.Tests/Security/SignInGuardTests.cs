using System.Diagnostics;
using System.Net;
using System.Text.RegularExpressions;
using BillingDashboard.Features.Users;
using BillingDashboard.Hosting;
using BillingDashboard.Tests.Infrastructure;

namespace BillingDashboard.Tests.Security;

/// <summary>
/// Guessing passwords, from one address and from many, over the real sign-in form on a real port. The app trusts
/// 127.0.0.1 as its proxy here, so each request's X-Forwarded-For stands for a different client.
/// </summary>
public sealed partial class SignInGuardTests(Xunit.Abstractions.ITestOutputHelper output) : IAsyncLifetime
{
    private const string Password = "correct horse battery staple";
    private readonly AppFactory _app = new();
    private Uri _address = default!;

    public Task InitializeAsync()
    {
        _app.Settings[TrustedProxies.Setting + ":0"] = "127.0.0.1";
        _app.Settings.Remove(SignInLimits.AttemptsSetting);
        _address = _app.StartKestrel();
        return Task.CompletedTask;
    }

    public async Task DisposeAsync() => await _app.DisposeAsync();

    /// <summary>A browser of its own: cookies kept, redirects not followed, and the form's antiforgery token read once.</summary>
    private async Task<(HttpClient Client, string Token)> BrowserAsync()
    {
        var client = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false, UseCookies = true }) { BaseAddress = _address };
        var page = await client.GetStringAsync("/account/signin");
        return (client, WebUtility.HtmlDecode(AntiforgeryToken().Match(page).Groups[1].Value));
    }

    private static async Task<(HttpStatusCode Status, string Body, TimeSpan Took)> SignInAsync((HttpClient Client, string Token) browser, string from,
        string email, string password)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/account/signin")
        {
            Content = new FormUrlEncodedContent(new Dictionary<string, string>
            {
                ["_handler"] = "signin", ["__RequestVerificationToken"] = browser.Token, ["Input.Email"] = email, ["Input.Password"] = password,
            }),
        };
        request.Headers.Add("X-Forwarded-For", from);
        var watch = Stopwatch.StartNew();
        using var response = await browser.Client.SendAsync(request);
        var body = await response.Content.ReadAsStringAsync();
        return (response.StatusCode, body, watch.Elapsed);
    }

    [Fact]
    public async Task GuessesFromOneAddress_NeverLockTheAdmin_WhoStillSignsIn()
    {
        await _app.CreateUserAsync("admin@guard.example", Password, AppRoles.Admin);
        var attacker = await BrowserAsync();

        var guesses = new List<(HttpStatusCode Status, string Body, TimeSpan Took)>();
        for (var guess = 0; guess < 12; guess++)
        {
            guesses.Add(await SignInAsync(attacker, "203.0.113.7", "admin@guard.example", $"guess number {guess}"));
        }
        var admin = await SignInAsync(await BrowserAsync(), "198.51.100.10", "admin@guard.example", Password);

        Assert.All(guesses.Take(SignInLimits.FailuresPerAccountAndAddress), guess => Assert.Contains(OperatorSignIn.WrongEmailOrPassword, guess.Body, StringComparison.Ordinal));
        Assert.All(guesses.Skip(SignInLimits.FailuresPerAccountAndAddress), guess =>
        {
            Assert.Equal(HttpStatusCode.TooManyRequests, guess.Status);
            Assert.Contains(OperatorSignIn.TooMany, guess.Body, StringComparison.Ordinal);
        });
        Assert.DoesNotContain(guesses, guess => guess.Body.Contains("locked", StringComparison.OrdinalIgnoreCase));
        // The form comes back with the email, never with the password typed.
        Assert.Contains("admin@guard.example", guesses[0].Body, StringComparison.Ordinal);
        Assert.DoesNotContain("guess number 0", guesses[0].Body, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Redirect, admin.Status);
    }

    [Fact]
    public async Task OneAddress_TryingManyAccounts_IsHeldToItsAttemptsPerMinute()
    {
        await _app.CreateUserAsync("sprayed0@guard.example", Password, AppRoles.Viewer);
        var spray = await BrowserAsync();
        var answers = new List<HttpStatusCode>();
        for (var account = 0; account < SignInLimits.DefaultAttemptsPerAddressPerMinute + 3; account++)
        {
            answers.Add((await SignInAsync(spray, "203.0.113.99", $"sprayed{account}@guard.example", "Winter2026!")).Status);
        }

        Assert.All(answers.Take(SignInLimits.DefaultAttemptsPerAddressPerMinute), status => Assert.Equal(HttpStatusCode.OK, status));
        Assert.All(answers.Skip(SignInLimits.DefaultAttemptsPerAddressPerMinute), status => Assert.Equal(HttpStatusCode.TooManyRequests, status));
    }

    [Fact]
    public async Task GuessesSpreadOverManyAddresses_StillLockTheAccount_AndOnlyTheRightPasswordLearnsIt()
    {
        await _app.CreateUserAsync("spread@guard.example", Password, AppRoles.Viewer);
        for (var address = 1; address <= 5; address++)
        {
            var guess = await SignInAsync(await BrowserAsync(), $"192.0.2.{address}", "spread@guard.example", "not the password");
            Assert.Contains(OperatorSignIn.WrongEmailOrPassword, guess.Body, StringComparison.Ordinal);
        }

        var wrongButLocked = await SignInAsync(await BrowserAsync(), "192.0.2.6", "spread@guard.example", "still not it");
        var rightButLocked = await SignInAsync(await BrowserAsync(), "192.0.2.7", "spread@guard.example", Password);

        Assert.Contains(OperatorSignIn.WrongEmailOrPassword, wrongButLocked.Body, StringComparison.Ordinal);
        Assert.Contains("This account is locked", rightButLocked.Body, StringComparison.Ordinal);
        Assert.Matches(@"Try again after \d{4}-\d{2}-\d{2} \d{2}:\d{2} UTC", rightButLocked.Body);
    }

    [Fact]
    public async Task UnknownAndKnownEmails_GetTheSameAnswer_InAboutTheSameTime()
    {
        await _app.CreateUserAsync("known@guard.example", Password, AppRoles.Viewer);
        var browser = await BrowserAsync();
        var known = new List<double>();
        var unknown = new List<double>();
        string? knownAnswer = null, unknownAnswer = null;

        for (var attempt = 0; attempt < 50; attempt++)
        {
            // Alternated, each from its own address, and each first in turn, so that the limits and the machine's
            // noise treat both alike.
            Task<(HttpStatusCode Status, string Body, TimeSpan Took)> Known() =>
                SignInAsync(browser, $"10.1.{attempt / 200}.{attempt % 200 + 1}", "known@guard.example", "not the password");
            Task<(HttpStatusCode Status, string Body, TimeSpan Took)> Unknown() =>
                SignInAsync(browser, $"10.2.{attempt / 200}.{attempt % 200 + 1}", $"nobody{attempt}@guard.example", "not the password");
            (HttpStatusCode Status, string Body, TimeSpan Took) a, b;
            if (attempt % 2 == 0)
            {
                a = await Known();
                b = await Unknown();
            }
            else
            {
                b = await Unknown();
                a = await Known();
            }
            known.Add(a.Took.TotalMilliseconds);
            unknown.Add(b.Took.TotalMilliseconds);
            knownAnswer = ErrorOf(a.Body);
            unknownAnswer = ErrorOf(b.Body);
        }

        Assert.Equal(OperatorSignIn.WrongEmailOrPassword, knownAnswer);
        Assert.Equal(unknownAnswer, knownAnswer);
        double Median(List<double> values) => values.Order().ElementAt(values.Count / 2);
        var (medianKnown, medianUnknown) = (Median(known), Median(unknown));
        output.WriteLine($"Median sign-in answer: known email {medianKnown:F1} ms, unknown email {medianUnknown:F1} ms.");
        // A password hash takes tens of milliseconds and an unknown email's answer without one takes one or two: a
        // leak is a ratio of ten or more. Within half again of each other leaves room for a shared machine's noise,
        // which moved one median 25% from the other in a CI run while the suite's other tests ran beside this one.
        Assert.True(Math.Max(medianKnown, medianUnknown) <= 1.5 * Math.Min(medianKnown, medianUnknown),
            $"Median known {medianKnown:F1} ms, unknown {medianUnknown:F1} ms.");
    }

    private static string? ErrorOf(string page) => AlertText().Match(page) is { Success: true } alert ? WebUtility.HtmlDecode(alert.Groups[1].Value) : null;

    [GeneratedRegex("name=\"__RequestVerificationToken\" value=\"([^\"]+)\"")]
    private static partial Regex AntiforgeryToken();

    [GeneratedRegex("<div class=\"form-alert\" role=\"alert\">([^<]*)</div>")]
    private static partial Regex AlertText();
}
