using FsCheck.Xunit;
using Metrics.Core.Statistics;
using static Metrics.Core.Tests.Statistics.Stat;

namespace Metrics.Core.Tests.Statistics;

public class CvDriversTests
{
    /// <summary>The published 5-school 生均图书 example (method §3): pupils and books per school.</summary>
    private static readonly WeightedValue[] Books =
    [
        U(45, 279 / 45.0, group: 0), U(37, 137 / 37.0, group: 0), U(89, 935 / 89.0, group: 1), U(76, 160 / 76.0, group: 2), U(55, 402 / 55.0, group: 2),
    ];

    [Fact]
    public void Compute_PublishedBooksExample_TermsAre0_003_0_85_5_13_4_50_0_17()
    {
        // X = books/pupils: 279/45 = 6.2, 137/37 = 3.702703, 935/89 = 10.505618, 160/76 = 2.105263, 402/55 = 7.309091
        // N = 45+37+89+76+55 = 302, X̄ = (279+137+935+160+402)/302 = 1913/302 = 6.334437
        // term P(X − X̄)²/N:
        //   45·(6.2 − 6.334437)²/302       = 45·0.018073/302  = 0.002693 → 0.003
        //   37·(3.702703 − 6.334437)²/302  = 37·6.925823/302  = 0.848553 → 0.85
        //   89·(10.505618 − 6.334437)²/302 = 89·17.398749/302 = 5.127446 → 5.13
        //   76·(2.105263 − 6.334437)²/302  = 76·17.885911/302 = 4.501090 → 4.50
        //   55·(7.309091 − 6.334437)²/302  = 55·0.949950/302  = 0.173004 → 0.17
        // S² = Σ = 10.652787, S = 3.263861, CV = 3.263861/6.334437 = 0.515257
        var b = CvDrivers.Compute(Books);

        Assert.Equal(6.334437, Assert.NotNull(b.Mean), 1e-6);
        Assert.Equal(0.515257, Assert.NotNull(b.Cv), 1e-6);
        Assert.Equal(10.652787, b.Variance, 1e-6);
        double[] published = [0.003, 0.85, 5.13, 4.50, 0.17];
        double[] rounding = [0.0005, 0.005, 0.005, 0.005, 0.005];
        for (int i = 0; i < 5; i++)
        {
            Assert.Equal(published[i], b.Terms[i].Term, rounding[i]);
        }

        Assert.Equal(0.002693, b.Terms[0].Term, 1e-6);
        Assert.Equal(5.127446, b.Terms[2].Term, 1e-6);
        // share of S²: 5.127446/10.652787 = 0.481324; 4.501090/10.652787 = 0.422527
        Assert.Equal(0.481324, b.Terms[2].Share, 1e-6);
        Assert.Equal(0.422527, b.Terms[3].Share, 1e-6);
        Assert.Equal(1, b.Terms.Sum(t => t.Share), 1e-12);
    }

    [Fact]
    public void Largest_PublishedBooksExample_OrdersByTerm()
    {
        // 5.13 (school 3) > 4.50 (school 4) > 0.85 (school 2) > 0.17 (school 5) > 0.003 (school 1)
        var top = CvDrivers.Compute(Books).Largest(3);

        Assert.Equal([2, 3, 1], top.Select(t => t.Index));
    }

    [Fact]
    public void Split_PublishedBooksExample_WithinPlusBetweenIsCvSquared()
    {
        // CV² = 0.515257² = 0.265489
        var split = CvDrivers.Compute(Books).Split!;
        Assert.NotNull(split);

        Assert.Equal(0.265489, split.Total, 1e-6);
        Assert.Equal(split.Total, split.Within + split.Between, 1e-15);
        Assert.Equal(3, split.Groups.Count);
    }

