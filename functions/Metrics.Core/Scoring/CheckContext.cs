using Metrics.Core.Model;
using Metrics.Core.Profiles;

namespace Metrics.Core.Scoring;

/// <summary>Everything a check may look at: the submission, the profile and the units in evaluation.</summary>
public sealed class CheckContext
{
    private readonly ILookup<string, EvaluationUnit> unitsBySchool;

    public CheckContext(CountySubmission submission, Profile profile, UnitSet units)
    {
        Submission = submission;
        Profile = profile;
        Units = units;
        unitsBySchool = units.Primary.Concat(units.Junior).ToLookup(u => u.School.Code, StringComparer.Ordinal);
        Schools = submission.Schools.Where(s => unitsBySchool.Contains(s.Code)).ToArray();
        CompulsorySchools = submission.Schools.Where(s => s.Sections().Any()).ToArray();
        Spending = submission.Spending.GroupBy(r => r.SchoolCode, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.First(), StringComparer.Ordinal);
    }

    public CountySubmission Submission { get; }
    public Profile Profile { get; }
    public UnitSet Units { get; }
    public CountyInfo County => Submission.County;

    /// <summary>Schools with at least one unit in the evaluation, in workbook order.</summary>
    public IReadOnlyList<School> Schools { get; }

    /// <summary>
    /// Every school with pupils at a compulsory level, in workbook order, whether or not the CV units
    /// include it: teaching points, small and private schools too (method §4 scope). Special and
    /// vocational schools are not among them.
    /// </summary>
    public IReadOnlyList<School> CompulsorySchools { get; }

    /// <summary>Spending rows by school code.</summary>
    public IReadOnlyDictionary<string, SpendingRecord> Spending { get; }

    /// <summary>The units (one per evaluated section) of a school.</summary>
    public IEnumerable<EvaluationUnit> UnitsOf(School school) => unitsBySchool[school.Code];

    /// <summary>Every unit of both levels.</summary>
    public IEnumerable<EvaluationUnit> AllUnits => Units.Primary.Concat(Units.Junior);
}
