using System.Globalization;
using FsCheck;
using FsCheck.Fluent;
using Metrics.Core.Statistics;

namespace Metrics.Core.Tests.Statistics;

/// <summary>A generated county: the units of one indicator and level.</summary>
public sealed record County(WeightedValue[] Units)
{
    public override string ToString() =>
        string.Join("; ", Units.Select(u =>
            string.Create(CultureInfo.InvariantCulture, $"({u.Weight:R} pupils, {u.Value:R}, g{u.Group})")));
}

/// <summary>A positive scale factor between 10⁻⁶ and 10⁶.</summary>
public sealed record Factor(double Value)
{
    public override string ToString() => Value.ToString("R", CultureInfo.InvariantCulture);
}

/// <summary>
/// FsCheck arbitraries: 1–50 units, integer pupils 1..3000, values in [0, 1000] (zero now and then,
/// small integers now and then so that ties occur), location groups 0..2.
/// </summary>
public static class Counties
{
    private static readonly Gen<double> ValueGen = Gen.Frequency(
        (1, Gen.Constant(0.0)),
        (2, Gen.Choose(1, 20).Select(i => (double)i)),
        (7, Gen.Choose(1, 1_000_000).Select(i => i / 1000.0)));

    private static readonly Gen<WeightedValue> UnitGen =
        from pupils in Gen.Choose(1, 3000)
        from value in ValueGen
        from g in Gen.Choose(0, 2)
        select new WeightedValue(pupils, value, g);

    private static readonly Gen<County> CountyGen =
        from n in Gen.Choose(1, 50)
        from units in Gen.ArrayOf(UnitGen, n)
        select new County(units);

    public static Arbitrary<County> County() => Arb.From(CountyGen, Shrink);

    public static Arbitrary<Factor> Factor() => Arb.From(
        from mantissa in Gen.Choose(1, 999)
        from exponent in Gen.Choose(-6, 6)
        select new Factor(mantissa / 100.0 * Math.Pow(10, exponent)));

    /// <summary>Shrinks by dropping one unit at a time (never below one unit).</summary>
    private static IEnumerable<County> Shrink(County county) =>
        county.Units.Length <= 1
            ? []
            : Enumerable.Range(0, county.Units.Length)
                .Select(i => new County(county.Units.Where((_, j) => j != i).ToArray()));
}

/// <summary>Small builders and tolerant comparisons for the statistics tests.</summary>
internal static class Stat
{
    public static WeightedValue U(double pupils, double value, int group = 0) => new(pupils, value, group);

    /// <summary>Both null, or both present and equal within <paramref name="relative"/> (with an
    /// absolute floor for values that are 0 up to rounding).</summary>
    public static void Close(double? expected, double? actual, double relative = 1e-9, double absolute = 1e-12)
    {
        Assert.Equal(expected.HasValue, actual.HasValue);
        if (expected is double e && actual is double a)
        {
            double allowed = Math.Max(absolute, relative * Math.Max(Math.Abs(e), Math.Abs(a)));
            Assert.True(Math.Abs(e - a) <= allowed,
                string.Create(CultureInfo.InvariantCulture, $"expected {e:R}, actual {a:R}, allowed difference {allowed:R}"));
        }
    }

    /// <summary>The O(n²) definition Σ_iΣ_j P_iP_j|X_i − X_j| / (2N²μ).</summary>
    public static double NaiveGini(IReadOnlyList<WeightedValue> units)
    {
        double n = units.Sum(u => u.Weight);
        double mean = units.Sum(u => u.Weight * u.Value) / n;
        double sum = 0;
        foreach (var a in units)
        {
            foreach (var b in units)
            {
                sum += a.Weight * b.Weight * Math.Abs(a.Value - b.Value);
            }
        }

        return sum / (2 * n * n * mean);
    }
}
