using System.Globalization;
using BillingDashboard.Api;
using BillingDashboard.Domain.Coupons;

namespace BillingDashboard.Features.Coupons;

/// <summary>/v1/coupons and DELETE /v1/customers/{id}/discount: the CouponService of the Coupons page and the discount card.</summary>
public static class CouponsApi
{
    public static void MapCouponsApi(this RouteGroupBuilder v1)
    {
        v1.MapPost("/coupons", CreateAsync);
        v1.MapGet("/coupons", ListAsync);
        v1.MapGet("/coupons/{id}", RetrieveAsync);
        v1.MapPost("/coupons/{id}", UpdateAsync);
        v1.MapDelete("/coupons/{id}", DeleteAsync);
        v1.MapDelete("/customers/{customerId}/discount", DeleteDiscountAsync);
    }

    private static async Task<IResult> CreateAsync(HttpRequest request, CouponService coupons)
    {
        var parameters = await ApiParameters.ReadAsync(request);
        var percentOff = parameters.String("percent_off");
        var input = new CouponInput
        {
            Id = parameters.String("id"),
            Name = parameters.String("name"),
            PercentOff = percentOff is null ? null
                : decimal.TryParse(percentOff, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var percent) ? percent
                : throw new ApiRequestException($"Invalid decimal: '{percentOff}' for 'percent_off'.", "percent_off"),
            AmountOff = parameters.Long("amount_off"),
            Currency = parameters.String("currency"),
            Duration = parameters.String("duration"),
            DurationInMonths = parameters.Int("duration_in_months"),
            MaxRedemptions = parameters.Int("max_redemptions"),
            RedeemBy = parameters.Timestamp("redeem_by"),
            Metadata = parameters.Dictionary("metadata", out _),
        };
        parameters.EnsureNoneUnknown();
        return Results.Json(ApiObjects.Coupon(await coupons.CreateAsync(input)));
    }

    private static async Task<IResult> UpdateAsync(string id, HttpRequest request, CouponService coupons)
    {
        var parameters = await ApiParameters.ReadAsync(request);
        var input = new CouponInput { Name = parameters.String("name"), Metadata = parameters.Dictionary("metadata", out _) };
        parameters.EnsureNoneUnknown();
        return Results.Json(ApiObjects.Coupon(await coupons.UpdateAsync(id, input, expectedVersion: null)));
    }

    private static async Task<IResult> RetrieveAsync(string id, HttpRequest request, CouponService coupons)
    {
        (await ApiParameters.ReadAsync(request)).EnsureNoneUnknown();
        return Results.Json(ApiObjects.Coupon(await coupons.GetAsync(id)));
    }

    private static async Task<IResult> ListAsync(HttpRequest request, CouponService coupons)
    {
        var parameters = await ApiParameters.ReadAsync(request);
        var cursor = V1Api.Cursor(parameters);
        parameters.EnsureNoneUnknown();
        return Results.Json(ApiObjects.List("/v1/coupons", await coupons.ListPageAsync(cursor), ApiObjects.Coupon));
    }

    /// <summary>Deleting stops new redemptions; discounts already given stay.</summary>
    private static async Task<IResult> DeleteAsync(string id, HttpRequest request, CouponService coupons)
    {
        (await ApiParameters.ReadAsync(request)).EnsureNoneUnknown();
        await coupons.DeleteAsync(id);
        return Results.Json(ApiObjects.Deleted(id, "coupon"));
    }

    private static async Task<IResult> DeleteDiscountAsync(string customerId, HttpRequest request, CouponService coupons)
    {
        (await ApiParameters.ReadAsync(request)).EnsureNoneUnknown();
        var discount = await coupons.GetCustomerDiscountAsync(customerId) ?? throw new Domain.NotFoundException("discount", customerId);
        await coupons.RemoveCustomerDiscountAsync(customerId);
        return Results.Json(new { id = discount.Id, @object = "discount", customer = customerId, deleted = true });
    }
}