    [Fact]
    public void GeDecomposition_ThreeUnitsTwoGroups_ByHand()
    {
        // group A: 1 pupil at 1, 1 pupil at 3; group B: 2 pupils at 4.  N = 4, μ = (1+3+8)/4 = 3
        // r = 1/3, 1, 4/3 (weight 2/4)
        // GE(2) = ½[¼·1/9 + ¼·1 + ½·16/9 − 1] = ½[1/36 + 9/36 + 32/36 − 36/36] = ½·6/36 = 1/12
        // A: f = ½, μ_A = 2, s = 2·2/12 = 1/3, GE_A(2) = ½·Var/μ² = ½·1/4 = 1/8
        // B: one value, GE_B = 0
        // within  = (s_A²/f_A)·GE_A = (1/9)/(1/2)·1/8 = 1/36
        // between = ½[½·(2/3)² + ½·(4/3)² − 1] = ½[4/18 + 16/18 − 18/18] = 1/18
        // within + between = 1/36 + 2/36 = 3/36 = 1/12
        WeightedValue[] units = [U(1, 1, group: 0), U(1, 3, group: 0), U(2, 4, group: 1)];

        var split = EquityFamilies.GeDecomposition(units, 2)!;
        Assert.NotNull(split);

        Assert.Equal(1 / 12.0, split.Total, 1e-15);
        Assert.Equal(1 / 36.0, split.Within, 1e-15);
        Assert.Equal(1 / 18.0, split.Between, 1e-15);
        Assert.Equal(1 / 3.0, split.Groups[0].ResourceShare, 1e-15);
        Assert.Equal(1 / 8.0, split.Groups[0].Measure, 1e-15);
        // and CV² = 2·GE(2): S² = ¼·4 + ¼·0 + ½·1 = 1.5, CV² = 1.5/9 = 1/6 = 2·(1/12)
        Assert.Equal(1 / 6.0, CvDrivers.Compute(units).Split!.Total, 1e-15);
    }

    [Fact]
    public void Atkinson_TwoEqualSchoolsAt1And4_ByHand()
    {
        // equal pupils, values 1 and 4: μ = 2.5
        // ε = 0.5: (½√1 + ½√4)² = 1.5² = 2.25, A = 1 − 2.25/2.5 = 0.1
        // ε = 1: geometric mean √(1·4) = 2, A = 1 − 2/2.5 = 0.2
        // ε = 2: harmonic mean 1/(½·1 + ½·¼) = 1.6, A = 1 − 1.6/2.5 = 0.36
        WeightedValue[] units = [U(50, 1), U(50, 4)];

        Assert.Equal(0.1, Assert.NotNull(EquityFamilies.Atkinson(units, 0.5)), 1e-12);
        Assert.Equal(0.2, Assert.NotNull(EquityFamilies.Atkinson(units, 1)), 1e-12);
        Assert.Equal(0.36, Assert.NotNull(EquityFamilies.Atkinson(units, 2)), 1e-12);
    }

    [Fact]
    public void Reported_IsBitForBitTheMeasuresComputedOneByOne_WithZerosAndNoUnits()
    {
        // Random counties, some with a school at 0 (A(ε ≥ 1) = 1, GE(α ≤ 0) undefined), and none at all.
        var random = new Random(3);
        for (var county = 0; county < 200; county++)
        {
            var units = Enumerable.Range(0, county % 40)
                .Select(i => U(1 + random.Next(2000), county % 5 == 0 && i == 0 ? 0 : random.NextDouble() * 50, group: random.Next(3)))
                .ToArray();

            var (atkinson, ge) = EquityFamilies.Reported(units);

            for (var i = 0; i < atkinson.Length; i++)
            {
                Assert.Equal(EquityFamilies.Atkinson(units, EquityFamilies.AtkinsonEpsilons[i]), atkinson[i]);
            }

            for (var i = 0; i < ge.Length; i++)
            {
                Assert.Equal(EquityFamilies.GeneralizedEntropy(units, EquityFamilies.GeAlphas[i]), ge[i]);
            }
        }
    }

