using System.Globalization;
using Metrics.Core.Model;
using Metrics.Core.Profiles;

namespace Metrics.Core.Scoring;

/// <summary>Why a school row has no unit of its own (method §1), for the scorecard's audit list.</summary>
public enum ExclusionReason
{
    SpecialEducation,
    Vocational,

    /// <summary>The profile excludes every teaching point.</summary>
    TeachingPoint,

    /// <summary>A teaching point under the profile's pupil cut-off.</summary>
    SmallTeachingPoint,

    /// <summary>民办, excluded by the profile.</summary>
    Private,

    /// <summary>A teaching point merged into its parent school's primary unit.</summary>
    MergedIntoParent,

    /// <summary>No pupils at any compulsory level.</summary>
    ZeroPupils,
}

/// <summary>A school left out of the units, and why.</summary>
/// <param name="School">The row as the workbook has it.</param>
/// <param name="Reason">Why it has no unit of its own.</param>
/// <param name="MergedInto">For <see cref="ExclusionReason.MergedIntoParent"/>: the parent's code.</param>
/// <param name="Cutoff">For <see cref="ExclusionReason.SmallTeachingPoint"/>: the profile's pupil cut-off.</param>
public sealed record ExcludedSchool(School School, ExclusionReason Reason, string? MergedInto = null, int? Cutoff = null)
{
    /// <summary>The reason in Chinese, e.g. 教学点(不足 50 人) or 并入 X001.</summary>
    public string ReasonZh => Reason switch
    {
        ExclusionReason.SpecialEducation => "特殊教育学校",
        ExclusionReason.Vocational => "职业学校",
        ExclusionReason.TeachingPoint => "教学点(方案不计教学点)",
        ExclusionReason.SmallTeachingPoint => string.Create(CultureInfo.InvariantCulture, $"教学点(不足 {Cutoff} 人)"),
        ExclusionReason.Private => "民办学校(方案不计民办)",
        ExclusionReason.MergedIntoParent => $"教学点，并入 {MergedInto}",
        _ => "无义务教育在校生",
    };

    /// <summary>The reason in English.</summary>
    public string ReasonEn => Reason switch
    {
        ExclusionReason.SpecialEducation => "special-education school",
        ExclusionReason.Vocational => "vocational school",
        ExclusionReason.TeachingPoint => "teaching point (the profile excludes all)",
        ExclusionReason.SmallTeachingPoint => string.Create(CultureInfo.InvariantCulture, $"teaching point under {Cutoff} pupils"),
        ExclusionReason.Private => "private school (the profile excludes them)",
        ExclusionReason.MergedIntoParent => $"teaching point merged into {MergedInto}",
        _ => "no compulsory pupils",
    };

    /// <summary>Stable id of the reason for the JSON contract, e.g. <c>small_teaching_point</c>.</summary>
    public string ReasonId => Reason switch
    {
        ExclusionReason.SpecialEducation => "special_education",
        ExclusionReason.Vocational => "vocational",
        ExclusionReason.TeachingPoint => "teaching_point",
        ExclusionReason.SmallTeachingPoint => "small_teaching_point",
        ExclusionReason.Private => "private",
        ExclusionReason.MergedIntoParent => "merged_into_parent",
        _ => "zero_pupils",
    };
}

/// <summary>The units of one county, by level, and what was left out and why.</summary>
public sealed record UnitSet(
    IReadOnlyList<EvaluationUnit> Primary,
    IReadOnlyList<EvaluationUnit> Junior,
    IReadOnlyList<ExcludedSchool> Excluded,
    IReadOnlyList<ValidationIssue> Warnings)
{
    public IReadOnlyList<EvaluationUnit> At(Level level) => level == Level.Primary ? Primary : Junior;
}

/// <summary>
/// Turns school rows into units of evaluation (method §1): sections by school type, facility
/// split by weighted enrolment, profile exclusions and teaching-point policy, zero-pupil units
/// dropped with a warning. The gym moves from teaching to sports space when the profile says so.
/// </summary>
public static class UnitBuilder
{
    public static UnitSet Build(IReadOnlyList<School> schools, Profile profile) =>
        Build(schools, profile, profile.IndoorSportsAsSportsSpace);

