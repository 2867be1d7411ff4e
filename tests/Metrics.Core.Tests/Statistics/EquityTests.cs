using FsCheck.Xunit;
using Metrics.Core.Statistics;
using static Metrics.Core.Tests.Statistics.Stat;

namespace Metrics.Core.Tests.Statistics;

public class EquityTests
{
    /// <summary>DOMAIN §3 and §5: pupils 120, 300, 580 with values 2.5, 2.0, 1600/580 (μ = 2.5).</summary>
    private static readonly WeightedValue[] PublishedExample = [U(120, 2.5), U(300, 2.0), U(580, 16 * 100.0 / 580)];

    [Fact]
    public void Gini_PublishedThreeSchoolExample_Is0_0672()
    {
        // ascending: 2.0 (300), 2.5 (120), 2.758621 (580); N = 1000, μ = 2.5
        // gaps between consecutive values: 0.5 and 15/58 = 0.258621
        // pupil share below each gap F: 0.3 and 0.42; above it: 0.7 and 0.58
        // G = (0.5·0.3·0.7 + 0.258621·0.42·0.58) / 2.5 = (0.105 + 0.063) / 2.5 = 0.0672
        Assert.Equal(0.0672, Assert.NotNull(Equity.Gini(PublishedExample)), 5e-5);
    }

    [Fact]
    public void TheilT_PublishedThreeSchoolExample_Is0_009447()
    {
        // r = X/μ: 1, 0.8, 1.103448; weights P/N: 0.12, 0.3, 0.58
        // T = 0.12·1·ln 1 + 0.3·0.8·ln 0.8 + 0.58·1.103448·ln 1.103448
        //   = 0 + 0.3·(−0.178515) + 0.58·0.108624 = −0.053554 + 0.063002 = 0.009447
        Assert.Equal(0.009447, Assert.NotNull(Equity.TheilT(PublishedExample)), 1e-6);
    }

    [Fact]
    public void Gini_FiveSchools_EqualsQuadraticDefinition()
    {
        WeightedValue[] county = [U(430, 3.1), U(75, 0), U(1210, 5.4), U(75, 3.1), U(600, 12.25)];

        Assert.Equal(NaiveGini(county), Assert.NotNull(Equity.Gini(county)), 1e-12);
    }

    [Fact]
    public void TheilDecomposition_TwoLocations_WithinAndBetweenByHand()
    {
        // urban (group 0): 100 pupils at 2, 100 at 6 → N_0 = 200, μ_0 = 4
        // rural (group 1): 100 pupils at 1, 100 at 3 → N_1 = 200, μ_1 = 2
        // county: N = 400, μ = (800 + 400) / 400 = 3
        // T_0 = 0.5·(2/4)ln(2/4) + 0.5·(6/4)ln(6/4) = 0.5·(−0.346574) + 0.5·0.608198 = 0.130812
        // T_1 = 0.5·(1/2)ln(1/2) + 0.5·(3/2)ln(3/2) = the same 0.130812
        // s_0 = 200·4 / (400·3) = 2/3, s_1 = 200·2 / 1200 = 1/3
        // within  = 2/3·0.130812 + 1/3·0.130812 = 0.130812
        // between = 2/3·ln(4/3) + 1/3·ln(2/3) = 2/3·0.287682 + 1/3·(−0.405465) = 0.191788 − 0.135155 = 0.056633
        // T = 0.25·[(2/3)ln(2/3) + 2·ln 2 + (1/3)ln(1/3) + 1·ln 1]
        //   = 0.25·[−0.270310 + 1.386294 − 0.366204 + 0] = 0.25·0.749780 = 0.187445 = within + between
        WeightedValue[] county = [U(100, 2, group: 0), U(100, 6, group: 0), U(100, 1, group: 1), U(100, 3, group: 1)];

        var (within, between) = Assert.NotNull(Equity.TheilDecomposition(county));
        double t = Assert.NotNull(Equity.TheilT(county));

        Assert.Equal(0.130812, within, 1e-6);
        Assert.Equal(0.056633, between, 1e-6);
        Assert.Equal(0.187445, t, 1e-6);
        Assert.Equal(t, within + between, 1e-12);
    }

    [Fact]
    public void TheilDecomposition_OneGroup_IsAllWithin()
    {
        var (within, between) = Assert.NotNull(Equity.TheilDecomposition(PublishedExample));

        Assert.Equal(Assert.NotNull(Equity.TheilT(PublishedExample)), within, 1e-15);
        Assert.Equal(0, between, 1e-15);
    }

