using System.Globalization;
using BillingDashboard.Components.Shared;
using BillingDashboard.Domain;
using BillingDashboard.Domain.Events;
using Microsoft.AspNetCore.WebUtilities;

namespace BillingDashboard.Features.Events;

/// <summary>
/// Which events to show: the Events page's filters as they appear in its URL (so a link to "what ops@example.com
/// did to cus_… in March" can be shared), and as SQL. Each filter is served by an index ending in the event's row
/// number, so the newest page of any of them is read without a scan.
/// </summary>
public sealed record EventQuery
{
    /// <summary>Exact types; none means every type.</summary>
    public IReadOnlyList<string> Types { get; init; } = [];

    /// <summary>The object an event is about, or the customer it belongs to (a customer's id finds its tax IDs' events too).</summary>
    public string? ObjectId { get; init; }

    /// <summary>Exactly as events name it: an operator's email, "API key … (sk_test_…4242)", "command line (seed)".</summary>
    public string? Actor { get; init; }

    /// <summary>First instant included.</summary>
    public DateTimeOffset? CreatedFrom { get; init; }

    /// <summary>First instant excluded.</summary>
    public DateTimeOffset? CreatedBefore { get; init; }

    /// <summary>Whether a created range is set: the Events page then pages by keys first (<see cref="EventService.ListAsync"/>).</summary>
    public bool HasDates => CreatedFrom is not null || CreatedBefore is not null;

    public bool HasFilters => Types.Count > 0 || ObjectId is not null || Actor is not null || CreatedFrom is not null || CreatedBefore is not null;

    /// <summary>The events that pass the filters; a created range as <see cref="CreatedRange.FindAsync"/> found it in the store.</summary>
    public IQueryable<Event> Apply(IQueryable<Event> events, CreatedRange created)
    {
        if (HasDates != (created != CreatedRange.None))
        {
            throw new ArgumentException("The created range is found in the store first (CreatedRange.FindAsync).", nameof(created));
        }
        if (Types is [var only])
        {
            events = events.Where(@event => @event.Type == only);
        }
        else if (Types.Count > 1 && HasDates)
        {
            var types = Types;
            events = events.Where(@event => types.Contains(@event.Type));
        }
        else if (Types.Count > 1)
        {
            // Several types of any date: the newest rows, read in order, are tested one by one and the first page's
            // worth ends the search. Compared as written (Type || ''), so that SQLite doesn't take each type's range of
            // the (type, created) index instead and sort a million of them (1.5 s at ten million events, this 0.3 ms).
            var types = Types;
            events = events.Where(@event => types.Contains(@event.Type + ""));
        }
        if (ObjectId is { } id)
        {
            // A customer's events, its own and its objects', are all in the customer's index. The object index holds
            // only events of objects that aren't a customer: most events are a customer's, and an index entry less
            // is a random page less to write with each (EventConfiguration). Its condition is repeated here word for
            // word, which is how SQLite and PostgreSQL know they may use it.
            events = ObjectIds.HasPrefix(id, ObjectIds.Customer)
                ? events.Where(@event => @event.CustomerId == id)
                : events.Where(@event => @event.ObjectId == id && (@event.CustomerId == null || @event.ObjectId != @event.CustomerId));
        }
        if (Actor is { } actor)
        {
            events = events.Where(@event => @event.Actor == actor);
        }
        return created.Apply(events);
    }

    /// <summary>The Events page's days: from the start of the first to the end of the last, UTC.</summary>
    public DateOnly? FromDay => CreatedFrom is { } from ? DateOnly.FromDateTime(from.UtcDateTime) : null;

    public DateOnly? ToDay => CreatedBefore is { } before ? DateInputs.DayEndingAt(before) : null;

    public EventQuery WithDays(DateOnly? from, DateOnly? to) => this with
    {
        CreatedFrom = from is { } start ? DateInputs.StartOfDay(start) : null,
        CreatedBefore = to is { } end ? DateInputs.EndOfDay(end) : null,
    };

    public string ToQueryString(string? startingAfter = null, string? endingBefore = null)
    {
        var parameters = new List<KeyValuePair<string, string?>>();
        parameters.AddRange(Types.Select(type => new KeyValuePair<string, string?>("type", type)));
        parameters.Add(new("object", ObjectId));
        parameters.Add(new("actor", Actor));
        parameters.Add(new("from", DateInputs.Value(FromDay)));
        parameters.Add(new("to", DateInputs.Value(ToDay)));
        parameters.Add(new("starting_after", startingAfter));
        parameters.Add(new("ending_before", endingBefore));
        return QueryString.Create(parameters.Where(pair => pair.Value is not null)).ToUriComponent();
    }

    /// <summary>The filters of a URL's query; what can't be read is left out rather than refused (a link mistyped by hand).</summary>
    public static EventQuery Parse(string? queryString)
    {
        var values = QueryHelpers.ParseQuery(queryString);
        string? Text(string name) => values.TryGetValue(name, out var value) && !string.IsNullOrWhiteSpace(value) ? value.ToString().Trim() : null;
        var types = values.TryGetValue("type", out var typeValues)
            ? typeValues.Where(type => type is not null && EventTypes.All.Contains(type)).Select(type => type!).Distinct().ToList()
            : [];
        return new EventQuery { Types = types, ObjectId = Text("object"), Actor = Text("actor") }
            .WithDays(DateInputs.Parse(Text("from")), DateInputs.Parse(Text("to")));
    }

    /// <summary>The cursor of the page a URL asks for.</summary>
    public static (string? StartingAfter, string? EndingBefore) ParseCursor(string? queryString)
    {
        var values = QueryHelpers.ParseQuery(queryString);
        string? Text(string name) => values.TryGetValue(name, out var value) && !string.IsNullOrWhiteSpace(value) ? value.ToString().Trim() : null;
        return (Text("starting_after"), Text("ending_before"));
    }
}
