using Metrics.Core.Model;

namespace Metrics.Core.Scoring;

/// <summary>
/// One unit of evaluation: a school's section at one level (method §1). Teacher counts are the
/// section's own; whole-school facilities count for <see cref="Share"/> of their total.
/// </summary>
/// <param name="School">The school row (for a parent with merged teaching points, the combined figures).</param>
/// <param name="Level">Primary or junior.</param>
/// <param name="Pupils">Pupils of this section (&gt; 0).</param>
/// <param name="Share">Share of the school's facilities that belongs to this section, in (0, 1].</param>
/// <param name="IndoorSportsMoved">The profile moves the gym (<see cref="School.IndoorSportsM2"/>) from teaching to sports space.</param>
public sealed record EvaluationUnit(School School, Level Level, int Pupils, double Share, bool IndoorSportsMoved = false)
{
    public SectionStaff Staff => School.StaffAt(Level);

    private double Moved => IndoorSportsMoved ? Math.Min(School.IndoorSportsM2 ?? 0, School.TeachingSpaceM2) : 0;

    /// <summary>Whole-school teaching and auxiliary space as scored: without the gym when the profile moves it.</summary>
    public double TeachingSpaceTotal => School.TeachingSpaceM2 - Moved;

    /// <summary>Whole-school sports space as scored: with the gym when the profile moves it.</summary>
    public double SportsSpaceTotal => School.SportsSpaceM2 + Moved;
}
