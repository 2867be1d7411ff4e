using System.Globalization;
using ClosedXML.Excel;
using Metrics.Excel.Schema;

namespace Metrics.Excel.Template;

/// <summary>
/// Writes the blank county workbook from <see cref="WorkbookSchema"/>: 填表说明 instructions (Chinese with
/// English beside), the 基本信息 key–value sheet, and the 学校 / 教师交流 / 经费 tables with a Chinese
/// header (row 1, label and unit), an English key row (row 2), one greyed example row (row 3, ignored by
/// the reader), drop-downs and number validation, frozen headers and readable column widths.
/// </summary>
public static class TemplateWriter
{
    /// <summary>Last row that carries data validation in table sheets (the reader's row cap).</summary>
    internal const int LastValidatedRow = 20_000;

    private static readonly XLColor HeaderFill = XLColor.FromHtml("#DDEBF7");
    private static readonly XLColor KeyFill = XLColor.FromHtml("#F2F2F2");
    private static readonly XLColor ExampleFill = XLColor.FromHtml("#D9D9D9");

    /// <summary>Writes the template to <paramref name="output"/>.</summary>
    /// <param name="output">Destination stream (left open).</param>
    /// <param name="year">School year to pre-fill (first calendar year), or null to leave it empty.</param>
    /// <param name="profileId">Profile id to pre-fill, e.g. <c>quality-2017</c>; null or empty leaves it empty (default profile).</param>
    public static void Write(Stream output, int? year, string? profileId)
    {
        ArgumentNullException.ThrowIfNull(output);
        using var wb = new XLWorkbook();
        WriteInstructions(wb.Worksheets.Add(WorkbookSchema.Instructions.NameZh));
        WriteCounty(wb.Worksheets.Add(WorkbookSchema.County.NameZh), year, profileId);
        foreach (var spec in new[] { WorkbookSchema.Schools, WorkbookSchema.Rotation, WorkbookSchema.Spending })
        {
            WriteTable(wb.Worksheets.Add(spec.NameZh), spec);
        }

        wb.Worksheet(WorkbookSchema.County.NameZh).SetTabActive();
        using var saved = new MemoryStream();
        wb.SaveAs(saved);
        StablePackage.Write(saved.ToArray(), output);
    }

    /// <summary>Column width in Excel units for a text: CJK counts double, plus padding, within 8–60.</summary>
    internal static double WidthFor(params string[] texts) =>
        Math.Clamp(texts.Max(t => TextNormalizer.DisplayWidth(t)) + 3, 8, 60);

    /// <summary>Example values of the example row (row 3), by field key.</summary>
    internal static IReadOnlyDictionary<string, object> ExampleValues { get; } = new Dictionary<string, object>(StringComparer.Ordinal)
    {
        [ColumnKeys.SchoolCode] = WorkbookSchema.ExampleCode,
        [ColumnKeys.SchoolName] = "示例九年一贯制学校(本行不读取)",
        [ColumnKeys.SchoolType] = "九年一贯制",
        [ColumnKeys.Location] = "乡村",
        [ColumnKeys.Ownership] = "公办",
        [ColumnKeys.StudentsPrimary] = 166,
        [ColumnKeys.StudentsJunior] = 210,
        [ColumnKeys.StudentsSenior] = 0,
        [ColumnKeys.ClassesPrimary] = 6,
        [ColumnKeys.ClassesJunior] = 6,
        [ColumnKeys.MaxClassPrimary] = 32,
        [ColumnKeys.MaxClassJunior] = 38,
        [ColumnKeys.TeachersPrimary] = 12,
        [ColumnKeys.QualifiedTeachersPrimary] = 11,
        [ColumnKeys.KeyTeachersPrimary] = 2,
        [ColumnKeys.PeArtTeachersPrimary] = 2,
        [ColumnKeys.SeniorTitleTeachersPrimary] = 5,
        [ColumnKeys.TeachersJunior] = 18,
        [ColumnKeys.QualifiedTeachersJunior] = 16,
        [ColumnKeys.KeyTeachersJunior] = 3,
        [ColumnKeys.PeArtTeachersJunior] = 3,
        [ColumnKeys.SeniorTitleTeachersJunior] = 9,
        [ColumnKeys.CertifiedTeachersPrimary] = 12,
        [ColumnKeys.CertifiedTeachersJunior] = 18,
        [ColumnKeys.CertifiedTeachers] = 30,
        [ColumnKeys.ParentSchoolCode] = "",
        [ColumnKeys.TeachingSpaceM2] = 2100.5,
        [ColumnKeys.SportsSpaceM2] = 4200,
        [ColumnKeys.IndoorSportsM2] = 300,
        [ColumnKeys.EquipmentValueYuan] = 950000,
        [ColumnKeys.MultimediaRooms] = 12,
        [ColumnKeys.Computers] = 60,
        [ColumnKeys.Books] = 23226,
        [ColumnKeys.MusicRooms] = 1,
        [ColumnKeys.MusicRoomMinM2] = 96,
        [ColumnKeys.ArtRooms] = 1,
        [ColumnKeys.ArtRoomMinM2] = 90,
        [ColumnKeys.CatchmentChildren] = 70,
        [ColumnKeys.PlannedIntake] = 80,
        [ColumnKeys.CatchmentChildrenJunior] = 65,
        [ColumnKeys.PlannedIntakeJunior] = 70,
        [ColumnKeys.PairedSchoolCode] = "3601020001",
        [ColumnKeys.PairingScope] = "县域内",
        [ColumnKeys.AfterSchoolService] = "是",
        [ColumnKeys.AfterSchoolPupils] = 150,
        [ColumnKeys.BoardingPupils] = 20,
        [ColumnKeys.EligibleTeachers] = 20,
        [ColumnKeys.RotatedTeachers] = 3,
        [ColumnKeys.RotatedKeyTeachers] = 1,
        [ColumnKeys.RotatedToRural] = 2,
        [ColumnKeys.PublicFundsYuan] = 300000,
        [ColumnKeys.TrainingFundsYuan] = 15000,
    };

