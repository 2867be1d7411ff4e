using System.Globalization;
using Metrics.Core.Catalog;
using Metrics.Core.Model;
using Metrics.Core.Profiles;

namespace Metrics.Core.Scoring;

/// <summary>
/// The rules behind <see cref="Catalog.CheckCatalog"/>. Conventions shared by all of them:
/// a known failure fails the check even when other data is missing; otherwise missing data makes
/// it not assessed (never a pass). Per-school checks report the share of schools that comply
/// (threshold 1 = every school) and list each school that fails or lacks data.
/// </summary>
/// <remarks>
/// Scope (method §4): the rules written for every school, class or teacher — small-school funding
/// (村小 and 教学点), teacher certification, class size and training spend — run over
/// <see cref="CheckContext.CompulsorySchools"/>, teaching points and schools the CV units leave out
/// included. The rules the method states per unit of evaluation (music and art rooms, school size)
/// run over the schools with units.
/// </remarks>
internal static class CheckRulesImpl
{
    private static readonly IReadOnlyList<CheckResult> NoParts = [];
    private static readonly IReadOnlyList<CheckFinding> NoFindings = [];

    public static CheckResult Minimum(string id, double? value, double min) =>
        new(id, value, min, value is not { } v ? Status.NotAssessed : Tolerance.AtLeast(v, min) ? Status.Pass : Status.Fail, NoParts, NoFindings);

    public static CheckResult Veto(string id, bool? found) =>
        new(id, found is { } f ? (f ? 1 : 0) : null, 0, found switch { null => Status.NotAssessed, true => Status.Fail, false => Status.Pass }, NoParts, NoFindings);

    public static CheckResult MusicArtRooms(CheckContext c)
    {
        var rule = c.Profile.Checks.Get<MusicArtRoomsRule>(CheckIds.MusicArtRooms);
        return PerSchool(CheckIds.MusicArtRooms, c.Schools, s =>
        {
            var classes = c.UnitsOf(s).Sum(u => s.ClassesAt(u.Level));
            if (classes <= 0)
            {
                return Missing(s, "班级数未填，无法核定音乐、美术教室数。", "Number of classes missing: required music/art rooms cannot be set.");
            }

            var required = (classes + rule.ClassesPerRoom - 1) / rule.ClassesPerRoom;
            var problems = new List<(string Zh, string En)>();
            var missing = false;
            Room("音乐", "music", s.MusicRooms, s.MusicRoomMinM2, rule.MusicRoomMinM2);
            Room("美术", "art", s.ArtRooms, s.ArtRoomMinM2, rule.ArtRoomMinM2);
            if (problems.Count > 0)
            {
                return (Status.Fail, Finding(s, null, required, string.Join("；", problems.Select(p => p.Zh)), string.Join("; ", problems.Select(p => p.En))));
            }

            return missing
                ? Missing(s, "专用教室面积未填。", "Room area missing.")
                : (Status.Pass, null);

            void Room(string zh, string en, int rooms, double? minArea, double limit)
            {
                if (rooms < required)
                {
                    problems.Add((Inv($"{zh}教室 {rooms} 间，{classes} 个班应不少于 {required} 间"), Inv($"{rooms} {en} rooms; {classes} classes need at least {required}")));
                }

                if (rooms > 0 && minArea is null)
                {
                    missing = true;
                }
                else if (rooms > 0 && minArea < limit)
                {
                    problems.Add((Inv($"最小{zh}教室 {minArea} 平方米，应不小于 {limit} 平方米"), Inv($"smallest {en} room {minArea} m², at least {limit} m² required")));
                }
            }
        });
    }

    public static CheckResult SchoolSize(CheckContext c)
    {
        var rule = c.Profile.Checks.Get<SchoolSizeRule>(CheckIds.SchoolSize);
        return PerSchool(CheckIds.SchoolSize, c.Schools, s =>
        {
            var limit = s.Type is SchoolType.NineYear or SchoolType.TwelveYear ? rule.MaxPupilsThroughTrain : rule.MaxPupils;
            var pupils = s.CompulsoryPupils;
            return pupils <= limit
                ? (Status.Pass, null)
                : (Status.Fail, Finding(s, pupils, limit, Inv($"义务教育在校生 {pupils} 人，超过 {limit} 人"), Inv($"{pupils} compulsory pupils, above the limit of {limit}")));
        });
    }

