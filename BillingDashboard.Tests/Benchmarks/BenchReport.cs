using System.Globalization;
using Xunit.Abstractions;

namespace BillingDashboard.Tests.Benchmarks;

/// <summary>The benchmarks' output: one <c>bench: name value unit</c> line per figure, which README tells how to grep.</summary>
internal static class BenchReport
{
    public static void Line(ITestOutputHelper output, string name, double value, string unit) =>
        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"bench: {name} {value:0.##} {unit}"));

    /// <summary>The nearest-rank percentile (0.95 for p95) of the samples.</summary>
    public static double Percentile(IEnumerable<double> values, double percentile)
    {
        var sorted = values.Order().ToList();
        return sorted[(int)Math.Ceiling(percentile * sorted.Count) - 1];
    }
}

/// <summary>
/// Every benchmark in one collection that runs alone: xUnit runs collections side by side, and two benchmarks
/// sharing the two cores would each measure the other.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class BenchmarkCollection
{
    public const string Name = "benchmarks";
}
