using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using BillingDashboard.Features.Developers;
using BillingDashboard.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace BillingDashboard.Tests.Api;

/// <summary>What an integration does: a client holding a fresh secret key, form-encoded bodies, JSON answers.</summary>
internal static class ApiTestClient
{
    /// <param name="address">The app's address when it runs on a real port (AppFactory.StartKestrel), where the in-memory client can't reach.</param>
    public static async Task<HttpClient> CreateAsync(AppFactory app, bool readOnly = false, bool bearer = false, Uri? address = null)
    {
        var key = await app.InScopeAsync(services => services.GetRequiredService<ApiKeyService>().CreateAsync("tests", readOnly));
        var client = address is null
            ? app.CreateClient(new() { AllowAutoRedirect = false })
            : new HttpClient(new HttpClientHandler { AllowAutoRedirect = false }) { BaseAddress = address };
        client.DefaultRequestHeaders.Authorization = bearer
            ? new AuthenticationHeaderValue("Bearer", key.Secret)
            : new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes(key.Secret + ":")));
        return client;
    }

    public static FormUrlEncodedContent Form(params (string Key, string Value)[] fields) =>
        new(fields.Select(field => new KeyValuePair<string, string>(field.Key, field.Value)));

    public static async Task<(HttpStatusCode Status, JsonElement Json)> SendAsync(HttpClient client, HttpMethod method, string path, HttpContent? content = null)
    {
        using var response = await client.SendAsync(new HttpRequestMessage(method, path) { Content = content });
        var text = await response.Content.ReadAsStringAsync();
        return (response.StatusCode, JsonDocument.Parse(text).RootElement.Clone());
    }

    public static string Id(this JsonElement json) => json.GetProperty("id").GetString()!;

    public static string? ErrorMessage(this JsonElement json) => json.GetProperty("error").GetProperty("message").GetString();
}