    private static void WriteInstructions(IXLWorksheet ws)
    {
        var row = 1;
        void Line(string zh, string en, bool bold = false)
        {
            Text(ws.Cell(row, 1), zh);
            Text(ws.Cell(row, 2), en);
            if (bold)
            {
                ws.Row(row).Style.Font.Bold = true;
            }

            row++;
        }

        Line("县域义务教育均衡发展督导评估 数据填报表", "County compulsory-education balance evaluation — data workbook", bold: true);
        Line("请按各工作表的列填写，不要删除或改名工作表和列标题；列的顺序可以调整。", "Fill in each sheet's columns; do not delete or rename sheets or headers. Column order may change.");
        Line("第 1 行为中文标题(括号内为单位)，第 2 行为英文键；从第 3 行起每行一条记录。", "Row 1 holds the Chinese label (unit in parentheses), row 2 the English key; one record a row from row 3.");
        Line($"第 3 行为灰色示例行(学校代码为 {WorkbookSchema.ExampleCode})，读取时忽略，可保留或删除。", $"Row 3 is a grey example row (school code {WorkbookSchema.ExampleCode}); the reader ignores it. Keep or delete it.");
        Line("百分数单元格为百分比格式：95% 填 95 或 95%，不要填 0.95(在非百分比格式的单元格或文本中无法确定含义，会被判为错误)。", "Percent cells are formatted as percentages: 95% is 95 or 95% typed, not 0.95 (outside a percent cell, or as text, that is ambiguous and rejected).");
        Line("单位：人数(人)、个数(个)、面积(m²)、金额(元，不是万元)、图书(册)、计算机(台)。", "Units: persons (人), items (个), area (m²), money (元, not 万元), books (册), computers (台).");
        Line("教师数按学段(小学/初中)分别填写；校舍面积、设备值、图书等为全校合计。", "Teacher counts are per section (primary/junior); areas, equipment and books are whole-school totals.");
        Line("是/否项填“是”或“否”；类型项请从下拉列表选择。", "Yes/no items take 是 or 否; pick typed items from the drop-down list.");
        Line("不适用的学段留空或填 0；数字中不要带单位或文字。", "Leave sections a school does not teach empty or 0; type numbers without units or words.");
        row++;
        Line("工作表", "Sheets", bold: true);
        foreach (var s in WorkbookSchema.Sheets)
        {
            Line($"{s.NameZh}：{s.DescriptionZh}", $"{s.NameEn}: {s.DescriptionEn}");
        }

        row++;
        var headerRow = row;
        string[] headers = ["工作表 Sheet", "英文键 Key", "中文标签 Label", "English label", "单位 Unit", "类型 Kind", "必填 Required", "可选值 Choices"];
        for (var c = 0; c < headers.Length; c++)
        {
            Text(ws.Cell(row, c + 1), headers[c]);
        }

        ws.Row(row).Style.Font.Bold = true;
        ws.Range(row, 1, row, headers.Length).Style.Fill.BackgroundColor = HeaderFill;
        row++;
        foreach (var s in WorkbookSchema.DataSheets)
        {
            foreach (var f in s.Fields)
            {
                Text(ws.Cell(row, 1), s.NameZh);
                Text(ws.Cell(row, 2), f.Key);
                Text(ws.Cell(row, 3), f.LabelZh);
                Text(ws.Cell(row, 4), f.LabelEn);
                Text(ws.Cell(row, 5), f.Unit ?? string.Empty);
                Text(ws.Cell(row, 6), KindText(f.Kind));
                Text(ws.Cell(row, 7), RequirementText(f.Requirement));
                Text(ws.Cell(row, 8), f.Choices is null ? f.Kind == FieldKind.YesNo ? "是, 否" : string.Empty : string.Join(", ", f.Choices.Labels));
                row++;
            }
        }

        ws.Column(1).Width = 60;
        ws.Column(2).Width = 60;
        ws.Column(3).Width = 30;
        ws.Column(4).Width = 40;
        ws.Column(5).Width = 8;
        ws.Column(6).Width = 24;
        ws.Column(7).Width = 34;
        ws.Column(8).Width = 40;
        ws.Range(1, 1, headerRow - 1, 2).Style.Alignment.WrapText = true;
    }

