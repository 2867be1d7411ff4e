using System.Globalization;
using System.IO.Compression;
using System.Text.RegularExpressions;
using Metrics.Core.Model;
using Metrics.Excel.Reading;
using Metrics.Excel.Schema;

namespace Metrics.Excel.Statistics;

/// <summary>A file given to the import: its name (for messages and the level 小学/初中 of a list) and bytes.</summary>
public sealed record ExportFile(string Name, byte[] Bytes);

/// <summary>
/// Reads the education-statistics exports counties already have (教育事业统计) into template fields:
/// the county school list (one row a school, headers merged over several rows) and the per-school
/// form workbooks (基础基… up to 2020/21, 教基… after), one per school, as files or a zip. What is
/// read where is the data of <see cref="ExportMapping"/>; values are found by header path and row
/// label, never by cell address. Never throws for a bad file: every problem is a located issue.
/// </summary>
public static partial class StatisticsImport
{
    /// <summary>What an upload is, judged by its content (never its name).</summary>
    public static ExportShape? Detect(byte[] bytes)
    {
        if (IsZipOfWorkbooks(bytes))
        {
            return ExportShape.SchoolForms;
        }

        // Every template upload passes here: its sheet names settle it without reading shared strings or styles.
        if (SheetNames(bytes) is not { } names || names.Any(n => WorkbookSchema.DataSheets.Any(spec => spec.MatchesName(n))))
        {
            return null;
        }

        var package = XlsxPackage.Open(bytes, ReaderLimits.Default, Issues.WorkbookLabel, out _);
        if (package is null)
        {
            return null;
        }

        if (FormGenerationOf(package.Sheets.Select(s => s.Name)) is not null)
        {
            return ExportShape.SchoolForms;
        }

        foreach (var entry in package.Sheets)
        {
            var raw = package.ReadSheet(entry, ReaderLimits.Default, out _);
            var words = raw.Rows.Take(12).SelectMany(r => r.Cells).Select(c => ExportText.Key(CellValues.AsText(c.Value))).ToHashSet(StringComparer.Ordinal);
            if (words.Contains("在校生数") && (words.Contains("办学类型") || words.Contains("统计三级") || words.Contains("是否计校数")))
            {
                return ExportShape.SchoolList;
            }
        }

        return null;
    }

    /// <summary>Reads every file (school lists, form workbooks, zips of form workbooks) into counties of schools.</summary>
    public static ImportResult Read(IReadOnlyList<ExportFile> files)
    {
        var issues = new List<ValidationIssue>();
        var expanded = files.SelectMany(f => IsZipOfWorkbooks(f.Bytes) ? Unzip(f) : [f]).ToArray();
        var schools = new List<ImportedSchool>();
        var filled = new HashSet<string>(StringComparer.Ordinal);
        var years = new List<int>();
        ExportMapping? used = null;
        foreach (var file in expanded)
        {
            var package = XlsxPackage.Open(file.Bytes, ReaderLimits.Default, file.Name, out var issue);
            if (package is null)
            {
                issues.Add(issue!);
                continue;
            }

            var generation = FormGenerationOf(package.Sheets.Select(s => s.Name));
            var reader = new Reader(file, package, issues, filled, years);
            if (generation is not null)
            {
                used ??= generation;
                reader.ReadForms(generation, schools);
            }
            else
            {
                used ??= ExportMapping.SchoolList;
                reader.ReadList(ExportMapping.SchoolList, schools);
            }
        }

        var merged = MergeSections(schools);
        var counties = merged
            .GroupBy(s => s.CountyCode ?? s.CountyName ?? string.Empty, StringComparer.Ordinal)
            .Select(g => new ImportedCounty(g.First().CountyCode, g.Select(s => s.CountyName).FirstOrDefault(n => !string.IsNullOrEmpty(n)) ?? string.Empty, g.ToArray()))
            .ToArray();
        var year = years.Count == 0 ? (int?)null : years.GroupBy(y => y).OrderByDescending(g => g.Count()).First().Key;
        return new ImportResult(used, counties, year, filled, issues);
    }

