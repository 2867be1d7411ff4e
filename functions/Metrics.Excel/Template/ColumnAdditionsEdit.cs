using ClosedXML.Excel;
using Metrics.Excel.Schema;

namespace Metrics.Excel.Template;

/// <summary>One amount to add to one school's figure: <paramref name="Field"/> is a 学校 Schools column key.</summary>
public sealed record ColumnAddition(string SchoolCode, string Field, double Add);

/// <summary>
/// Adds amounts to schools' figures in a filled workbook, as a county would type the new totals into
/// the 学校 Schools sheet: how a remediation plan's actions are carried into the county's workbook
/// (method §9), so that scoring the changed workbook shows what the plan achieves.
/// </summary>
public sealed class ColumnAdditionsEdit(IEnumerable<ColumnAddition> additions) : ISubmissionWorkbookEdit
{
    private readonly ColumnAddition[] additions = [.. additions];

    /// <exception cref="ArgumentException">A school code without a row, or a column the sheet does not have.</exception>
    public void Apply(XLWorkbook workbook)
    {
        ArgumentNullException.ThrowIfNull(workbook);
        var spec = WorkbookSchema.Schools;
        var ws = workbook.Worksheet(spec.NameZh);
        int Column(string key) => spec.Fields.Select((f, i) => (f, i)).FirstOrDefault(x => x.f.Key == key) is var (f, i) && f is not null
            ? i + 1
            : throw new ArgumentException($"The Schools sheet has no column '{key}'.", nameof(workbook));
        var codeColumn = Column(ColumnKeys.SchoolCode);
        var rows = ws.RowsUsed()
            .Where(r => r.RowNumber() >= SubmissionWorkbookWriter.FirstRow)
            .GroupBy(r => r.Cell(codeColumn).GetString(), StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.First(), StringComparer.Ordinal);
        foreach (var a in additions)
        {
            if (!rows.TryGetValue(a.SchoolCode, out var row))
            {
                throw new ArgumentException($"No row for school {a.SchoolCode} in {spec.NameZh}.", nameof(workbook));
            }

            var cell = row.Cell(Column(a.Field));
            var current = cell.TryGetValue<double>(out var v) ? v : 0;
            cell.SetValue(current + a.Add);
        }
    }
}