    private static void WriteCounty(IXLWorksheet ws, int? year, string? profileId)
    {
        string[] zh = ["键", "项目", "值", "说明"];
        string[] en = ["key", "label", "value", "notes"];
        for (var c = 0; c < zh.Length; c++)
        {
            Text(ws.Cell(1, c + 1), zh[c]);
            Text(ws.Cell(2, c + 1), en[c]);
        }

        StyleHeader(ws.Range(1, 1, 2, zh.Length));
        var row = WorkbookSchema.FirstDataRow;
        foreach (var f in WorkbookSchema.County.Fields)
        {
            Text(ws.Cell(row, 1), f.Key);
            Text(ws.Cell(row, 2), f.HeaderZh);
            Text(ws.Cell(row, 4), $"{f.LabelEn}; {KindText(f.Kind)}; {RequirementText(f.Requirement)}");
            ws.Range(row, 1, row, 2).Style.Fill.BackgroundColor = KeyFill;
            var value = ws.Cell(row, 3);
            if (f.Key == ColumnKeys.SchoolYear)
            {
                value.DataValidation.WholeNumber.Between(2000, 2100);
                if (year is not null)
                {
                    value.SetValue(year.Value);
                }
            }
            else if (f.Key == ColumnKeys.Profile && !string.IsNullOrWhiteSpace(profileId))
            {
                Text(value, profileId);
            }
            else if (f.Key == ColumnKeys.CountyCode)
            {
                value.Style.NumberFormat.Format = "@";
            }
            else
            {
                Validate(ws.Range(row, 3, row, 3), f);
            }

            row++;
        }

        ws.Column(1).Width = WidthFor(WorkbookSchema.County.Fields.Select(f => f.Key).ToArray());
        ws.Column(2).Width = WidthFor(WorkbookSchema.County.Fields.Select(f => f.HeaderZh).ToArray());
        ws.Column(3).Width = 18;
        ws.Column(4).Width = 60;
        ws.SheetView.FreezeRows(WorkbookSchema.HeaderRows);
    }

    private static void WriteTable(IXLWorksheet ws, SheetSpec spec)
    {
        var exampleRow = WorkbookSchema.FirstDataRow;
        for (var i = 0; i < spec.Fields.Count; i++)
        {
            var f = spec.Fields[i];
            var col = i + 1;
            Text(ws.Cell(1, col), f.HeaderZh);
            Text(ws.Cell(2, col), f.Key);
            ws.Column(col).Width = WidthFor(f.HeaderZh, f.Key);
            if (f.Kind == FieldKind.Text)
            {
                // Column style, not per-cell: codes like 0012 stay text without creating 20 000 cells.
                ws.Column(col).Style.NumberFormat.Format = "@";
            }
            else
            {
                Validate(ws.Range(exampleRow, col, LastValidatedRow, col), f);
            }

            if (ExampleValues.TryGetValue(f.Key, out var example))
            {
                if (example is string s)
                {
                    Text(ws.Cell(exampleRow, col), s);
                }
                else
                {
                    ws.Cell(exampleRow, col).SetValue(Convert.ToDouble(example, CultureInfo.InvariantCulture));
                }
            }
        }

        StyleHeader(ws.Range(1, 1, 2, spec.Fields.Count));
        ws.Row(1).Height = 30;
        ws.Range(1, 1, 1, spec.Fields.Count).Style.Alignment.WrapText = true;
        var exampleRange = ws.Range(exampleRow, 1, exampleRow, spec.Fields.Count);
        exampleRange.Style.Fill.BackgroundColor = ExampleFill;
        exampleRange.Style.Font.Italic = true;
        exampleRange.Style.Font.FontColor = XLColor.FromHtml("#595959");
        ws.Cell(exampleRow, 1).Comment.AddText("示例行：读取时忽略，可保留或删除。\nExample row: ignored by the reader; keep or delete it.");
        ws.SheetView.FreezeRows(WorkbookSchema.HeaderRows);
        if (spec.Fields.Count > 2)
        {
            ws.SheetView.Freeze(WorkbookSchema.HeaderRows, spec.Id == WorkbookSchema.Schools.Id ? 2 : 1);
        }
    }

