using ClosedXML.Excel;

namespace Metrics.Excel.Template;

/// <summary>
/// A change made to a filled submission workbook before <see cref="SubmissionWorkbookWriter"/> saves it.
/// The writer itself only writes valid submissions; the sample generator uses edits to break a
/// workbook on purpose (see Metrics.Samples' <c>SampleDefect</c>).
/// </summary>
public interface ISubmissionWorkbookEdit
{
    /// <summary>Changes the workbook; rows of data start at <see cref="SubmissionWorkbookWriter.FirstRow"/>.</summary>
    void Apply(XLWorkbook workbook);
}
