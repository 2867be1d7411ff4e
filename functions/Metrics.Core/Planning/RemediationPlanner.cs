using Metrics.Core.Catalog;
using Metrics.Core.Model;
using Metrics.Core.Profiles;
using Metrics.Core.Scoring;

namespace Metrics.Core.Planning;

/// <summary>
/// What it takes to pass (method §9): the least-cost additions, in the workbook's own columns, that bring
/// every unit to its standards (all but the one indicator per unit that is cheapest to leave at ≥ 85 %)
/// and every failing CV (or composite CV) under its threshold. Proved, not estimated: the changed figures
/// are scored again with the real scorer, and the plan goes on until that score passes.
/// </summary>
public static class RemediationPlanner
{
    /// <summary>Rounds of plan-and-rescore; a split school's facility addition for one level changes the other.</summary>
    private const int MaxRounds = 24;

    /// <summary>The budget → CV curve runs from the county's binding ratio down to this ratio.</summary>
    private const double CurveLowestRatio = 0.8;

    private const int CurveSteps = 20;

    /// <summary>Step of the composite allocation: one indicator's CV target is lowered by this much at a time.</summary>
    private const double CompositeStep = 0.005;

    /// <summary>The plan for a scorecard: only for a county whose resource part fails at some level; null otherwise.</summary>
    public static RemediationPlan? ForScorecard(CountySubmission submission, Profile profile, LevelResult primary, LevelResult junior) =>
        primary.Status == Status.Fail || junior.Status == Status.Fail ? Plan(submission, profile, null, [primary, junior]) : null;

    /// <summary>The plan for a county (empty when its resource part already passes).</summary>
    /// <param name="submission">The county workbook as read.</param>
    /// <param name="profile">The profile it is scored with; its <c>unitCosts</c> price the plan.</param>
    /// <param name="budget">A budget in 元 to report against the plan and the curve, or null.</param>
    public static RemediationPlan Plan(CountySubmission submission, Profile profile, double? budget = null) =>
        Plan(submission, profile, budget, null);

    /// <param name="scored">Both levels as the scorer already judged the submission, when the caller has them.</param>
    private static RemediationPlan Plan(CountySubmission submission, Profile profile, double? budget, LevelResult[]? scored)
    {
        var schools = submission.Schools.ToArray();
        var index = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < schools.Length; i++)
        {
            index.TryAdd(schools[i].Code, i);
        }

        var before = scored ?? ScoreLevels(schools, profile);
        var priced = new Dictionary<(int School, string Column), double>();
        var withHires = new Dictionary<(int School, string Column), double>();
        var reasons = new Dictionary<(int School, string Column), string>();
        var levels = before;
        for (var round = 0; round < MaxRounds && levels.Any(l => l.Status == Status.Fail); round++)
        {
            var units = UnitBuilder.Build(schools, profile);
            var requests = new Dictionary<(int School, string Column), (double Amount, string Reason)>();
            foreach (var level in levels.Where(l => l.Status == Status.Fail))
            {
                Fill(level.Level, units.At(level.Level), profile, index, requests);
            }

            if (requests.Count == 0)
            {
                break;
            }

            foreach (var (key, (amount, reason)) in requests)
            {
                schools[key.School] = SchoolColumns.Add(schools[key.School], key.Column, amount);
                priced[key] = priced.GetValueOrDefault(key) + amount;
                reasons.TryAdd(key, reason);
            }

            // A hired qualified, key or PE/art teacher is a full-time teacher too: the section's teacher
            // count must stay at least each type's count, or the workbook would no longer be valid.
            foreach (var i in requests.Keys.Select(k => k.School).Distinct())
            {
                foreach (var level in new[] { Level.Primary, Level.Junior })
                {
                    var staff = schools[i].StaffAt(level);
                    var most = Math.Max(Math.Max(staff.Qualified, staff.Key), Math.Max(staff.PeArt, staff.SeniorTitle));
                    if (most > staff.Teachers)
                    {
                        var key = (i, SchoolColumns.At("teachers", level));
                        schools[i] = SchoolColumns.Add(schools[i], key.Item2, most - staff.Teachers);
                        withHires[key] = withHires.GetValueOrDefault(key) + (most - staff.Teachers);
                        reasons.TryAdd(key, "teachers");
                    }
                }
            }

            levels = ScoreLevels(schools, profile);
        }

