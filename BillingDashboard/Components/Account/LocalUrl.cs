namespace BillingDashboard.Components.Account;

internal static class LocalUrl
{
    /// <summary>
    /// The return address after sign-in, if it stays on this site; otherwise the Customers page.
    /// Refusing "//host" and "/\host" stops the sign-in page from being used to send people elsewhere.
    /// </summary>
    public static string OrHome(string? returnUrl) =>
        returnUrl is { Length: > 0 } url && url[0] == '/' && (url.Length == 1 || (url[1] != '/' && url[1] != '\\'))
            ? url
            : "/customers";
}
