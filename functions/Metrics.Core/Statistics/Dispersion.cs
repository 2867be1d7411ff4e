namespace Metrics.Core.Statistics;

/// <summary>
/// Pupil-weighted dispersion of one indicator over the units of one level (DOMAIN §3): the
/// official difference coefficient (差异系数). Computed by <see cref="WeightedStatistics.Dispersion"/>.
/// </summary>
/// <param name="Units">Number of units n.</param>
/// <param name="TotalWeight">Pupils N = ΣP_i (0 when there are no units).</param>
/// <param name="Mean">X̄ = ΣP_iX_i / N, which equals county total resource / county total pupils;
/// null when there are no units.</param>
/// <param name="StandardDeviation">S = sqrt(ΣP_i(X_i − X̄)² / N), the population form (never N − 1);
/// null when there are no units.</param>
/// <param name="Cv">CV = S / X̄; null ("undefined", never a pass) when there are no units or X̄ = 0.</param>
public sealed record Dispersion(int Units, double TotalWeight, double? Mean, double? StandardDeviation, double? Cv);
