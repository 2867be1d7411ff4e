using FsCheck.Xunit;
using Metrics.Core.Statistics;
using static Metrics.Core.Tests.Statistics.Stat;

namespace Metrics.Core.Tests.Statistics;

public class WeightedStatisticsTests
{
    /// <summary>DOMAIN §3: pupils 120, 300, 580 with 3, 6, 16 multimedia rooms.</summary>
    private static readonly WeightedValue[] PublishedExample = [U(120, 2.5), U(300, 2.0), U(580, 16 * 100.0 / 580)];

    [Fact]
    public void Dispersion_PublishedThreeSchoolExample_MatchesPublishedFigures()
    {
        // N = 1000; ΣPX = 120·2.5 + 300·2.0 + 580·(1600/580) = 300 + 600 + 1600 = 2500 → X̄ = 2.5
        // deviations 0, −0.5, 15/58 = 0.258621
        // ΣP·d² = 0 + 300·0.25 + 580·225/3364 = 75 + 38.793103 = 113.793103
        // S = sqrt(113.793103 / 1000) = sqrt(0.113793) = 0.337332; CV = 0.337332 / 2.5 = 0.134933
        var d = WeightedStatistics.Dispersion(PublishedExample);

        Assert.Equal(3, d.Units);
        Assert.Equal(1000, d.TotalWeight);
        Assert.Equal(2.5, Assert.NotNull(d.Mean), 1e-12);
        Assert.Equal(0.337332, Assert.NotNull(d.StandardDeviation), 1e-6);
        Assert.Equal(0.134933, Assert.NotNull(d.Cv), 1e-6);
    }

    [Fact]
    public void Dispersion_ThreeSchools_UsesPupilWeightsAndPopulationForm()
    {
        // pupils 200, 600, 200; values 2, 5, 8
        // N = 1000; ΣPX = 400 + 3000 + 1600 = 5000 → X̄ = 5
        // ΣP(X − X̄)² = 200·9 + 600·0 + 200·9 = 3600; S² = 3600 / 1000 = 3.6 (divided by N, not N − 1)
        // S = sqrt(3.6) = 1.8973666; CV = 1.8973666 / 5 = 0.3794733
        var d = WeightedStatistics.Dispersion([U(200, 2), U(600, 5), U(200, 8)]);

        Assert.Equal(5, Assert.NotNull(d.Mean), 1e-12);
        Assert.Equal(Math.Sqrt(3.6), Assert.NotNull(d.StandardDeviation), 1e-12);
        Assert.Equal(0.3794733, Assert.NotNull(d.Cv), 1e-7);
    }

    [Fact]
    public void UnweightedCv_SkewedCounty_DiffersFromOfficialCv()
    {
        // One town school of 1800 pupils at 2 rooms per 100, four village schools of 50 pupils at 10.
        // Official: N = 2000; ΣPX = 3600 + 4·500 = 5600 → X̄ = 2.8
        //   ΣP(X − X̄)² = 1800·0.64 + 200·51.84 = 1152 + 10368 = 11520; S² = 5.76; S = 2.4
        //   CV = 2.4 / 2.8 = 6/7 = 0.857143
        // Unweighted (every school once): mean = (2 + 4·10) / 5 = 8.4
        //   variance = (6.4² + 4·1.6²) / 5 = (40.96 + 10.24) / 5 = 10.24; SD = 3.2
        //   CV = 3.2 / 8.4 = 8/21 = 0.380952 — less than half the official figure.
        WeightedValue[] county = [U(1800, 2), U(50, 10), U(50, 10), U(50, 10), U(50, 10)];

        var official = WeightedStatistics.Dispersion(county);
        var unweighted = WeightedStatistics.UnweightedCv(county);

        Assert.Equal(2.8, Assert.NotNull(official.Mean), 1e-12);
        Assert.Equal(2.4, Assert.NotNull(official.StandardDeviation), 1e-12);
        Assert.Equal(6.0 / 7, Assert.NotNull(official.Cv), 1e-12);
        Assert.Equal(8.0 / 21, Assert.NotNull(unweighted), 1e-12);
    }

