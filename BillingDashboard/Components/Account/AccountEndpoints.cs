using BillingDashboard.Data;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Identity;

namespace BillingDashboard.Components.Account;

internal static class AccountEndpoints
{
    public static void MapAccountEndpoints(this IEndpointRouteBuilder endpoints)
    {
        // A form post with an antiforgery token rather than a link, so that another site cannot sign an operator out.
        endpoints.MapPost("/account/signout", async (HttpContext context, IAntiforgery antiforgery, SignInManager<ApplicationUser> signIn) =>
        {
            if (!await antiforgery.IsRequestValidAsync(context))
            {
                return Results.BadRequest("The sign-out form has expired; reload the page and try again.");
            }
            // A new security stamp ends every copy of this user's session, not only this browser's cookie.
            if (await signIn.UserManager.GetUserAsync(context.User) is { } user)
            {
                await signIn.UserManager.UpdateSecurityStampAsync(user);
            }
            await signIn.SignOutAsync();
            return Results.LocalRedirect("/account/signin");
        }).DisableAntiforgery(); // validated explicitly above, where the failure gets a readable answer
    }
}