    [Fact]
    public void Atkinson_PupilWeighted_ThreePupilsAt1OneAt5()
    {
        // 300 pupils at 1, 100 at 5: μ = (300 + 500)/400 = 2
        // ε = 1: exp(¾·ln 1 + ¼·ln 5) = 5^¼ = 1.495349, A = 1 − 1.495349/2 = 0.252326
        // ε = 2: 1/(¾·1 + ¼·⅕) = 1/0.8 = 1.25, A = 1 − 1.25/2 = 0.375
        WeightedValue[] units = [U(300, 1), U(100, 5)];

        Assert.Equal(0.252326, Assert.NotNull(EquityFamilies.Atkinson(units, 1)), 1e-6);
        Assert.Equal(0.375, Assert.NotNull(EquityFamilies.Atkinson(units, 2)), 1e-12);
    }

    [Fact]
    public void GeneralizedEntropy_TwoEqualSchoolsAt1And4_ByHand()
    {
        // μ = 2.5, r = 0.4 and 1.6 (weights ½)
        // GE(2) = ½·Σw(r − 1)² = ½·0.36 = 0.18; CV = 1.5/2.5 = 0.6 and CV²/2 = 0.18
        // GE(−1) = 1/((−1)(−2))·[½(2.5 + 0.625) − 1] = ½·0.5625 = 0.28125
        // GE(0) = MLD = ½ln(1/0.4) + ½ln(1/1.6) = ½(0.916291 − 0.470004) = 0.223144
        // GE(1) = Theil T = ½·0.4·ln 0.4 + ½·1.6·ln 1.6 = −0.183258 + 0.376003 = 0.192745
        WeightedValue[] units = [U(50, 1), U(50, 4)];

        Assert.Equal(0.18, Assert.NotNull(EquityFamilies.GeneralizedEntropy(units, 2)), 1e-12);
        Assert.Equal(0.28125, Assert.NotNull(EquityFamilies.GeneralizedEntropy(units, -1)), 1e-12);
        Assert.Equal(0.223144, Assert.NotNull(EquityFamilies.GeneralizedEntropy(units, 0)), 1e-6);
        Assert.Equal(0.192745, Assert.NotNull(EquityFamilies.GeneralizedEntropy(units, 1)), 1e-6);
    }

    [Fact]
    public void Reported_GivesEveryAtkinsonAndGeOfTheReportAtOnce_ByHand()
    {
        // Same units as above, μ = 2.5: Atkinson ε = 0.5, 1, 2 → 0.1, 0.2, 0.36;
        // GE(0) = 0.223144, GE(1) = 0.192745, GE(2) = 0.18
        WeightedValue[] units = [U(50, 1), U(50, 4)];

        var (atkinson, ge) = EquityFamilies.Reported(units);

        Assert.Equal(new double[] { 0.5, 1, 2 }, EquityFamilies.AtkinsonEpsilons);
        Assert.Equal(new double[] { 0, 1, 2 }, EquityFamilies.GeAlphas);
        Assert.Equal(0.1, Assert.NotNull(atkinson[0]), 1e-12);
        Assert.Equal(0.2, Assert.NotNull(atkinson[1]), 1e-12);
        Assert.Equal(0.36, Assert.NotNull(atkinson[2]), 1e-12);
        Assert.Equal(0.223144, Assert.NotNull(ge[0]), 1e-6);
        Assert.Equal(0.192745, Assert.NotNull(ge[1]), 1e-6);
        Assert.Equal(0.18, Assert.NotNull(ge[2]), 1e-12);
        // A unit at 0 (μ = 1): A(1) = A(2) = 1 and GE(0) is infinite, so null; the others as computed one by one.
        WeightedValue[] withZero = [U(10, 0), U(10, 2)];
        var (a0, g0) = EquityFamilies.Reported(withZero);
        Assert.Equal(new double?[] { EquityFamilies.Atkinson(withZero, 0.5), 1, 1 }, a0);
        Assert.Equal(new double?[] { null, EquityFamilies.GeneralizedEntropy(withZero, 1), EquityFamilies.GeneralizedEntropy(withZero, 2) }, g0);
    }

