using Metrics.Core.Catalog;
using Metrics.Core.Model;
using Metrics.Core.Profiles;
using Metrics.Core.Scoring;

namespace Metrics.Core.Planning;

/// <summary>
/// The teacher-transfer alternative (method §9): instead of hiring, move teachers within the county,
/// section by section — one teacher at a time from the best-provided unit to the worst-provided unit of
/// the same level ("levelling both ends"), as long as the move lowers the CV, the donor stays at or above
/// its standard and the county stays within its rotation quota.
/// </summary>
public static class TeacherTransfers
{
    /// <summary>
    /// The county's rotation quota: the rotation rule's share (10 %) of the teachers eligible to rotate
    /// (the rotation sheet's <c>eligible_teachers</c>, or every full-time teacher of the units without one), rounded up.
    /// </summary>
    public static int Quota(CountySubmission submission, Profile profile)
    {
        var share = profile.Checks[CheckIds.TeacherRotation] is RotationRule r ? r.MinRotatedShare : new RotationRule().MinRotatedShare;
        double eligible = submission.Rotation.Count > 0
            ? submission.Rotation.Sum(x => (double)x.EligibleTeachers)
            : UnitBuilder.Build(submission.Schools, profile) is var units ? units.Primary.Concat(units.Junior).Sum(u => (double)u.Staff.Teachers) : 0;
        return (int)Math.Ceiling((share * eligible) - 1e-9);
    }

    /// <summary>Moves teachers in the given levels for every teacher indicator whose CV fails or that leaves a unit below standard.</summary>
    /// <param name="submission">The county as submitted.</param>
    /// <param name="profile">Its profile (standards, thresholds, the rotation rule).</param>
    /// <param name="levels">The levels to level (those that fail).</param>
    /// <param name="scored">Both levels as already scored, when the caller has them.</param>
    public static TransferPlan Plan(CountySubmission submission, Profile profile, IReadOnlySet<Level> levels, IReadOnlyList<LevelResult>? scored = null)
    {
        var schools = submission.Schools.ToArray();
        var index = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < schools.Length; i++)
        {
            index.TryAdd(schools[i].Code, i);
        }

        var quota = Quota(submission, profile);
        var moved = 0;
        var net = new Dictionary<(int School, string Column), (double Add, string Reason)>();
        var before = scored ?? RemediationPlanner.ScoreLevels(schools, profile);
        // The units are rebuilt only after a move changed the schools they are built from.
        UnitSet? units = null;
        foreach (var level in new[] { Level.Primary, Level.Junior }.Where(levels.Contains))
        {
            var rules = profile.RulesFor(level);
            var target = rules.CvThreshold ?? rules.CompositeCvThreshold;
            foreach (var indicator in profile.Indicators.Select(IndicatorCatalog.Get).Where(i => !i.IsFacility))
            {
                double? standard = rules.Standards.TryGetValue(indicator.Id, out var s) ? s : null;
                units ??= UnitBuilder.Build(schools, profile);
                var step = MoveWithin(level, indicator, target, standard, quota - moved, schools, units, index, net);
                moved += step;
                units = step > 0 ? null : units;
            }
        }

        var actions = net.Where(kv => kv.Value.Add != 0)
            .OrderBy(kv => kv.Key.School)
            .Select(kv => new PlanAction(schools[kv.Key.School].Code, schools[kv.Key.School].Name, kv.Key.Column, kv.Value.Add, 0, kv.Value.Reason))
            .ToArray();
        var after = moved == 0 ? before : RemediationPlanner.ScoreLevels(schools, profile);
        return new TransferPlan(quota, moved, actions, before.Zip(after, RemediationPlanner.Compare).ToArray());
    }

    private static int MoveWithin(
        Level level,
        Indicator indicator,
        double? target,
        double? standard,
        int allowance,
        School[] schools,
        UnitSet built,
        Dictionary<string, int> index,
        Dictionary<(int, string), (double, string)> net)
    {
        var units = built.At(level).Where(u => index.ContainsKey(u.School.Code)).ToArray();
        if (units.Length < 2 || allowance <= 0)
        {
            return 0;
        }

        var stem = indicator.Field;
        var column = indicator.ColumnAt(level);
        var teachers = SchoolColumns.At("teachers", level);
        var p = units.Select(u => (double)u.Pupils).ToArray();
        var x = units.Select(indicator.ValueOf).ToArray();
        var step = units.Select(u => RemediationPlanner.StepOf(indicator, u)).ToArray();
        var rowOf = units.Select(u => index[u.School.Code]).ToArray();
        double n = p.Sum(), s1 = 0, s2 = 0;
        for (var i = 0; i < units.Length; i++)
        {
            s1 += p[i] * x[i];
            s2 += p[i] * x[i] * x[i];
        }

        var moved = 0;
        while (moved < allowance && WaterFilling.CvOf(n, s1, s2) is { } cv)
        {
            var below = standard is { } std && x.Any(v => !Standard.Meets(v, std));
            if (!(target is { } t && cv > t) && !below)
            {
                break;
            }

            // Receiver: the worst-provided unit; donor: the best-provided unit that can give one.
            var to = 0;
            var donor = -1;
            for (var i = 0; i < units.Length; i++)
            {
                to = x[i] < x[to] ? i : to;
            }

            for (var d = 0; d < units.Length; d++)
            {
                if (d != to && (donor < 0 || x[d] > x[donor]) && (standard is not { } sd || Standard.Meets(x[d] - step[d], sd)) && CanGive(schools[rowOf[d]].StaffAt(level), stem))
                {
                    donor = d;
                }
            }

            var from = -1;
            if (donor >= 0)
            {
                var (n1, n2) = Moved(p, x, step, s1, s2, donor, to);
                if (WaterFilling.CvOf(n, n1, n2) is { } after && after < cv * (1 - 1e-12))
                {
                    from = donor;
                }
            }

            if (from < 0)
            {
                break;
            }

            (s1, s2) = Moved(p, x, step, s1, s2, from, to);
            x[from] -= step[from];
            x[to] += step[to];
            foreach (var (i, sign) in new[] { (rowOf[from], -1), (rowOf[to], 1) })
            {
                foreach (var col in stem == "teachers" ? [column] : new[] { column, teachers })
                {
                    schools[i] = SchoolColumns.Add(schools[i], col, sign);
                    var key = (i, col);
                    var (sum, reason) = net.TryGetValue(key, out var seen) ? seen : (0.0, indicator.Id);
                    net[key] = (sum + sign, reason);
                }
            }

            moved++;
        }

        return moved;
    }

    /// <summary>Whether the donor section can lose one teacher of this type and stay a valid row (every type count within its teachers).</summary>
    private static bool CanGive(SectionStaff staff, string stem)
    {
        if (SchoolColumns.StaffValue(staff, stem) < 1 || staff.Teachers < 1)
        {
            return false;
        }

        foreach (var other in SchoolColumns.TeacherStems)
        {
            if (other != "teachers" && other != stem && SchoolColumns.StaffValue(staff, other) > staff.Teachers - 1)
            {
                return false;
            }
        }

        return true;
    }

    private static (double S1, double S2) Moved(double[] p, double[] x, double[] step, double s1, double s2, int from, int to)
    {
        var xf = x[from] - step[from];
        var xt = x[to] + step[to];
        return (
            s1 - (p[from] * step[from]) + (p[to] * step[to]),
            s2 - (p[from] * x[from] * x[from]) + (p[from] * xf * xf) - (p[to] * x[to] * x[to]) + (p[to] * xt * xt));
    }
}
