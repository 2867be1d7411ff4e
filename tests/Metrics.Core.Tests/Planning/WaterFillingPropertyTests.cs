using System.Globalization;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Metrics.Core.Planning;

namespace Metrics.Core.Tests.Planning;

/// <summary>One indicator of one level, a CV target below its CV, and a random other way to spend.</summary>
public sealed record FillCase(double[] Pupils, double[] Values, double Fraction, double[] Direction, int From, int To)
{
    public override string ToString() => string.Create(CultureInfo.InvariantCulture,
        $"pupils [{string.Join(", ", Pupils)}], values [{string.Join(", ", Values.Select(v => v.ToString("R", CultureInfo.InvariantCulture)))}], target {Fraction} × CV, direction [{string.Join(", ", Direction)}], move {From} → {To}");
}

/// <summary>FsCheck arbitraries: 2–15 units, pupils 1..2 000, values 0.1..20, targets 30–95 % of the CV.</summary>
public static class FillCases
{
    public static Arbitrary<FillCase> FillCase() => Arb.From(
        from n in Gen.Choose(2, 15)
        from pupils in Gen.ArrayOf(Gen.Choose(1, 2000).Select(p => (double)p), n)
        from values in Gen.ArrayOf(Gen.Choose(100, 20_000).Select(v => v / 1000.0), n)
        from fraction in Gen.Choose(30, 95).Select(f => f / 100.0)
        from direction in Gen.ArrayOf(Gen.Choose(0, 100).Select(w => (double)w), n)
        from a in Gen.Choose(0, n - 1)
        from b in Gen.Choose(0, n - 1)
        select new FillCase(pupils, values, fraction, direction, a, b));
}

/// <summary>
/// Water-filling with continuous amounts is the least-cost way to reach a CV (method §9): no random
/// other allocation reaches the same CV for less.
/// </summary>
public class WaterFillingPropertyTests
{
    /// <summary>2⁻⁵², the spacing of doubles at 1 (not <see cref="double.Epsilon"/>, the smallest subnormal).</summary>
    private const double Ulp1 = 2.220446049250313e-16;

    [Property(Arbitrary = [typeof(FillCases)], MaxTest = 300)]
    public void Continuous_ReachesTheTarget_AndNoRandomAllocationReachesItForLess(FillCase c) => Check(c);

    // A case the property once drew (CI, seed 17527915933121186460,12771814035109121991): two schools whose values
    // differ by 0.13 %, CV 5.9e-4. Reached 2.7496229879e-4 against a target of 2.7496229834e-4, 1.7e-9 above it
    // relatively: within the rounding of a CV computed from one-pass sums there, which the tolerance now allows.
    [Fact]
    public void Continuous_NearlyEqualValues_WithinTheRoundingOfTheCv() =>
        Check(new FillCase([140, 317], [15.773, 15.753], 0.47, [22, 38], 0, 0));

    private static void Check(FillCase c)
    {
        if (WaterFilling.Cv(c.Pupils, c.Values) is not { } cv0 || cv0 < 1e-6)
        {
            return;
        }

        // Amounts are resource (pupils × value), one 元 per unit of resource at every school.
        var steps = c.Pupils.Select(p => 1 / p).ToArray();
        var target = c.Fraction * cv0;
        var ours = WaterFilling.Continuous(c.Pupils, c.Values, steps, target);
        var cost = ours.Sum();
        var reached = WaterFilling.Cv(c.Pupils, Apply(c, ours))!.Value;
        // The solver and this check both take the CV from one-pass sums, CV² = Σp·x²/N − mean² over mean², whose
        // subtraction leaves about ε/CV² of relative precision (ε = 2⁻⁵²): 3e-9 at a CV of 3e-4, 1e-15 at the method's
        // thresholds (CV ≈ 0.5). The planner re-scores its plan with the scorer's own CV in any case.
        var slack = 1e-9 + (16 * Ulp1 / (target * target));
        Assert.True(reached <= target * (1 + slack), $"CV {reached} above target {target}");
        Assert.True(cost == 0 || reached >= target * (1 - 1e-6), $"CV {reached} overshoots the target {target}: more was spent than needed");

        // 1. Spend along a random direction: the least spend that reaches our CV is not below ours.
        var sum = c.Direction.Sum();
        if (sum > 0)
        {
            var w = c.Direction.Select(d => d / sum).ToArray();
            double Along(double t) => WaterFilling.Cv(c.Pupils, Apply(c, [.. w.Select(x => x * t)]))!.Value;
            var hi = Math.Max(cost, 1) * 1e6;
            if (Along(hi) <= reached)
            {
                var lo = 0.0;
                for (var i = 0; i < 200; i++)
                {
                    var mid = (lo + hi) / 2;
                    (lo, hi) = Along(mid) <= reached ? (lo, mid) : (mid, hi);
                }

                Assert.True(hi >= cost * (1 - 1e-6), $"direction reaches CV {reached} with {hi} < {cost}");
            }
        }

        // 2. Move part of our amount from one school to another: the same spend, never a lower CV.
        if (ours[c.From] > 0 && c.From != c.To)
        {
            var moved = ours.ToArray();
            var delta = moved[c.From] / 2;
            moved[c.From] -= delta;
            moved[c.To] += delta;
            var other = WaterFilling.Cv(c.Pupils, Apply(c, moved))!.Value;
            Assert.True(other >= reached - 1e-9, $"moving {delta} from {c.From} to {c.To} gives CV {other} < {reached}");
        }
    }

    private static double[] Apply(FillCase c, double[] amounts) =>
        [.. c.Values.Select((v, i) => v + (amounts[i] / c.Pupils[i]))];
}