    /// <summary>The same school from the 小学 and the 初中 list is one school: section fields from each, whole-school fields from the first.</summary>
    private static List<ImportedSchool> MergeSections(List<ImportedSchool> schools)
    {
        var byKey = new Dictionary<string, ImportedSchool>(StringComparer.Ordinal);
        var result = new List<ImportedSchool>();
        foreach (var s in schools)
        {
            var key = (s.CountyCode ?? s.CountyName ?? string.Empty) + "|" + (s.Code ?? s.Name);
            if (!byKey.TryGetValue(key, out var first))
            {
                byKey[key] = s;
                result.Add(s);
                continue;
            }

            foreach (var (k, v) in s.Values)
            {
                first.Values.TryAdd(k, v);
            }
        }

        return result;
    }

    /// <summary>The sheet names in <c>xl/workbook.xml</c> (read up to 1 MB characters); null when the bytes are not a readable zip.</summary>
    private static List<string>? SheetNames(byte[] bytes)
    {
        try
        {
            using var zip = new ZipArchive(new MemoryStream(bytes, writable: false), ZipArchiveMode.Read);
            if (zip.GetEntry("xl/workbook.xml") is not { } entry)
            {
                // An unusual part name: XlsxPackage follows the relationships instead.
                return [];
            }

            using var stream = entry.Open();
            var settings = new System.Xml.XmlReaderSettings { DtdProcessing = System.Xml.DtdProcessing.Prohibit, MaxCharactersInDocument = 1_000_000 };
            using var xml = System.Xml.XmlReader.Create(stream, settings);
            var names = new List<string>();
            while (xml.Read())
            {
                if (xml.NodeType == System.Xml.XmlNodeType.Element && xml.LocalName == "sheet" && xml.GetAttribute("name") is { } name)
                {
                    names.Add(name);
                }
            }

            return names;
        }
        catch (Exception e) when (e is InvalidDataException or System.Xml.XmlException or IOException or NotSupportedException)
        {
            return null;
        }
    }

    internal static ExportMapping? FormGenerationOf(IEnumerable<string> sheetNames)
    {
        var names = sheetNames.Select(ExportText.Key).ToArray();
        return ExportMapping.FormGenerations
            .Select(m => (m, n: names.Count(n => FormNumber(m, n) is not null)))
            .Where(x => x.n > 0)
            .OrderByDescending(x => x.n)
            .Select(x => x.m)
            .FirstOrDefault();
    }

    /// <summary>The form number of a sheet name of this generation (<c>教基3112_小学</c> → 3112, <c>基础基112续表</c> → 112续); null for another sheet.</summary>
    internal static string? FormNumber(ExportMapping generation, string sheetKey)
    {
        var prefix = ExportText.Key(generation.SheetPrefix);
        if (!sheetKey.StartsWith(prefix, StringComparison.Ordinal))
        {
            return null;
        }

        var m = FormNumberPattern().Match(sheetKey[prefix.Length..]);
        return m.Success ? m.Value : null;
    }

    private static bool IsZipOfWorkbooks(byte[] bytes)
    {
        if (bytes.Length < 4 || bytes[0] != 'P' || bytes[1] != 'K')
        {
            return false;
        }

        try
        {
            using var zip = new ZipArchive(new MemoryStream(bytes, writable: false), ZipArchiveMode.Read);
            return zip.GetEntry("xl/workbook.xml") is null && zip.GetEntry("[Content_Types].xml") is null
                && zip.Entries.Any(e => e.FullName.EndsWith(".xlsx", StringComparison.OrdinalIgnoreCase));
        }
        catch (InvalidDataException)
        {
            return false;
        }
    }

