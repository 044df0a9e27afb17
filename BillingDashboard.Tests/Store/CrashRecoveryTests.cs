using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Sockets;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.Data.Sqlite;

namespace BillingDashboard.Tests.Store;

/// <summary>
/// The app as its own process, killed with SIGKILL (no shutdown, no flush) while integrations write through /v1,
/// then started again over the same SQLite file: nothing it answered as saved may be missing, and the file must be
/// intact. This is what the shared writer's promise rests on: an answer only after the commit.
/// </summary>
public sealed partial class CrashRecoveryTests : IDisposable
{
    private const int Writers = 8;

    private readonly string _folder = Directory.CreateTempSubdirectory("billing-crash-").FullName;

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        Directory.Delete(_folder, recursive: true);
    }

    [Fact]
    public async Task SigKill_DuringAWriteLoad_KeepsEveryAnsweredWrite_AndLeavesTheFileIntact()
    {
        var secret = SecretKey().Match(await RunToEndAsync("apikey", "create", "--name", "crash")).Value;
        Assert.NotEmpty(secret);

        var port = FreePort();
        using var client = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}"), Timeout = TimeSpan.FromSeconds(30) };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", secret);
        var answered = new System.Collections.Concurrent.ConcurrentBag<string>();
        using (var app = Start("--urls", client.BaseAddress.ToString()))
        {
            await WaitUntilHealthyAsync(client);
            using var stop = new CancellationTokenSource();
            var writers = Enumerable.Range(0, Writers).Select(writer => Task.Run(async () =>
            {
                for (var index = 0; !stop.IsCancellationRequested; index++)
                {
                    try
                    {
                        using var response = await client.PostAsync("/v1/customers", new FormUrlEncodedContent(new Dictionary<string, string>
                        {
                            ["email"] = $"crash-{writer}-{index}@load.example",
                            ["name"] = $"Crash Load {writer} {index}",
                        }));
                        if (response.StatusCode == HttpStatusCode.OK)
                        {
                            answered.Add(JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("id").GetString()!);
                        }
                    }
                    catch (Exception failure) when (failure is HttpRequestException or TaskCanceledException or IOException)
                    {
                        // The app is gone mid-request: this write was never answered, so it may or may not be stored.
                    }
                }
            })).ToList();
            try
            {
                var loading = Stopwatch.StartNew();
                while (answered.Count < 200)
                {
                    Assert.True(loading.Elapsed < TimeSpan.FromSeconds(60), $"Only {answered.Count} writes were answered in 60 s.");
                    await Task.Delay(20);
                }
                await app.KillAsync();
            }
            finally
            {
                await stop.CancelAsync();
                await Task.WhenAll(writers);
            }
        }

        using (Start("--urls", client.BaseAddress.ToString()))
        {
            await WaitUntilHealthyAsync(client);
            using var retrieved = await client.GetAsync($"/v1/customers/{answered.First()}");
            Assert.Equal(HttpStatusCode.OK, retrieved.StatusCode);

            await using var database = new SqliteConnection($"Data Source={Path.Combine(_folder, "billing.db")};Mode=ReadOnly;Pooling=False");
            await database.OpenAsync();
            await using var command = database.CreateCommand();
            command.CommandText = "PRAGMA integrity_check";
            Assert.Equal("ok", await command.ExecuteScalarAsync());
            command.CommandText = "SELECT \"Id\" FROM \"Customers\"";
            var stored = new HashSet<string>(StringComparer.Ordinal);
            await using var reader = await command.ExecuteReaderAsync();
            while (await reader.ReadAsync())
            {
                stored.Add(reader.GetString(0));
            }
            var lost = answered.Where(id => !stored.Contains(id)).ToList();
            Assert.True(lost.Count == 0, $"{lost.Count} of {answered.Count} answered writes are missing after the crash.");
        }
    }

    /// <summary>The app serving, its output read and dropped (a full pipe would stall it); killed when disposed, so that no test leaves it running.</summary>
    private RunningApp Start(params string[] arguments)
    {
        var process = Process.Start(App(arguments))!;
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return new RunningApp(process);
    }

    private sealed class RunningApp(Process process) : IDisposable
    {
        /// <summary>SIGKILL: no shutdown, no flush.</summary>
        public async Task KillAsync()
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
        }

        public void Dispose()
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
                process.WaitForExit();
            }
            process.Dispose();
        }
    }

    /// <summary>A command of the app's command line, run to its end; its output.</summary>
    private async Task<string> RunToEndAsync(params string[] arguments)
    {
        using var process = Process.Start(App(arguments))!;
        var output = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        Assert.True(process.ExitCode == 0, $"{string.Join(' ', arguments)} failed: {await output}{await errors}");
        return await output;
    }

    /// <summary>The app's own assembly, run by dotnet as an operator would run it, in the test's folder, over its SQLite file.</summary>
    private ProcessStartInfo App(string[] arguments)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = _folder,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            Environment =
            {
                ["ConnectionStrings__Billing"] = $"Data Source={Path.Combine(_folder, "billing.db")}",
                ["Api__RateLimit__PerSecond"] = "0",
                ["Logging__LogLevel__Default"] = "Warning",
            },
        };
        start.ArgumentList.Add(typeof(Program).Assembly.Location);
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }
        return start;
    }

    private static async Task WaitUntilHealthyAsync(HttpClient client)
    {
        var waited = Stopwatch.StartNew();
        while (true)
        {
            try
            {
                using var response = await client.GetAsync("/healthz");
                if (response.IsSuccessStatusCode)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }
            Assert.True(waited.Elapsed < TimeSpan.FromSeconds(60), "The app did not start within 60 s.");
            await Task.Delay(100);
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    [GeneratedRegex(@"sk_test_\w+")]
    private static partial Regex SecretKey();
}
