using BillingDashboard.Data;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;

namespace BillingDashboard.Features.Users;

/// <summary>
/// Identity's sign-in, plus two rules of ours: a disabled operator cannot sign in, and an unknown email costs the
/// time a password check costs, so that the time of the answer doesn't tell whether an account exists.
/// </summary>
public sealed class OperatorSignInManager(
    UserManager<ApplicationUser> userManager,
    IHttpContextAccessor contextAccessor,
    IUserClaimsPrincipalFactory<ApplicationUser> claimsFactory,
    IOptions<IdentityOptions> optionsAccessor,
    ILogger<SignInManager<ApplicationUser>> logger,
    IAuthenticationSchemeProvider schemes,
    IUserConfirmation<ApplicationUser> confirmation)
    : SignInManager<ApplicationUser>(userManager, contextAccessor, claimsFactory, optionsAccessor, logger, schemes, confirmation)
{
    public override async Task<bool> CanSignInAsync(ApplicationUser user) =>
        !user.IsDisabled && await base.CanSignInAsync(user);

    /// <summary>A hash of nothing anyone knows, checked against when there is no account: made once, with the app's own hasher.</summary>
    private static string? _absentAccountHash;

    public override async Task<SignInResult> PasswordSignInAsync(string userName, string password, bool isPersistent, bool lockoutOnFailure)
    {
        if (await UserManager.FindByNameAsync(userName) is { } user)
        {
            return await PasswordSignInAsync(user, password, isPersistent, lockoutOnFailure);
        }
        var nobody = new ApplicationUser();
        _absentAccountHash ??= UserManager.PasswordHasher.HashPassword(nobody, Convert.ToBase64String(System.Security.Cryptography.RandomNumberGenerator.GetBytes(32)));
        UserManager.PasswordHasher.VerifyHashedPassword(nobody, _absentAccountHash, password);
        return SignInResult.Failed;
    }
}
