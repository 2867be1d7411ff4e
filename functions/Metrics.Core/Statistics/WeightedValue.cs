namespace Metrics.Core.Statistics;

/// <summary>
/// One unit's value of an indicator with its pupil weight and its location group (for the Theil
/// decomposition). Every measure in this namespace is pupil-weighted: a school of 600 pupils
/// counts six times as much as one of 100.
/// </summary>
/// <param name="Weight">Pupils P_i (must be &gt; 0).</param>
/// <param name="Value">Per-pupil (or per-100-pupil) value X_i (must be ≥ 0 and finite).</param>
/// <param name="Group">Group key for the within/between decomposition (e.g. (int)Location).</param>
public readonly record struct WeightedValue(double Weight, double Value, int Group = 0);
