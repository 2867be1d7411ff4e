using System.IO.Compression;
using System.Text;
using ClosedXML.Excel;
using Metrics.Core.Model;

namespace Metrics.Excel.Tests.Builders;

/// <summary>One broken workbook: a single defect, the code it must raise and where.</summary>
/// <param name="Name">File name without extension, under <c>tests/TestData/bad/</c>.</param>
/// <param name="Code">Expected issue code.</param>
/// <param name="Location">Expected <see cref="ValidationIssue.Location"/>, e.g. <c>学校!F4</c>.</param>
/// <param name="Severity">Expected severity.</param>
/// <param name="Make">Produces the file's bytes.</param>
public sealed record BadCase(string Name, string Code, string Location, Severity Severity, Func<byte[]> Make)
{
    public override string ToString() => Name;
}

/// <summary>
/// The corpus of broken workbooks committed under <c>tests/TestData/bad/</c>: each starts from the good
/// template filled by <see cref="CountyWorkbookBuilder"/> (8 schools, one of each type, rows 4–11) and
/// carries one defect. Regenerate with <c>Fixtures/regenerate-testdata.sh</c>.
/// </summary>
public static class BadWorkbookCorpus
{
    private const string S = "学校";
    private const string C = "基本信息";
    private const string R = "教师交流";
    private const string P = "经费";
    private const string W = "工作簿";

    public static IReadOnlyList<BadCase> Cases { get; } =
    [
        Cell("missing_value_students_primary", "missing_value", S, "F4", null),
        Cell("missing_value_students_junior_of_junior_school", "missing_value", S, "G5", null),
        Cell("missing_value_school_code", "missing_value", S, "A10", null),
        Cell("missing_value_county_name", "missing_value", C, "C4", null),
        Cell("not_a_number_chinese_numerals", "not_a_number", S, "F4", "三百"),
        Cell("not_a_number_wan_yuan", "not_a_number", S, "Z4", "95万"),
        Cell("not_a_number_date", "not_a_number", S, "AC4", new DateTime(2024, 3, 1)),
        Cell("negative_value_area", "negative_value", S, "X4", -5.0),
        Cell("not_integer_pupils", "not_integer", S, "F4", 300.5),
        Cell("unknown_enum_school_type", "unknown_enum", S, "C4", "大学"),
        Cell("unknown_enum_location", "unknown_enum", S, "D5", "郊区"),
        Cell("unknown_enum_yes_no", "unknown_enum", S, "AL5", "也许"),
        Cell("unknown_enum_pairing_scope", "unknown_enum", S, "AK6", "国内"),
        Cell("duplicate_school_code", "duplicate_school_code", S, "A11", "3601020001"),
        Cell("unknown_school_code_rotation", "unknown_school_code", R, "A4", "9999999999"),
        Cell("unknown_school_code_spending", "unknown_school_code", P, "A5", "8888888888"),
        Cell("rotated_exceeds_eligible", "rotated_exceeds_eligible", R, "C4", 99.0),
        Cell("rotated_key_exceeds_rotated", "rotated_exceeds_eligible", R, "D4", 50.0),
        Cell("duplicate_school_code_rotation", "duplicate_school_code", R, "A5", "3601020001"),
        Cell("qualified_exceeds_teachers", "qualified_exceeds_teachers", S, "N4", 999.0),
        Cell("key_exceeds_teachers_junior", "qualified_exceeds_teachers", S, "T5", 999.0),
        Cell("senior_title_exceeds_teachers", "qualified_exceeds_teachers", S, "Q6", 999.0),
        Cell("zero_pupils_with_resources", "zero_pupils_with_resources", S, "F4", 0.0),
        Cell("implausible_teaching_space", "implausible_value", S, "X4", 10_000_000.0, Severity.Warning),
        Cell("implausible_class_size", "implausible_value", S, "K4", 150.0, Severity.Warning),
        Cell("implausible_equipment_wan_mixup", "implausible_value", S, "Z4", 1e10, Severity.Warning),
        // A bare 0.88 (no percent format) is ambiguous, an error since percent cells read their number format.
        Edit("percent_looks_like_fraction", "percent_looks_like_fraction", $"{C}!C18", Severity.Error, wb =>
        {
            var c = wb.Worksheet(C).Cell("C18");
            c.SetValue(0.88);
            c.Style.NumberFormat.NumberFormatId = 0;
        }),
        Cell("percent_out_of_range", "percent_out_of_range", C, "C11", 120.0),
        Cell("bad_county_code", "bad_county_code", C, "C3", "36010"),
        Cell("bad_school_year", "bad_school_year", C, "C5", 1999.0),
        Cell("bad_school_year_text", "bad_school_year", C, "C5", "2024-2025学年"),
        Edit("missing_sheet_schools", "missing_sheet", S, Severity.Error, wb => wb.Worksheet(S).Delete()),
        Edit("missing_sheet_rotation", "missing_sheet", R, Severity.Warning, wb => wb.Worksheet(R).Delete()),
        Edit("missing_column_teaching_space", "missing_column", $"{S}!AT1", Severity.Error, wb => wb.Worksheet(S).Column("X").Delete()),
        Edit("unknown_column_notes", "unknown_column", $"{S}!AU1", Severity.Warning, wb => wb.Worksheet(S).Cell("AU1").SetValue("备注")),
        Edit("too_large_rows", "too_large", S, Severity.Error, wb => wb.Worksheet(S).Cell(20_001, 1).SetValue("3601029999")),
        new("not_xlsx_csv", "not_xlsx", W, Severity.Error, () => Encoding.UTF8.GetBytes("school_code,school_name\n3601020001,第1学校\n")),
        new("not_xlsx_opendocument", "not_xlsx", W, Severity.Error, OpenDocumentLike),
        new("corrupt_zip_truncated", "corrupt_zip", W, Severity.Error, TruncatedZip),
        new("empty_file", "empty_file", W, Severity.Error, () => []),
        new("encrypted_password", "encrypted", W, Severity.Error, () => CompoundFileWriter.Write(
            ("EncryptionInfo", Encoding.ASCII.GetBytes("\u0004\u0000\u0004\u0000\u0040\u0000\u0000\u0000<encryption/>")),
            ("EncryptedPackage", new byte[4096]))),
        new("xls_minimal_biff", "xls_format", W, Severity.Error, () => CompoundFileWriter.Write(("Workbook", new byte[4096]))),
    ];