    private static IEnumerable<ExportFile> Unzip(ExportFile file)
    {
        using var zip = new ZipArchive(new MemoryStream(file.Bytes, writable: false), ZipArchiveMode.Read);
        var list = new List<ExportFile>();
        long total = 0;
        foreach (var e in zip.Entries.Where(e => e.FullName.EndsWith(".xlsx", StringComparison.OrdinalIgnoreCase)).OrderBy(e => e.FullName, StringComparer.Ordinal))
        {
            // The zip's own directory is not trusted for size: every entry is read under the upload cap.
            using var s = e.Open();
            using var ms = new MemoryStream();
            var buffer = new byte[81920];
            int n;
            while ((n = s.Read(buffer)) > 0)
            {
                total += n;
                if (total > ReaderLimits.Default.MaxUncompressedSheetBytes)
                {
                    return list;
                }

                ms.Write(buffer, 0, n);
            }

            list.Add(new ExportFile(file.Name + "/" + e.FullName, ms.ToArray()));
        }

        return list;
    }

    [GeneratedRegex(@"^\d+续?")]
    private static partial Regex FormNumberPattern();

    /// <summary>Reads one workbook of an export.</summary>
    private sealed class Reader(ExportFile file, XlsxPackage package, List<ValidationIssue> issues, HashSet<string> filled, List<int> years)
    {
        private static readonly Dictionary<string, FieldSpec> Specs = WorkbookSchema.Schools.Fields.ToDictionary(f => f.Key, StringComparer.Ordinal);

        public void ReadList(ExportMapping mapping, List<ImportedSchool> schools)
        {
            var recognised = false;
            var seen = new List<string>();
            var missing = new SortedSet<string>(StringComparer.Ordinal);
            foreach (var entry in package.Sheets)
            {
                var raw = package.ReadSheet(entry, ReaderLimits.Default, out _);
                if (ExportTable.List(raw) is not { } table)
                {
                    continue;
                }

                seen.AddRange(table.PathsSeen.Select(p => $"{table.Name}: {p}"));
                var level = LevelOf(table.Name) ?? LevelOf(table.Title) ?? LevelOf(file.Name);
                var fields = mapping.Fields.Where(f => f.Level is null || f.Level == level).ToArray();
                var studentsFound = fields.Any(f => f.Key.StartsWith("students_", StringComparison.Ordinal) && Option(table, f) is not null);
                if (level is null || !studentsFound)
                {
                    foreach (var f in fields.Where(f => Option(table, f) is null))
                    {
                        missing.Add(f.Key);
                    }

                    if (level is null && studentsFound)
                    {
                        issues.Add(Issues.Sheet(Severity.Error, IssueCodes.ExportLevelUnknown, table.Name,
                            $"无法判断工作表“{table.Name}”是小学还是初中：请在文件名、工作表名或标题中注明“小学”或“初中”。",
                            $"Cannot tell whether sheet '{table.Name}' lists primary (小学) or junior (初中) sections: name the level in the file name, sheet name or title."));
                        recognised = true;
                    }

                    continue;
                }

                recognised = true;
                if (table.Year is { } y)
                {
                    years.Add(y);
                }

                foreach (var f in fields.Where(f => Option(table, f) is null))
                {
                    missing.Add(f.Key);
                }

                ReadListRows(mapping, table, fields, schools);
            }

            if (!recognised)
            {
                issues.Add(LayoutUnknown(file.Name, missing, seen));
            }
        }

        private void ReadListRows(ExportMapping mapping, ExportTable table, FieldMapping[] fields, List<ImportedSchool> schools)
        {
            int? Col(string id) => mapping.Identity.TryGetValue(id, out var refs) ? refs.Select(r => table.Column(r.Col)).FirstOrDefault(c => c is not null) : null;
            var nameCol = Col("school_name") ?? 0;
            var (codeCol, countyCol, divisionCol, typeCol, locationCol, ownerCol, countsCol) =
                (Col("school_code"), Col("county_name"), Col("division_code"), Col("school_type"), Col("location"), Col("ownership"), Col("counts_as_school"));
            var options = fields.Select(f => (Field: f, Cells: Option(table, f))).Where(x => x.Cells is not null).ToArray();
            foreach (var row in table.DataRows)
            {
                var name = Text(row, nameCol);
                if (name.Length == 0 || name is "合计" or "总计" or "总 计" || name.StartsWith("合计", StringComparison.Ordinal))
                {
                    continue;
                }

                var school = Identity(mapping, name, $"{file.Name} · {table.Name} · {row.Number}",
                    Text(row, codeCol), Text(row, countyCol), Text(row, divisionCol), Text(row, typeCol), Text(row, locationCol), Text(row, ownerCol), Text(row, countsCol));
                if (school is null)
                {
                    continue;
                }

                foreach (var (field, cells) in options)
                {
                    var sum = Sum(table, field, cells!.Select(c => (row, c)));
                    if (sum is { } v)
                    {
                        school.Values[field.Key] = v;
                        filled.Add(field.Key);
                    }
                }

                schools.Add(school);
            }
        }

