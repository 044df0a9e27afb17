using BillingDashboard.Domain;
using BillingDashboard.Domain.Sources;

namespace BillingDashboard.Tests.Domain;

public sealed class SourceStateMachineTests
{
    [Theory]
    [InlineData(SourceStatus.Pending, SourceEvent.Authorize, SourceStatus.Chargeable)]
    [InlineData(SourceStatus.Pending, SourceEvent.FailAuthorization, SourceStatus.Failed)]
    [InlineData(SourceStatus.Pending, SourceEvent.Cancel, SourceStatus.Canceled)]
    [InlineData(SourceStatus.Pending, SourceEvent.Detach, SourceStatus.Consumed)]
    [InlineData(SourceStatus.Chargeable, SourceEvent.ConsumeByCharge, SourceStatus.Consumed)]
    [InlineData(SourceStatus.Chargeable, SourceEvent.Detach, SourceStatus.Consumed)]
    [InlineData(SourceStatus.Chargeable, SourceEvent.Cancel, SourceStatus.Canceled)]
    [InlineData(SourceStatus.Failed, SourceEvent.Detach, SourceStatus.Failed)]
    [InlineData(SourceStatus.Canceled, SourceEvent.Detach, SourceStatus.Canceled)]
    public void Next_AllowedMove_GivesTheNewStatus(SourceStatus from, SourceEvent change, SourceStatus to)
    {
        Assert.True(SourceStateMachine.Allows(from, change));
        Assert.Equal(to, SourceStateMachine.Next(from, change));
    }

    [Theory]
    [InlineData(SourceStatus.Chargeable, SourceEvent.Authorize)]
    [InlineData(SourceStatus.Pending, SourceEvent.ConsumeByCharge)]
    [InlineData(SourceStatus.Consumed, SourceEvent.ConsumeByCharge)]
    [InlineData(SourceStatus.Consumed, SourceEvent.Detach)]
    [InlineData(SourceStatus.Consumed, SourceEvent.Cancel)]
    [InlineData(SourceStatus.Failed, SourceEvent.Authorize)]
    [InlineData(SourceStatus.Canceled, SourceEvent.ConsumeByCharge)]
    public void Next_FinalOrWrongStatus_IsRefusedNamingTheStatus(SourceStatus from, SourceEvent change)
    {
        Assert.False(SourceStateMachine.Allows(from, change));
        var refusal = Assert.Throws<RuleViolationException>(() => SourceStateMachine.Next(from, change));
        Assert.Contains(from.ToApiValue(), refusal.Message, StringComparison.Ordinal);
    }
}
