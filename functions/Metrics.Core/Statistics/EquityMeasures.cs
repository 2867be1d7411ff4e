namespace Metrics.Core.Statistics;

/// <summary>
/// Pupil-weighted equity measures of one indicator over the units of one level, reported beside
/// the official CV (DOMAIN §5). Computed by <see cref="Equity.Compute"/>; each field is documented
/// on the <see cref="Equity"/> method of the same name. Null means undefined, never NaN.
/// </summary>
/// <param name="Gini">Gini coefficient, in [0, 1); see <see cref="Equity.Gini"/>.</param>
/// <param name="TheilT">Theil T index, ≥ 0; see <see cref="Equity.TheilT"/>.</param>
/// <param name="TheilWithin">Within-group part of Theil T; see <see cref="Equity.TheilDecomposition"/>.</param>
/// <param name="TheilBetween">Between-group part of Theil T; see <see cref="Equity.TheilDecomposition"/>.</param>
/// <param name="MeanLogDeviation">Mean log deviation (Theil L), ≥ 0; see <see cref="Equity.MeanLogDeviation"/>.</param>
/// <param name="McLoone">McLoone index, in [0, 1]; see <see cref="Equity.McLoone"/>.</param>
/// <param name="Verstegen">Verstegen index, ≥ 1; see <see cref="Equity.Verstegen"/>.</param>
/// <param name="FederalRangeRatio">(P95 − P5) / P5; see <see cref="Equity.FederalRangeRatio"/>.</param>
/// <param name="MaxMinRatio">max X / min X; see <see cref="Equity.MaxMinRatio"/>.</param>
public sealed record EquityMeasures(
    double? Gini,
    double? TheilT,
    double? TheilWithin,
    double? TheilBetween,
    double? MeanLogDeviation,
    double? McLoone,
    double? Verstegen,
    double? FederalRangeRatio,
    double? MaxMinRatio);
