using Metrics.Core.Model;

namespace Metrics.Core.Scoring;

/// <summary>
/// One unit of evaluation: a school's section at one level (DOMAIN.md §1). Teacher counts are the
/// section's own; whole-school facilities count for <see cref="Share"/> of their total.
/// </summary>
/// <param name="School">The school row.</param>
/// <param name="Level">Primary or junior.</param>
/// <param name="Pupils">Pupils of this section (&gt; 0).</param>
/// <param name="Share">Share of the school's facilities that belongs to this section, in (0, 1].</param>
public sealed record EvaluationUnit(School School, Level Level, int Pupils, double Share)
{
    public SectionStaff Staff => School.StaffAt(Level);
}