    [Fact]
    public void TheilDecomposition_GroupWithZeroMean_ContributesNothing()
    {
        // group 1 has μ_1 = 0 → s_1 = 0. Group 0: 100 at 1, 100 at 3, μ_0 = 2; county N = 300, μ = 400/300 = 4/3
        // s_0 = 200·2 / (300·4/3) = 1; T_0 = 0.5·0.5·ln 0.5 + 0.5·1.5·ln 1.5 = 0.130812
        // within = 1·0.130812; between = 1·ln(2 / (4/3)) = ln 1.5 = 0.405465
        // T = (1/3)·0.75·ln 0.75 + (1/3)·2.25·ln 2.25 + (1/3)·0 = (−0.215762 + 1.824593) / 3 = 0.536277
        WeightedValue[] county = [U(100, 1, group: 0), U(100, 3, group: 0), U(100, 0, group: 1)];

        var (within, between) = Assert.NotNull(Equity.TheilDecomposition(county));

        Assert.Equal(0.130812, within, 1e-6);
        Assert.Equal(Math.Log(1.5), between, 1e-12);
        Assert.Equal(0.536277, Assert.NotNull(Equity.TheilT(county)), 1e-6);
    }

    [Fact]
    public void MeanLogDeviation_TwoSchools_ByHand()
    {
        // 100 pupils at 1, 300 at 3: N = 400, μ = (100 + 900) / 400 = 2.5
        // L = 0.25·ln(2.5/1) + 0.75·ln(2.5/3) = 0.25·0.916291 + 0.75·(−0.182322) = 0.229073 − 0.136741 = 0.092332
        Assert.Equal(0.092332, Assert.NotNull(Equity.MeanLogDeviation([U(100, 1), U(300, 3)])), 1e-6);
    }

    [Fact]
    public void MeanLogDeviation_AZeroValue_IsUndefinedWhileOthersAreDefined()
    {
        // 100 pupils at 0, 100 at 4: μ = 2; ln(μ/0) is infinite → MLD undefined.
        // Theil T = 0.5·0 (0·ln 0 = 0) + 0.5·2·ln 2 = ln 2 = 0.693147
        // Gini: one gap of 4 with shares 0.5 below and 0.5 above → 4·0.25 / 2 = 0.5
        var m = Equity.Compute([U(100, 0), U(100, 4)]);

        Assert.Null(m.MeanLogDeviation);
        Assert.Equal(Math.Log(2), Assert.NotNull(m.TheilT), 1e-12);
        Assert.Equal(0.5, Assert.NotNull(m.Gini), 1e-12);
        Assert.Null(m.MaxMinRatio);       // min = 0
        Assert.Null(m.FederalRangeRatio); // P5 = 0
        Assert.Null(m.McLoone);           // median = 0 (cumulative 100 reaches N/2 = 100 at value 0)
        Assert.Null(m.Verstegen);
    }

    [Fact]
    public void McLooneAndVerstegen_MedianUnitSplit_ByHand()
    {
        // ascending: 100 pupils at 1, 200 at 2, 300 at 3, 400 at 5; N = 1000, N/2 = 500
        // cumulative 100, 300, 600 → the median unit is the one at 3 (median = 3), and it is split:
        // lowest half  = 100·1 + 200·2 + (500 − 300 = 200 of its 300)·3 = 100 + 400 + 600 = 1100
        // highest half = 400·5 + (500 − 400 = 100 of its 300)·3 = 2000 + 300 = 2300
        // McLoone   = 1100 / (3·500) = 0.733333
        // Verstegen = 2300 / (3·500) = 1.533333
        WeightedValue[] county = [U(300, 3), U(100, 1), U(400, 5), U(200, 2)];

        Assert.Equal(3, WeightedStatistics.WeightedMedian(county));
        Assert.Equal(1100.0 / 1500, Assert.NotNull(Equity.McLoone(county)), 1e-12);
        Assert.Equal(2300.0 / 1500, Assert.NotNull(Equity.Verstegen(county)), 1e-12);
    }

