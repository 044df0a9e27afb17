using BillingDashboard.Domain;
using BillingDashboard.Domain.Coupons;
using BillingDashboard.Domain.Customers;
using BillingDashboard.Features.Coupons;
using BillingDashboard.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace BillingDashboard.Tests.Coupons;

public abstract class CouponServiceTests<TApp> : IClassFixture<TApp> where TApp : AppFactory
{
    private readonly TApp _app;

    protected CouponServiceTests(TApp app) => _app = app;

    private Task<T> WithCouponsAsync<T>(Func<CouponService, Task<T>> work) =>
        _app.InScopeAsync(services => work(services.GetRequiredService<CouponService>()));

    private Task<Customer> CreateCustomerAsync(string name, string? currency = null) =>
        _app.CreateCustomerAsync(new CustomerInput { Name = name, Email = $"{name.Replace(' ', '.')}@coupons.example", Currency = currency });

    private Task<Coupon> CreateCouponAsync(CouponInput input) => WithCouponsAsync(coupons => coupons.CreateAsync(input));

    [Fact]
    public async Task ApplyToCustomerAsync_RepeatingCoupon_GivesADiscountWithStartAndEndAndCountsTheRedemption()
    {
        var customer = await CreateCustomerAsync("Repeating Rita");
        var coupon = await CreateCouponAsync(new CouponInput { PercentOff = 15m, Duration = "repeating", DurationInMonths = 6 });

        var discount = await WithCouponsAsync(coupons => coupons.ApplyToCustomerAsync(customer.Id, coupon.Id));

        Assert.StartsWith("di_", discount.Id, StringComparison.Ordinal);
        Assert.Equal(discount.Start.AddMonths(6), discount.End);
        var current = await WithCouponsAsync(coupons => coupons.GetCustomerDiscountAsync(customer.Id));
        Assert.Equal(coupon.Id, current!.Coupon!.Id);
        Assert.Equal(1, (await WithCouponsAsync(coupons => coupons.GetAsync(coupon.Id))).TimesRedeemed);
    }

    [Fact]
    public async Task ApplyToCustomerAsync_AnotherCoupon_ReplacesTheDiscountAndKeepsTheOldOneAsHistory()
    {
        var customer = await CreateCustomerAsync("Replacing Rob");
        var first = await CreateCouponAsync(new CouponInput { PercentOff = 10m });
        var second = await CreateCouponAsync(new CouponInput { PercentOff = 20m, Duration = "forever" });

        await WithCouponsAsync(coupons => coupons.ApplyToCustomerAsync(customer.Id, first.Id));
        await WithCouponsAsync(coupons => coupons.ApplyToCustomerAsync(customer.Id, second.Id));

        var current = await WithCouponsAsync(coupons => coupons.GetCustomerDiscountAsync(customer.Id));
        Assert.Equal(second.Id, current!.CouponId);
        Assert.Null(current.End);
        await using var db = await _app.OpenDatabaseAsync();
        Assert.Equal(2, await db.Discounts.CountAsync(discount => discount.CustomerId == customer.Id));
    }

    [Fact]
    public async Task ApplyToCustomerAsync_MaxRedemptionsReached_IsRefused()
    {
        var coupon = await CreateCouponAsync(new CouponInput { PercentOff = 5m, MaxRedemptions = 1 });
        var first = await CreateCustomerAsync("Lucky First");
        var second = await CreateCustomerAsync("Too Late Second");
        await WithCouponsAsync(coupons => coupons.ApplyToCustomerAsync(first.Id, coupon.Id));

        var refusal = await Assert.ThrowsAsync<RuleViolationException>(() => WithCouponsAsync(coupons => coupons.ApplyToCustomerAsync(second.Id, coupon.Id)));

        Assert.Equal($"Coupon {coupon.Id} has been redeemed 1 of 1 times, its maximum.", refusal.Message);
        Assert.Null(await WithCouponsAsync(coupons => coupons.GetCustomerDiscountAsync(second.Id)));
    }

    [Fact]
    public async Task ApplyToCustomerAsync_ManyAtOnceForTheLastRedemptions_NeverExceedsTheMaximum()
    {
        var coupon = await CreateCouponAsync(new CouponInput { PercentOff = 5m, MaxRedemptions = 3 });
        var customers = new List<Customer>();
        for (var index = 0; index < 8; index++)
        {
            customers.Add(await CreateCustomerAsync($"Racer {index}"));
        }

        var attempts = await Task.WhenAll(customers.Select(customer => Task.Run(async () =>
        {
            try
            {
                await WithCouponsAsync(coupons => coupons.ApplyToCustomerAsync(customer.Id, coupon.Id));
                return true;
            }
            catch (RuleViolationException)
            {
                return false;
            }
        })));

        Assert.Equal(3, attempts.Count(applied => applied));
        Assert.Equal(3, (await WithCouponsAsync(coupons => coupons.GetAsync(coupon.Id))).TimesRedeemed);
    }

    [Fact]
    public async Task ApplyToCustomerAsync_AmountOffInAnotherCurrencyThanTheLockedOne_IsRefused()
    {
        var coupon = await CreateCouponAsync(new CouponInput { AmountOff = 1_000, Currency = "eur" });
        var customer = await CreateCustomerAsync("Dollar Dora", "usd");

        var refusal = await Assert.ThrowsAsync<RuleViolationException>(() => WithCouponsAsync(coupons => coupons.ApplyToCustomerAsync(customer.Id, coupon.Id)));

        Assert.Contains("billed in USD", refusal.Message, StringComparison.Ordinal);
        Assert.Equal(0, (await WithCouponsAsync(coupons => coupons.GetAsync(coupon.Id))).TimesRedeemed);
    }

