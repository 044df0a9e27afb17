using Deque.AxeCore.Commons;
using Deque.AxeCore.Playwright;
using Microsoft.Playwright;

namespace BillingDashboard.Tests.Infrastructure;

/// <summary>axe-core, Deque's accessibility engine, over what a page shows now: the WCAG 2.0 and 2.1 A and AA rules.</summary>
public static class AxeChecks
{
    private static readonly AxeRunOptions Wcag21AA = new()
    {
        RunOnly = new RunOnlyOptions { Type = "tag", Values = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"] },
    };

    /// <summary>Fails with every serious or critical violation, each with its rule, its help and the elements it names.</summary>
    public static async Task AssertNoSeriousViolationsAsync(IPage page, string what)
    {
        var result = await page.RunAxe(Wcag21AA);
        var serious = result.Violations.Where(violation => violation.Impact is "serious" or "critical").ToList();
        Assert.True(serious.Count == 0, $"{what}: {serious.Count} serious or critical accessibility violations:\n" + string.Join("\n", serious.Select(violation =>
            $"- {violation.Id} ({violation.Impact}): {violation.Help}\n    " +
            string.Join("\n    ", violation.Nodes.Take(5).Select(node => $"{node.Target} {node.Html}")))));
    }
}
