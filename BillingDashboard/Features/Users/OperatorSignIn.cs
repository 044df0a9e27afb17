using System.Globalization;
using BillingDashboard.Data;
using Microsoft.AspNetCore.Identity;

namespace BillingDashboard.Features.Users;

/// <summary>What signing in came to: in, or the message to show.</summary>
public sealed record SignInAttempt(bool Succeeded, string? Error = null, bool TooManyAttempts = false);

/// <summary>
/// Signing in with a password, so that the answer gives nothing away: an unknown email, a wrong password, and a
/// locked or disabled account whose password was not given all get the same words in about the same time (the
/// password is hashed in every case). Only someone who typed the right password learns that the account is locked
/// or disabled. <see cref="SignInLimits"/> decides first whether the address may try at all.
/// </summary>
public sealed class OperatorSignIn(SignInManager<ApplicationUser> signIn, SignInLimits limits)
{
    public const string WrongEmailOrPassword = "Wrong email or password.";
    public const string TooMany = "Too many sign-in attempts from your address. Wait a few minutes and try again.";

    public async Task<SignInAttempt> SignInAsync(string? address, string email, string password)
    {
        address ??= "unknown";
        if (!limits.TryAttempt(address, email))
        {
            return new SignInAttempt(false, TooMany, TooManyAttempts: true);
        }
        var result = await signIn.PasswordSignInAsync(email, password, isPersistent: false, lockoutOnFailure: true);
        if (result.Succeeded)
        {
            limits.Succeeded(address, email);
            return new SignInAttempt(true);
        }
        limits.Failed(address, email);
        if (!result.IsLockedOut && !result.IsNotAllowed)
        {
            return new SignInAttempt(false, WrongEmailOrPassword);
        }
        // Refused before the password was checked: check it now, so that the time and the words are the same as
        // for a wrong password unless the password is right.
        var user = await signIn.UserManager.FindByNameAsync(email);
        if (user is null || !await signIn.UserManager.CheckPasswordAsync(user, password))
        {
            return new SignInAttempt(false, WrongEmailOrPassword);
        }
        return new SignInAttempt(false, result.IsLockedOut
            ? $"This account is locked after too many failed sign-ins. Try again after " +
              $"{user.LockoutEnd?.UtcDateTime.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture)} UTC, or ask an admin to unlock it."
            : "This account is disabled. Ask an admin to enable it.");
    }
}