        public void ReadForms(ExportMapping generation, List<ImportedSchool> schools)
        {
            var tables = new Dictionary<string, ExportTable>(StringComparer.Ordinal);
            var seen = new List<string>();
            foreach (var entry in package.Sheets)
            {
                if (FormNumber(generation, ExportText.Key(entry.Name)) is not { } number || tables.ContainsKey(number))
                {
                    continue;
                }

                var raw = package.ReadSheet(entry, ReaderLimits.Default, out _);
                if (ExportTable.Form(raw) is { } table)
                {
                    tables[number] = table;
                    seen.AddRange(table.PathsSeen.Select(p => $"{table.Name}: {p}"));
                    if (table.Year is { } y)
                    {
                        years.Add(y);
                    }
                }
            }

            string Id(string id)
            {
                if (!generation.Identity.TryGetValue(id, out var refs))
                {
                    return string.Empty;
                }

                foreach (var r in refs)
                {
                    if (tables.TryGetValue(r.Sheet!, out var t) && t.Row(r.Row!) is { } row && t.Column(r.Col) is { } col)
                    {
                        return Text(row, col);
                    }
                }

                return string.Empty;
            }

            var name = Id("school_name");
            var found = generation.Fields.Select(f => (Field: f, Cells: FormOption(tables, f))).ToArray();
            // A school without pupil forms (a special-education school) still has its identity and facilities.
            if (name.Length == 0 || found.All(x => x.Cells is null))
            {
                var missing = found.Where(x => x.Cells is null).Select(x => x.Field.Key).ToList();
                if (name.Length == 0)
                {
                    missing.Insert(0, "school_name");
                }

                issues.Add(LayoutUnknown(file.Name, missing, seen));
                return;
            }

            var school = Identity(generation, name, file.Name, Id("school_code"), Id("county_name"), Id("division_code"), Id("school_type"), Id("location"), Id("ownership"), Id("counts_as_school"));
            if (school is null)
            {
                return;
            }

            foreach (var (field, cells) in found)
            {
                if (cells is null)
                {
                    continue;
                }

                if (Sum(null, field, cells.Select(c => (c.Row, c.Ref)), cells) is { } v)
                {
                    school.Values[field.Key] = v;
                    filled.Add(field.Key);
                }
            }

            schools.Add(school);
        }

        private static (ExportTable Table, RawRow Row, CellRef Ref, int Col)[]? FormOption(Dictionary<string, ExportTable> tables, FieldMapping field)
        {
            foreach (var option in field.Options)
            {
                var cells = new List<(ExportTable, RawRow, CellRef, int)>();
                foreach (var r in option)
                {
                    if (tables.TryGetValue(r.Sheet!, out var t) && t.Row(r.Row!) is { } row && t.Column(r.Col) is { } col)
                    {
                        cells.Add((t, row, r, col));
                    }
                    else
                    {
                        break;
                    }
                }

                if (cells.Count == option.Count)
                {
                    return [.. cells];
                }
            }

            return null;
        }

        private static CellRef[]? Option(ExportTable table, FieldMapping field) =>
            field.Options.FirstOrDefault(o => o.All(r => table.Column(r.Col) is not null))?.ToArray();

