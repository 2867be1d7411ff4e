using System.Text.RegularExpressions;
using Metrics.Core.Model;
using Metrics.Excel.Schema;

namespace Metrics.Excel.Reading;

/// <summary>Outcome of reading a county workbook.</summary>
/// <param name="Submission">The parsed submission, or null when any error was found.</param>
/// <param name="Issues">Every problem found, errors and warnings, in sheet and row order of discovery.</param>
public sealed record ReadResult(CountySubmission? Submission, IReadOnlyList<ValidationIssue> Issues)
{
    /// <summary>Whether any issue is an error (errors stop scoring; warnings do not).</summary>
    public bool HasErrors => Issues.Any(i => i.Severity == Severity.Error);

    /// <summary>The county's name as the county sheet gives it, even when errors elsewhere reject the workbook (null when unreadable).</summary>
    public string? CountyName { get; init; }
}

/// <summary>
/// Reads a county workbook (method §8) into a <see cref="CountySubmission"/>, collecting every
/// problem as a located, bilingual <see cref="ValidationIssue"/>; never throws for a bad file.
/// </summary>
/// <remarks>
/// Cells are streamed by <see cref="XlsxPackage"/>: a forward-only scanner (<see cref="SheetXml"/>) over each
/// zip entry that counts the bytes it inflates, keeps only cells holding a value and reads each cell's number
/// format (percent, date).
/// It replaced MiniExcel, which expanded every row to its last column (a cell at XFD cost 16 384 cells a row)
/// and could not be stopped at a byte count; on the 600-school 学校 sheet it is also faster (ReaderBenchmarkTests
/// prints the figures). Both ClosedXML-written and LibreOffice/WPS-saved files read. Sheets are matched by Chinese or
/// English name, columns by Chinese label or English key in row 1 or 2, in any order. Values accept
/// full-width digits, thousands separators, numbers stored as text and formulas (their cached values).
/// The template's example row (<c>school_code</c> = <see cref="WorkbookSchema.ExampleCode"/>) is skipped.
/// </remarks>
public static partial class WorkbookReader
{
    /// <summary>Reads with the default <see cref="ReaderLimits"/>.</summary>
    public static ReadResult Read(Stream input) => Read(input, ReaderLimits.Default);

    /// <summary>Reads a workbook from a stream, enforcing <paramref name="limits"/>.</summary>
    public static ReadResult Read(Stream input, ReaderLimits limits)
    {
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(limits);
        var bytes = ReadCapped(input, limits.MaxCompressedBytes);
        if (bytes is null)
        {
            return new ReadResult(null,
            [
                Issues.File(IssueCodes.TooLarge, Issues.WorkbookLabel,
                    $"文件大小超过上限 {limits.MaxCompressedBytes / (1024 * 1024)} MB。请删除多余的工作表、图片和格式后重新上传。",
                    $"The file is larger than the limit of {limits.MaxCompressedBytes / (1024 * 1024)} MB. Delete extra sheets, pictures and formatting, then upload again."),
            ]);
        }

        return Read(bytes, limits);
    }

    /// <summary>Reads a workbook held in memory.</summary>
    public static ReadResult Read(byte[] bytes, ReaderLimits? limits = null)
    {
        ArgumentNullException.ThrowIfNull(bytes);
        limits ??= ReaderLimits.Default;
        var issues = new List<ValidationIssue>();
        try
        {
            var submission = ReadPackage(bytes, limits, issues);
            var hasErrors = issues.Any(i => i.Severity == Severity.Error);
            return new ReadResult(hasErrors ? null : submission, issues) { CountyName = submission?.County.Name };
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            // A damaged part that got past the container checks (bad XML, broken deflate stream, ...).
            issues.Add(Issues.File(IssueCodes.CorruptZip, Issues.WorkbookLabel,
                "文件内容已损坏，读取中断。请在 Excel/WPS 中重新打开并另存为 .xlsx 后上传。",
                $"The file content is damaged and could not be read ({e.GetType().Name}). Open it in Excel/WPS, save it as .xlsx again and upload."));
            return new ReadResult(null, issues);
        }
    }

    /// <summary>Reads at most <paramref name="max"/> bytes; null when the stream holds more.</summary>
    internal static byte[]? ReadCapped(Stream input, long max)
    {
        if (input.CanSeek && input.Length - input.Position > max)
        {
            return null;
        }

        if (input.CanSeek)
        {
            // The length is known: one array of that size, filled directly, instead of a growing stream and its copy.
            var start = input.Position;
            var exact = new byte[Math.Max(0, input.Length - start)];
            if (input.ReadAtLeast(exact, exact.Length, throwOnEndOfStream: false) == exact.Length && input.ReadByte() < 0)
            {
                return exact;
            }

            // The stream changed length while being read: read it again, counting as it comes.
            input.Position = start;
        }

        using var ms = new MemoryStream();
        var buffer = new byte[81920];
        int n;
        while ((n = input.Read(buffer, 0, buffer.Length)) > 0)
        {
            if (ms.Length + n > max)
            {
                return null;
            }

            ms.Write(buffer, 0, n);
        }

        return ms.ToArray();
    }

