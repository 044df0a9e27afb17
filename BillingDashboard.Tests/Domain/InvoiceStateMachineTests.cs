using BillingDashboard.Domain;
using BillingDashboard.Domain.Invoices;

namespace BillingDashboard.Tests.Domain;

public sealed class InvoiceStateMachineTests
{
    [Theory]
    [InlineData(InvoiceStatus.Draft, InvoiceAction.Finalize, InvoiceStatus.Open)]
    [InlineData(InvoiceStatus.Draft, InvoiceAction.Edit, InvoiceStatus.Draft)]
    [InlineData(InvoiceStatus.Draft, InvoiceAction.Delete, InvoiceStatus.Draft)]
    [InlineData(InvoiceStatus.Open, InvoiceAction.Pay, InvoiceStatus.Paid)]
    [InlineData(InvoiceStatus.Open, InvoiceAction.Void, InvoiceStatus.Void)]
    [InlineData(InvoiceStatus.Open, InvoiceAction.MarkUncollectible, InvoiceStatus.Uncollectible)]
    [InlineData(InvoiceStatus.Uncollectible, InvoiceAction.Pay, InvoiceStatus.Paid)]
    [InlineData(InvoiceStatus.Uncollectible, InvoiceAction.Void, InvoiceStatus.Void)]
    public void Next_AllowedTransition_GivesTheNewStatus(InvoiceStatus from, InvoiceAction action, InvoiceStatus to)
    {
        Assert.True(InvoiceStateMachine.Allows(from, action));
        Assert.Equal(to, InvoiceStateMachine.Next(from, action));
    }

    [Theory]
    [InlineData(InvoiceStatus.Draft, InvoiceAction.Pay, "still a draft: finalize it first")]
    [InlineData(InvoiceStatus.Draft, InvoiceAction.Void, "still a draft")]
    [InlineData(InvoiceStatus.Draft, InvoiceAction.MarkUncollectible, "still a draft")]
    [InlineData(InvoiceStatus.Open, InvoiceAction.Edit, "This invoice is open and can't change")]
    [InlineData(InvoiceStatus.Open, InvoiceAction.Delete, "Only drafts can be deleted; this invoice is open. Void it instead")]
    [InlineData(InvoiceStatus.Open, InvoiceAction.Finalize, "already open")]
    [InlineData(InvoiceStatus.Paid, InvoiceAction.Void, "paid, which is final")]
    [InlineData(InvoiceStatus.Paid, InvoiceAction.Pay, "paid, which is final")]
    [InlineData(InvoiceStatus.Paid, InvoiceAction.MarkUncollectible, "paid, which is final")]
    [InlineData(InvoiceStatus.Paid, InvoiceAction.Edit, "paid and can't change")]
    [InlineData(InvoiceStatus.Void, InvoiceAction.Pay, "void, which is final")]
    [InlineData(InvoiceStatus.Void, InvoiceAction.MarkUncollectible, "void, which is final")]
    [InlineData(InvoiceStatus.Void, InvoiceAction.Delete, "Only drafts can be deleted; this invoice is void")]
    [InlineData(InvoiceStatus.Uncollectible, InvoiceAction.MarkUncollectible, "already marked uncollectible")]
    [InlineData(InvoiceStatus.Uncollectible, InvoiceAction.Finalize, "already uncollectible")]
    public void Next_RefusedTransition_SaysWhyAndWhatToDo(InvoiceStatus from, InvoiceAction action, string message)
    {
        Assert.False(InvoiceStateMachine.Allows(from, action));
        var refusal = Assert.Throws<RuleViolationException>(() => InvoiceStateMachine.Next(from, action));
        Assert.Contains(message, refusal.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Next_EveryStatusAndAction_IsEitherAllowedOrRefusedWithAMessage()
    {
        var allowed = 0;
        foreach (var status in Enum.GetValues<InvoiceStatus>())
        {
            foreach (var action in Enum.GetValues<InvoiceAction>())
            {
                if (InvoiceStateMachine.Allows(status, action))
                {
                    allowed++;
                    continue;
                }
                var refusal = Assert.Throws<RuleViolationException>(() => InvoiceStateMachine.Next(status, action));
                Assert.False(string.IsNullOrWhiteSpace(refusal.Message));
            }
        }
        // Exactly the eight transitions of the diagram.
        Assert.Equal(8, allowed);
    }
}
