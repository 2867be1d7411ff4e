namespace Metrics.Core.Planning;

/// <summary>
/// Least-cost additions that bring one indicator's pupil-weighted CV down to a target (method §9).
/// Units have pupils Pᵢ, values xᵢ and a step sᵢ: the rise of xᵢ per item added (a teacher, a room, a book,
/// a m² or a 元). ∂CV²/∂xᵢ ∝ Pᵢ(xᵢ − ΣPx²/ΣPx), most negative for the poorest unit, and the set of
/// allocations reaching a CV is convex, so the optimum raises every unit below a level L to L, with
/// the smallest L that reaches the target ("water-filling").
/// </summary>
public static class WaterFilling
{
    /// <summary>The pupil-weighted CV of values; null when the mean is 0.</summary>
    public static double? Cv(IReadOnlyList<double> pupils, IReadOnlyList<double> values)
    {
        double n = 0, s1 = 0, s2 = 0;
        for (var i = 0; i < pupils.Count; i++)
        {
            n += pupils[i];
            s1 += pupils[i] * values[i];
            s2 += pupils[i] * values[i] * values[i];
        }

        return CvOf(n, s1, s2);
    }

    internal static double? CvOf(double n, double s1, double s2)
    {
        if (!(s1 > 0))
        {
            return null;
        }

        var mean = s1 / n;
        return Math.Sqrt(Math.Max(0, (s2 / n) - (mean * mean))) / mean;
    }

    /// <summary>
    /// Whole items, given one at a time to the unit where one more lowers the CV most (with equal steps
    /// per pupil, the lowest-valued unit), until the CV is at most <paramref name="target"/>.
    /// </summary>
    /// <param name="pupils">Pᵢ.</param>
    /// <param name="values">xᵢ before.</param>
    /// <param name="steps">Rise of xᵢ per item (Scale·share/Pᵢ).</param>
    /// <param name="target">CV to reach.</param>
    /// <returns>Items per unit.</returns>
    public static int[] WholeItems(IReadOnlyList<double> pupils, IReadOnlyList<double> values, IReadOnlyList<double> steps, double target)
    {
        var count = pupils.Count;
        var items = new int[count];
        if (count == 0)
        {
            return items;
        }

        var x = values.ToArray();

        // Far from the target the continuous level gives all but the last few items; the greedy
        // finishes from just below it, so a county short of 100 000 books is not planned book by book.
        var curve = new FillCurve(pupils, x, steps);
        if (curve.ItemsFor(target) > 20_000)
        {
            var level = curve.LevelFor(target);
            for (var i = 0; i < count; i++)
            {
                if (x[i] < level)
                {
                    items[i] = Math.Max(0, (int)Math.Floor(((level - x[i]) / steps[i]) - 1));
                    x[i] += items[i] * steps[i];
                }
            }
        }

        double n = 0, s1 = 0, s2 = 0;
        for (var i = 0; i < count; i++)
        {
            n += pupils[i];
            s1 += pupils[i] * x[i];
            s2 += pupils[i] * x[i] * x[i];
        }

        for (var guard = 0; guard < 5_000_000; guard++)
        {
            if (CvOf(n, s1, s2) is { } cv && cv <= target)
            {
                break;
            }

            var m = s1 > 0 ? s2 / s1 : 0;
            var best = -1;
            var bestSlope = double.PositiveInfinity;
            for (var i = 0; i < count; i++)
            {
                var slope = pupils[i] * steps[i] * (x[i] - m);
                if (slope < bestSlope)
                {
                    bestSlope = slope;
                    best = i;
                }
            }

            var before = x[best];
            x[best] += steps[best];
            s1 += pupils[best] * steps[best];
            s2 += pupils[best] * ((x[best] * x[best]) - (before * before));
            items[best]++;
        }

        return items;
    }

    /// <summary>
    /// Continuous amounts: every unit below the smallest level L that reaches <paramref name="target"/> is
    /// raised to L; amount (L − xᵢ)/sᵢ, 0 for the others.
    /// </summary>
    public static double[] Continuous(IReadOnlyList<double> pupils, IReadOnlyList<double> values, IReadOnlyList<double> steps, double target)
    {
        var curve = new FillCurve(pupils, values, steps);
        var level = curve.LevelFor(target);
        var amounts = new double[pupils.Count];
        for (var i = 0; i < amounts.Length; i++)
        {
            amounts[i] = values[i] < level ? (level - values[i]) / steps[i] : 0;
        }

        return amounts;
    }
}

