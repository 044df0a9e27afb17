using BillingDashboard.Api;
using BillingDashboard.Data;
using BillingDashboard.Domain.Tax;

namespace BillingDashboard.Features.TaxRates;

/// <summary>/v1/tax_rates: the TaxRateService of the Tax rates page. Percentage and inclusive are fixed once created.</summary>
public static class TaxRatesApi
{
    public static void MapTaxRatesApi(this RouteGroupBuilder v1)
    {
        v1.MapPost("/tax_rates", CreateAsync);
        v1.MapGet("/tax_rates", ListAsync);
        v1.MapGet("/tax_rates/{id}", RetrieveAsync);
        v1.MapPost("/tax_rates/{id}", UpdateAsync);
    }

    private static TaxRateInput ReadInput(ApiParameters parameters, bool creating) => new()
    {
        DisplayName = parameters.String("display_name"),
        Description = parameters.String("description"),
        Jurisdiction = parameters.String("jurisdiction"),
        Country = parameters.String("country"),
        Percentage = creating ? parameters.String("percentage") : null,
        Inclusive = creating ? parameters.Bool("inclusive") : null,
        Active = parameters.Bool("active"),
    };

    private static async Task<IResult> CreateAsync(HttpRequest request, TaxRateService rates)
    {
        var parameters = await ApiParameters.ReadAsync(request);
        var input = ReadInput(parameters, creating: true);
        parameters.EnsureNoneUnknown();
        return Results.Json(ApiObjects.TaxRate(await rates.CreateAsync(input)));
    }

    private static async Task<IResult> UpdateAsync(string id, HttpRequest request, TaxRateService rates)
    {
        var parameters = await ApiParameters.ReadAsync(request);
        var input = ReadInput(parameters, creating: false);
        // Named so that the refusal says why: a rate's percentage and inclusiveness never change.
        parameters.String("percentage");
        parameters.String("inclusive");
        if (parameters.Has("percentage") || parameters.Has("inclusive"))
        {
            throw new ApiRequestException("A tax rate's percentage and inclusive can't change after creation: archive it (active=false) and create another.",
                parameters.Has("percentage") ? "percentage" : "inclusive");
        }
        parameters.EnsureNoneUnknown();
        return Results.Json(ApiObjects.TaxRate(await rates.UpdateAsync(id, input, expectedVersion: null)));
    }

    private static async Task<IResult> RetrieveAsync(string id, HttpRequest request, TaxRateService rates)
    {
        (await ApiParameters.ReadAsync(request)).EnsureNoneUnknown();
        return Results.Json(ApiObjects.TaxRate(await rates.GetAsync(id)));
    }

    private static async Task<IResult> ListAsync(HttpRequest request, TaxRateService rates)
    {
        var parameters = await ApiParameters.ReadAsync(request);
        var cursor = V1Api.Cursor(parameters);
        var active = parameters.Bool("active");
        parameters.EnsureNoneUnknown();
        var newestFirst = (await rates.ListAsync(includeArchived: active != true))
            .Where(rate => active is null || rate.Active == active).OrderByDescending(rate => rate.Created).ToList();
        return Results.Json(ApiObjects.List("/v1/tax_rates", CursorPaging.Page(newestFirst, rate => rate.Id, cursor, "tax_rate"), ApiObjects.TaxRate));
    }
}