        /// <summary>The sum of a field's cells in a list row; <c>*</c> (not applicable) and blank add nothing; null when every cell is <c>*</c>.</summary>
        private double? Sum(ExportTable? listTable, FieldMapping field, IEnumerable<(RawRow Row, CellRef Ref)> cells,
            (ExportTable Table, RawRow Row, CellRef Ref, int Col)[]? formCells = null)
        {
            var spec = Specs[field.Key];
            decimal total = 0;
            var any = false;
            var i = 0;
            foreach (var (row, r) in cells)
            {
                var table = listTable ?? formCells![i].Table;
                var col = listTable is null ? formCells![i].Col : table.Column(r.Col)!.Value;
                i++;
                var unit = table.ColumnUnits.GetValueOrDefault(col)
                    ?? (table.RowLabels.TryGetValue(row.Number, out var label) ? ExportText.UnitOf(label) : null)
                    ?? table.TitleUnit ?? field.Unit;
                if (Number(table, row, col, spec, unit) is { } v)
                {
                    total += v;
                    any = true;
                }
            }

            return any ? (double)total : null;
        }

        /// <summary>One cell as a number in the template's unit; null for <c>*</c>, blank or an error (reported).</summary>
        private decimal? Number(ExportTable table, RawRow row, int col, FieldSpec spec, string? unit)
        {
            var value = row[col];
            if (value is null || (value is string blank && blank.Trim().Length == 0))
            {
                return 0;
            }

            if (value is string star && star.Trim() is "*" or "＊")
            {
                return null;
            }

            decimal number;
            if (value is double d)
            {
                number = (decimal)d;
            }
            else if (!decimal.TryParse(TextNormalizer.Clean(CellValues.AsText(value)).Replace(",", string.Empty, StringComparison.Ordinal),
                NumberStyles.Number, CultureInfo.InvariantCulture, out number))
            {
                issues.Add(Issues.Cell(Severity.Error, IssueCodes.NotANumber, SheetLabel(table), row.Number, col, spec.Key,
                    $"“{CellValues.Show(value)}”不是数字（{spec.LabelZh}）；统计数据中应为数字，不适用时为 *。",
                    $"'{CellValues.Show(value)}' is not a number ({spec.LabelEn}); the statistics hold a number here, or * where it does not apply."));
                return null;
            }

            var scale = ScaleOf(spec, unit);
            if (scale is null)
            {
                issues.Add(Issues.Cell(Severity.Error, IssueCodes.UnknownUnit, SheetLabel(table), row.Number, col, spec.Key,
                    $"单位“{unit}”不适用于{spec.LabelZh}（应为{spec.Unit}）。",
                    $"The unit '{unit}' does not fit {spec.LabelEn} (expected {spec.Unit})."));
                return null;
            }

            number *= scale.Value;
            if (number < 0)
            {
                issues.Add(Issues.Cell(Severity.Error, IssueCodes.NegativeValue, SheetLabel(table), row.Number, col, spec.Key,
                    $"{spec.LabelZh}不能为负数。", $"{spec.LabelEn} must not be negative."));
                return null;
            }

            if (spec.Kind == FieldKind.Count && number > 10_000_000)
            {
                // No school has ten million of anything it counts; beyond int it would wrap silently.
                issues.Add(Issues.Cell(Severity.Error, IssueCodes.ImplausibleValue, SheetLabel(table), row.Number, col, spec.Key,
                    $"{spec.LabelZh}为 {CellValues.Show(value)}，不合常理。", $"{spec.LabelEn} of {CellValues.Show(value)} is implausible."));
                return null;
            }

            if (spec.Kind == FieldKind.Count && number != decimal.Truncate(number))
            {
                issues.Add(Issues.Cell(Severity.Error, IssueCodes.NotInteger, SheetLabel(table), row.Number, col, spec.Key,
                    $"{spec.LabelZh}应为整数，而统计数据中为 {CellValues.Show(value)}。",
                    $"{spec.LabelEn} must be a whole number; the statistics hold {CellValues.Show(value)}."));
                return null;
            }

            return number;
        }

