using Metrics.Core.Model;

namespace Metrics.Core.Scoring;

/// <summary>
/// The optional signals of method §7, built only from the columns a workbook carries, over every
/// compulsory school they are about (teaching points and schools outside the CV units included).
/// </summary>
internal static class SignalBuilder
{
    public static Signals Build(CheckContext c) => new(EnrollmentWarnings(c), Pairing(c), AfterSchool(c)) { Rotation = Rotation(c) };

    /// <summary>
    /// 入学预警 of public schools, separately for 小一 and 初一: catchment children ÷ planned intake;
    /// ≥ yellow threshold yellow, ≥ red threshold red. A 九年一贯制 reports both grades.
    /// </summary>
    private static IReadOnlyList<EnrollmentWarning>? EnrollmentWarnings(CheckContext c)
    {
        var rules = c.Profile.Signals;
        var entries = new List<(School School, string Grade, int Children, int Intake)>();
        foreach (var s in c.CompulsorySchools.Where(s => s.Ownership == Ownership.Public))
        {
            var entryGrade = s.Teaches(Level.Primary) ? EnrollmentWarning.PrimaryFirstGrade : EnrollmentWarning.JuniorFirstGrade;
            if (s is { CatchmentChildren: { } children, PlannedIntake: > 0 })
            {
                entries.Add((s, entryGrade, children, s.PlannedIntake.Value));
            }

            if (s.Teaches(Level.Primary) && s.Teaches(Level.Junior) && s is { CatchmentChildrenJunior: { } juniorChildren, PlannedIntakeJunior: > 0 })
            {
                entries.Add((s, EnrollmentWarning.JuniorFirstGrade, juniorChildren, s.PlannedIntakeJunior.Value));
            }
        }

        if (entries.Count == 0)
        {
            return null;
        }

        return entries
            .Select(x => (Entry: x, Ratio: (double)x.Children / x.Intake))
            .Where(x => Tolerance.AtLeast(x.Ratio, rules.EnrollmentYellow))
            .Select(x => new EnrollmentWarning(x.Entry.School.Code, x.Entry.School.Name, x.Entry.Children, x.Entry.Intake, x.Ratio,
                Tolerance.AtLeast(x.Ratio, rules.EnrollmentRed) ? "red" : "yellow") { Grade = x.Entry.Grade })
            .ToArray();
    }

    /// <summary>
    /// 结对帮扶: every 乡村小规模学校 (rural 小学 and 教学点 under the small-school limit) must be paired;
    /// the scope mix is judged against "around" the within-county and within-city targets (± the
    /// profile's tolerance) and "at least" the within-province target.
    /// </summary>
    private static PairingSummary? Pairing(CheckContext c)
    {
        if (!c.CompulsorySchools.Any(s => s.PairedSchoolCode is not null || s.PairingScope is not null))
        {
            return null;
        }

        var rules = c.Profile.Signals;
        var ruralSmall = c.CompulsorySchools.Where(s => IsRuralSmall(s, rules.SmallSchoolPupils)).ToArray();
        var unpaired = ruralSmall.Where(s => string.IsNullOrWhiteSpace(s.PairedSchoolCode)).ToArray();
        var paired = ruralSmall.Length - unpaired.Length;
        var scoped = c.CompulsorySchools.Where(s => s.PairingScope is not null).ToArray();
        var shares = new Dictionary<string, double>(StringComparer.Ordinal);
        foreach (var (key, scope) in new[] { ("withinCounty", PairingScope.WithinCounty), ("withinCity", PairingScope.WithinCity), ("withinProvince", PairingScope.WithinProvince) })
        {
            shares[key] = scoped.Length == 0 ? 0 : (double)scoped.Count(s => s.PairingScope == scope) / scoped.Length;
        }

        var t = rules.PairingScopeTargets;
        var targets = new Dictionary<string, double>(StringComparer.Ordinal)
        {
            ["withinCounty"] = t.WithinCounty,
            ["withinCity"] = t.WithinCity,
            ["withinProvince"] = t.WithinProvince,
        };
        var tol = rules.PairingAroundTolerance;
        var scopeStatus = scoped.Length == 0 ? Status.NotAssessed
            : Tolerance.AtMost(Math.Abs(shares["withinCounty"] - t.WithinCounty), tol)
                && Tolerance.AtMost(Math.Abs(shares["withinCity"] - t.WithinCity), tol)
                && Tolerance.AtLeast(shares["withinProvince"], t.WithinProvince) ? Status.Pass
            : Status.Fail;
        return new PairingSummary(ruralSmall.Length, paired, ruralSmall.Length == 0 ? null : (double)paired / ruralSmall.Length, shares, targets)
        {
            CoverageStatus = ruralSmall.Length == 0 ? Status.NotApplicable : unpaired.Length == 0 ? Status.Pass : Status.Fail,
            Unpaired = unpaired.Select(s => s.Code).ToArray(),
            Scoped = scoped.Length,
            ScopeStatus = scopeStatus,
        };
    }

