using System.Collections.Frozen;
using Metrics.Core.Model;

namespace Metrics.Excel.Reading;

/// <summary>One issue code: its stable id, the severities it is raised with, and what it means.</summary>
/// <param name="Id">The stable snake_case code written to JSON and the validation workbook.</param>
/// <param name="Severities">Severities it may carry: most codes have one; a few (a missing optional sheet, an implausible value) depend on the field.</param>
/// <param name="MeaningZh">What it means, in Chinese.</param>
/// <param name="MeaningEn">What it means, in English.</param>
public sealed record IssueCode(string Id, IReadOnlyList<Severity> Severities, string MeaningZh, string MeaningEn);

/// <summary>
/// Every issue code the reader and the pipeline can raise, each declared once with its severity and
/// meaning. Add a code here (constant and catalog row) before raising it; the tests walk every id.
/// </summary>
public static class IssueCodes
{
    // The file as a whole.
    public const string NotXlsx = "not_xlsx";
    public const string CorruptZip = "corrupt_zip";
    public const string Encrypted = "encrypted";
    public const string XlsFormat = "xls_format";
    public const string EmptyFile = "empty_file";
    public const string TooLarge = "too_large";

    // Structure.
    public const string MissingSheet = "missing_sheet";
    public const string MissingColumn = "missing_column";
    public const string UnknownColumn = "unknown_column";
    public const string HeaderNotFound = "header_not_found";

    // Cells.
    public const string MissingValue = "missing_value";
    public const string NotANumber = "not_a_number";
    public const string NegativeValue = "negative_value";
    public const string NotInteger = "not_integer";
    public const string UnknownEnum = "unknown_enum";
    public const string PercentLooksLikeFraction = "percent_looks_like_fraction";
    public const string PercentOutOfRange = "percent_out_of_range";
    public const string BadCountyCode = "bad_county_code";
    public const string BadSchoolYear = "bad_school_year";
    public const string ErrorValue = "error_value";
    public const string FormulaWithoutValue = "formula_without_value";
    public const string TextTooLong = "text_too_long";
    public const string ForbiddenCharacter = "forbidden_character";

    // Across cells and sheets.
    public const string DuplicateSchoolCode = "duplicate_school_code";
    public const string UnknownSchoolCode = "unknown_school_code";
    public const string ZeroPupilsWithResources = "zero_pupils_with_resources";
    public const string RotatedExceedsEligible = "rotated_exceeds_eligible";
    public const string QualifiedExceedsTeachers = "qualified_exceeds_teachers";
    public const string ImplausibleValue = "implausible_value";

    // Units written in headers, and values too small for their unit.
    public const string UnitConverted = "unit_converted";
    public const string UnknownUnit = "unknown_unit";
    public const string ImplausiblySmall = "implausibly_small";

    // Raised by the statistics-export import (Statistics/).
    public const string ExportLayoutUnknown = "export_layout_unknown";
    public const string ExportLevelUnknown = "export_level_unknown";
    public const string ExportCountyUnknown = "export_county_unknown";
    public const string ExportYearUnknown = "export_year_unknown";
    public const string ExportFieldMissing = "export_field_missing";

    // Raised by the pipeline around the reader.
    public const string UnknownProfile = "unknown_profile";
    public const string CountyMismatch = "county_mismatch";
    public const string YearMismatch = "year_mismatch";
    public const string InternalError = "internal_error";
    public const string ProcessingFailed = "processing_failed";

    private static readonly Severity[] Error = [Severity.Error];
    private static readonly Severity[] Warning = [Severity.Warning];
    private static readonly Severity[] Either = [Severity.Error, Severity.Warning];

