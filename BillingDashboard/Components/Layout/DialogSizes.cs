using MudBlazor;

namespace BillingDashboard.Components.Layout;

/// <summary>
/// The dialogs' options, in one place: every dialog closes on Esc and from its close button, traps focus while open,
/// takes focus on its first field, and has one of three widths.
/// </summary>
public static class DialogSizes
{
    public static DialogOptions Small { get; } = Options(MaxWidth.ExtraSmall);

    public static DialogOptions Medium { get; } = Options(MaxWidth.Small);

    public static DialogOptions Large { get; } = Options(MaxWidth.Medium);

    private static DialogOptions Options(MaxWidth width) => new()
    {
        MaxWidth = width,
        FullWidth = true,
        CloseOnEscapeKey = true,
        CloseButton = true,
        BackdropClick = false,
        // wwwroot/js/dialogs.js puts focus on the first field and gives it back on close, for every dialog alike.
        DefaultFocus = DefaultFocus.None,
    };
}