    /// <summary>乡村小规模学校: a rural 小学 or any 教学点 with fewer pupils than the limit.</summary>
    internal static bool IsRuralSmall(School s, int limit) =>
        s.CompulsoryPupils < limit && ((s.Type == SchoolType.Primary && s.Location == Location.Rural) || s.Type == SchoolType.TeachingPoint);

    /// <summary>
    /// 课后服务: share of schools with primary pupils that offer it, and primary pupils taking part over
    /// the primary pupils who do not board (boarders are cared for by the school anyway).
    /// </summary>
    private static AfterSchoolSummary? AfterSchool(CheckContext c)
    {
        var primary = c.CompulsorySchools.Where(s => s.Teaches(Level.Primary) && s.StudentsPrimary > 0).ToArray();
        if (!primary.Any(s => s.AfterSchoolService is not null))
        {
            return null;
        }

        var offering = primary.Where(s => s.AfterSchoolService == true).ToArray();
        long boarding = primary.Sum(s => (long)Math.Min(s.BoardingPupils ?? 0, s.StudentsPrimary));
        long pupils = primary.Sum(s => (long)s.StudentsPrimary) - boarding;
        long participating = offering.Sum(s => (long)(s.AfterSchoolPupils ?? 0));
        return new AfterSchoolSummary(
            primary.Length,
            offering.Length,
            primary.Length == 0 ? null : (double)offering.Length / primary.Length,
            pupils,
            participating,
            pupils == 0 ? null : (double)participating / pupils)
        {
            BoardingPupils = boarding,
        };
    }

    /// <summary>Rotation per school and by direction: of the teachers rotated out of urban and town schools, the share sent to rural schools.</summary>
    private static RotationSummary? Rotation(CheckContext c)
    {
        if (c.Submission.Rotation.Count == 0)
        {
            return null;
        }

        var byCode = new Dictionary<string, School>(StringComparer.Ordinal);
        foreach (var s in c.Submission.Schools)
        {
            byCode.TryAdd(s.Code, s);
        }

        var rows = c.Submission.Rotation.Select(r =>
        {
            byCode.TryGetValue(r.SchoolCode, out var school);
            return new RotationSchool(r.SchoolCode, school?.Name ?? string.Empty, school?.Location, r.EligibleTeachers, r.RotatedTeachers, r.RotatedKeyTeachers, r.RotatedToRural,
                r.EligibleTeachers > 0 ? (double)r.RotatedTeachers / r.EligibleTeachers : null);
        }).ToArray();
        var fromUrban = rows.Where(r => r.Location is Location.Urban or Location.Town).ToArray();
        long rotated = fromUrban.Sum(r => (long)r.Rotated);
        var reported = fromUrban.All(r => r.ToRural is not null);
        long toRural = fromUrban.Sum(r => (long)(r.ToRural ?? 0));
        return new RotationSummary(rows, rotated, reported ? toRural : null, reported && rotated > 0 ? (double)toRural / rotated : null);
    }
}
