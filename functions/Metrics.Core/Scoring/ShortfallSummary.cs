using Metrics.Core.Catalog;

namespace Metrics.Core.Scoring;

/// <summary>One addition to one school's figure in the county workbook's own column (method §6).</summary>
/// <param name="SchoolCode">The school.</param>
/// <param name="SchoolName">Its name.</param>
/// <param name="Column">Workbook column the amount is added to, e.g. <c>key_teachers_junior</c> or <c>sports_space_m2</c>.</param>
/// <param name="Add">Whole teachers, rooms, m² or 元 to add.</param>
public sealed record ShortfallAddition(string SchoolCode, string SchoolName, string Column, double Add);

/// <summary>
/// What every unit below standard needs, as additions to the workbook's numbers, and the county
/// totals by resource (teachers to hire by type, m² to build, 元 to invest, rooms to equip).
/// </summary>
/// <remarks>
/// A teacher shortfall belongs to its section's own column. A facility shortfall is a whole-school
/// addition; a school with two sections needs the larger of its sections' additions, which
/// suffices for both, so that figure (not the sum) is listed and counted in the totals.
/// Added to the workbook and scored again, every unit meets every standard.
/// </remarks>
/// <param name="Additions">Per school and column, in workbook order of the schools.</param>
/// <param name="Totals">County totals by resource column stem (<c>key_teachers</c>, <c>sports_space_m2</c>, …).</param>
public sealed record ShortfallSummary(IReadOnlyList<ShortfallAddition> Additions, IReadOnlyDictionary<string, double> Totals)
{
    public static ShortfallSummary From(IEnumerable<LevelResult> levels)
    {
        var byColumn = new Dictionary<(string Code, string Column), (string Name, double Add, int Order)>();
        var order = 0;
        foreach (var level in levels)
        {
            foreach (var s in level.Schools)
            {
                foreach (var (id, amount) in s.Shortfalls)
                {
                    if (!IndicatorCatalog.TryGet(id, out var indicator) || amount <= 0)
                    {
                        continue;
                    }

                    var key = (s.Code, indicator.ColumnAt(s.Section));
                    byColumn[key] = byColumn.TryGetValue(key, out var seen)
                        ? seen with { Add = Math.Max(seen.Add, amount) }
                        : (s.Name, amount, order++);
                }
            }
        }

        var additions = byColumn.OrderBy(kv => kv.Value.Order)
            .Select(kv => new ShortfallAddition(kv.Key.Code, kv.Value.Name, kv.Key.Column, kv.Value.Add))
            .ToArray();
        var totals = new Dictionary<string, double>(StringComparer.Ordinal);
        foreach (var a in additions)
        {
            var stem = Stem(a.Column);
            totals[stem] = totals.GetValueOrDefault(stem) + a.Add;
        }

        return new ShortfallSummary(additions, totals);
    }

    /// <summary>The resource a column holds, without its section suffix: <c>key_teachers_junior</c> → <c>key_teachers</c>.</summary>
    public static string Stem(string column) =>
        column.EndsWith("_primary", StringComparison.Ordinal) ? column[..^"_primary".Length]
        : column.EndsWith("_junior", StringComparison.Ordinal) ? column[..^"_junior".Length]
        : column;
}
