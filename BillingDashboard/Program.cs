using BillingDashboard.Api;
using BillingDashboard.Components;
using BillingDashboard.Components.Account;
using BillingDashboard.Components.Shared;
using BillingDashboard.Data;
using BillingDashboard.Data.Seeding;
using BillingDashboard.Email;
using BillingDashboard.Features.Balance;
using BillingDashboard.Features.Coupons;
using BillingDashboard.Features.CreditNotes;
using BillingDashboard.Features.Customers;
using BillingDashboard.Features.Developers;
using BillingDashboard.Features.Events;
using BillingDashboard.Features.Export;
using BillingDashboard.Features.Import;
using BillingDashboard.Features.Invoices;
using BillingDashboard.Features.Payments;
using BillingDashboard.Features.Settings;
using BillingDashboard.Features.TaxIds;
using BillingDashboard.Features.TaxRates;
using BillingDashboard.Features.Users;
using BillingDashboard.Features.Webhooks;
using BillingDashboard.Hosting;
using BillingDashboard.Pdf;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using MudBlazor.Services;

var builder = WebApplication.CreateBuilder(args);

// Serve the static files of packages (MudBlazor) from the build output in every environment, not only Development.
builder.WebHost.UseStaticWebAssets();

builder.Services.AddRazorComponents().AddInteractiveServerComponents();
builder.Services.AddMudServices(options =>
{
    // Messages stay long enough to be read (WCAG 2.2.1) and can be closed; errors stay until closed (SnackbarExtensions).
    options.SnackbarConfiguration.VisibleStateDuration = 10_000;
    options.SnackbarConfiguration.ShowCloseIcon = true;
    options.SnackbarConfiguration.PositionClass = MudBlazor.Defaults.Classes.Position.BottomRight;
});
builder.Services.AddSingleton(TimeProvider.System);
builder.Services.ConfigureHttpJsonOptions(options => ApiJson.Configure(options.SerializerOptions));

// Store
var store = Store.FromConfiguration(builder.Configuration);
builder.Services.AddSingleton(store);
// Pooled: services create a context per operation, and the API several per request; setting up a fresh one was
// 8% of a GET /v1/customers/{id} in the profile.
builder.Services.AddPooledDbContextFactory<BillingDbContext>(store.Configure);
// Writes that share the store's one writer (group commit on SQLite: Data/StoreWriter.cs).
builder.Services.AddSingleton<StoreWriter>();
// Identity's stores and the start-up migration take the context itself.
builder.Services.AddScoped(services => services.GetRequiredService<IDbContextFactory<BillingDbContext>>().CreateDbContext());

// Sign-in
builder.Services.AddKeyRing(builder.Configuration);
builder.Services.AddCascadingAuthenticationState();
builder.Services.AddScoped<AuthenticationStateProvider, RevalidatingIdentityStateProvider>();
builder.Services.AddAuthentication(options =>
    {
        options.DefaultScheme = IdentityConstants.ApplicationScheme;
        options.DefaultSignInScheme = IdentityConstants.ExternalScheme;
    })
    .AddIdentityCookies();
builder.Services.AddAuthentication().AddScheme<AuthenticationSchemeOptions, ApiKeyAuthentication>(ApiKeyAuthentication.SchemeName, _ => { });
builder.Services.AddIdentityCore<ApplicationUser>(options =>
    {
        options.User.RequireUniqueEmail = true;
        options.Password.RequiredLength = 12;
        options.Password.RequireNonAlphanumeric = false;
        options.Password.RequireUppercase = false;
        options.Password.RequireLowercase = false;
        options.Password.RequireDigit = false;
        options.Lockout.MaxFailedAccessAttempts = 5;
        options.Lockout.DefaultLockoutTimeSpan = TimeSpan.FromMinutes(15);
        options.Lockout.AllowedForNewUsers = true;
    })
    .AddRoles<IdentityRole>()
    .AddEntityFrameworkStores<BillingDbContext>()
    .AddSignInManager<OperatorSignInManager>()
    .AddDefaultTokenProviders();
builder.Services.ConfigureApplicationCookie(options =>
{
    options.LoginPath = "/account/signin";
    options.AccessDeniedPath = "/account/denied";
    options.Cookie.Name = "billing.session";
    options.Cookie.HttpOnly = true;
    options.Cookie.SameSite = SameSiteMode.Strict;
    // Secure whenever the request came over HTTPS (directly, or through a trusted proxy).
    options.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
    options.ExpireTimeSpan = TimeSpan.FromHours(12);
    options.SlidingExpiration = true;
});
builder.Services.AddAntiforgery(options => options.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest);
// Checked on every request, so that signing out or a password reset (both change the stamp) ends every copy of a session.
builder.Services.Configure<SecurityStampValidatorOptions>(options => options.ValidationInterval = TimeSpan.Zero);
builder.Services.AddAuthorization(options =>
{
    // Nothing but what is marked [AllowAnonymous] (sign-in, setup, static files) is reachable without a session.
    options.FallbackPolicy = new AuthorizationPolicyBuilder().RequireAuthenticatedUser().Build();
});

