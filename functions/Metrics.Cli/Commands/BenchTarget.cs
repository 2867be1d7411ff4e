using System.Globalization;

namespace Metrics.Cli.Commands;

/// <summary>
/// How every benchmark words a figure against its target. A figure that could not be taken (the pandas
/// peer did not run, so there is no ratio) is said to be unmeasured: printing "NaN×" and "not met" for it
/// would be a verdict on something nobody measured.
/// </summary>
internal static class BenchTarget
{
    public static string Verdict(bool met) => met ? "met" : "not met";

    /// <summary>"met" or "not met" for a measured figure; "not measured" when there is none (NaN).</summary>
    public static string Verdict(double figure, Func<double, bool> met) =>
        double.IsFinite(figure) ? Verdict(met(figure)) : "not measured";

    /// <summary>A ratio such as "4.62×"; "—" when one of its two figures was not measured.</summary>
    public static string Ratio(double ratio, string format = "0.00") =>
        double.IsFinite(ratio) ? ratio.ToString(format, CultureInfo.InvariantCulture) + "×" : "—";

    /// <summary>A duration in seconds such as "4.44 s"; "—" when it was not measured.</summary>
    public static string Seconds(double seconds) =>
        double.IsFinite(seconds) ? seconds.ToString("0.00", CultureInfo.InvariantCulture) + " s" : "—";
}
