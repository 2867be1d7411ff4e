using System.Globalization;
using Metrics.Core.Model;
using Metrics.Core.Profiles;

namespace Metrics.Core.Scoring;

/// <summary>The units of one county, by level, and what was left out and why.</summary>
public sealed record UnitSet(
    IReadOnlyList<EvaluationUnit> Primary,
    IReadOnlyList<EvaluationUnit> Junior,
    IReadOnlyList<School> Excluded,
    IReadOnlyList<ValidationIssue> Warnings)
{
    public IReadOnlyList<EvaluationUnit> At(Level level) => level == Level.Primary ? Primary : Junior;
}

/// <summary>
/// Turns school rows into units of evaluation (DOMAIN.md §1): sections by school type, facility
/// split by weighted enrolment, profile exclusions, zero-pupil units dropped with a warning.
/// </summary>
public static class UnitBuilder
{
    private const string SchoolsSheet = "学校";

    public static UnitSet Build(IReadOnlyList<School> schools, Profile profile)
    {
        var primary = new List<EvaluationUnit>();
        var junior = new List<EvaluationUnit>();
        var excluded = new List<School>();
        var warnings = new List<ValidationIssue>();
        var w = profile.SectionWeights;

        foreach (var s in schools)
        {
            if (IsExcluded(s, profile.Exclusions))
            {
                excluded.Add(s);
                continue;
            }

            // Weighted enrolment of the whole school, including the senior pupils who share the
            // buildings but are not evaluated.
            (Level Level, double Weight)[] sections = s.Type switch
            {
                SchoolType.Primary or SchoolType.TeachingPoint => [(Level.Primary, 1.0)],
                SchoolType.Junior => [(Level.Junior, 1.0)],
                SchoolType.NineYear => [(Level.Primary, w.Primary), (Level.Junior, w.Junior)],
                SchoolType.TwelveYear => [(Level.Primary, w.Primary), (Level.Junior, w.Junior)],
                SchoolType.Complete => [(Level.Junior, w.CompleteJunior)],
                _ => [],
            };
            var seniorWeight = s.Type switch
            {
                SchoolType.TwelveYear => w.Senior,
                SchoolType.Complete => w.CompleteSenior,
                _ => 0.0,
            };

            var weighted = seniorWeight * s.StudentsSenior;
            foreach (var (level, weight) in sections)
            {
                weighted += weight * s.StudentsAt(level);
            }

            foreach (var (level, weight) in sections)
            {
                var pupils = s.StudentsAt(level);
                if (pupils <= 0)
                {
                    warnings.Add(ZeroPupils(s, level));
                    continue;
                }

                var unit = new EvaluationUnit(s, level, pupils, weight * pupils / weighted);
                (level == Level.Primary ? primary : junior).Add(unit);
            }
        }

        return new UnitSet(primary, junior, excluded, warnings);
    }

    /// <summary>Whether the profile leaves this school out of the evaluation.</summary>
    public static bool IsExcluded(School s, Exclusions ex) =>
        s.Type switch
        {
            SchoolType.SpecialEducation => ex.SpecialEducation,
            SchoolType.Vocational => ex.Vocational,
            SchoolType.TeachingPoint => ex.AllTeachingPoints || s.StudentsPrimary < ex.TeachingPointMinPupils,
            _ => false,
        } || (s.Ownership == Ownership.Private && ex.Private);

    private static ValidationIssue ZeroPupils(School s, Level level)
    {
        var (zh, en) = level == Level.Primary ? ("小学", "primary") : ("初中", "junior");
        return new ValidationIssue(
            Severity.Warning,
            "zero_pupil_unit",
            SchoolsSheet,
            s.SourceRow > 0 ? s.SourceRow : null,
            level == Level.Primary ? "students_primary" : "students_junior",
            null,
            string.Create(CultureInfo.InvariantCulture, $"学校 {s.Code}（{s.Name}）{zh}在校生数为 0，该学段不参与评估。"),
            string.Create(CultureInfo.InvariantCulture, $"School {s.Code} ({s.Name}) has no {en} pupils; that section is left out of the evaluation."));
    }
}