    private static CountySubmission? ReadPackage(byte[] bytes, ReaderLimits limits, List<ValidationIssue> issues)
    {
        var package = XlsxPackage.Open(bytes, limits, Issues.WorkbookLabel, out var fileIssue);
        if (package is null)
        {
            issues.Add(fileIssue!);
            return null;
        }

        var fields = new FieldReader(issues);
        var found = new Dictionary<string, RawSheet>(StringComparer.Ordinal);
        foreach (var spec in WorkbookSchema.DataSheets)
        {
            var entry = package.Sheets.FirstOrDefault(s => spec.MatchesName(s.Name));
            if (entry is null)
            {
                issues.Add(spec.Required
                    ? Issues.Sheet(Severity.Error, IssueCodes.MissingSheet, spec.NameZh,
                        $"缺少工作表「{spec.NameZh}」({spec.NameEn})。请使用模板，不要删除或改名此表。",
                        $"Sheet {spec.NameZh} ({spec.NameEn}) is missing. Use the template and do not delete or rename this sheet.")
                    : Issues.Sheet(Severity.Warning, IssueCodes.MissingSheet, spec.NameZh,
                        $"缺少工作表「{spec.NameZh}」({spec.NameEn})，相关指标将无法评估。",
                        $"Sheet {spec.NameZh} ({spec.NameEn}) is missing; the checks that need it will not be assessed."));
                continue;
            }

            var raw = package.ReadSheetWithin(entry, limits, out var exceeded);
            if (exceeded == SheetLimit.UnpackedBytes)
            {
                issues.Add(XlsxPackage.TooLargeUnpacked(Issues.WorkbookLabel, limits, null));
                return null;
            }

            if (exceeded != SheetLimit.None)
            {
                var (zh, en) = exceeded == SheetLimit.Rows
                    ? ($"第 {limits.MaxRowsPerSheet} 行以下", $"below row {limits.MaxRowsPerSheet}")
                    : ($"第 {TextNormalizer.ColumnLetters(limits.MaxColumnsPerSheet - 1)} 列右侧", $"right of column {TextNormalizer.ColumnLetters(limits.MaxColumnsPerSheet - 1)}");
                issues.Add(Issues.Sheet(Severity.Error, IssueCodes.TooLarge, entry.Name,
                    $"工作表「{entry.Name}」超过 {limits.MaxRowsPerSheet} 行(或 {limits.MaxColumnsPerSheet} 列)的上限：{zh}还有内容，已停止读取。请删除数据下方(或右侧)多余的行列，包括只设置了格式的空行，然后重新上传。",
                    $"Sheet {entry.Name} exceeds the limit of {limits.MaxRowsPerSheet} rows (or {limits.MaxColumnsPerSheet} columns): there is content {en}, and reading stopped there. Delete the extra rows below (or columns right of) the data, including empty formatted rows, and upload again."));
                continue;
            }

            found[spec.Id] = raw;
        }

        CountyInfo? county = null;
        if (found.TryGetValue(WorkbookSchema.County.Id, out var countyRaw))
        {
            county = ReadCounty(SheetLayoutReader.ReadKeyValue(countyRaw, WorkbookSchema.County, issues), fields);
        }

        List<School>? schools = null;
        string? schoolsSheet = null;
        if (found.TryGetValue(WorkbookSchema.Schools.Id, out var schoolsRaw))
        {
            var table = SheetLayoutReader.ReadTable(schoolsRaw, WorkbookSchema.Schools, issues);
            schoolsSheet = table.Name;
            schools = SchoolsReader.Read(table, fields);
        }

        var codes = schools?.Select(s => s.Code).ToHashSet(StringComparer.Ordinal);
        var rotation = new List<RotationRecord>();
        if (found.TryGetValue(WorkbookSchema.Rotation.Id, out var rotationRaw))
        {
            rotation = SchoolsReader.ReadRotation(SheetLayoutReader.ReadTable(rotationRaw, WorkbookSchema.Rotation, issues), fields, codes);
        }

        var spending = new List<SpendingRecord>();
        if (found.TryGetValue(WorkbookSchema.Spending.Id, out var spendingRaw))
        {
            spending = SchoolsReader.ReadSpending(SheetLayoutReader.ReadTable(spendingRaw, WorkbookSchema.Spending, issues), fields, codes);
        }

        FormulaCells.Relabel(bytes, package.Sheets, issues);
        if (county is null || schools is null)
        {
            return null;
        }

        return new CountySubmission { County = county, Schools = schools, Rotation = rotation, Spending = spending, SchoolsLocation = schoolsSheet };
    }

