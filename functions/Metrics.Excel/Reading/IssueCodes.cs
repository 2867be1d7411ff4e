namespace Metrics.Excel.Reading;

/// <summary>The stable issue codes of the workbook reader. Scoring adds its own (e.g. <c>unknown_profile</c>).</summary>
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

    /// <summary>Every code the reader can emit, for documentation and tests.</summary>
    public static readonly IReadOnlyList<string> All =
    [
        NotXlsx, CorruptZip, Encrypted, XlsFormat, EmptyFile, TooLarge,
        MissingSheet, MissingColumn, UnknownColumn, HeaderNotFound,
        MissingValue, NotANumber, NegativeValue, NotInteger, UnknownEnum, PercentLooksLikeFraction, PercentOutOfRange,
        BadCountyCode, BadSchoolYear, ErrorValue, FormulaWithoutValue, TextTooLong, ForbiddenCharacter,
        DuplicateSchoolCode, UnknownSchoolCode, ZeroPupilsWithResources, RotatedExceedsEligible, QualifiedExceedsTeachers,
        ImplausibleValue,
        UnitConverted, UnknownUnit, ImplausiblySmall,
    ];
}
