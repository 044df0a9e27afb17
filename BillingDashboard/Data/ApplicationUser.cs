using Microsoft.AspNetCore.Identity;

namespace BillingDashboard.Data;

/// <summary>An operator who signs in to the dashboard.</summary>
public sealed class ApplicationUser : IdentityUser
{
    /// <summary>A disabled operator cannot sign in; their history stays attributable to them.</summary>
    public bool IsDisabled { get; set; }

    public DateTimeOffset CreatedAt { get; set; }
}
