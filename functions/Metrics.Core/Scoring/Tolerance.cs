namespace Metrics.Core.Scoring;

/// <summary>
/// The one relative tolerance of every comparison with a threshold or standard (DOMAIN.md §3).
/// Values are kept at full precision; only the comparison forgives binary floating point, so that
/// 42 teachers for 1 000 pupils meets 4.2 per 100 and a CV of exactly 1/2, computed as
/// 0.5000000000000001, passes a threshold of 0.50.
/// </summary>
public static class Tolerance
{
    /// <summary>Relative tolerance: 1e-12 of the threshold.</summary>
    public const double Relative = 1e-12;

    /// <summary>value ≥ minimum, forgiving a relative error of <see cref="Relative"/>.</summary>
    public static bool AtLeast(double value, double minimum) => value >= minimum - (Math.Abs(minimum) * Relative);

    /// <summary>value ≤ maximum, forgiving a relative error of <see cref="Relative"/>.</summary>
    public static bool AtMost(double value, double maximum) => value <= maximum + (Math.Abs(maximum) * Relative);
}
