using MudBlazor;

namespace BillingDashboard.Components.Shared;

/// <summary>What a status asks of the operator, which a badge shows as a colour and an icon beside its word.</summary>
public enum StatusTone
{
    /// <summary>Nothing to do, nothing wrong (a draft, a consumed source).</summary>
    Neutral,

    /// <summary>Waiting on someone else (an open invoice).</summary>
    Info,

    Success,

    /// <summary>Needs a look (a pending source).</summary>
    Warning,

    /// <summary>Failed or ended badly.</summary>
    Danger,
}

/// <summary>How a badge draws each tone: a colour, and an icon so that the colour is never the only sign.</summary>
public static class StatusTones
{
    public static Color ColorOf(this StatusTone tone) => tone switch
    {
        StatusTone.Neutral => Color.Default,
        StatusTone.Info => Color.Info,
        StatusTone.Success => Color.Success,
        StatusTone.Warning => Color.Warning,
        StatusTone.Danger => Color.Error,
    };

    public static string IconOf(this StatusTone tone) => tone switch
    {
        StatusTone.Neutral => Icons.Material.Outlined.Circle,
        StatusTone.Info => Icons.Material.Outlined.Schedule,
        StatusTone.Success => Icons.Material.Filled.CheckCircle,
        StatusTone.Warning => Icons.Material.Filled.WarningAmber,
        StatusTone.Danger => Icons.Material.Filled.Block,
    };
}
