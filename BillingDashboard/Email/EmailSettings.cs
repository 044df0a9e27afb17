using BillingDashboard.Domain.Email;
using MailKit.Security;

namespace BillingDashboard.Email;

/// <summary>
/// The <c>Email</c> section of appsettings.json. With <see cref="SmtpSettings.Host"/> set, messages go to that
/// server; without it they are written as .eml files to <see cref="PickupFolder"/> (beside the database unless
/// set), which a person or a mail system can pick up.
/// </summary>
public sealed class EmailSettings
{
    public const string Section = "Email";

    public SmtpSettings Smtp { get; set; } = new();

    /// <summary>The address messages come from; the seller's email in Settings when not set.</summary>
    public string? FromAddress { get; set; }

    public string? PickupFolder { get; set; }

    /// <summary>How many messages are delivered at once, each over a connection of its own (1 to 16).</summary>
    public int Connections { get; set; } = 8;

    public TimeSpan FirstRetryDelay { get; set; } = DeliveryRetry.Default.FirstDelay;

    public TimeSpan MaxRetryDelay { get; set; } = DeliveryRetry.Default.MaxDelay;

    /// <summary>How long a message that can't be delivered is retried before it is marked failed.</summary>
    public TimeSpan GiveUpAfter { get; set; } = DeliveryRetry.Default.GiveUpAfter;

    public bool UsesSmtp => Smtp.Host is { Length: > 0 };

    public DeliveryRetry Retry => new(FirstRetryDelay, MaxRetryDelay, GiveUpAfter);

    /// <summary>The folder for .eml files: configured, or "mail" beside the SQLite file (beside the app on a database server).</summary>
    public string PickupFolderFor(Data.Store store) =>
        PickupFolder is { Length: > 0 } configured ? Path.GetFullPath(configured)
            : Path.Combine(store.LocalFolder ?? Directory.GetCurrentDirectory(), "mail");
}

/// <summary>The mail server. The password is never in appsettings.json: set the environment variable Email__Smtp__Password.</summary>
public sealed class SmtpSettings
{
    public string? Host { get; set; }

    public int Port { get; set; } = 587;

    /// <summary>None, Auto, SslOnConnect, StartTls or StartTlsWhenAvailable; STARTTLS unless set, so nothing goes out in the clear by default.</summary>
    public SecureSocketOptions Security { get; set; } = SecureSocketOptions.StartTls;

    public string? User { get; set; }

    public string? Password { get; set; }

    /// <summary>How long to wait for the server before counting an attempt as failed.</summary>
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(30);
}