    public static CheckResult ClassSize(CheckContext c)
    {
        var rule = c.Profile.Checks.Get<ClassSizeRule>(CheckIds.ClassSize);
        // Every class of every compulsory section, level by level in workbook order (the order of the units).
        var sections = new[] { Level.Primary, Level.Junior }
            .SelectMany(level => c.CompulsorySchools.Where(s => s.Sections().Contains(level)).Select(s => (School: s, Level: level)));
        var outcomes = sections.Select(u =>
        {
            var limit = u.Level == Level.Primary ? rule.MaxPrimary : rule.MaxJunior;
            var (zh, en) = (Names.Levels.Zh(u.Level), Names.Levels.Key(u.Level));
            return u.School.MaxClassAt(u.Level) switch
            {
                null => Missing(u.School, Inv($"{zh}最大班额未填。"), Inv($"Largest {en} class not reported.")),
                var m when m <= limit => (Status.Pass, (CheckFinding?)null),
                var m => (Status.Fail, Finding(u.School, m, limit, Inv($"{zh}最大班额 {m} 人，超过 {limit} 人"), Inv($"largest {en} class has {m} pupils, above {limit}"))),
            };
        }).ToArray();
        return Aggregate(CheckIds.ClassSize, outcomes);
    }

    /// <summary>
    /// Small rural schools and teaching points (村小, 教学点) under the pupil limit must receive public
    /// funds of at least <c>FundedAsPupils</c> pupils' worth at their level's per-pupil base. Every
    /// public compulsory school counts, including teaching points the CV units leave out.
    /// </summary>
    public static CheckResult SmallSchoolFunding(CheckContext c)
    {
        var rule = c.Profile.Checks.Get<SmallSchoolFundingRule>(CheckIds.SmallSchoolFunding);
        var county = c.County.PublicFundsBasePerPupilYuan;
        var basePrimary = rule.BasePrimaryYuan ?? county;
        var baseJunior = rule.BaseJuniorYuan ?? county;
        var small = c.CompulsorySchools
            .Where(s => s.Ownership == Ownership.Public && s.CompulsoryPupils < rule.PupilsBelow
                && (!rule.RuralAndTeachingPointsOnly || s.Location == Location.Rural || s.Type == SchoolType.TeachingPoint))
            .ToArray();
        if ((basePrimary is null && small.Any(s => s.StudentsPrimary > 0)) || (baseJunior is null && small.Any(s => s.StudentsJunior > 0)))
        {
            return new CheckResult(CheckIds.SmallSchoolFunding, null, 1, Status.NotAssessed, NoParts,
                [new CheckFinding(null, null, null, null, "未填写生均公用经费基准定额。", "Per-pupil public funds base (public_funds_base_per_pupil_yuan) not given.")]);
        }

        return PerSchool(CheckIds.SmallSchoolFunding, small, s =>
        {
            // A school teaching both levels is funded at the pupil-weighted mean of the two bases.
            var perPupil = ((s.StudentsPrimary * (basePrimary ?? 0)) + (s.StudentsJunior * (baseJunior ?? 0))) / s.CompulsoryPupils;
            var required = rule.FundedAsPupils * perPupil;
            if (!c.Spending.TryGetValue(s.Code, out var spend))
            {
                return Missing(s, "经费表中没有该校。", "No row for this school in the Spending sheet.");
            }

            return Tolerance.AtLeast(spend.PublicFundsYuan, required)
                ? (Status.Pass, null)
                : (Status.Fail, Finding(s, spend.PublicFundsYuan, required,
                    Inv($"{s.CompulsoryPupils} 人的小规模学校公用经费 {spend.PublicFundsYuan:0} 元，应不低于 {rule.FundedAsPupils} 人核定的 {required:0} 元"),
                    Inv($"small school of {s.CompulsoryPupils} pupils received {spend.PublicFundsYuan:0} yuan; at least {required:0} yuan ({rule.FundedAsPupils} pupils' worth) required")));
        });
    }