    /// <summary>
    /// Builds the units with the gym option forced on or off (to tell whether the option changes a verdict).
    /// Warnings point at <paramref name="location"/> (where the caller read the rows; empty when unknown)
    /// and each school's <see cref="School.SourceRow"/>.
    /// </summary>
    public static UnitSet Build(IReadOnlyList<School> schools, Profile profile, bool moveIndoorSports, string? location = null)
    {
        var sheet = location ?? string.Empty;
        var primary = new List<EvaluationUnit>();
        var junior = new List<EvaluationUnit>();
        var excluded = new List<ExcludedSchool>();
        var warnings = new List<ValidationIssue>();
        var w = profile.SectionWeights;
        var merged = MergeTeachingPoints(schools, profile, excluded, warnings, sheet);
        var mergedPoints = excluded.Select(e => e.School).ToHashSet(ReferenceEqualityComparer.Instance);

        foreach (var original in schools)
        {
            if (mergedPoints.Contains(original))
            {
                continue;
            }

            if (Exclusion(original, profile.Exclusions) is { } reason)
            {
                excluded.Add(new ExcludedSchool(original, reason, Cutoff: reason == ExclusionReason.SmallTeachingPoint ? profile.Exclusions.TeachingPointMinPupils : null));
                continue;
            }

            var s = merged.TryGetValue(original, out var combined) ? combined : original;

            // Weighted enrolment of the whole school, including the senior pupils who share the
            // buildings but are not evaluated.
            var traits = s.Type.Traits();
            var sections = traits.Levels.Select(l => (Level: l, Weight: traits.WeightOf(l, w))).ToArray();
            var seniorWeight = traits.SeniorWeight(w);

            var weighted = seniorWeight * s.StudentsSenior;
            foreach (var (level, weight) in sections)
            {
                weighted += weight * s.StudentsAt(level);
            }

            var any = false;
            foreach (var (level, weight) in sections)
            {
                var pupils = s.StudentsAt(level);
                if (pupils <= 0)
                {
                    warnings.Add(ZeroPupils(s, level, sheet));
                    continue;
                }

                any = true;
                var unit = new EvaluationUnit(s, level, pupils, weight * pupils / weighted, moveIndoorSports && s.IndoorSportsM2 > 0);
                (level == Level.Primary ? primary : junior).Add(unit);
            }

            if (!any && sections.Length > 0)
            {
                excluded.Add(new ExcludedSchool(original, ExclusionReason.ZeroPupils));
            }
        }

        // Workbook order, whatever the order in which rows were set aside.
        var order = new Dictionary<School, int>(ReferenceEqualityComparer.Instance);
        for (var i = 0; i < schools.Count; i++)
        {
            order.TryAdd(schools[i], i);
        }

        excluded.Sort((a, b) => order[a.School].CompareTo(order[b.School]));
        return new UnitSet(primary, junior, excluded, warnings);
    }

    /// <summary>Whether the profile leaves this school out of the evaluation (teaching points to be merged are not).</summary>
    public static bool IsExcluded(School s, Exclusions ex) => Exclusion(s, ex) is not null;

    /// <summary>Why the profile leaves this school out of the units, or null when it has units.</summary>
    public static ExclusionReason? Exclusion(School s, Exclusions ex)
    {
        if (s.Ownership == Ownership.Private && ex.Private)
        {
            return ExclusionReason.Private;
        }

        return s.Type switch
        {
            SchoolType.SpecialEducation when ex.SpecialEducation => ExclusionReason.SpecialEducation,
            SchoolType.Vocational when ex.Vocational => ExclusionReason.Vocational,
            SchoolType.TeachingPoint => ex.EffectiveTeachingPoints switch
            {
                TeachingPointPolicy.ExcludeAll => ExclusionReason.TeachingPoint,
                _ when s.StudentsPrimary < ex.TeachingPointMinPupils => ExclusionReason.SmallTeachingPoint,
                _ => null,
            },
            _ => null,
        };
    }