    /// <summary>Writes every case to <paramref name="directory"/> as <c>{Name}.xlsx</c>.</summary>
    public static void WriteAll(string directory)
    {
        Directory.CreateDirectory(directory);
        foreach (var c in Cases)
        {
            File.WriteAllBytes(Path.Combine(directory, c.Name + ".xlsx"), c.Make());
        }
    }

    private static BadCase Cell(string name, string code, string sheet, string cell, object? value, Severity severity = Severity.Error) =>
        new(name, code, $"{sheet}!{cell}", severity, () => Good().Then(wb =>
        {
            var target = wb.Worksheet(sheet).Cell(cell);
            switch (value)
            {
                case null:
                    target.Clear(XLClearOptions.Contents);
                    break;
                case string s:
                    target.SetValue(s);
                    target.DataType = XLDataType.Text;
                    break;
                case double d:
                    target.SetValue(d);
                    break;
                case DateTime dt:
                    target.SetValue(dt);
                    break;
            }
        }).Build());

    private static BadCase Edit(string name, string code, string location, Severity severity, Action<XLWorkbook> edit) =>
        new(name, code, location, severity, () => Good().Then(edit).Build());

    private static CountyWorkbookBuilder Good() => new CountyWorkbookBuilder().With(CountyWorkbookBuilder.SampleSubmission(8));

    private static byte[] OpenDocumentLike()
    {
        using var ms = new MemoryStream();
        using (var zip = new ZipArchive(ms, ZipArchiveMode.Create, leaveOpen: true))
        {
            Entry(zip, "mimetype", "application/vnd.oasis.opendocument.spreadsheet");
            Entry(zip, "content.xml", "<office:document-content xmlns:office=\"urn:oasis:names:tc:opendocument:xmlns:office:1.0\"/>");
        }

        return ms.ToArray();
    }

    private static byte[] TruncatedZip()
    {
        using var ms = new MemoryStream();
        using (var zip = new ZipArchive(ms, ZipArchiveMode.Create, leaveOpen: true))
        {
            Entry(zip, "[Content_Types].xml", "<Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\"/>");
            Entry(zip, "xl/workbook.xml", "<workbook xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\"><sheets/></workbook>");
        }

        // Cut off the central directory: the local headers survive, the archive cannot be opened.
        return ms.ToArray()[..(int)(ms.Length * 2 / 3)];
    }

    private static void Entry(ZipArchive zip, string name, string content)
    {
        var e = zip.CreateEntry(name, CompressionLevel.Optimal);
        e.LastWriteTime = new DateTimeOffset(2024, 9, 1, 0, 0, 0, TimeSpan.Zero);
        using var s = e.Open();
        s.Write(Encoding.UTF8.GetBytes(content));
    }
}