        var actions = priced.Keys.Concat(withHires.Keys).Distinct()
            .OrderBy(k => k.School)
            .Select(k =>
            {
                var cost = priced.GetValueOrDefault(k) * profile.UnitCosts.GetValueOrDefault(ShortfallSummary.Stem(k.Column));
                return new PlanAction(schools[k.School].Code, schools[k.School].Name, k.Column, priced.GetValueOrDefault(k) + withHires.GetValueOrDefault(k), cost, reasons[k]);
            })
            .ToArray();
        var totals = new SortedDictionary<string, double>(StringComparer.Ordinal);
        var costs = new SortedDictionary<string, double>(StringComparer.Ordinal);
        foreach (var a in actions)
        {
            var stem = ShortfallSummary.Stem(a.Field);
            totals[stem] = totals.GetValueOrDefault(stem) + a.Add;
            costs[stem] = costs.GetValueOrDefault(stem) + a.CostYuan;
        }

        var total = costs.Values.Sum();
        var curve = Curve(submission.Schools, profile, out var costAt, out var highest);
        var failing = before.Where(l => l.Status == Status.Fail).Select(l => l.Level).ToHashSet();
        return new RemediationPlan(
            actions,
            totals,
            costs,
            total,
            Exemptions(levels, profile),
            before.Zip(levels, Compare).ToArray(),
            !levels.Any(l => l.Status == Status.Fail),
            TeacherTransfers.Plan(submission, profile, failing, before),
            curve,
            profile.UnitCosts)
        {
            Budget = budget is { } b ? new BudgetReach(b, b >= total, Reach(costAt, highest, b)) : null,
        };
    }

    /// <summary>Both levels' resource parts as the scorer judges them.</summary>
    internal static LevelResult[] ScoreLevels(IReadOnlyList<School> schools, Profile profile)
    {
        var units = UnitBuilder.Build(schools, profile);
        return [LevelScorer.Score(Level.Primary, units.Primary, profile), LevelScorer.Score(Level.Junior, units.Junior, profile)];
    }

    internal static PlanLevel Compare(LevelResult before, LevelResult after) => new(
        before.Level,
        before.Units,
        before.Status,
        after.Status,
        before.SchoolsPassing,
        after.SchoolsPassing,
        before.CompositeCv,
        after.CompositeCv,
        before.CompositeThreshold,
        before.Indicators.Zip(after.Indicators, (b, a) => new PlanIndicator(b.Id, b.Cv, a.Cv, b.Threshold, b.Status, a.Status)).ToArray());

    /// <summary>The rise of a unit's value per item added to its column: a teacher to its section, a m² or room to the whole school.</summary>
    internal static double StepOf(Indicator indicator, EvaluationUnit unit) =>
        indicator.Scale * (indicator.IsFacility ? unit.Share : 1.0) / unit.Pupils;

    /// <summary>
    /// One level's additions, as requests per school and column (the larger one where two levels of a
    /// split school ask for the same whole-school column). First every unit's standards, exempting per
    /// unit the indicators whose full standard costs most over their 85 % floor; then water-filling of
    /// every CV over its threshold (per indicator) or of the indicators the composite allocation picks.
    /// </summary>
    private static void Fill(Level level, IReadOnlyList<EvaluationUnit> units, Profile profile, Dictionary<string, int> index, Dictionary<(int, string), (double, string)> requests)
    {
        if (units.Count == 0)
        {
            return;
        }

        var rules = profile.RulesFor(level);
        var indicators = profile.Indicators.Select(IndicatorCatalog.Get).ToArray();
        var n = units.Count;
        var pupils = units.Select(u => (double)u.Pupils).ToArray();
        var unitCost = indicators.Select(ind => profile.UnitCosts.GetValueOrDefault(ind.Field, 1)).ToArray();
        var values = new double[indicators.Length][];
        var steps = new double[indicators.Length][];
        var items = new double[indicators.Length][];
        for (var k = 0; k < indicators.Length; k++)
        {
            values[k] = units.Select(indicators[k].ValueOf).ToArray();
            steps[k] = units.Select(u => StepOf(indicators[k], u)).ToArray();
            items[k] = new double[n];
        }

        if (profile.SchoolRule is { } rule)
        {
            for (var i = 0; i < n; i++)
            {
                var full = new double[indicators.Length];
                var floor = new double[indicators.Length];
                for (var k = 0; k < indicators.Length; k++)
                {
                    if (rules.Standards.TryGetValue(indicators[k].Id, out var standard))
                    {
                        full[k] = indicators[k].ShortfallOf(units[i], standard);
                        floor[k] = indicators[k].ShortfallOf(units[i], rule.FloorRatio * standard);
                    }
                }

                var exempt = Enumerable.Range(0, indicators.Length)
                    .Where(k => full[k] > floor[k])
                    .OrderByDescending(k => (full[k] - floor[k]) * unitCost[k])
                    .ThenBy(k => k)
                    .Take(rule.MaxMissed)
                    .ToHashSet();
                for (var k = 0; k < indicators.Length; k++)
                {
                    items[k][i] = exempt.Contains(k) ? floor[k] : full[k];
                }
            }
        }

        var raised = new double[indicators.Length][];
        for (var k = 0; k < indicators.Length; k++)
        {
            raised[k] = new double[n];
            for (var i = 0; i < n; i++)
            {
                raised[k][i] = values[k][i] + (items[k][i] * steps[k][i]);
            }
        }

        var targets = profile.Decision == Decision.PerIndicatorCv
            ? indicators.Select(_ => rules.CvThreshold).ToArray()
            : rules.CompositeCvThreshold is { } composite
                ? CompositeTargets([.. indicators.Select((_, k) => new FillCurve(pupils, raised[k], steps[k]))], unitCost, composite, 0, null)
                : new double?[indicators.Length];
        for (var k = 0; k < indicators.Length; k++)
        {
            if (targets[k] is not { } target || (WaterFilling.Cv(pupils, raised[k]) is { } cv && cv <= target))
            {
                continue;
            }

            if (SchoolColumns.IsContinuous(indicators[k].Field))
            {
                var amounts = WaterFilling.Continuous(pupils, raised[k], steps[k], target);
                for (var i = 0; i < n; i++)
                {
                    items[k][i] += amounts[i] > 0 ? Math.Ceiling(amounts[i] - 1e-9) : 0;
                }
            }
            else
            {
                var whole = WaterFilling.WholeItems(pupils, raised[k], steps[k], target);
                for (var i = 0; i < n; i++)
                {
                    items[k][i] += whole[i];
                }
            }
        }

        for (var k = 0; k < indicators.Length; k++)
        {
            var column = indicators[k].ColumnAt(level);
            for (var i = 0; i < n; i++)
            {
                if (items[k][i] <= 0 || !index.TryGetValue(units[i].School.Code, out var school))
                {
                    continue;
                }

                var key = (school, column);
                requests[key] = requests.TryGetValue(key, out var seen) && seen.Item1 >= items[k][i] ? seen : (items[k][i], indicators[k].Id);
            }
        }
    }

    /// <summary>
    /// The composite CV (plain mean of the indicators' CVs) is brought to <paramref name="threshold"/> by
    /// lowering, one step at a time, the CV target of the indicator where a step costs least (each
    /// indicator's cost is its water-filling's). Returns the CV target per indicator (null: untouched);
    /// <paramref name="path"/>, when given, receives (cost so far, composite) after every step.
    /// </summary>
    internal static double?[] CompositeTargets(FillCurve[] curves, double[] unitCost, double threshold, double floorRatio, List<(double Cost, double Composite)>? path)
    {
        var count = curves.Length;
        var t = curves.Select(c => c.Cv).ToArray();
        if (t.Any(x => x is null))
        {
            // An undefined CV leaves the composite undefined: nothing to allocate against.
            return new double?[count];
        }

        var cv = t.Select(x => x!.Value).ToArray();
        var cost = new double[count];
        var spent = 0.0;
        var goal = floorRatio > 0 ? floorRatio * threshold : threshold;
        path?.Add((0, cv.Average()));
        for (var guard = 0; guard < 100_000 && cv.Average() > goal; guard++)
        {
            var excess = (cv.Sum() - (goal * count)) * (1 + 1e-9);
            var best = -1;
            var bestRatio = double.NegativeInfinity;
            double bestCv = 0, bestCost = 0;
            for (var k = 0; k < count; k++)
            {
                if (cv[k] <= 0)
                {
                    continue;
                }

                var lower = Math.Max(0, cv[k] - Math.Min(CompositeStep, excess));
                var c = curves[k].ItemsFor(lower) * unitCost[k];
                var ratio = (cv[k] - lower) / Math.Max(c - cost[k], 1e-9);
                if (ratio > bestRatio)
                {
                    (best, bestRatio, bestCv, bestCost) = (k, ratio, lower, c);
                }
            }

            if (best < 0)
            {
                break;
            }

            spent += bestCost - cost[best];
            (cv[best], cost[best]) = (bestCv, bestCost);
            path?.Add((spent, cv.Average()));
        }

        return cv.Select((x, k) => curves[k].Cv is { } c0 && x < c0 ? x : (double?)null).ToArray();
    }

    /// <summary>
    /// The budget → CV curve from the workbook's own figures: what equalisation alone costs (water-filling,
    /// no standards) to bring the county's binding ratio — the largest CV / threshold over levels and
    /// indicators, or composite / threshold — down from where it is to <see cref="CurveLowestRatio"/>.
    /// </summary>
    private static IReadOnlyList<CurvePoint> Curve(IReadOnlyList<School> schools, Profile profile, out Func<double, double> costAt, out double highest)
    {
        var units = UnitBuilder.Build(schools, profile);
        var indicators = profile.Indicators.Select(IndicatorCatalog.Get).ToArray();
        var unitCost = indicators.Select(ind => profile.UnitCosts.GetValueOrDefault(ind.Field, 1)).ToArray();
        var perLevel = new List<Func<double, double>>();
        highest = 0;
        foreach (var level in new[] { Level.Primary, Level.Junior })
        {
            var list = units.At(level);
            if (list.Count == 0)
            {
                continue;
            }

            var rules = profile.RulesFor(level);
            var pupils = list.Select(u => (double)u.Pupils).ToArray();
            var curves = indicators.Select(ind => new FillCurve(pupils, [.. list.Select(ind.ValueOf)], [.. list.Select(u => StepOf(ind, u))])).ToArray();
            if (profile.Decision == Decision.PerIndicatorCv && rules.CvThreshold is { } t)
            {
                highest = Math.Max(highest, curves.Max(c => c.Cv ?? 0) / t);
                perLevel.Add(rho => curves.Select((c, k) => c.Cv is { } cv && cv > rho * t ? c.ItemsFor(rho * t) * unitCost[k] : 0).Sum());
            }
            else if (rules.CompositeCvThreshold is { } ct)
            {
                var path = new List<(double Cost, double Composite)>();
                CompositeTargets(curves, unitCost, ct, CurveLowestRatio, path);
                if (path.Count == 0)
                {
                    continue;
                }

                highest = Math.Max(highest, path[0].Composite / ct);
                perLevel.Add(rho => CostOnPath(path, rho * ct));
            }
        }

        costAt = rho => perLevel.Sum(f => f(rho));
        if (highest <= CurveLowestRatio)
        {
            return [];
        }

        var top = highest;
        var at = costAt;
        return Enumerable.Range(0, CurveSteps + 1)
            .Select(j => top - (j * (top - CurveLowestRatio) / CurveSteps))
            .Select(rho => new CurvePoint(rho, at(rho)))
            .ToArray();
    }

    /// <summary>The cost at which the composite path first reaches <paramref name="composite"/>, interpolated between steps.</summary>
    private static double CostOnPath(List<(double Cost, double Composite)> path, double composite)
    {
        if (path[0].Composite <= composite)
        {
            return 0;
        }

        for (var j = 1; j < path.Count; j++)
        {
            if (path[j].Composite <= composite)
            {
                var (c0, m0) = path[j - 1];
                var (c1, m1) = path[j];
                return m0 - m1 <= 0 ? c1 : c0 + ((c1 - c0) * (m0 - composite) / (m0 - m1));
            }
        }

        return path[^1].Cost;
    }

    /// <summary>The lowest binding ratio on the curve that <paramref name="budget"/> pays for.</summary>
    private static double Reach(Func<double, double> costAt, double highest, double budget)
    {
        if (highest <= CurveLowestRatio || costAt(CurveLowestRatio) <= budget)
        {
            return Math.Min(highest, CurveLowestRatio);
        }

        double lo = CurveLowestRatio, hi = highest;
        for (var i = 0; i < 60; i++)
        {
            var mid = (lo + hi) / 2;
            if (costAt(mid) <= budget)
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

    /// <summary>Units left below a standard by the plan (at ≥ 85 % of it, as the school rule allows).</summary>
    private static PlanExemption[] Exemptions(IReadOnlyList<LevelResult> after, Profile profile)
    {
        if (profile.SchoolRule is null)
        {
            return [];
        }

        return [.. after.SelectMany(l => l.Schools.SelectMany(s =>
            profile.RulesFor(l.Level).Standards
                .Where(kv => s.Values.TryGetValue(kv.Key, out var v) && !Standard.Meets(v, kv.Value))
                .OrderBy(kv => profile.Indicators.ToList().IndexOf(kv.Key))
                .Select(kv => new PlanExemption(s.Code, s.Name, l.Level, kv.Key))))];
    }
}
