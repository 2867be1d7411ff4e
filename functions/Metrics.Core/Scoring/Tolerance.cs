namespace Metrics.Core.Scoring;

/// <summary>
/// The one relative tolerance of every comparison with a threshold or standard (method §3).
/// Values are kept at full precision; only the comparison forgives binary floating point, so that
/// 42 teachers for 1 000 pupils meets 4.2 per 100 and a CV of exactly 1/2, computed as
/// 0.5000000000000001, passes a threshold of 0.50.
/// </summary>
public static class Tolerance
{
    /// <summary>Relative tolerance: 1e-12 of the threshold.</summary>
    public const double Relative = 1e-12;

    /// <summary>value ≥ minimum, forgiving a relative error of <see cref="Relative"/>.</summary>
    public static bool AtLeast(double value, double minimum) => value >= Floor(minimum);

    /// <summary>value ≤ maximum, forgiving a relative error of <see cref="Relative"/>.</summary>
    public static bool AtMost(double value, double maximum) => value <= Ceiling(maximum);

    /// <summary>The smallest value that still counts as reaching <paramref name="minimum"/>.</summary>
    public static double Floor(double minimum) => minimum - (Math.Abs(minimum) * Relative);

    /// <summary>The largest value that still counts as within <paramref name="maximum"/>.</summary>
    public static double Ceiling(double maximum) => maximum + (Math.Abs(maximum) * Relative);
}

/// <summary>
/// A standard (办学标准) is a minimum: a school meets it when its value reaches the standard within
/// <see cref="Tolerance"/>. The scorer, the shortfall counts and the renderers' red marks all ask here.
/// </summary>
public static class Standard
{
    /// <summary>Whether <paramref name="value"/> meets <paramref name="standard"/>.</summary>
    public static bool Meets(double value, double standard) => Tolerance.AtLeast(value, standard);

    /// <summary>The smallest value that meets <paramref name="standard"/> (for spreadsheet rules that mark values below it).</summary>
    public static double Floor(double standard) => Tolerance.Floor(standard);
}