// Features
builder.Services.AddScoped<CurrentOperator>();
// Who made each change, for its event (Domain/Events/ChangeOrigin.cs).
builder.Services.AddChangeOrigins();
builder.Services.AddSingleton<EventLog>();
builder.Services.AddScoped<EventService>();
// Webhooks: queued with each event, delivered in the background (Features/Webhooks/WebhookSender.cs).
builder.Services.Configure<WebhookSettings>(builder.Configuration.GetSection(WebhookSettings.Section));
builder.Services.AddSingleton<WebhookTargets>();
builder.Services.AddScoped<WebhookEndpointService>();
builder.Services.AddHostedService<WebhookSender>();
builder.Services.AddSingleton<SignInLimits>();
builder.Services.AddScoped<OperatorSignIn>();
builder.Services.AddScoped<UserAdministration>();
builder.Services.AddScoped<CustomerService>();
builder.Services.AddScoped<KeyboardShortcuts>();
builder.Services.AddScoped<CustomerBulkLoader>();
builder.Services.AddScoped<CustomerExport>();
builder.Services.AddScoped<CustomerImporter>();
builder.Services.AddSingleton<ExportDownloads>();
builder.Services.AddScoped<TaxIdService>();
builder.Services.AddScoped<TaxRateService>();
builder.Services.AddScoped<CouponService>();
builder.Services.AddScoped<CustomerBalanceService>();
builder.Services.AddSingleton<PaymentSecrets>();
builder.Services.AddSingleton<BillingDashboard.Domain.Cards.IFingerprints>(services => services.GetRequiredService<PaymentSecrets>());
builder.Services.AddScoped<PaymentService>();
builder.Services.AddScoped<PaymentMethodService>();
builder.Services.AddScoped<InvoiceService>();
builder.Services.AddScoped<CreditNoteService>();
builder.Services.AddScoped<InvoicePdfService>();
builder.Services.AddScoped<InvoiceExport>();
// Fonts are looked up once: the system folders, then the one configured (Pdf:FontFolder) for fonts the system lacks.
builder.Services.AddSingleton(services => new FontCatalog(
    [.. FontCatalog.SystemFolders, .. services.GetRequiredService<IConfiguration>()["Pdf:FontFolder"] is { Length: > 0 } folder ? [folder] : Array.Empty<string>()]));
// Email: written to the outbox with the change that causes it, delivered in the background (Email/OutboxSender.cs).
builder.Services.Configure<EmailSettings>(builder.Configuration.GetSection(EmailSettings.Section));
builder.Services.AddSingleton<IMailTransport>(services =>
{
    var email = services.GetRequiredService<Microsoft.Extensions.Options.IOptions<EmailSettings>>().Value;
    return email.UsesSmtp ? new SmtpTransport(email.Smtp) : new PickupFolderTransport(email.PickupFolderFor(store));
});
builder.Services.AddSingleton<OutboxSignal>();
builder.Services.AddHostedService<OutboxSender>();
builder.Services.AddScoped<AccountSettingsService>();
builder.Services.AddScoped<ApiKeyService>();
builder.Services.AddSingleton<ApiKeyCache>();
builder.Services.AddHostedService<ApiKeyRevocations>();
builder.Services.AddSingleton<ApiRateLimit>();

var app = builder.Build();

await app.Services.InitializeDatabaseAsync();
// The payments key is read (or made) now: a key that is missing or broken stops the start, not a payment later.
app.Services.GetRequiredService<PaymentSecrets>();

if (CommandLine.IsVerb(args))
{
    return await CommandLine.RunAsync(app.Services, args, Console.Out, Console.Error);
}

app.UseTrustedProxies();
if (!app.Environment.IsDevelopment())
{
    app.UseExceptionHandler("/error", createScopeForErrors: true);
    // Sent on HTTPS answers only: over plain HTTP it would mean nothing.
    app.UseHsts();
}
app.UseSecurityHeaders();
// An address that leads nowhere shows the not-found page with its 404, not an empty answer.
app.UseStatusCodePagesWithReExecute("/not-found", createScopeForStatusCodePages: true);
app.UseApiRequestLog();
app.UseRequestBodyLimits();
app.UseAuthentication();
app.UseAuthorization();
app.UseChangeOrigins();
app.UseAntiforgery();

app.MapStaticAssets().AllowAnonymous();
app.MapRazorComponents<App>().AddInteractiveServerRenderMode();
app.MapAccountEndpoints();
app.MapCsvExports();
app.MapPdfDownloads();
app.MapV1Api();
// For a load balancer: the store answers and its schema is this build's. Says nothing else, so it needs no sign-in.
app.MapGet("/healthz", async (HttpContext context) => await context.RequestServices.WhyUnhealthyAsync(context.RequestAborted) is { } why
    ? Results.Text($"unhealthy: {why}", statusCode: StatusCodes.Status503ServiceUnavailable)
    : Results.Text("ok")).AllowAnonymous();

await app.RunAsync();
return 0;

/// <summary>The entry point, visible to the test project's WebApplicationFactory.</summary>
public partial class Program;
