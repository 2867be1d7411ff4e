using Metrics.Cli.Commands;

namespace Metrics.Cli.Tests;

/// <summary>
/// The benchmarks' verdicts. `bench score` run where the pandas peer cannot be found used to print
/// "peer / metrics NaN× (target ≥ 5×: not met)": a verdict on a ratio nobody measured.
/// </summary>
public sealed class BenchTargetTests
{
    [Fact]
    public void RatioWithoutItsPeer_IsNotMeasured_NotAFailedTarget()
    {
        var peer = double.NaN; // the peer did not run
        var metrics = 0.96;

        Assert.Equal("—", BenchTarget.Ratio(peer / metrics));
        Assert.Equal("not measured", BenchTarget.Verdict(peer / metrics, r => r >= 5));
        Assert.Equal("—", BenchTarget.Seconds(peer));
    }

    [Fact]
    public void MeasuredRatio_IsJudgedAgainstItsTarget()
    {
        // 4.44 s / 0.96 s = 4.625: under the 5× target. 5.53 s / 0.96 s = 5.760: over it.
        Assert.Equal("4.63×", BenchTarget.Ratio(4.44 / 0.96));
        Assert.Equal("not met", BenchTarget.Verdict(4.44 / 0.96, r => r >= 5));
        Assert.Equal("met", BenchTarget.Verdict(5.53 / 0.96, r => r >= 5));
        // 0.96 s / 0.06 s = 16.0 against "within 10×"; one decimal as the bench prints it.
        Assert.Equal("16.0×", BenchTarget.Ratio(0.96 / 0.06, "0.0"));
        Assert.Equal("not met", BenchTarget.Verdict(0.96 / 0.06, r => r <= 10));
        Assert.Equal("4.44 s", BenchTarget.Seconds(4.44));
    }

    [Fact]
    public void RatioOverAZeroFloor_IsNotMeasured()
    {
        // A floor that rounds to no time at all gives an infinite ratio: not a figure to judge.
        Assert.Equal("—", BenchTarget.Ratio(0.5 / 0.0));
        Assert.Equal("not measured", BenchTarget.Verdict(0.5 / 0.0, r => r <= 10));
    }
}
