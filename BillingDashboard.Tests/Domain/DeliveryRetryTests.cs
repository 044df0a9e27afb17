using BillingDashboard.Domain.Email;
using BillingDashboard.Email;
using BillingDashboard.Pdf;

namespace BillingDashboard.Tests.Domain;

public sealed class DeliveryRetryTests
{
    private static readonly DateTimeOffset Written = new(2026, 11, 30, 9, 0, 0, TimeSpan.Zero);

    [Fact]
    public void NextAttempt_DoublesFromAMinute_UpToAnHour()
    {
        var retry = DeliveryRetry.Default;
        var delays = Enumerable.Range(1, 9).Select(attempts => retry.NextAttempt(Written, attempts, Written)!.Value - Written).ToList();

        Assert.Equal([1, 2, 4, 8, 16, 32, 60, 60, 60], delays.Select(delay => delay.TotalMinutes));
    }

    [Fact]
    public void NextAttempt_KeepsTryingForMoreThanADay_AndTheLastAttemptFallsOnTheDeadline()
    {
        var retry = DeliveryRetry.Default;

        Assert.True(retry.GiveUpAfter >= TimeSpan.FromHours(24));
        Assert.NotNull(retry.NextAttempt(Written, 40, Written.AddHours(30)));
        Assert.Equal(Written + retry.GiveUpAfter, retry.NextAttempt(Written, 80, Written + retry.GiveUpAfter - TimeSpan.FromMinutes(5)));
        Assert.Null(retry.NextAttempt(Written, 81, Written + retry.GiveUpAfter));
    }

    [Fact]
    public void AFailedAttempt_WaitsWhenTheFailureMayPass_AndFailsForGoodWhenRefusedOrTooOld()
    {
        var retry = DeliveryRetry.Default;
        var down = Message();
        down.MarkAttemptFailed(Written, "Could not reach the mail server", permanent: false, retry);
        Assert.Equal((OutboxStatus.Queued, 1, Written.AddMinutes(1)), (down.Status, down.Attempts, down.NextAttemptAt));

        var refused = Message();
        refused.MarkAttemptFailed(Written, "550 mailbox unavailable", permanent: true, retry);
        Assert.Equal((OutboxStatus.Failed, "550 mailbox unavailable"), (refused.Status, refused.Reply));

        var old = Message();
        old.MarkAttemptFailed(Written.AddDays(4), "421 try later", permanent: false, retry);
        Assert.Equal(OutboxStatus.Failed, old.Status);
        Assert.EndsWith("Last reply: 421 try later", old.Reply, StringComparison.Ordinal);
    }

    [Fact]
    public void EveryLanguageTheInvoicesArePrintedIn_HasEveryEmail()
    {
        foreach (var language in InvoiceLocales.Supported)
        {
            foreach (var kind in Enum.GetValues<EmailKind>())
            {
                var text = EmailTexts.For(language, kind);
                foreach (var placeholder in new[] { "{0}", "{1}", "{2}", "{3}" })
                {
                    Assert.Contains(placeholder, text.Subject + text.Body, StringComparison.Ordinal);
                }
                // {4} is the decline's reason, or the invoice a credit note credits: only those two kinds say it.
                Assert.Equal(kind is EmailKind.PaymentFailed or EmailKind.CreditNote, text.Body.Contains("{4}", StringComparison.Ordinal));
            }
        }
    }

    private static OutboxMessage Message() => new()
    {
        Id = "em_test", Kind = EmailKind.Invoice, CustomerId = "cus_test", To = "a@b.example", SenderName = "Seller", Language = "en",
        Subject = "Invoice", Body = "Body", Created = Written,
    };
}
