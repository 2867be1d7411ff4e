using Metrics.Core.Catalog;
using Metrics.Core.Model;
using Metrics.Core.Rollup;

namespace Metrics.Reports.Text;

/// <summary>How the rollup's pages and workbook order rows and columns.</summary>
internal static class RollupView
{
    /// <summary>
    /// Ranked counties by profile (ranks are within a profile) and rank, then unranked ones, then
    /// those without a scorecard, each by code.
    /// </summary>
    public static IReadOnlyList<RollupRow> DisplayOrder(IEnumerable<RollupRow> rows) =>
        rows.OrderBy(r => r.Missing ? 2 : r.Rank is null ? 1 : 0)
            .ThenBy(r => r.Card?.Profile, StringComparer.Ordinal)
            .ThenBy(r => r.Rank ?? int.MaxValue)
            .ThenBy(r => r.Code, StringComparer.Ordinal)
            .ToArray();

    /// <summary>Indicator ids with a CV at this level in any row, in catalog order (unknown ids last).</summary>
    public static IReadOnlyList<string> IndicatorIds(IEnumerable<RollupRow> rows, Level level)
    {
        var ids = rows.Where(r => r.Card is not null).SelectMany(r => r.Card!.At(level).Cvs.Keys).ToHashSet(StringComparer.Ordinal);
        var known = IndicatorCatalog.All.Select(i => i.Id).Where(ids.Contains).ToList();
        known.AddRange(ids.Where(id => !IndicatorCatalog.TryGet(id, out _)).Order(StringComparer.Ordinal));
        return known;
    }

    /// <summary>Whether any row of this level has a composite CV (basic-2012 counties).</summary>
    public static bool HasComposite(IEnumerable<RollupRow> rows, Level level) =>
        rows.Any(r => r.Card?.At(level).CompositeCv is not null);

    /// <summary>Why a county has no scorecard, as shown: processing, rejected or missing (nothing submitted).</summary>
    public static (string Zh, string En) StateName(CountyState state) => Names.CountyStates.Bilingual(state);

    /// <summary>A rank change as shown: ↑3 (moved up), ↓2, 0, or "—".</summary>
    public static string RankChange(int? delta) => delta switch
    {
        null => Fmt.Undefined,
        > 0 => "↑" + Fmt.Integer(delta.Value),
        < 0 => "↓" + Fmt.Integer(-delta.Value),
        _ => "0",
    };
}
