using MudBlazor;

namespace BillingDashboard.Components.Layout;

/// <summary>
/// The dashboard's look: a light, quiet theme in the hosted dashboard's colours. Every text colour here keeps a contrast
/// of at least 4.5:1 against the surface it is drawn on (WCAG 2.1 AA).
/// </summary>
public static class DashboardTheme
{
    public const string Accent = "#5851eb";
    public const string Ink = "#1a1f36";
    public const string Muted = "#545f74";

    public static MudTheme Theme { get; } = new()
    {
        PaletteLight = new PaletteLight
        {
            Primary = Accent,
            Secondary = "#3c4257",
            Tertiary = "#0a7c67",
            Info = "#0b66c2",
            Success = "#0a7a32",
            Warning = "#9a5b00",
            Error = "#c0123c",
            Dark = Ink,
            TextPrimary = Ink,
            TextSecondary = Muted,
            TextDisabled = "#6b7385",
            ActionDefault = "#3c4257",
            AppbarBackground = "#ffffff",
            AppbarText = Ink,
            DrawerBackground = "#f6f8fa",
            DrawerText = Ink,
            DrawerIcon = "#3c4257",
            Background = "#ffffff",
            Surface = "#ffffff",
            LinesDefault = "#e3e8ee",
            TableLines = "#e3e8ee",
            Divider = "#e3e8ee",
        },
        Typography = new Typography
        {
            Default = new DefaultTypography
            {
                FontFamily = ["-apple-system", "Segoe UI", "Noto Sans", "DejaVu Sans", "sans-serif"],
            },
        },
        LayoutProperties = new LayoutProperties { DrawerWidthLeft = "220px", DefaultBorderRadius = "6px" },
    };
}