    private static CountyInfo? ReadCounty(KeyValueSheet sheet, FieldReader r)
    {
        var spec = WorkbookSchema.County;
        foreach (var f in spec.Fields.Where(f => f.Requirement == Requirement.Required && !sheet.Values.ContainsKey(f.Key)))
        {
            r.Issues.Add(Issues.Sheet(Severity.Error, IssueCodes.MissingColumn, sheet.Name,
                $"缺少项目「{f.HeaderZh}」(键 {f.Key})。请按模板补上这一行并填写值。",
                $"Item {f.Key} ({f.LabelEn}) is missing. Add its row as in the template and fill in the value.") with { Column = f.Key });
        }

        CellAt At(string key) => sheet.Values.TryGetValue(key, out var at) ? at : new CellAt(sheet.Name, 0, -1, null);
        double? Money(string key) => r.Number(At(key), spec.Field(key), false);
        double? Pct(string key) => r.Percent(At(key), spec.Field(key), false);
        bool? Veto(string key) => r.YesNo(At(key), spec.Field(key), false);

        var code = r.Text(At(ColumnKeys.CountyCode), spec.Field(ColumnKeys.CountyCode), true);
        if (code is not null)
        {
            code = TextNormalizer.Clean(code);
            if (!SixDigits().IsMatch(code))
            {
                var at = At(ColumnKeys.CountyCode);
                r.Add(Severity.Error, IssueCodes.BadCountyCode, at, spec.Field(ColumnKeys.CountyCode),
                    $"县(区)行政区划代码应为 6 位数字(如 430102)，实际填写 {CellValues.Show(at.Value)}。",
                    $"The county division code must be 6 digits (e.g. 430102); found {CellValues.Show(at.Value)}.");
                code = null;
            }
        }

        var name = r.Text(At(ColumnKeys.CountyName), spec.Field(ColumnKeys.CountyName), true);
        int? year = null;
        var yearAt = At(ColumnKeys.SchoolYear);
        if (r.CheckPresent(yearAt, spec.Field(ColumnKeys.SchoolYear), true))
        {
            var status = CellValues.TryNumber(yearAt.Value!, null, out var y, out _);
            if (status == CellValues.NumberStatus.Ok && y is >= 2000 and <= 2100 && Math.Abs(y - Math.Round(y)) < 1e-9)
            {
                year = (int)y;
            }
            else
            {
                r.Add(Severity.Error, IssueCodes.BadSchoolYear, yearAt, spec.Field(ColumnKeys.SchoolYear),
                    $"学年应填写起始年份(2000–2100 之间的整数，如 2024 表示 2024–2025 学年)，实际填写 {CellValues.Show(yearAt.Value)}。",
                    $"The school year must be its first calendar year (a whole number 2000–2100, e.g. 2024 for 2024–25); found {CellValues.Show(yearAt.Value)}.");
            }
        }

        var profile = r.Text(At(ColumnKeys.Profile), spec.Field(ColumnKeys.Profile), false);
        var info = new
        {
            PublicBase = Money(ColumnKeys.PublicFundsBasePerPupilYuan),
            SpecialEd = Money(ColumnKeys.SpecialEdFundsPerPupilYuan),
            TeacherPay = Money(ColumnKeys.TeacherAvgPayYuan),
            CivilPay = Money(ColumnKeys.CivilServantAvgPayYuan),
            Training = Pct(ColumnKeys.TrainingCompletionPct),
            NearbyPrimary = Pct(ColumnKeys.NearbyEnrollmentPrimaryPct),
            NearbyJunior = Pct(ColumnKeys.NearbyEnrollmentJuniorPct),
            Quota = Pct(ColumnKeys.QuotaAllocationPct),
            Migrant = Pct(ColumnKeys.MigrantChildrenPublicPct),
            Retention = Pct(ColumnKeys.RetentionRateJuniorPct),
            Disabled = Pct(ColumnKeys.DisabledEnrollmentPct),
            Satisfaction = Pct(ColumnKeys.SatisfactionPct),
            VetoExam = Veto(ColumnKeys.VetoExamAdmission),
            VetoChoice = Veto(ColumnKeys.VetoIllegalSchoolChoice),
            VetoKey = Veto(ColumnKeys.VetoKeySchoolsOrClasses),
            VetoPosts = Veto(ColumnKeys.VetoUnfilledPosts),
        };

        if (code is null || name is null || year is null)
        {
            return null;
        }

        return new CountyInfo
        {
            Code = code,
            Name = name,
            SchoolYear = year.Value,
            Profile = profile is null ? null : TextNormalizer.Clean(profile),
            PublicFundsBasePerPupilYuan = info.PublicBase,
            SpecialEdFundsPerPupilYuan = info.SpecialEd,
            TeacherAveragePayYuan = info.TeacherPay,
            CivilServantAveragePayYuan = info.CivilPay,
            TrainingCompletionRate = info.Training,
            NearbyEnrollmentPrimaryRate = info.NearbyPrimary,
            NearbyEnrollmentJuniorRate = info.NearbyJunior,
            QuotaAllocationRate = info.Quota,
            MigrantChildrenPublicRate = info.Migrant,
            RetentionRateJunior = info.Retention,
            DisabledEnrollmentRate = info.Disabled,
            SatisfactionRate = info.Satisfaction,
            VetoExamAdmission = info.VetoExam,
            VetoIllegalSchoolChoice = info.VetoChoice,
            VetoKeySchoolsOrClasses = info.VetoKey,
            VetoUnfilledPosts = info.VetoPosts,
        };
    }

    [GeneratedRegex(@"^[0-9]{6}$", RegexOptions.CultureInvariant)]
    private static partial Regex SixDigits();
}