        /// <summary>The factor from the export's unit to the template's: 万元 × 10 000 to 元; counts and m² as they are.</summary>
        private static decimal? ScaleOf(FieldSpec spec, string? unit) => (spec.Unit, unit) switch
        {
            (_, null) => 1m,
            (Units.Yuan, "万元") => 10_000m,
            (Units.Yuan, "千元") => 1_000m,
            (Units.Yuan, "元") => 1m,
            (Units.SquareMetres, "平方米" or "m²" or "m2") => 1m,
            (Units.SquareMetres or Units.Yuan, _) => null,
            _ => 1m,
        };

        private string SheetLabel(ExportTable table) => file.Name.EndsWith(".xlsx", StringComparison.OrdinalIgnoreCase) || file.Name.Contains('/')
            ? $"{Path.GetFileName(file.Name)} · {table.Name}"
            : table.Name;

        private ImportedSchool? Identity(ExportMapping mapping, string name, string source, string code, string county, string division, string type, string location, string owner, string counts)
        {
            var typeKey = mapping.SchoolTypes.FirstOrDefault(t => ExportText.Key(t.Key) == ExportText.Key(type)).Value;
            var notCounted = counts.Trim() is "0" or "否";
            if (typeKey is null && !notCounted)
            {
                // 高级中学, 中等职业学校 …: outside compulsory education, not a row of the template.
                return null;
            }

            var school = new ImportedSchool
            {
                Name = name,
                Source = source,
                Code = code.Length > 0 ? code : null,
                Type = notCounted ? SchoolType.TeachingPoint : FromKey(Names.SchoolTypes, typeKey!),
                TypeLabel = type,
                CountsAsSchool = !notCounted,
                CountyName = county.Length > 0 ? county : null,
                CountyCode = DivisionCode(division),
                Ownership = owner.Length == 0 ? null : mapping.PrivateMarkers.Any(m => owner.Contains(m, StringComparison.Ordinal)) ? Core.Model.Ownership.Private : Core.Model.Ownership.Public,
            };
            if (location.Length > 0)
            {
                var loc = mapping.Locations.Where(l => location.StartsWith(l.Key, StringComparison.Ordinal) || ExportText.Key(location) == ExportText.Key(l.Key))
                    .OrderByDescending(l => l.Key.Length).Select(l => l.Value).FirstOrDefault();
                school.Location = loc is null ? null : FromKey(Names.Locations, loc);
            }

            return school;
        }

        private static T FromKey<T>(EnumNames<T> names, string key)
            where T : struct, Enum => names.Rows.First(r => r.Key == key).Value;

        private static string? DivisionCode(string text)
        {
            var digits = new string(text.Where(char.IsAsciiDigit).ToArray());
            return digits.Length >= 6 ? digits[..6] : null;
        }

        private static string Text(RawRow row, int? col) =>
            col is { } c && row[c] is { } v ? TextNormalizer.Clean(CellValues.AsText(v)) : string.Empty;

        /// <summary>The level a list's sheet, title or file name names (小学, 初中, 高中: the senior pupils split a school's facilities).</summary>
        private static string? LevelOf(string text)
        {
            var named = new[] { ("小学", "primary"), ("初中", "junior"), ("高中", "senior") }.Where(l => text.Contains(l.Item1, StringComparison.Ordinal)).ToArray();
            return named.Length == 1 ? named[0].Item2 : null;
        }

        private static ValidationIssue LayoutUnknown(string fileName, IEnumerable<string> missing, IReadOnlyList<string> seen)
        {
            var fields = string.Join(", ", missing.Distinct());
            var paths = seen.Count == 0 ? "(无 / none)" : string.Join("; ", seen.Take(60));
            return Issues.File(IssueCodes.ExportLayoutUnknown, fileName,
                $"无法识别统计数据的格式：找不到 {fields}。看到的表头路径：{paths}",
                $"The statistics export's layout is not recognised: not found: {fields}. Header paths seen: {paths}");
        }
    }
}