    [Fact]
    public void Atkinson_ZeroValue_IsOneForUnitAversionAndUndefinedMeanGivesNull()
    {
        Assert.Equal(1, EquityFamilies.Atkinson([U(10, 0), U(10, 2)], 1));
        Assert.Null(EquityFamilies.Atkinson([U(10, 0), U(10, 0)], 0.5));
        Assert.Null(EquityFamilies.GeneralizedEntropy([U(10, 0), U(10, 2)], 0));
    }

    [Property(Arbitrary = [typeof(Counties)])]
    public void Split_AnyCounty_WithinPlusBetweenEqualsTotalAndCvSquared(County county)
    {
        var b = CvDrivers.Compute(county.Units);
        if (b.Cv is not { } cv)
        {
            Assert.Null(b.Split);
            return;
        }

        var split = b.Split!;
        Assert.NotNull(split);
        Close(cv * cv, split.Total, relative: 1e-9, absolute: 1e-12);
        Close(split.Total, split.Within + split.Between, relative: 1e-12, absolute: 1e-15);
        Close(b.Variance, b.Terms.Sum(t => t.Term), relative: 1e-9, absolute: 1e-12);
    }

    [Property(Arbitrary = [typeof(Counties)])]
    public void GeDecomposition_AnyCountyAnyAlpha_WithinPlusBetweenEqualsTotal(County county)
    {
        foreach (var alpha in new[] { 0.0, 0.5, 1, 2, 3 })
        {
            if (EquityFamilies.GeDecomposition(county.Units, alpha) is { } split)
            {
                Close(split.Total, split.Within + split.Between, relative: 1e-9, absolute: 1e-12);
                Close(EquityFamilies.GeneralizedEntropy(county.Units, alpha), split.Total, relative: 1e-12, absolute: 1e-15);
            }
        }
    }

    [Property(Arbitrary = [typeof(Counties)])]
    public void GeneralizedEntropy_OneAndZero_AreTheilTAndMeanLogDeviation(County county)
    {
        Close(Equity.TheilT(county.Units), EquityFamilies.GeneralizedEntropy(county.Units, 1), relative: 1e-9, absolute: 1e-12);
        Close(Equity.MeanLogDeviation(county.Units), EquityFamilies.GeneralizedEntropy(county.Units, 0), relative: 1e-9, absolute: 1e-12);
    }
}

public class LorenzTests
{
    [Fact]
    public void Curve_TwoSchools_ByHand()
    {
        // 300 pupils at 1 (300 units of resource), 100 at 5 (500): N = 400, total 800
        // sorted ascending: (300/400, 300/800) = (0.75, 0.375), then (1, 1)
        // Gini = 1 − Σ (x_k − x_{k−1})(y_k + y_{k−1}) = 1 − [0.75·0.375 + 0.25·1.375] = 1 − 0.625 = 0.375
        var curve = Lorenz.Curve([U(100, 5), U(300, 1)]);

        Assert.Equal([(0.0, 0.0), (0.75, 0.375), (1.0, 1.0)], curve);
        Assert.Equal(0.375, Assert.NotNull(Equity.Gini([U(100, 5), U(300, 1)])), 1e-12);
    }

    [Property(Arbitrary = [typeof(Counties)])]
    public void Curve_AnyCounty_TwiceTheAreaAboveIsTheGini(County county)
    {
        var curve = Lorenz.Curve(county.Units);
        if (curve.Count == 0)
        {
            Assert.Null(Equity.Gini(county.Units));
            return;
        }

        double below = 0;
        for (int k = 1; k < curve.Count; k++)
        {
            below += (curve[k].Pupils - curve[k - 1].Pupils) * (curve[k].Resource + curve[k - 1].Resource) / 2;
        }

        Close(Equity.Gini(county.Units), 1 - (2 * below), relative: 1e-9, absolute: 1e-12);
    }
}
