using Metrics.Core.Model;
using Metrics.Core.Scoring;

namespace Metrics.Core.Planning;

/// <summary>
/// One change to one school's figure in the county workbook (method §9): <paramref name="Add"/> is added
/// to the column <paramref name="Field"/> of the school's row (negative for a teacher who leaves).
/// </summary>
/// <param name="School">School code.</param>
/// <param name="SchoolName">Its name, for people.</param>
/// <param name="Field">Workbook column key, e.g. <c>key_teachers_junior</c> or <c>sports_space_m2</c>.</param>
/// <param name="Add">Whole teachers, rooms, books or computers, or whole m² or 元.</param>
/// <param name="CostYuan">What the addition costs at the profile's unit costs (0 for a transfer or for the
/// full-time teacher count that hires of a teacher type also raise).</param>
/// <param name="Reason">The indicator id the change is for, or <c>teachers</c> for that full-time count.</param>
public sealed record PlanAction(string School, string SchoolName, string Field, double Add, double CostYuan, string Reason);

/// <summary>The indicator a unit is planned to leave between 85 % and 100 % of its standard (the 6-of-7 rule).</summary>
public sealed record PlanExemption(string School, string SchoolName, Level Level, string Indicator);

/// <summary>One indicator's CV and status before and after the plan.</summary>
public sealed record PlanIndicator(string Id, double? CvBefore, double? CvAfter, double? Threshold, IndicatorStatus Before, IndicatorStatus After);

/// <summary>One level's resource part before and after the plan, as the scorer judges it.</summary>
public sealed record PlanLevel(
    Level Level,
    int Units,
    Status Before,
    Status After,
    int SchoolsPassingBefore,
    int SchoolsPassingAfter,
    double? CompositeBefore,
    double? CompositeAfter,
    double? CompositeThreshold,
    IReadOnlyList<PlanIndicator> Indicators);

/// <summary>
/// A point of the budget → CV curve: spending <paramref name="CostYuan"/> on equalisation alone brings the
/// county's binding ratio (largest CV / threshold, or composite / threshold) down to <paramref name="Ratio"/>.
/// </summary>
public sealed record CurvePoint(double Ratio, double CostYuan);

/// <summary>
/// The teacher-transfer alternative: teachers moved between sections of one level instead of hired, at
/// most <paramref name="Quota"/> of them; every donor keeps its standard.
/// </summary>
/// <param name="Quota">The county's rotation quota: the rotation rule's share of the eligible teachers.</param>
/// <param name="Moved">Teachers moved.</param>
/// <param name="Actions">−1 at the donor, +1 at the receiving school, per teacher moved, summed per school and column.</param>
/// <param name="Levels">The resource part after the moves (without any addition).</param>
public sealed record TransferPlan(int Quota, int Moved, IReadOnlyList<PlanAction> Actions, IReadOnlyList<PlanLevel> Levels);

/// <summary>What a given budget buys: whether it pays for the plan, and the binding ratio it reaches on equalisation alone.</summary>
public sealed record BudgetReach(double Yuan, bool Sufficient, double Ratio);

/// <summary>
/// The least-cost plan that brings a county's resource part to a pass (method §9), with its totals, costs,
/// the CVs and statuses after it (the real scorer run again on the changed figures), the teacher-transfer
/// alternative and the budget → CV curve.
/// </summary>
/// <param name="Actions">Additions in workbook order of the schools, one per school and column.</param>
/// <param name="Totals">County totals by column stem (<c>key_teachers</c>, <c>sports_space_m2</c>, …).</param>
/// <param name="Costs">Cost in 元 by column stem.</param>
/// <param name="TotalCost">Sum of <paramref name="Costs"/>, 元.</param>
/// <param name="Exemptions">Per unit, the indicator left at ≥ 85 % of its standard.</param>
/// <param name="Levels">Before and after, per level.</param>
/// <param name="Passes">Whether the resource part passes after the plan.</param>
/// <param name="Transfers">The teacher-transfer alternative.</param>
/// <param name="Curve">Budget → binding ratio, from the workbook's figures, most expensive point last.</param>
/// <param name="UnitCosts">The unit costs used (the profile's), 元.</param>
public sealed record RemediationPlan(
    IReadOnlyList<PlanAction> Actions,
    IReadOnlyDictionary<string, double> Totals,
    IReadOnlyDictionary<string, double> Costs,
    double TotalCost,
    IReadOnlyList<PlanExemption> Exemptions,
    IReadOnlyList<PlanLevel> Levels,
    bool Passes,
    TransferPlan Transfers,
    IReadOnlyList<CurvePoint> Curve,
    IReadOnlyDictionary<string, double> UnitCosts)
{
    /// <summary>What the budget given to <c>metrics plan --budget</c> buys; null without one.</summary>
    public BudgetReach? Budget { get; init; }
}