    public static CheckResult TeacherPay(CheckContext c)
    {
        var min = c.Profile.Checks.Get<MinimumRule>(CheckIds.TeacherPay).Min;
        if (c.County is { TeacherAveragePayYuan: { } teacher, CivilServantAveragePayYuan: { } civil } && civil > 0)
        {
            var ratio = teacher / civil;
            return new CheckResult(CheckIds.TeacherPay, ratio, min, Tolerance.AtLeast(ratio, min) ? Status.Pass : Status.Fail, NoParts, NoFindings);
        }

        return new CheckResult(CheckIds.TeacherPay, null, min, Status.NotAssessed, NoParts, NoFindings);
    }

    public static CheckResult TeacherRotation(CheckContext c)
    {
        var rule = c.Profile.Checks.Get<RotationRule>(CheckIds.TeacherRotation);
        var rows = c.Submission.Rotation;
        long eligible = rows.Sum(r => (long)r.EligibleTeachers);
        long rotated = rows.Sum(r => (long)r.RotatedTeachers);
        long key = rows.Sum(r => (long)r.RotatedKeyTeachers);
        var keyBase = rule.KeyShareBase == KeyShareBase.Rotated ? rotated : eligible;
        var share = Part(CheckIds.Parts.RotatedShare, eligible > 0 ? (double)rotated / eligible : null, rule.MinRotatedShare);
        var keyShare = Part(CheckIds.Parts.KeyShare, keyBase > 0 ? (double)key / keyBase : null, rule.MinKeyShare);
        return Combine(CheckIds.TeacherRotation, [share, keyShare]);
    }

    /// <summary>
    /// Certified full-time teachers over all full-time teachers of every compulsory school, section by
    /// section (teaching points and schools outside the CV units included). A whole-school
    /// <c>certified_teachers</c> stands in only for a school without senior pupils, whose teachers are
    /// all compulsory-level: a 完全中学's senior staff must never cover its junior section.
    /// </summary>
    public static CheckResult TeacherCertification(CheckContext c)
    {
        var min = c.Profile.Checks.Get<MinimumRule>(CheckIds.TeacherCertification).Min;
        long teachers = 0, certified = 0;
        var findings = new List<CheckFinding>();
        var missing = false;
        foreach (var s in c.CompulsorySchools)
        {
            var sections = s.Sections().ToArray();
            var t = sections.Sum(l => s.StaffAt(l).Teachers);
            int? cert;
            if (sections.All(l => s.StaffAt(l).Certified is not null))
            {
                cert = sections.Sum(l => s.StaffAt(l).Certified!.Value);
                foreach (var l in sections.Where(l => s.StaffAt(l).Certified > s.StaffAt(l).Teachers))
                {
                    // More certificates than teachers in a section cannot make up for another section.
                    cert -= s.StaffAt(l).Certified!.Value - s.StaffAt(l).Teachers;
                }
            }
            else if (s.CertifiedTeachers is { } whole && s.StudentsSenior == 0 && !s.Type.Traits().HasSenior)
            {
                cert = Math.Min(whole, t);
            }
            else
            {
                missing = true;
                findings.Add(s.CertifiedTeachers is null
                    ? Finding(s, null, t, "持证教师数未填。", "Certified teachers not reported.")
                    : Finding(s, null, t, "有高中学段的学校须按学段填写持证教师数(certified_teachers_primary / certified_teachers_junior)。",
                        "A school with a senior section must report certified teachers per section (certified_teachers_primary / certified_teachers_junior)."));
                continue;
            }

            teachers += t;
            certified += cert.Value;
            if (cert < t)
            {
                findings.Add(Finding(s, cert, t, Inv($"专任教师 {t} 人，持证 {cert} 人"), Inv($"{cert} of {t} full-time teachers certified")));
            }
        }

        double? ratio = teachers > 0 ? (double)certified / teachers : null;
        var status = ratio is { } r && !Tolerance.AtLeast(r, min) ? Status.Fail
            : missing || ratio is null ? Status.NotAssessed
            : Status.Pass;
        return new CheckResult(CheckIds.TeacherCertification, ratio, min, status, NoParts, findings);
    }