    [Fact]
    public void McLooneAndVerstegen_HalfEndsExactlyAtAUnit_NoSplit()
    {
        // 50 pupils at 1, 50 at 3: median = 1 (cumulative 50 reaches N/2 = 50 at the first unit)
        // McLoone = 50·1 / (1·50) = 1; Verstegen = 50·3 / (1·50) = 3
        WeightedValue[] county = [U(50, 3), U(50, 1)];

        Assert.Equal(1, Assert.NotNull(Equity.McLoone(county)), 1e-12);
        Assert.Equal(3, Assert.NotNull(Equity.Verstegen(county)), 1e-12);
    }

    [Fact]
    public void McLoone_LowValuesBelowTheMedian_CountsZeroValues()
    {
        // 100 pupils at 0, 900 at 5: N/2 = 500, cumulative 100, 1000 → median 5
        // lowest half = 100·0 + 400·5 = 2000 → McLoone = 2000 / (5·500) = 0.8
        // highest half = 500·5 = 2500 → Verstegen = 1
        WeightedValue[] county = [U(100, 0), U(900, 5)];

        Assert.Equal(0.8, Assert.NotNull(Equity.McLoone(county)), 1e-12);
        Assert.Equal(1, Assert.NotNull(Equity.Verstegen(county)), 1e-12);
    }

    [Fact]
    public void FederalRangeRatioAndMaxMin_FiveSchools_ByHand()
    {
        // ascending: 1 (50), 2 (100), 4 (700), 6 (100), 9 (50); cumulative 50, 150, 850, 950, 1000
        // P5: first cumulative ≥ 50 → 1; P95: first cumulative ≥ 950 → 6
        // federal range ratio = (6 − 1) / 1 = 5; max/min = 9 / 1 = 9
        WeightedValue[] county = [U(700, 4), U(50, 9), U(100, 2), U(50, 1), U(100, 6)];

        Assert.Equal(5, Equity.FederalRangeRatio(county));
        Assert.Equal(9, Equity.MaxMinRatio(county));
    }

    [Fact]
    public void FederalRangeRatio_SmallUnitsAtTheEnds_IgnoredByPercentiles()
    {
        // 20 pupils at 0.5, 960 at 2, 20 at 40: P5 (≥ 50) and P95 (≥ 950) both fall in the big school → 2
        // federal range ratio = (2 − 2) / 2 = 0, while max/min = 40 / 0.5 = 80
        WeightedValue[] county = [U(20, 0.5), U(960, 2), U(20, 40)];

        Assert.Equal(0, Equity.FederalRangeRatio(county));
        Assert.Equal(80, Equity.MaxMinRatio(county));
    }

    [Fact]
    public void Compute_AllValuesZero_EverythingUndefined()
    {
        Assert.Equal(
            new EquityMeasures(null, null, null, null, null, null, null, null, null),
            Equity.Compute([U(100, 0, group: 0), U(300, 0, group: 1)]));
    }

    [Fact]
    public void Compute_Empty_EverythingUndefined()
    {
        Assert.Equal(new EquityMeasures(null, null, null, null, null, null, null, null, null), Equity.Compute([]));
        Assert.Null(Equity.Gini([]));
        Assert.Null(Equity.TheilT([]));
        Assert.Null(Equity.TheilDecomposition([]));
        Assert.Null(Equity.MeanLogDeviation([]));
        Assert.Null(Equity.McLoone([]));
        Assert.Null(Equity.Verstegen([]));
        Assert.Null(Equity.FederalRangeRatio([]));
        Assert.Null(Equity.MaxMinRatio([]));
    }

    [Fact]
    public void Compute_OneUnit_PerfectEquality()
    {
        Assert.Equal(new EquityMeasures(0, 0, 0, 0, 0, 1, 1, 0, 1), Equity.Compute([U(420, 3.7)]));
    }

    [Fact]
    public void Compute_InvalidWeight_Throws()
    {
        var e = Assert.Throws<ArgumentException>(() => Equity.Compute([U(100, 1), U(0, 2)]));

        Assert.Equal("units", e.ParamName);
        Assert.Contains("units[1].Weight", e.Message, StringComparison.Ordinal);
    }

    [Property(Arbitrary = [typeof(Counties)])]
    public void Gini_AnyCounty_EqualsQuadraticDefinition(County county)
    {
        double mean = county.Units.Sum(u => u.Weight * u.Value);
        Close(mean > 0 ? NaiveGini(county.Units) : null, Equity.Gini(county.Units), relative: 1e-9, absolute: 1e-12);
    }