/// <summary>
/// The water-filling of one indicator as a function of the level L: the CV with every unit below L raised
/// to L, and the items that takes, each in O(log n) from prefix sums over the units sorted by value.
/// </summary>
public sealed class FillCurve
{
    private readonly double[] sorted;
    private readonly double[] prefixP;
    private readonly double[] prefixPx;
    private readonly double[] prefixPx2;
    private readonly double[] prefixInvStep;
    private readonly double[] prefixXOverStep;
    private readonly double totalP;
    private readonly double totalPx;
    private readonly double totalPx2;

    public FillCurve(IReadOnlyList<double> pupils, IReadOnlyList<double> values, IReadOnlyList<double> steps)
    {
        var order = Enumerable.Range(0, pupils.Count).OrderBy(i => values[i]).ToArray();
        var n = order.Length;
        sorted = new double[n];
        prefixP = new double[n + 1];
        prefixPx = new double[n + 1];
        prefixPx2 = new double[n + 1];
        prefixInvStep = new double[n + 1];
        prefixXOverStep = new double[n + 1];
        for (var k = 0; k < n; k++)
        {
            var i = order[k];
            var x = values[i];
            sorted[k] = x;
            prefixP[k + 1] = prefixP[k] + pupils[i];
            prefixPx[k + 1] = prefixPx[k] + (pupils[i] * x);
            prefixPx2[k + 1] = prefixPx2[k] + (pupils[i] * x * x);
            prefixInvStep[k + 1] = prefixInvStep[k] + (1 / steps[i]);
            prefixXOverStep[k + 1] = prefixXOverStep[k] + (x / steps[i]);
        }

        totalP = prefixP[n];
        totalPx = prefixPx[n];
        totalPx2 = prefixPx2[n];
    }

    /// <summary>The CV before any addition; null when the mean is 0.</summary>
    public double? Cv => WaterFilling.CvOf(totalP, totalPx, totalPx2);

    /// <summary>The CV with every unit below <paramref name="level"/> raised to it.</summary>
    public double? CvAt(double level)
    {
        var k = Below(level);
        return WaterFilling.CvOf(totalP, (level * prefixP[k]) + totalPx - prefixPx[k], (level * level * prefixP[k]) + totalPx2 - prefixPx2[k]);
    }

    /// <summary>Items that raise every unit below <paramref name="level"/> to it.</summary>
    public double ItemsAt(double level)
    {
        var k = Below(level);
        return (level * prefixInvStep[k]) - prefixXOverStep[k];
    }

    /// <summary>The smallest level whose water-filling has a CV at most <paramref name="target"/>.</summary>
    public double LevelFor(double target)
    {
        if (sorted.Length == 0)
        {
            return 0;
        }

        var lo = sorted[0];
        if (CvAt(lo) is { } cv0 && cv0 <= target)
        {
            return lo;
        }

        // At the top value every unit is equal: CV 0 (or undefined when every value is 0).
        var hi = Math.Max(sorted[^1], double.Epsilon);
        for (var i = 0; i < 200 && hi - lo > Math.Abs(hi) * 1e-15; i++)
        {
            var mid = lo + ((hi - lo) / 2);
            if (CvAt(mid) is { } cv && cv <= target)
            {
                hi = mid;
            }
            else
            {
                lo = mid;
            }
        }

        return hi;
    }

    /// <summary>The least items (continuous) that bring the CV to at most <paramref name="target"/>.</summary>
    public double ItemsFor(double target) => ItemsAt(LevelFor(target));

    private int Below(double level)
    {
        // Units strictly below the level.
        int lo = 0, hi = sorted.Length;
        while (lo < hi)
        {
            var mid = (lo + hi) / 2;
            if (sorted[mid] < level)
            {
                lo = mid + 1;
            }
            else
            {
                hi = mid;
            }
        }

        return lo;
    }
}
