using ClosedXML.Excel;
using Metrics.Core.Catalog;
using Metrics.Core.Import;
using Metrics.Core.Model;
using Metrics.Core.Profiles;
using Metrics.Excel.Schema;
using Metrics.Excel.Template;

namespace Metrics.Excel.Statistics;

/// <summary>
/// Turns an imported county into what the product consumes: the submission to score (the resource
/// part) and the pre-filled county workbook (the normal template, 学校 sheet filled, every field the
/// export lacks left empty and marked, and a 说明 sheet listing what to complete).
/// </summary>
public static class ExportWorkbook
{
    /// <summary>Name of the sheet the pre-filled workbook adds; the reader ignores sheets it does not know.</summary>
    public const string NotesSheet = "导入说明";

    /// <summary>Fields the school-level checks need and no export holds (the county adds them): check id → column keys.</summary>
    public static IReadOnlyDictionary<string, string[]> CheckInputs { get; } = new Dictionary<string, string[]>(StringComparer.Ordinal)
    {
        [CheckIds.MusicArtRooms] = [ColumnKeys.MusicRooms, ColumnKeys.ArtRooms],
        [CheckIds.ClassSize] = [ColumnKeys.MaxClassPrimary, ColumnKeys.MaxClassJunior],
        [CheckIds.TeacherCertification] = [ColumnKeys.CertifiedTeachersPrimary, ColumnKeys.CertifiedTeachersJunior],
    };

    /// <summary>Identity columns every export gives (the school's row itself).</summary>
    private static readonly HashSet<string> Identity = new(StringComparer.Ordinal) { ColumnKeys.SchoolCode, ColumnKeys.SchoolName, ColumnKeys.SchoolType };

    /// <summary>The 学校 fields the export did not fill, in template order (identity columns aside).</summary>
    public static IReadOnlyList<string> FieldsToComplete(ImportedCounty county, IReadOnlySet<string> filled)
    {
        var have = new HashSet<string>(filled, StringComparer.Ordinal);
        if (county.Schools.All(s => s.Location is not null))
        {
            have.Add(ColumnKeys.Location);
        }

        if (county.Schools.All(s => s.Ownership is not null))
        {
            have.Add(ColumnKeys.Ownership);
        }

        return WorkbookSchema.Schools.Fields.Select(f => f.Key).Where(k => !Identity.Contains(k) && !have.Contains(k)).ToArray();
    }

    /// <summary>The export's county as a submission for scoring; teaching points are held back when the profile merges them into a parent the export cannot name.</summary>
    public static (CountySubmission Submission, ExportSource Source) ToSubmission(ImportedCounty county, string code, int year, Profile profile, ExportMapping mapping, IReadOnlySet<string> filled)
    {
        var holdBack = profile.Exclusions.EffectiveTeachingPoints == TeachingPointPolicy.MergeIntoParent;
        var schools = county.Schools.Select((s, i) => (s, i)).Where(x => !(holdBack && x.s.IsTeachingPoint)).Select(x => ToSchool(x.s, x.i)).ToArray();
        var toComplete = FieldsToComplete(county, filled);
        var lacking = CheckInputs.Where(c => c.Value.Any(toComplete.Contains)).Select(c => c.Key).ToArray();
        var submission = new CountySubmission
        {
            County = new CountyInfo { Code = code, Name = county.Name, SchoolYear = year, Profile = profile.Id },
            Schools = schools,
        };
        return (submission, new ExportSource(mapping.Id, toComplete, lacking, holdBack ? county.Schools.Count(s => s.IsTeachingPoint) : 0));
    }

    /// <summary>One imported school as the template's row would give it (empty numbers are 0, as in a template section it does not teach).</summary>
    public static School ToSchool(ImportedSchool s, int index)
    {
        int I(string key) => s.Values.TryGetValue(key, out var v) ? (int)v : 0;
        double D(string key) => s.Values.TryGetValue(key, out var v) ? v : 0;
        double? N(string key) => s.Values.TryGetValue(key, out var v) ? v : null;
        return new School
        {
            Code = s.Code ?? CodeOf(index),
            Name = s.Name,
            Type = s.Type,
            Location = s.Location ?? Location.Urban,
            Ownership = s.Ownership ?? Ownership.Public,
            StudentsPrimary = I(ColumnKeys.StudentsPrimary),
            StudentsJunior = I(ColumnKeys.StudentsJunior),
            StudentsSenior = I(ColumnKeys.StudentsSenior),
            ClassesPrimary = I(ColumnKeys.ClassesPrimary),
            ClassesJunior = I(ColumnKeys.ClassesJunior),
            StaffPrimary = new SectionStaff(I(ColumnKeys.TeachersPrimary), I(ColumnKeys.QualifiedTeachersPrimary), I(ColumnKeys.KeyTeachersPrimary), I(ColumnKeys.PeArtTeachersPrimary), I(ColumnKeys.SeniorTitleTeachersPrimary)),
            StaffJunior = new SectionStaff(I(ColumnKeys.TeachersJunior), I(ColumnKeys.QualifiedTeachersJunior), I(ColumnKeys.KeyTeachersJunior), I(ColumnKeys.PeArtTeachersJunior), I(ColumnKeys.SeniorTitleTeachersJunior)),
            TeachingSpaceM2 = D(ColumnKeys.TeachingSpaceM2),
            SportsSpaceM2 = D(ColumnKeys.SportsSpaceM2),
            IndoorSportsM2 = N(ColumnKeys.IndoorSportsM2),
            EquipmentValueYuan = D(ColumnKeys.EquipmentValueYuan),
            MultimediaRooms = I(ColumnKeys.MultimediaRooms),
            Computers = I(ColumnKeys.Computers),
            Books = I(ColumnKeys.Books),
            SourceRow = SubmissionWorkbookWriter.FirstRow + index,
        };
    }