    [Property(Arbitrary = [typeof(Counties)])]
    public void Compute_AllValuesEqual_CvGiniTheilAreZero(County county, Factor factor)
    {
        var equal = county.Units.Select(u => u with { Value = factor.Value }).ToArray();

        var d = WeightedStatistics.Dispersion(equal);
        var m = Equity.Compute(equal);

        Assert.Equal(0, d.Cv);
        Assert.Equal(0, m.Gini);
        Assert.Equal(0, m.TheilT);
        Assert.Equal(0, m.TheilWithin);
        Assert.Equal(0, m.TheilBetween);
        Assert.Equal(0, m.MeanLogDeviation);
        Close(1, m.McLoone);   // the half-sums add pupil shares, so 1 up to rounding
        Close(1, m.Verstegen);
        Assert.Equal(0, m.FederalRangeRatio);
        Assert.Equal(1, m.MaxMinRatio);
    }

    [Property(Arbitrary = [typeof(Counties)])]
    public void Compute_IdenticalUnitsMerged_NoMeasureChanges(County county)
    {
        // Two units of weight P and value X (the second appended at the end) against one of weight 2P.
        var first = county.Units[0];
        var merged = county.Units.Skip(1).Prepend(first with { Weight = 2 * first.Weight }).ToArray();
        var split = county.Units.Append(first).ToArray();

        var dm = WeightedStatistics.Dispersion(merged);
        var ds = WeightedStatistics.Dispersion(split);
        Assert.Equal(dm.TotalWeight, ds.TotalWeight);
        Close(dm.Mean, ds.Mean);
        Close(dm.StandardDeviation, ds.StandardDeviation);
        Close(dm.Cv, ds.Cv);

        var m = Equity.Compute(merged);
        var s = Equity.Compute(split);
        Close(m.Gini, s.Gini);
        Close(m.TheilT, s.TheilT);
        Close(m.TheilWithin, s.TheilWithin);
        Close(m.TheilBetween, s.TheilBetween);
        Close(m.MeanLogDeviation, s.MeanLogDeviation);
        Close(m.McLoone, s.McLoone);
        Close(m.Verstegen, s.Verstegen);
        Close(m.FederalRangeRatio, s.FederalRangeRatio);
        Close(m.MaxMinRatio, s.MaxMinRatio);
    }

    [Property(Arbitrary = [typeof(Counties)])]
    public void Compute_AnyCounty_GiniInUnitIntervalAndTheilPartsSumToTotal(County county)
    {
        var m = Equity.Compute(county.Units);

        Assert.Equal(m.Gini.HasValue, m.TheilT.HasValue); // both undefined exactly when μ = 0
        if (m.Gini is double gini && m.TheilT is double t)
        {
            Assert.InRange(gini, 0, 1);
            Assert.True(gini < 1);
            double within = Assert.NotNull(m.TheilWithin);
            double between = Assert.NotNull(m.TheilBetween);
            Assert.True(t >= 0 && within >= 0 && between >= 0);
            Close(t, within + between, relative: 1e-9, absolute: 1e-12);
        }
    }

    [Property(Arbitrary = [typeof(Counties)])]
    public void Compute_AnyCounty_BoundsHoldAndMatchesIndividualMethods(County county)
    {
        var units = county.Units;
        var m = Equity.Compute(units);

        if (m.McLoone is double mcLoone && m.Verstegen is double verstegen)
        {
            Assert.InRange(mcLoone, 0, 1 + 1e-9);
            Assert.True(verstegen >= 1 - 1e-9);
        }

        Assert.True(m.MeanLogDeviation is null or >= 0);
        Assert.True(m.FederalRangeRatio is null or >= 0);
        Assert.True(m.MaxMinRatio is null or >= 1);

        Assert.Equal(Equity.Gini(units), m.Gini);
        Assert.Equal(Equity.TheilT(units), m.TheilT);
        Assert.Equal(Equity.TheilDecomposition(units)?.within, m.TheilWithin);
        Assert.Equal(Equity.TheilDecomposition(units)?.between, m.TheilBetween);
        Assert.Equal(Equity.MeanLogDeviation(units), m.MeanLogDeviation);
        Assert.Equal(Equity.McLoone(units), m.McLoone);
        Assert.Equal(Equity.Verstegen(units), m.Verstegen);
        Assert.Equal(Equity.FederalRangeRatio(units), m.FederalRangeRatio);
        Assert.Equal(Equity.MaxMinRatio(units), m.MaxMinRatio);
    }
}
