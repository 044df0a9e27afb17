using BillingDashboard.Api;
using BillingDashboard.Data;
using BillingDashboard.Domain;
using BillingDashboard.Domain.Events;
using BillingDashboard.Features.Events;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

namespace BillingDashboard.Features.Users;

/// <param name="FailedSignIns">Wrong passwords since the last sign-in (or unlock): five in a row lock the account.</param>
public sealed record UserSummary(
    string Id, string Email, string Role, bool IsDisabled, DateTimeOffset? LockedUntil, DateTimeOffset CreatedAt, int FailedSignIns = 0);

/// <summary>
/// Creating operators, changing their role, disabling them and resetting passwords. The Users page and the
/// command line both come here; each operation runs in its own short-lived scope (and so its own DbContext).
/// </summary>
public sealed class UserAdministration(IServiceScopeFactory scopes, CurrentOperator currentOperator, EventLog events, TimeProvider clock)
{
    // Two browsers on the setup page at once must not both create "the first" admin.
    private static readonly SemaphoreSlim FirstAdminGate = new(1, 1);

    public async Task<bool> AnyUserExistsAsync(CancellationToken cancellationToken = default)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<BillingDbContext>();
        return await db.Users.AnyAsync(cancellationToken);
    }

    public Task<IReadOnlyList<UserSummary>> ListAsync(CancellationToken cancellationToken = default) =>
        SummariesAsync(userId: null, cancellationToken);

    /// <summary>One operator, for their own page.</summary>
    public async Task<UserSummary> GetAsync(string userId, CancellationToken cancellationToken = default) =>
        (await SummariesAsync(userId, cancellationToken)).SingleOrDefault() ?? throw new NotFoundException("user", userId);

    private async Task<IReadOnlyList<UserSummary>> SummariesAsync(string? userId, CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<BillingDbContext>();
        var now = clock.GetUtcNow();
        var rows = await db.Users
            .Where(user => userId == null || user.Id == userId)
            .OrderBy(user => user.Email)
            .Select(user => new
            {
                user.Id,
                user.Email,
                user.IsDisabled,
                user.LockoutEnd,
                user.CreatedAt,
                user.AccessFailedCount,
                Role = db.UserRoles.Where(link => link.UserId == user.Id)
                    .Join(db.Roles, link => link.RoleId, role => role.Id, (link, role) => role.Name)
                    .FirstOrDefault(),
            })
            .ToListAsync(cancellationToken);
        return rows
            .Select(row => new UserSummary(
                row.Id, row.Email ?? "", row.Role ?? AppRoles.Viewer, row.IsDisabled,
                row.LockoutEnd > now ? row.LockoutEnd : null, row.CreatedAt, row.AccessFailedCount))
            .ToList();
    }

    /// <summary>The setup page's one job: the first admin, only while nobody exists. Needs no permission.</summary>
    public async Task<UserSummary> CreateFirstAdminAsync(string email, string password, CancellationToken cancellationToken = default)
    {
        await FirstAdminGate.WaitAsync(cancellationToken);
        try
        {
            if (await AnyUserExistsAsync(cancellationToken))
            {
                throw new RuleViolationException("Setup is already done: an administrator exists. Sign in instead.");
            }
            return await CreateCoreAsync(email, password, AppRoles.Admin);
        }
        finally
        {
            FirstAdminGate.Release();
        }
    }

    public async Task<UserSummary> CreateAsync(string email, string password, string role, CancellationToken cancellationToken = default)
    {
        await currentOperator.EnsureCanChangeAsync(cancellationToken);
        return await CreateCoreAsync(email, password, role);
    }

    public async Task ChangeRoleAsync(string userId, string role, CancellationToken cancellationToken = default)
    {
        await currentOperator.EnsureCanChangeAsync(cancellationToken);
        RequireKnownRole(role);
        await using var scope = scopes.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<ApplicationUser>>();
        var user = await FindAsync(users, userId);
        var currentRoles = await users.GetRolesAsync(user);
        if (currentRoles.Count == 1 && currentRoles[0] == role)
        {
            return;
        }
        if (currentRoles.Contains(AppRoles.Admin) && role != AppRoles.Admin)
        {
            await RequireAnotherActiveAdminAsync(scope, user.Id, "demote");
        }
        ThrowIfFailed(await users.RemoveFromRolesAsync(user, currentRoles));
        ThrowIfFailed(await users.AddToRoleAsync(user, role));
        Record(scope, EventTypes.UserUpdated, user, role, before: ApiObjects.User(user, currentRoles.FirstOrDefault() ?? AppRoles.Viewer));
        // A new security stamp signs the user out of every browser at the next revalidation.
        ThrowIfFailed(await users.UpdateSecurityStampAsync(user));
    }

    public async Task SetDisabledAsync(string userId, bool disabled, CancellationToken cancellationToken = default)
    {
        await currentOperator.EnsureCanChangeAsync(cancellationToken);
        await using var scope = scopes.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<ApplicationUser>>();
        var user = await FindAsync(users, userId);
        if (disabled)
        {
            if (user.Id == await currentOperator.GetUserIdAsync())
            {
                throw new RuleViolationException("You cannot disable your own account.");
            }
            if (await users.IsInRoleAsync(user, AppRoles.Admin))
            {
                await RequireAnotherActiveAdminAsync(scope, user.Id, "disable");
            }
        }
        var role = (await users.GetRolesAsync(user)).FirstOrDefault() ?? AppRoles.Viewer;
        var before = ApiObjects.User(user, role);
        user.IsDisabled = disabled;
        Record(scope, EventTypes.UserUpdated, user, role, before);
        ThrowIfFailed(await users.UpdateAsync(user));
        ThrowIfFailed(await users.UpdateSecurityStampAsync(user));
    }

    /// <summary>Lifts a lockout (and forgets the failed sign-ins) without touching the password.</summary>
    public async Task UnlockAsync(string userId, CancellationToken cancellationToken = default)
    {
        await currentOperator.EnsureCanChangeAsync(cancellationToken);
        await using var scope = scopes.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<ApplicationUser>>();
        var user = await FindAsync(users, userId);
        ThrowIfFailed(await users.SetLockoutEndDateAsync(user, null));
        ThrowIfFailed(await users.ResetAccessFailedCountAsync(user));
    }

    public async Task ResetPasswordAsync(string userId, string newPassword, CancellationToken cancellationToken = default)
    {
        await currentOperator.EnsureCanChangeAsync(cancellationToken);
        await using var scope = scopes.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<ApplicationUser>>();
        var user = await FindAsync(users, userId);
        Record(scope, EventTypes.UserPasswordReset, user, (await users.GetRolesAsync(user)).FirstOrDefault() ?? AppRoles.Viewer);
        var token = await users.GeneratePasswordResetTokenAsync(user);
        ThrowIfFailed(await users.ResetPasswordAsync(user, token, newPassword));
        // A reset also lifts a lockout: that is usually why an admin is resetting.
        ThrowIfFailed(await users.SetLockoutEndDateAsync(user, null));
        ThrowIfFailed(await users.ResetAccessFailedCountAsync(user));
    }

    private async Task<UserSummary> CreateCoreAsync(string email, string password, string role)
    {
        RequireKnownRole(role);
        email = email.Trim();
        await using var scope = scopes.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<ApplicationUser>>();
        if (await users.FindByEmailAsync(email) is not null)
        {
            throw new ValidationFailedException([new FieldError("email", $"A user with the email {email} already exists.")]);
        }
        var user = new ApplicationUser { UserName = email, Email = email, EmailConfirmed = true, CreatedAt = clock.GetUtcNow() };
        ThrowIfFailed(await users.CreateAsync(user, password));
        Record(scope, EventTypes.UserCreated, user, role);
        ThrowIfFailed(await users.AddToRoleAsync(user, role));
        return new UserSummary(user.Id, email, role, false, null, user.CreatedAt);
    }

    /// <summary>Adds the event to the scope's context, which Identity's next save commits with the change it makes.</summary>
    private void Record(AsyncServiceScope scope, string type, ApplicationUser user, string role, object? before = null) =>
        events.Record(scope.ServiceProvider.GetRequiredService<BillingDbContext>(), type, user.Id, null, ApiObjects.User(user, role), before);

    private static async Task RequireAnotherActiveAdminAsync(AsyncServiceScope scope, string userId, string verb)
    {
        var users = scope.ServiceProvider.GetRequiredService<UserManager<ApplicationUser>>();
        var admins = await users.GetUsersInRoleAsync(AppRoles.Admin);
        if (!admins.Any(admin => admin.Id != userId && !admin.IsDisabled))
        {
            throw new RuleViolationException($"You cannot {verb} the last active admin: make another user an admin first.");
        }
    }

    private static async Task<ApplicationUser> FindAsync(UserManager<ApplicationUser> users, string userId) =>
        await users.FindByIdAsync(userId) ?? throw new NotFoundException("user", userId);

    private static void RequireKnownRole(string role)
    {
        if (!AppRoles.IsKnown(role))
        {
            throw new ValidationFailedException([new FieldError("role", $"Unknown role '{role}'. Use {AppRoles.Admin} or {AppRoles.Viewer}.")]);
        }
    }

    private static void ThrowIfFailed(IdentityResult result)
    {
        if (!result.Succeeded)
        {
            throw new ValidationFailedException(result.Errors
                .Select(error => new FieldError(error.Code.StartsWith("Password", StringComparison.Ordinal) ? "password" : "email", error.Description))
                .ToList());
        }
    }
}
