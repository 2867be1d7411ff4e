using ClosedXML.Excel;
using Metrics.Core.Model;

namespace Metrics.Excel.Tests.Builders;

/// <summary>
/// The workbook LibreOffice converts into <c>TestData/libreoffice/county-libreoffice.xlsx</c>: 12 schools,
/// a formula (<c>学校!F4 = 100+200</c>, cached as 300 by LibreOffice), a full-width number stored as text
/// (<c>学校!AC5 = ７，９０５</c>), a formula-like school name as text (<c>学校!B15</c>) and a cell comment (which ClosedXML cannot reopen after LibreOffice).
/// </summary>
internal static class LibreOfficeSource
{
    public const string FileName = "county-source.xlsx";

    /// <summary>A school name that would be a formula if written carelessly (row 15, the last school).</summary>
    public const string FormulaLikeName = "=HYPERLINK(\"http://x\",\"y\")";

    public static CountySubmission Expected { get; } = WithFormulaLikeName(WithoutNewerColumns(CountyWorkbookBuilder.SampleSubmission(12)));

    /// <summary>
    /// The committed LibreOffice conversion was made before the columns issue 7 added (per-section
    /// certificates, gym, parent school, 初一 intake, boarders); they stay empty here so the file still
    /// stands for a workbook that lacks them (converting it again needs LibreOffice).
    /// </summary>
    private static CountySubmission WithoutNewerColumns(CountySubmission s) => s with
    {
        Schools = [.. s.Schools.Select(x => x with
        {
            StaffPrimary = x.StaffPrimary with { Certified = null },
            StaffJunior = x.StaffJunior with { Certified = null },
            IndoorSportsM2 = null,
            ParentSchoolCode = null,
            CatchmentChildrenJunior = null,
            PlannedIntakeJunior = null,
            BoardingPupils = null,
        })],
    };

    private static CountySubmission WithFormulaLikeName(CountySubmission s) =>
        s with { Schools = [.. s.Schools.Take(11), s.Schools[11] with { Name = FormulaLikeName }] };

    public static byte[] Make() => new CountyWorkbookBuilder().With(Expected).Then(wb =>
    {
        var ws = wb.Worksheet("学校");
        ws.Cell("F4").FormulaA1 = "100+200";
        ws.Cell("AC5").SetValue("７，９０５");
        ws.Cell("AC5").DataType = XLDataType.Text;
        ws.Cell("B4").Comment.AddText("校长：张三 Head: Zhang San");
    }).Build();
}