    /// <summary>Every code, in the order above.</summary>
    public static IReadOnlyList<IssueCode> Catalog { get; } =
    [
        new(NotXlsx, Error, "文件不是 Excel 工作簿（.xlsx）。", "The file is not an Excel workbook (.xlsx)."),
        new(CorruptZip, Error, "工作簿文件已损坏，无法打开。", "The workbook file is damaged and cannot be opened."),
        new(Encrypted, Error, "工作簿设置了打开密码。", "The workbook is password-protected."),
        new(XlsFormat, Error, "旧版 .xls 格式，请另存为 .xlsx。", "Old .xls format: save it as .xlsx."),
        new(EmptyFile, Error, "文件为空。", "The file is empty."),
        new(TooLarge, Error, "文件、工作表或行数超过上限。", "The file, a sheet or its rows exceed a limit."),
        new(MissingSheet, Either, "缺少工作表（必需的为错误，可选的为警告）。", "A sheet is missing (an error if required, a warning if optional)."),
        new(MissingColumn, Error, "缺少必需的列。", "A required column is missing."),
        new(UnknownColumn, Warning, "无法识别的列，已忽略。", "A column that is not recognised is ignored."),
        new(HeaderNotFound, Error, "找不到表头行。", "The header row cannot be found."),
        new(MissingValue, Error, "必填单元格为空。", "A required cell is empty."),
        new(NotANumber, Error, "单元格应为数字。", "The cell must hold a number."),
        new(NegativeValue, Error, "数值不能为负。", "The value must not be negative."),
        new(NotInteger, Error, "数值应为整数。", "The value must be a whole number."),
        new(UnknownEnum, Error, "不是允许的选项之一。", "Not one of the allowed choices."),
        new(PercentLooksLikeFraction, Error, "百分比看起来填成了小数。", "A percentage looks as if it was typed as a fraction."),
        new(PercentOutOfRange, Error, "百分比超出 0–100% 范围。", "A percentage is outside 0–100 %."),
        new(BadCountyCode, Error, "县级行政区划代码应为 6 位数字。", "The county code must have 6 digits."),
        new(BadSchoolYear, Error, "学年无法识别。", "The school year is not recognised."),
        new(ErrorValue, Error, "单元格是 Excel 错误值（如 #DIV/0!）。", "The cell holds an Excel error value (such as #DIV/0!)."),
        new(FormulaWithoutValue, Error, "公式没有保存计算结果。", "A formula has no saved result."),
        new(TextTooLong, Error, "文字过长。", "The text is too long."),
        new(ForbiddenCharacter, Error, "文字包含不允许的字符。", "The text contains a character that is not allowed."),
        new(DuplicateSchoolCode, Error, "学校代码重复。", "A school code appears twice."),
        new(UnknownSchoolCode, Either, "学校代码不在学校表中。", "A school code is not on the Schools sheet."),
        new(ZeroPupilsWithResources, Error, "学段没有学生却填了资源。", "A section with no pupils reports resources."),
        new(RotatedExceedsEligible, Error, "交流轮岗人数超过应交流人数。", "More teachers rotated than were eligible."),
        new(QualifiedExceedsTeachers, Error, "分项教师数超过专任教师总数。", "A kind of teacher outnumbers all full-time teachers."),
        new(ImplausibleValue, Either, "数值不合常理，请核实。", "The value is implausible: please check it."),
        new(UnitConverted, Warning, "表头注明了单位，已换算。", "A unit written in the header was converted."),
        new(UnknownUnit, Error, "表头中的单位无法识别。", "The unit written in the header is not recognised."),
        new(ImplausiblySmall, Error, "数值对其单位而言过小（可能填错单位）。", "The value is too small for its unit (probably the wrong unit)."),
        new(ExportLayoutUnknown, Error, "无法识别统计数据的格式（列出找不到的字段和看到的表头路径）。", "The statistics export's layout is not recognised (lists the fields not found and the header paths seen)."),
        new(ExportLevelUnknown, Error, "无法判断学校名单是小学还是初中。", "Cannot tell whether a school list is of primary or junior sections."),
        new(ExportCountyUnknown, Error, "统计数据没有县级行政区划代码：包含多个县，或需用 --county 指定。", "The export has no county division code: it spans several counties, or --county must give it."),
        new(ExportYearUnknown, Error, "统计数据的标题中没有学年，需用 --year 指定。", "No title of the export states the school year: give it with --year."),
        new(ExportFieldMissing, Warning, "统计数据中没有该字段，请在预填工作簿中补填。", "The export lacks this field: complete it in the pre-filled workbook."),
        new(UnknownProfile, Error, "未知的评估方案。", "Unknown scoring profile."),
        new(CountyMismatch, Error, "工作簿的县与上传的县不一致。", "The workbook's county differs from the county it was uploaded for."),
        new(YearMismatch, Error, "工作簿的学年与上传的学年不一致。", "The workbook's school year differs from the year it was uploaded for."),
        new(InternalError, Error, "处理时发生内部错误。", "An internal error occurred while processing."),
        new(ProcessingFailed, Error, "多次重试后仍处理失败。", "Processing failed after repeated attempts."),
    ];

    /// <summary>Every code id.</summary>
    public static IReadOnlyList<string> All { get; } = Catalog.Select(c => c.Id).ToArray();

    private static readonly FrozenDictionary<string, IssueCode> ById = Catalog.ToFrozenDictionary(c => c.Id, StringComparer.Ordinal);

    /// <summary>The declaration of <paramref name="id"/>.</summary>
    public static IssueCode Get(string id) =>
        ById.TryGetValue(id, out var c) ? c : throw new KeyNotFoundException($"Unknown issue code '{id}'.");

    public static bool TryGet(string id, out IssueCode code) => ById.TryGetValue(id, out code!);
}
