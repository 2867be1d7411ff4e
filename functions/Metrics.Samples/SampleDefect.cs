using ClosedXML.Excel;
using Metrics.Excel.Schema;
using Metrics.Excel.Template;

namespace Metrics.Samples;

/// <summary>
/// A data error the workbook writer is to inject when it writes the county. The generator only
/// produces valid records; this list says where to break them.
/// </summary>
/// <param name="Sheet">Canonical Chinese sheet name: <c>学校</c> or <c>教师交流</c> (see <see cref="SampleDefectKinds"/>).</param>
/// <param name="SchoolCode">Code of the school whose row is affected.</param>
/// <param name="Field">Column key of the sheet in <see cref="WorkbookSchema"/>, e.g. <c>teaching_space_m2</c>.</param>
/// <param name="Kind">One of the <see cref="SampleDefectKinds"/> constants.</param>
public sealed record SampleDefect(string Sheet, string SchoolCode, string Field, string Kind) : ISubmissionWorkbookEdit
{
    /// <summary>Injects the error at the school's row of the filled workbook.</summary>
    /// <exception cref="ArgumentException">The sheet has no row for the school, or the kind is unknown.</exception>
    public void Apply(XLWorkbook workbook)
    {
        ArgumentNullException.ThrowIfNull(workbook);
        var spec = WorkbookSchema.DataSheets.Single(s => s.MatchesName(Sheet));
        var ws = workbook.Worksheet(spec.NameZh);
        int Column(string key) => spec.Fields.Select((f, i) => (f, i)).Single(x => x.f.Key == key).i + 1;
        var codeColumn = Column("school_code");
        var firstRow = SubmissionWorkbookWriter.FirstRow;
        var row = ws.RowsUsed().FirstOrDefault(r => r.RowNumber() >= firstRow && r.Cell(codeColumn).GetString() == SchoolCode)
            ?? throw new ArgumentException($"No row for school {SchoolCode} in {spec.NameZh}.", nameof(workbook));
        var cell = row.Cell(Column(Field));
        switch (Kind)
        {
            case SampleDefectKinds.Negative:
                cell.SetValue(-Math.Max(1, Math.Abs(cell.TryGetValue<double>(out var current) ? current : 1)));
                break;
            case SampleDefectKinds.TextInNumber:
                SubmissionWorkbookWriter.Put(cell, "约" + cell.GetString());
                break;
            case SampleDefectKinds.DuplicateCode:
                // The next school's row takes this school's code.
                var next = ws.Row(row.RowNumber() == ws.LastRowUsed()!.RowNumber() ? firstRow : row.RowNumber() + 1);
                SubmissionWorkbookWriter.Put(next.Cell(codeColumn), SchoolCode);
                break;
            case SampleDefectKinds.UnknownEnum:
                SubmissionWorkbookWriter.Put(cell, "未知");
                break;
            case SampleDefectKinds.RotatedExceedsEligible:
                cell.SetValue(row.Cell(Column("eligible_teachers")).GetDouble() + 5);
                break;
            default:
                throw new ArgumentException($"Unknown defect kind '{Kind}'.", nameof(workbook));
        }
    }
}

/// <summary>The defect kinds of <see cref="SampleDefect"/> and what a writer does for each.</summary>
public static class SampleDefectKinds
{
    /// <summary>Sheet name of the school rows.</summary>
    public static string SchoolsSheet => WorkbookSchema.Schools.NameZh;

    /// <summary>Sheet name of the rotation rows.</summary>
    public static string RotationSheet => WorkbookSchema.Rotation.NameZh;

    /// <summary>Write the field's value negated (−1 when it is 0).</summary>
    public const string Negative = "negative";

    /// <summary>Write text in the numeric cell, e.g. <c>约1200</c> or <c>不详</c>.</summary>
    public const string TextInNumber = "text_in_number";

    /// <summary>Write the school's row a second time, so its <c>school_code</c> appears twice.</summary>
    public const string DuplicateCode = "duplicate_code";

    /// <summary>Write a value outside the field's vocabulary (e.g. <c>中学</c> for school_type, <c>郊区</c> for location, <c>合办</c> for ownership).</summary>
    public const string UnknownEnum = "unknown_enum";

    /// <summary>On the rotation sheet, write <c>rotated_teachers</c> greater than <c>eligible_teachers</c>.</summary>
    public const string RotatedExceedsEligible = "rotated_exceeds_eligible";

    /// <summary>Every kind, in a fixed order.</summary>
    public static IReadOnlyList<string> All { get; } = [Negative, TextInNumber, DuplicateCode, UnknownEnum, RotatedExceedsEligible];
}