    /// <summary>The pre-filled county workbook: the template with the 学校 sheet filled from the export and the fields to complete marked.</summary>
    public static void WritePrefilled(ImportedCounty county, string code, int year, string? profile, IReadOnlySet<string> filled, Stream output)
    {
        var info = new CountyInfo { Code = code, Name = county.Name, SchoolYear = year, Profile = profile };
        using var wb = SubmissionWorkbookWriter.OpenTemplate(info);
        SubmissionWorkbookWriter.FillCounty(wb, info, (_, v) => v);
        var ws = wb.Worksheet(WorkbookSchema.Schools.NameZh);
        var fields = WorkbookSchema.Schools.Fields;
        var toComplete = FieldsToComplete(county, filled).ToHashSet(StringComparer.Ordinal);
        var mark = XLColor.FromHtml("#FFF2CC");
        var row = SubmissionWorkbookWriter.FirstRow;
        var points = 0;
        for (var i = 0; i < county.Schools.Count; i++, row++)
        {
            var s = county.Schools[i];
            var values = SubmissionValues.SchoolValues(ToSchool(s, i));
            for (var c = 0; c < fields.Count; c++)
            {
                var key = fields[c].Key;
                var cell = ws.Cell(row, c + 1);
                var known = Identity.Contains(key) || (key == ColumnKeys.Location ? s.Location is not null : key == ColumnKeys.Ownership ? s.Ownership is not null : s.Values.ContainsKey(key));
                if (known && values.TryGetValue(key, out var v) && v is not null)
                {
                    SubmissionWorkbookWriter.Put(cell, v);
                }
                else if (toComplete.Contains(key) || (key == ColumnKeys.ParentSchoolCode && s.IsTeachingPoint))
                {
                    cell.Style.Fill.BackgroundColor = mark;
                }
            }

            if (s.IsTeachingPoint)
            {
                points++;
                ws.Cell(row, fields.ToList().FindIndex(f => f.Key == ColumnKeys.ParentSchoolCode) + 1).Comment
                    .AddText("教学点：请填写所属学校代码。\nTeaching point: fill in the code of the school it belongs to.");
            }
        }

        foreach (var (f, c) in fields.Select((f, c) => (f, c)).Where(x => toComplete.Contains(x.f.Key)))
        {
            ws.Cell(1, c + 1).Style.Fill.BackgroundColor = mark;
            ws.Cell(1, c + 1).Comment.AddText("统计数据中没有此项，请补填。\nNot in the statistics export: please complete.");
        }

        WriteNotes(wb.Worksheets.Add(NotesSheet), county, toComplete, points);
        using var saved = new MemoryStream();
        wb.SaveAs(saved);
        StablePackage.Write(saved.ToArray(), output);
    }

    private static void WriteNotes(IXLWorksheet ws, ImportedCounty county, HashSet<string> toComplete, int points)
    {
        var r = 1;
        ws.Cell(r++, 1).Value = "本工作簿由教育事业统计数据预填 / Pre-filled from the education-statistics export";
        ws.Cell(r++, 1).Value = $"学校 {county.Schools.Count} 所；黄色单元格为统计数据中没有、需要补填的项目。/ {county.Schools.Count} schools; yellow cells are not in the export: complete them.";
        if (points > 0)
        {
            ws.Cell(r++, 1).Value = $"教学点 {points} 个：请在“所属学校代码”列填写其所属学校。/ {points} teaching points: fill in parent_school_code.";
        }

        r++;
        ws.Cell(r, 1).Value = "需补填的列 / Columns to complete";
        ws.Cell(r++, 2).Value = "键 / key";
        foreach (var f in WorkbookSchema.Schools.Fields.Where(f => toComplete.Contains(f.Key)))
        {
            ws.Cell(r, 1).Value = f.LabelZh + " / " + f.LabelEn;
            ws.Cell(r++, 2).Value = f.Key;
        }

        r++;
        ws.Cell(r++, 1).Value = "另需填写：基本信息表的县级指标、教师交流表、经费表。/ Also fill in: the county inputs (基本信息), the Rotation and Spending sheets.";
        ws.Column(1).Width = 70;
    }

    private static string CodeOf(int index) => "S" + (index + 1).ToString("D4", System.Globalization.CultureInfo.InvariantCulture);
}