    public static CheckResult NearbyEnrollment(CheckContext c)
    {
        var rule = c.Profile.Checks.Get<NearbyEnrollmentRule>(CheckIds.NearbyEnrollment);
        return Combine(CheckIds.NearbyEnrollment,
        [
            Part(CheckIds.Parts.Primary, c.County.NearbyEnrollmentPrimaryRate, rule.MinPrimary),
            Part(CheckIds.Parts.Junior, c.County.NearbyEnrollmentJuniorRate, rule.MinJunior),
        ]);
    }

    public static CheckResult TrainingSpend(CheckContext c)
    {
        var min = c.Profile.Checks.Get<MinimumRule>(CheckIds.TrainingSpend).Min;
        return PerSchool(CheckIds.TrainingSpend, c.CompulsorySchools, s =>
        {
            if (!c.Spending.TryGetValue(s.Code, out var spend) || spend.PublicFundsYuan <= 0)
            {
                return Missing(s, "经费表中没有该校公用经费。", "No public funds for this school in the Spending sheet.");
            }

            var share = spend.TrainingFundsYuan / spend.PublicFundsYuan;
            return Tolerance.AtLeast(share, min)
                ? (Status.Pass, null)
                : (Status.Fail, Finding(s, share, min, Inv($"培训经费占公用经费 {share:P1}，低于 {min:P0}"), Inv($"training is {share:P1} of public funds, below {min:P0}")));
        });
    }

    private static CheckResult Part(string id, double? value, double threshold) => Minimum(id, value, threshold);

    /// <summary>A check of several parts: fails if any part fails; its value is the binding part's.</summary>
    private static CheckResult Combine(string id, IReadOnlyList<CheckResult> parts)
    {
        var status = parts.Any(p => p.Status == Status.Fail) ? Status.Fail
            : parts.Any(p => p.Status == Status.NotAssessed) ? Status.NotAssessed
            : Status.Pass;
        var binding = parts.Where(p => p.Value.HasValue).OrderBy(p => p.Value!.Value - p.Threshold!.Value).FirstOrDefault() ?? parts[0];
        return new CheckResult(id, binding.Value, binding.Threshold, status, parts, NoFindings);
    }

    private static CheckResult PerSchool(string id, IReadOnlyList<School> schools, Func<School, (Status, CheckFinding?)> rule) =>
        Aggregate(id, schools.Select(rule).ToArray());

    private static CheckResult Aggregate(string id, IReadOnlyList<(Status Status, CheckFinding? Finding)> outcomes)
    {
        var assessed = outcomes.Count(o => o.Status != Status.NotAssessed);
        var passed = outcomes.Count(o => o.Status == Status.Pass);
        var status = outcomes.Any(o => o.Status == Status.Fail) ? Status.Fail
            : outcomes.Any(o => o.Status == Status.NotAssessed) ? Status.NotAssessed
            : Status.Pass;
        // With no school concerned (e.g. no small schools) the rule holds for all of them.
        double? value = outcomes.Count == 0 ? 1 : assessed > 0 ? (double)passed / assessed : null;
        return new CheckResult(id, value, 1, status, NoParts, outcomes.Where(o => o.Finding is not null).Select(o => o.Finding!).ToArray());
    }

    private static (Status, CheckFinding?) Missing(School s, string zh, string en) => (Status.NotAssessed, Finding(s, null, null, zh, en));

    private static CheckFinding Finding(School s, double? value, double? limit, string zh, string en) => new(s.Code, s.Name, value, limit, zh, en);

    private static string Inv(FormattableString s) => s.ToString(CultureInfo.InvariantCulture);
}