    /// <summary>
    /// Under <see cref="TeachingPointPolicy.MergeIntoParent"/>: each teaching point with a known parent
    /// adds its pupils, classes, primary staff and facilities to the parent (returned as combined
    /// records keyed by the parent row) and is listed as merged. A point whose parent is missing
    /// stays on its own under the pupil cut-off, with a warning.
    /// </summary>
    private static Dictionary<School, School> MergeTeachingPoints(IReadOnlyList<School> schools, Profile profile, List<ExcludedSchool> excluded, List<ValidationIssue> warnings, string sheet)
    {
        var combined = new Dictionary<School, School>(ReferenceEqualityComparer.Instance);
        if (profile.Exclusions.EffectiveTeachingPoints != TeachingPointPolicy.MergeIntoParent)
        {
            return combined;
        }

        var byCode = new Dictionary<string, School>(StringComparer.Ordinal);
        foreach (var s in schools)
        {
            byCode.TryAdd(s.Code, s);
        }

        foreach (var point in schools.Where(s => s.Type == SchoolType.TeachingPoint))
        {
            if (point.Ownership == Ownership.Private && profile.Exclusions.Private)
            {
                continue;
            }

            if (point.ParentSchoolCode is not { } code || !byCode.TryGetValue(code, out var parent) || !parent.Teaches(Level.Primary)
                || parent.Type == SchoolType.TeachingPoint || Exclusion(parent, profile.Exclusions) is not null)
            {
                warnings.Add(NoParent(point, sheet));
                continue;
            }

            var sum = combined.TryGetValue(parent, out var c) ? c : parent;
            combined[parent] = sum with
            {
                StudentsPrimary = sum.StudentsPrimary + point.StudentsPrimary,
                ClassesPrimary = sum.ClassesPrimary + point.ClassesPrimary,
                StaffPrimary = Add(sum.StaffPrimary, point.StaffPrimary),
                TeachingSpaceM2 = sum.TeachingSpaceM2 + point.TeachingSpaceM2,
                SportsSpaceM2 = sum.SportsSpaceM2 + point.SportsSpaceM2,
                IndoorSportsM2 = sum.IndoorSportsM2 is null && point.IndoorSportsM2 is null ? null : (sum.IndoorSportsM2 ?? 0) + (point.IndoorSportsM2 ?? 0),
                EquipmentValueYuan = sum.EquipmentValueYuan + point.EquipmentValueYuan,
                MultimediaRooms = sum.MultimediaRooms + point.MultimediaRooms,
                Computers = sum.Computers + point.Computers,
                Books = sum.Books + point.Books,
            };
            excluded.Add(new ExcludedSchool(point, ExclusionReason.MergedIntoParent, parent.Code));
        }

        return combined;
    }

    private static SectionStaff Add(SectionStaff a, SectionStaff b) =>
        new(a.Teachers + b.Teachers, a.Qualified + b.Qualified, a.Key + b.Key, a.PeArt + b.PeArt, a.SeniorTitle + b.SeniorTitle)
        {
            Certified = a.Certified is null && b.Certified is null ? null : (a.Certified ?? 0) + (b.Certified ?? 0),
        };

    private static ValidationIssue NoParent(School s, string sheet) => new(
        Severity.Warning,
        "teaching_point_without_parent",
        sheet,
        s.SourceRow > 0 ? s.SourceRow : null,
        "parent_school_code",
        null,
        string.Create(CultureInfo.InvariantCulture, $"教学点 {s.Code}（{s.Name}）的所属学校代码 {s.ParentSchoolCode ?? "(空)"} 不是本表中的小学或一贯制学校，无法并入；按人数门槛单独处理。"),
        string.Create(CultureInfo.InvariantCulture, $"Teaching point {s.Code} ({s.Name}) names parent {s.ParentSchoolCode ?? "(empty)"}, which is not a primary or through-train school of this sheet; it cannot be merged and is treated on its own under the pupil cut-off."));

    private static ValidationIssue ZeroPupils(School s, Level level, string sheet)
    {
        var (zh, en) = (Names.Levels.Zh(level), Names.Levels.Key(level));
        return new ValidationIssue(
            Severity.Warning,
            "zero_pupil_unit",
            sheet,
            s.SourceRow > 0 ? s.SourceRow : null,
            level == Level.Primary ? "students_primary" : "students_junior",
            null,
            string.Create(CultureInfo.InvariantCulture, $"学校 {s.Code}（{s.Name}）{zh}在校生数为 0，该学段不参与评估。"),
            string.Create(CultureInfo.InvariantCulture, $"School {s.Code} ({s.Name}) has no {en} pupils; that section is left out of the evaluation."));
    }
}