    /// <summary>The number format of percent cells: one decimal shown, the value kept exact.</summary>
    internal const string PercentFormat = "0.0%";

    private static void Validate(IXLRange range, FieldSpec f)
    {
        var dv = range.SetDataValidation();
        dv.IgnoreBlanks = true;
        dv.ShowErrorMessage = true;
        dv.ErrorStyle = XLErrorStyle.Stop;
        switch (f.Kind)
        {
            case FieldKind.Enum:
                dv.List($"\"{string.Join(",", f.Choices!.Labels)}\"", true);
                dv.ErrorTitle = "请从列表选择 Pick from the list";
                dv.ErrorMessage = $"可选值 Allowed: {string.Join("、", f.Choices.Labels)}";
                break;
            case FieldKind.YesNo:
                dv.List($"\"{string.Join(",", WorkbookSchema.YesNoLabels)}\"", true);
                dv.ErrorTitle = "是/否 Yes/No";
                dv.ErrorMessage = "请填“是”或“否”。Enter 是 or 否.";
                break;
            case FieldKind.Count:
                dv.WholeNumber.EqualOrGreaterThan(0);
                dv.ErrorTitle = "整数 Whole number";
                dv.ErrorMessage = "请填不小于 0 的整数。Enter a whole number ≥ 0.";
                break;
            case FieldKind.NonNegativeNumber:
                dv.Decimal.EqualOrGreaterThan(0);
                dv.ErrorTitle = "数字 Number";
                dv.ErrorMessage = $"请填不小于 0 的数字，单位 {f.Unit}。Enter a number ≥ 0 in {f.Unit}.";
                break;
            case FieldKind.Percent:
                // The cell shows and stores a percentage (typing 95 or 95% keeps 0.95, shown 95.0%), which is how the
                // reader takes a number with a percent format; so the stored value must lie in 0–1 (0%–100%).
                range.Style.NumberFormat.Format = PercentFormat;
                dv.Decimal.Between(0, 1);
                dv.ErrorTitle = "百分数 Percent";
                dv.ErrorMessage = "请输入 0%–100% 的百分数，如 95 或 95%。Enter a percentage 0%–100%, e.g. 95 or 95%.";
                break;
            case FieldKind.Text:
                break;
        }
    }

    private static void StyleHeader(IXLRange header)
    {
        header.Style.Font.Bold = true;
        header.Style.Fill.BackgroundColor = HeaderFill;
        header.Style.Alignment.Vertical = XLAlignmentVerticalValues.Center;
        header.Style.Border.BottomBorder = XLBorderStyleValues.Thin;
    }

    /// <summary>Writes text as text, never as a formula.</summary>
    internal static void Text(IXLCell cell, string value)
    {
        cell.SetValue(value);
        cell.DataType = XLDataType.Text;
    }

    private static string KindText(FieldKind k) => k switch
    {
        FieldKind.Text => "文本 text",
        FieldKind.Enum => "选项 choice",
        FieldKind.Count => "整数 ≥0 whole number",
        FieldKind.NonNegativeNumber => "数字 ≥0 number",
        FieldKind.Percent => "百分数 0%–100%，输入 95 或 95% percent, type 95 or 95%",
        FieldKind.YesNo => "是/否 yes/no",
        _ => k.ToString(),
    };

    private static string RequirementText(Requirement r) => r switch
    {
        Requirement.Required => "必填 required",
        Requirement.Optional => "选填 optional",
        Requirement.PrimarySection => "有小学部必填 required with primary",
        Requirement.JuniorSection => "有初中部必填 required with junior",
        Requirement.SeniorSection => "有高中部必填 required with senior",
        _ => r.ToString(),
    };
}