    [Fact]
    public void Dispersion_AllValuesZero_CvIsUndefined()
    {
        // X̄ = 0 / 500 = 0, S = 0, CV = 0/0 → undefined (null), never NaN.
        var d = WeightedStatistics.Dispersion([U(200, 0), U(300, 0)]);

        Assert.Equal(new Dispersion(2, 500, 0, 0, null), d);
        Assert.Null(WeightedStatistics.UnweightedCv([U(200, 0), U(300, 0)]));
    }

    [Fact]
    public void Dispersion_Empty_ReturnsZeroUnitsAndNulls()
    {
        Assert.Equal(new Dispersion(0, 0, null, null, null), WeightedStatistics.Dispersion([]));
        Assert.Null(WeightedStatistics.UnweightedCv([]));
        Assert.Null(WeightedStatistics.WeightedPercentile([], 0.5));
        Assert.Null(WeightedStatistics.WeightedMedian([]));
    }

    [Fact]
    public void Dispersion_OneUnit_HasZeroSpread()
    {
        Assert.Equal(new Dispersion(1, 420, 3.7, 0, 0), WeightedStatistics.Dispersion([U(420, 3.7)]));
    }

    [Theory]
    [InlineData(0.0)]
    [InlineData(-5.0)]
    [InlineData(double.NaN)]
    [InlineData(double.PositiveInfinity)]
    public void Dispersion_InvalidWeight_Throws(double weight)
    {
        var e = Assert.Throws<ArgumentException>(() => WeightedStatistics.Dispersion([U(100, 1), U(weight, 2)]));

        Assert.Equal("units", e.ParamName);
        Assert.Contains("units[1].Weight", e.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(-0.1)]
    [InlineData(double.NaN)]
    [InlineData(double.PositiveInfinity)]
    public void Dispersion_InvalidValue_Throws(double value)
    {
        var e = Assert.Throws<ArgumentException>(() => WeightedStatistics.Dispersion([U(100, value)]));

        Assert.Equal("units", e.ParamName);
        Assert.Contains("units[0].Value", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Dispersion_WeightsSumBeyondDouble_Throws()
    {
        Assert.Throws<ArgumentException>(() => WeightedStatistics.Dispersion([U(double.MaxValue, 1), U(double.MaxValue, 2)]));
    }

    [Fact]
    public void Dispersion_Null_Throws()
    {
        Assert.Throws<ArgumentNullException>(() => WeightedStatistics.Dispersion(null!));
    }

    /// <summary>Pupils 50, 100, 700, 100, 50 at values 1, 2, 4, 6, 9 (N = 1000), given out of order.</summary>
    private static readonly WeightedValue[] PercentileCounty = [U(700, 4), U(50, 9), U(100, 2), U(50, 1), U(100, 6)];

    [Theory]
    // ascending: value 1 (50), 2 (100), 4 (700), 6 (100), 9 (50); cumulative 50, 150, 850, 950, 1000
    [InlineData(0.00, 1)]   // p·N = 0: the first unit already reaches it
    [InlineData(0.05, 1)]   // p·N = 50: cumulative 50 ≥ 50 at value 1 (exactly reached counts)
    [InlineData(0.10, 2)]   // p·N = 100: 50 < 100, 150 ≥ 100 → 2
    [InlineData(0.50, 4)]   // p·N = 500: 150 < 500, 850 ≥ 500 → 4
    [InlineData(0.85, 4)]   // p·N = 850: reached exactly at value 4
    [InlineData(0.95, 6)]   // p·N = 950: reached exactly at value 6 (not 9)
    [InlineData(0.96, 9)]   // p·N = 960: 950 < 960 → 9
    [InlineData(1.00, 9)]   // p·N = N: the largest value
    public void WeightedPercentile_FiveSchools_FirstUnitReachingPN(double p, double expected)
    {
        Assert.Equal(expected, WeightedStatistics.WeightedPercentile(PercentileCounty, p));
    }

    [Fact]
    public void WeightedPercentile_RoundedTarget_DoesNotSkipTheBoundaryUnit()
    {
        // 100 pupils; 55% of them is 55 pupils, but 0.55 · 100 = 55.00000000000001 in double.
        // The unit of 55 pupils reaches 55 exactly, so P55 is its value 1, not the next value 2.
        double p = 0.55;
        Assert.True(p * 100 > 55);
        Assert.Equal(1, WeightedStatistics.WeightedPercentile([U(45, 2), U(55, 1)], p));
    }

    [Theory]
    [InlineData(-0.01)]
    [InlineData(1.01)]
    [InlineData(double.NaN)]
    public void WeightedPercentile_POutsideUnitInterval_Throws(double p)
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => WeightedStatistics.WeightedPercentile(PercentileCounty, p));
    }

    [Fact]
    public void WeightedMedian_CumulativeWeightExactlyHalf_IsLowerUnitValue()
    {
        // 50 pupils at 1, 50 at 3: cumulative weight reaches N/2 = 50 at the first unit → median 1 (no averaging).
        Assert.Equal(1, WeightedStatistics.WeightedMedian([U(50, 3), U(50, 1)]));
    }

    [Fact]
    public void WeightedMedian_LargeMiddleSchool_IsItsValue()
    {
        // N/2 = 500; cumulative 50, 150, 850 → value 4, although 4 of the 5 schools are elsewhere.
        Assert.Equal(4, WeightedStatistics.WeightedMedian(PercentileCounty));
    }

    [Property(Arbitrary = [typeof(Counties)])]
    public void Dispersion_ValuesScaledByPositiveConstant_CvUnchanged(County county, Factor factor)
    {
        var scaled = county.Units.Select(u => u with { Value = u.Value * factor.Value }).ToArray();

        var original = WeightedStatistics.Dispersion(county.Units);
        var result = WeightedStatistics.Dispersion(scaled);

        Close(original.Cv, result.Cv);
        Close(original.Mean * factor.Value, result.Mean);
        Close(original.StandardDeviation * factor.Value, result.StandardDeviation);
    }

    [Property(Arbitrary = [typeof(Counties)])]
    public void Dispersion_AnyCounty_MeanIsTotalResourceOverTotalPupils(County county)
    {
        double totalResource = county.Units.Sum(u => u.Weight * u.Value);
        double totalPupils = county.Units.Sum(u => u.Weight);

        var d = WeightedStatistics.Dispersion(county.Units);

        Assert.Equal(county.Units.Length, d.Units);
        Assert.Equal(totalPupils, d.TotalWeight);
        Close(totalResource / totalPupils, d.Mean, relative: 1e-12);
    }

    [Property(Arbitrary = [typeof(Counties)])]
    public void Dispersion_AnyCounty_MatchesDefinitionAndIsOrderIndependent(County county)
    {
        // The textbook formulas, evaluated directly.
        double n = county.Units.Sum(u => u.Weight);
        double mean = county.Units.Sum(u => u.Weight * u.Value) / n;
        double sd = Math.Sqrt(county.Units.Sum(u => u.Weight * (u.Value - mean) * (u.Value - mean)) / n);

        var d = WeightedStatistics.Dispersion(county.Units);
        var reversed = WeightedStatistics.Dispersion(county.Units.Reverse().ToArray());

        Close(sd, d.StandardDeviation, relative: 1e-9, absolute: 1e-9);
        Close(mean > 0 ? sd / mean : null, d.Cv, relative: 1e-9, absolute: 1e-9);
        Close(d.Cv, reversed.Cv);
    }
}
