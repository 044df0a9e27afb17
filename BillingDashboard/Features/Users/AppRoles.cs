namespace BillingDashboard.Features.Users;

/// <summary>The two operator roles. Admins do everything; Viewers read and export, and every change is refused.</summary>
public static class AppRoles
{
    public const string Admin = "Admin";
    public const string Viewer = "Viewer";

    public static readonly IReadOnlyList<string> All = [Admin, Viewer];

    public static bool IsKnown(string? role) => role is Admin or Viewer;

    public static string Describe(string role) => role switch
    {
        Admin => "Admin: everything, including users and settings",
        Viewer => "Viewer: reads and exports; cannot change anything",
        _ => role,
    };
}