    [Fact]
    public async Task ApplyToCustomerAsync_RedeemByPassed_IsRefused()
    {
        var clock = new MovableClock(DateTimeOffset.UtcNow);
        await using var app = new ClockedAppFactory(clock);
        var coupon = await app.InScopeAsync(services => services.GetRequiredService<CouponService>()
            .CreateAsync(new CouponInput { PercentOff = 10m, RedeemBy = clock.GetUtcNow().AddDays(1) }));
        var customer = await app.CreateCustomerAsync(new CustomerInput { Name = "Late Larry", Email = "larry@coupons.example" });
        clock.Advance(TimeSpan.FromDays(2));

        var refusal = await Assert.ThrowsAsync<RuleViolationException>(() => app.InScopeAsync(services =>
            services.GetRequiredService<CouponService>().ApplyToCustomerAsync(customer.Id, coupon.Id)));

        Assert.Contains("could be redeemed until", refusal.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task DeleteAsync_StopsNewRedemptionsAndLeavesExistingDiscounts()
    {
        var coupon = await CreateCouponAsync(new CouponInput { Name = "Short lived", PercentOff = 30m });
        var kept = await CreateCustomerAsync("Keeps Discount");
        var refused = await CreateCustomerAsync("Comes After Deletion");
        await WithCouponsAsync(coupons => coupons.ApplyToCustomerAsync(kept.Id, coupon.Id));

        await WithCouponsAsync(async coupons => { await coupons.DeleteAsync(coupon.Id); return 0; });

        Assert.Equal(coupon.Id, (await WithCouponsAsync(coupons => coupons.GetCustomerDiscountAsync(kept.Id)))!.CouponId);
        var refusal = await Assert.ThrowsAsync<RuleViolationException>(() => WithCouponsAsync(coupons => coupons.ApplyToCustomerAsync(refused.Id, coupon.Id)));
        Assert.Contains("was deleted", refusal.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(await WithCouponsAsync(coupons => coupons.ListRedeemableAsync(null)), candidate => candidate.Id == coupon.Id);
    }

    [Fact]
    public async Task CreateAsync_CustomIdTaken_IsRefused()
    {
        await CreateCouponAsync(new CouponInput { Id = "WELCOME10", PercentOff = 10m });

        var refusal = await Assert.ThrowsAsync<ValidationFailedException>(() => CreateCouponAsync(new CouponInput { Id = "WELCOME10", PercentOff = 15m }));

        Assert.Equal("id", refusal.Field);
    }

    [Fact]
    public async Task UpdateAsync_StaleVersion_IsRefusedAndNothingIsOverwritten()
    {
        var coupon = await CreateCouponAsync(new CouponInput { Name = "Original", PercentOff = 10m });
        await WithCouponsAsync(coupons => coupons.UpdateAsync(coupon.Id, new CouponInput { Name = "First edit" }, coupon.Version));

        await Assert.ThrowsAsync<ConcurrencyConflictException>(() =>
            WithCouponsAsync(coupons => coupons.UpdateAsync(coupon.Id, new CouponInput { Name = "Second edit" }, coupon.Version)));

        Assert.Equal("First edit", (await WithCouponsAsync(coupons => coupons.GetAsync(coupon.Id))).Name);
    }

    [Fact]
    public async Task Viewer_CannotCreateApplyRemoveOrDelete()
    {
        var coupon = await CreateCouponAsync(new CouponInput { PercentOff = 10m });
        var customer = await CreateCustomerAsync("Viewer Target");
        var viewer = await _app.CreateViewerAsync("viewer@coupons.example");
        Task AsViewer(Func<CouponService, Task> work) => _app.InScopeAsync(async services => { await work(services.GetRequiredService<CouponService>()); return 0; }, viewer);

        await Assert.ThrowsAsync<PermissionDeniedException>(() => AsViewer(coupons => coupons.CreateAsync(new CouponInput { PercentOff = 50m })));
        await Assert.ThrowsAsync<PermissionDeniedException>(() => AsViewer(coupons => coupons.ApplyToCustomerAsync(customer.Id, coupon.Id)));
        await Assert.ThrowsAsync<PermissionDeniedException>(() => AsViewer(coupons => coupons.RemoveCustomerDiscountAsync(customer.Id)));
        await Assert.ThrowsAsync<PermissionDeniedException>(() => AsViewer(coupons => coupons.UpdateAsync(coupon.Id, new CouponInput { Name = "Hacked" }, null)));
        await Assert.ThrowsAsync<PermissionDeniedException>(() => AsViewer(coupons => coupons.DeleteAsync(coupon.Id)));

        var unchanged = await WithCouponsAsync(coupons => coupons.GetAsync(coupon.Id));
        Assert.Null(unchanged.DeletedAt);
        Assert.Equal(0, unchanged.TimesRedeemed);
    }
}

public sealed class CouponServiceTestsOnSqlite(AppFactory app) : CouponServiceTests<AppFactory>(app);

public sealed class CouponServiceTestsOnPostgreSql(PostgreSqlAppFactory app) : CouponServiceTests<PostgreSqlAppFactory>(app);
