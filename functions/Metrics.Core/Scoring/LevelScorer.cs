using Metrics.Core.Catalog;
using Metrics.Core.Model;
using Metrics.Core.Profiles;
using Metrics.Core.Statistics;

namespace Metrics.Core.Scoring;

/// <summary>Scores the resource part of one level: indicator CVs, equity measures, the per-school rule, shortfalls.</summary>
public static class LevelScorer
{
    private static readonly EquityMeasures NoEquity = new(null, null, null, null, null, null, null, null, null);

    public static LevelResult Score(Level level, IReadOnlyList<EvaluationUnit> units, Profile profile)
    {
        var rules = profile.RulesFor(level);
        var indicators = profile.Indicators.Select(IndicatorCatalog.Get).ToArray();
        var values = new double[indicators.Length][];
        var results = new IndicatorResult[indicators.Length];
        var perIndicator = profile.Decision == Decision.PerIndicatorCv;

        for (var k = 0; k < indicators.Length; k++)
        {
            var ind = indicators[k];
            var xs = new double[units.Count];
            var weighted = new WeightedValue[units.Count];
            for (var i = 0; i < units.Count; i++)
            {
                xs[i] = ind.ValueOf(units[i]);
                weighted[i] = new WeightedValue(units[i].Pupils, xs[i], (int)units[i].School.Location);
            }

            values[k] = xs;
            // Validated and sorted once for the CV, the equity measures and the unweighted CV.
            var sample = SortedSample.Create(weighted, nameof(units));
            var d = WeightedStatistics.DispersionOf(sample);
            var threshold = perIndicator ? rules.CvThreshold : null;
            IndicatorStatus status = d.Cv is not { } cv ? IndicatorStatus.Undefined
                : threshold is not { } t ? IndicatorStatus.NotJudged
                : Tolerance.AtMost(cv, t) ? IndicatorStatus.Pass
                : IndicatorStatus.Fail;
            results[k] = new IndicatorResult(
                ind.Id,
                d.Mean,
                d.Cv,
                threshold,
                rules.Standards.TryGetValue(ind.Id, out var std) ? std : null,
                status,
                IsBorderline(d.Cv, threshold, profile.BorderlineMargin),
                units.Count == 0 ? NoEquity : Equity.ComputeOf(sample),
                units.Count == 0 ? null : WeightedStatistics.UnweightedCvOf(sample));
        }

        var schools = new SchoolResult[units.Count];
        var passing = 0;
        for (var i = 0; i < units.Count; i++)
        {
            schools[i] = ScoreUnit(units[i], indicators, values, i, rules, profile.SchoolRule);
            if (schools[i].Status == Status.Pass)
            {
                passing++;
            }
        }

        double? composite = null;
        Status? compositeStatus = null;
        var compositeThreshold = perIndicator ? null : rules.CompositeCvThreshold;
        if (!perIndicator && units.Count > 0)
        {
            // The composite is the plain mean of the unrounded CVs; one undefined CV leaves it undefined.
            // An undefined composite (null, shown "undefined") neither passes nor fails.
            composite = results.All(r => r.Cv.HasValue) ? results.Average(r => r.Cv!.Value) : null;
            compositeStatus = composite is not { } c ? null
                : compositeThreshold is { } ct && Tolerance.AtMost(c, ct) ? Status.Pass
                : Status.Fail;
        }

        Status levelStatus;
        if (units.Count == 0)
        {
            // No school of the county teaches this level (or none is in scope): nothing to fail.
            levelStatus = Status.NotApplicable;
        }
        else
        {
            var schoolsOk = profile.SchoolRule is null || passing == units.Count;
            var failed = perIndicator
                ? results.Any(r => r.Status == IndicatorStatus.Fail)
                : compositeStatus == Status.Fail;
            var undefined = perIndicator
                ? results.Any(r => r.Status == IndicatorStatus.Undefined)
                : compositeStatus is null;
            levelStatus = failed || !schoolsOk ? Status.Fail
                : undefined ? Status.NotAssessed
                : Status.Pass;
        }

        return new LevelResult(
            level,
            units.Count,
            units.Sum(u => (long)u.Pupils),
            results,
            composite,
            compositeThreshold,
            compositeStatus,
            IsBorderline(composite, compositeThreshold, profile.BorderlineMargin),
            schools,
            passing,
            levelStatus);
    }

    /// <summary>
    /// The per-school rule: pass when at most <c>MaxMissed</c> standards are missed and every
    /// missed value is at least <c>FloorRatio</c> of its standard (quality-2017: 6 of 7, the 7th ≥ 85%).
    /// </summary>
    public static Status ApplySchoolRule(IReadOnlyList<(double Value, double Standard)> measured, SchoolRule rule)
    {
        var missed = 0;
        foreach (var (value, standard) in measured)
        {
            if (Standard.Meets(value, standard))
            {
                continue;
            }

            missed++;
            if (!Tolerance.AtLeast(value, rule.FloorRatio * standard))
            {
                return Status.Fail;
            }
        }

        return missed <= rule.MaxMissed ? Status.Pass : Status.Fail;
    }

    private static bool IsBorderline(double? value, double? threshold, double margin) =>
        value is { } v && threshold is { } t && Math.Abs(v - t) <= margin;

    private static SchoolResult ScoreUnit(
        EvaluationUnit unit, Indicator[] indicators, double[][] values, int i, LevelRules rules, SchoolRule? rule)
    {
        var own = new Dictionary<string, double>(indicators.Length, StringComparer.Ordinal);
        var shortfalls = new Dictionary<string, double>(StringComparer.Ordinal);
        var measured = new List<(double, double)>(indicators.Length);
        var met = 0;
        for (var k = 0; k < indicators.Length; k++)
        {
            var value = values[k][i];
            own[indicators[k].Id] = value;
            if (!rules.Standards.TryGetValue(indicators[k].Id, out var standard))
            {
                continue;
            }

            measured.Add((value, standard));
            if (Standard.Meets(value, standard))
            {
                met++;
            }
            else if (indicators[k].ShortfallOf(unit, standard) is > 0 and var amount)
            {
                shortfalls[indicators[k].Id] = amount;
            }
        }

        return new SchoolResult(
            unit.School.Code,
            unit.School.Name,
            unit.Level,
            unit.School.Location,
            unit.Pupils,
            own,
            met,
            rule is null ? null : ApplySchoolRule(measured, rule),
            shortfalls);
    }
}
