using ClosedXML.Excel;
using Metrics.Core.Model;
using Metrics.Core.Profiles;
using Metrics.Core.Scoring;
using Metrics.Excel.Reading;
using Metrics.Excel.Schema;
using Metrics.Excel.Statistics;
using Metrics.Excel.Template;

namespace Metrics.Samples.Tests.Statistics;

/// <summary>The rules the import must get right, each with hand-worked numbers, for every shape and form generation.</summary>
public class ExportRuleTests
{
    public static TheoryData<string> Shapes() => new() { "list", StatisticsExportWriter.Forms2021, StatisticsExportWriter.Forms2018 };

    private static readonly Profile Quality = ProfileCatalog.Default.Get("quality-2017");

    private static School School(string code, SchoolType type, int primary = 0, int junior = 0, SectionStaff? p = null, SectionStaff? j = null) => new()
    {
        Code = code,
        Name = "测试学校" + code,
        Type = type,
        Location = Location.Town,
        StudentsPrimary = primary,
        StudentsJunior = junior,
        ClassesPrimary = primary > 0 ? 6 : 0,
        ClassesJunior = junior > 0 ? 3 : 0,
        StaffPrimary = p ?? (primary > 0 ? new SectionStaff(10, 9, 1, 2, 4) : SectionStaff.None),
        StaffJunior = j ?? (junior > 0 ? new SectionStaff(10, 9, 1, 2, 4) : SectionStaff.None),
        TeachingSpaceM2 = 1500,
        SportsSpaceM2 = 2500,
        EquipmentValueYuan = 400_000,
        MultimediaRooms = 8,
        Computers = 30,
        Books = 9000,
        MusicRooms = 1,
        ArtRooms = 1,
    };

    private static CountySubmission County(params School[] schools) => new()
    {
        County = new CountyInfo { Code = "130102", Name = "长安区", SchoolYear = 2024 },
        Schools = schools,
    };

    private static (ImportResult Result, Dictionary<string, ImportedSchool> ByCode) Import(CountySubmission county, string shape)
    {
        var result = StatisticsImport.Read([ExportFixtures.Write(county, shape)]);
        Assert.False(result.HasErrors, string.Join("\n", result.Issues.Select(i => i.MessageEn)));
        return (result, Assert.Single(result.Counties).Schools.ToDictionary(s => s.Code!));
    }

    [Theory]
    [MemberData(nameof(Shapes))]
    public void QualifiedTeachers_PrimaryFromCollege_JuniorFromBachelor_DoctorsCount(string shape)
    {
        // Primary, 12 teachers of whom 7 qualified: the export spreads them as 博士 1, 硕士 1, 本科 2, 专科 3
        // (高中及以下 5). Qualified = 1 + 1 + 2 + 3 = 7; without 博士 it would be 6.
        // Junior, 8 teachers of whom 5 qualified: 博士 1, 硕士 1, 本科 3, 专科 1 (高中及以下 2).
        // Qualified = 1 + 1 + 3 = 5; counting 专科 too would give 6.
        var county = County(
            School("P1", SchoolType.Primary, primary: 200, p: new SectionStaff(12, 7, 1, 2, 4)),
            School("J1", SchoolType.Junior, junior: 150, j: new SectionStaff(8, 5, 1, 2, 4)));
        var (_, schools) = Import(county, shape);
        Assert.Equal(7, schools["P1"].Values[ColumnKeys.QualifiedTeachersPrimary]);
        Assert.Equal(12, schools["P1"].Values[ColumnKeys.TeachersPrimary]);
        Assert.Equal(5, schools["J1"].Values[ColumnKeys.QualifiedTeachersJunior]);
    }

    [Theory]
    [MemberData(nameof(Shapes))]
    public void PeArtTeachers_FromSubjectColumns_NeverTwice(string shape)
    {
        // 7 PE + art teachers are written as 体育与健康 3 and art 4: in the list and the 教基 forms as
        // 艺术·计 4 with 音乐 1 and 美术 3 under it (so 3 + 4 = 7; adding 音乐 and 美术 again would give 11);
        // in the 基础基 forms as separate subjects 艺术 1, 音乐 1, 美术 2 (3 + 1 + 1 + 2 = 7).
        var county = County(School("P1", SchoolType.Primary, primary: 300, p: new SectionStaff(20, 18, 2, 7, 8)));
        var (_, schools) = Import(county, shape);
        Assert.Equal(7, schools["P1"].Values[ColumnKeys.PeArtTeachersPrimary]);
    }

    [Theory]
    [MemberData(nameof(Shapes))]
    public void Units_EquipmentInWanYuanTimes10000_AreasInSquareMetres_CountsWhole(string shape)
    {
        // Equipment 953 600 元 is written 95.36 (万元) and read back × 10 000 = 953 600 元 exactly.
        var county = County(School("P1", SchoolType.Primary, primary: 200) with { EquipmentValueYuan = 953_600, TeachingSpaceM2 = 1234.5, Books = 12_345 });
        var (_, schools) = Import(county, shape);
        Assert.Equal(953_600, schools["P1"].Values[ColumnKeys.EquipmentValueYuan]);
        Assert.Equal(1234.5, schools["P1"].Values[ColumnKeys.TeachingSpaceM2]);
        Assert.Equal(2500, schools["P1"].Values[ColumnKeys.SportsSpaceM2]);
        Assert.Equal(12_345, schools["P1"].Values[ColumnKeys.Books]);
    }

    [Fact]
    public void NotANumber_IsAnIssueAtSheetRowColumn_Bilingual_AndStarIsNotApplicable()
    {
        var county = County(School("P1", SchoolType.Primary, primary: 200), School("P2", SchoolType.Primary, primary: 100));
        var file = ExportFixtures.Write(county, "list");
        using var wb = new XLWorkbook(new MemoryStream(file.Bytes));
        var ws = wb.Worksheet("小学");
        // Row 6 is P1 (title row 1, headers rows 2–5); column I is 在校生数·合计 (the 9th column).
        Assert.Equal("在校生数", ws.Cell(2, 9).GetString());
        ws.Cell(6, 9).Value = "二百";
        ws.Cell(7, 12).Value = "*"; // P2's 专任教师·合计: not applicable, not an error
        using var ms = new MemoryStream();
        wb.SaveAs(ms);

        var result = StatisticsImport.Read([new ExportFile("学校名单.xlsx", ms.ToArray())]);
        var issue = Assert.Single(result.Issues);
        Assert.Equal(IssueCodes.NotANumber, issue.Code);
        Assert.Equal("学校名单.xlsx · 小学", issue.Sheet);
        Assert.Equal(6, issue.Row);
        Assert.Equal("I6", issue.Cell);
        Assert.Contains("二百", issue.MessageZh);
        Assert.Contains("not a number", issue.MessageEn);
        Assert.False(result.Counties.Single().Schools.Single(s => s.Code == "P2").Values.ContainsKey(ColumnKeys.TeachersPrimary));
    }

    [Theory]
    [MemberData(nameof(Shapes))]
    public void ZeroNumerator_SchoolIsKept_AndCountsInTheCv(string shape)
    {
        // P0 has no key teachers: it stays, with key_teachers_primary = 0 — the weakest school of the CV.
        var county = County(
            School("P0", SchoolType.Primary, primary: 200, p: new SectionStaff(10, 9, 0, 2, 4)),
            School("P1", SchoolType.Primary, primary: 200, p: new SectionStaff(10, 9, 4, 2, 4)));
        var (result, schools) = Import(county, shape);
        Assert.Equal(0, schools["P0"].Values[ColumnKeys.KeyTeachersPrimary]);
        var (submission, _) = ExportWorkbook.ToSubmission(result.Counties[0], "130102", 2024, Quality, result.Mapping!, result.Filled);
        var level = LevelScorer.Score(Level.Primary, UnitBuilder.Build(submission.Schools, Quality).Primary, Quality);
        var key = level.Indicators.Single(i => i.Id == "key_teachers_per100");
        // Per 100 pupils 0 and 2, equal weights: mean 1, population sd 1, CV = 1 (unrounded).
        Assert.Equal(1.0, key.Mean!.Value, 12);
        Assert.Equal(1.0, key.Cv!.Value, 12);
    }

    [Theory]
    [MemberData(nameof(Shapes))]
    public void NineYearSchool_FacilitiesSplitByWeightedEnrolment(string shape)
    {
        // Method §1: 166 primary and 210 junior pupils weigh 166 + 1.1 × 210 = 397; of 23 226 books the
        // primary section gets 23 226 × 166 / 397 ≈ 9 711.6 and the junior section 23 226 × 231 / 397 ≈ 13 514.4.
        var county = County(School("N1", SchoolType.NineYear, primary: 166, junior: 210) with { Books = 23_226 });
        var (result, schools) = Import(county, shape);
        Assert.Equal(23_226, schools["N1"].Values[ColumnKeys.Books]);
        var (submission, _) = ExportWorkbook.ToSubmission(result.Counties[0], "130102", 2024, Quality, result.Mapping!, result.Filled);
        var units = UnitBuilder.Build(submission.Schools, Quality);
        Assert.Equal(166.0 / 397, units.Primary.Single().Share, 12);
        Assert.Equal(231.0 / 397, units.Junior.Single().Share, 12);
        Assert.Equal(23_226.0 * 166 / 397, units.Primary.Single().Share * submission.Schools[0].Books, 9);
    }

    [Theory]
    [MemberData(nameof(Shapes))]
    public void Gym_ReadSeparately_AndFollowsTheProfileOption(string shape)
    {
        // 教学及辅助用房 2 000 m² includes a 120 m² gym (室内体育用房); the sports ground is 3 000 m².
        // Moved (the profiles' default): teaching 2 000 − 120 = 1 880, sports 3 000 + 120 = 3 120.
        // Not moved: 2 000 and 3 000 as read.
        var county = County(School("P1", SchoolType.Primary, primary: 400) with { TeachingSpaceM2 = 2000, IndoorSportsM2 = 120, SportsSpaceM2 = 3000 });
        var (result, schools) = Import(county, shape);
        Assert.Equal(120, schools["P1"].Values[ColumnKeys.IndoorSportsM2]);
        Assert.Equal(2000, schools["P1"].Values[ColumnKeys.TeachingSpaceM2]);
        var (submission, _) = ExportWorkbook.ToSubmission(result.Counties[0], "130102", 2024, Quality, result.Mapping!, result.Filled);
        Assert.True(Quality.IndoorSportsAsSportsSpace);
        var moved = UnitBuilder.Build(submission.Schools, Quality).Primary.Single();
        Assert.Equal(1880, moved.TeachingSpaceTotal);
        Assert.Equal(3120, moved.SportsSpaceTotal);
        var kept = UnitBuilder.Build(submission.Schools, Quality with { IndoorSportsAsSportsSpace = false }).Primary.Single();
        Assert.Equal(2000, kept.TeachingSpaceTotal);
        Assert.Equal(3000, kept.SportsSpaceTotal);
    }

    [Fact]
    public void UnrecognisedLayout_ListsFieldsNotFound_AndHeaderPathsSeen()
    {
        using var wb = new XLWorkbook();
        var ws = wb.Worksheets.Add("小学");
        ws.Cell(1, 1).Value = "学校名称";
        ws.Cell(1, 2).Value = "学生人数";
        ws.Cell(1, 3).Value = "教师";
        ws.Cell(2, 1).Value = "某小学";
        ws.Cell(2, 2).Value = 100;
        ws.Cell(2, 3).Value = 8;
        using var ms = new MemoryStream();
        wb.SaveAs(ms);
        var result = StatisticsImport.Read([new ExportFile("名单.xlsx", ms.ToArray())]);
        var issue = Assert.Single(result.Issues);
        Assert.Equal(IssueCodes.ExportLayoutUnknown, issue.Code);
        Assert.Contains("students_primary", issue.MessageEn);
        Assert.Contains("teachers_primary", issue.MessageEn);
        Assert.Contains("小学: 学生人数", issue.MessageEn);
        Assert.Contains("找不到", issue.MessageZh);
    }

    [Theory]
    [MemberData(nameof(Shapes))]
    public void TeachingPoints_MergePolicy_HeldBackWithEmptyParent_OtherPolicies_Scored(string shape)
    {
        var county = County(School("P1", SchoolType.Primary, primary: 300), School("T1", SchoolType.TeachingPoint, primary: 40));
        var (result, schools) = Import(county, shape);
        Assert.False(schools["T1"].CountsAsSchool);
        Assert.Equal(SchoolType.TeachingPoint, schools["T1"].Type);

        var merge = Quality with { Exclusions = Quality.Exclusions with { TeachingPoints = TeachingPointPolicy.MergeIntoParent } };
        var (held, source) = ExportWorkbook.ToSubmission(result.Counties[0], "130102", 2024, merge, result.Mapping!, result.Filled);
        Assert.Equal(1, source.HeldBackTeachingPoints);
        Assert.DoesNotContain(held.Schools, s => s.Code == "T1");

        var (kept, keptSource) = ExportWorkbook.ToSubmission(result.Counties[0], "130102", 2024, Quality, result.Mapping!, result.Filled);
        Assert.Equal(0, keptSource.HeldBackTeachingPoints);
        Assert.Contains(kept.Schools, s => s.Code == "T1");

        // The pre-filled workbook lists the point with parent_school_code left empty, to fill.
        using var ms = new MemoryStream();
        ExportWorkbook.WritePrefilled(result.Counties[0], "130102", 2024, null, result.Filled, ms);
        var read = WorkbookReader.Read(ms.ToArray());
        Assert.Contains(read.Issues, i => i.Column == ColumnKeys.MusicRooms && i.Code == IssueCodes.MissingValue);
        using var wb = new XLWorkbook(new MemoryStream(ms.ToArray()));
        var sheet = wb.Worksheet(WorkbookSchema.Schools.NameZh);
        var parentCol = WorkbookSchema.Schools.Fields.ToList().FindIndex(f => f.Key == ColumnKeys.ParentSchoolCode) + 1;
        var row = sheet.RowsUsed().Single(r => r.Cell(1).GetString() == "T1");
        Assert.Equal(string.Empty, row.Cell(parentCol).GetString());
        Assert.True(row.Cell(parentCol).HasComment);
        Assert.NotNull(wb.Worksheets.FirstOrDefault(w => w.Name == ExportWorkbook.NotesSheet));
    }

    [Fact]
    public void SeveralCountiesWithoutCodes_IsAnErrorListingTheirNames_OneCountyTakesTheGivenCode()
    {
        var a = County(School("A1", SchoolType.Primary, primary: 100)) with { County = new CountyInfo { Code = "130102", Name = "长安区", SchoolYear = 2024 } };
        var b = County(School("B1", SchoolType.Primary, primary: 100)) with { County = new CountyInfo { Code = "130104", Name = "桥西区", SchoolYear = 2024 } };
        var both = StatisticsImport.Read([ExportFixtures.Write(a, "list", withDivisionCode: false), ExportFixtures.Write(b, "list", withDivisionCode: false)]);
        var (_, _, issues) = ExportCounties.Resolve(both, "130102", null);
        var issue = Assert.Single(issues);
        Assert.Equal(IssueCodes.ExportCountyUnknown, issue.Code);
        Assert.Contains("长安区", issue.MessageZh);
        Assert.Contains("桥西区", issue.MessageEn);

        var one = StatisticsImport.Read([ExportFixtures.Write(a, "list", withDivisionCode: false)]);
        var (counties, year, none) = ExportCounties.Resolve(one, "130102", null);
        Assert.Empty(none);
        Assert.Equal("130102", Assert.Single(counties).Code);
        Assert.Equal(2024, year); // from the title 2024/2025学年初
    }

    [Fact]
    public void Detect_ByContent_NotByName()
    {
        var county = County(School("P1", SchoolType.Primary, primary: 100));
        Assert.Equal(Metrics.Excel.Statistics.ExportShape.SchoolList, StatisticsImport.Detect(ExportFixtures.Write(county, "list").Bytes));
        Assert.Equal(Metrics.Excel.Statistics.ExportShape.SchoolForms, StatisticsImport.Detect(ExportFixtures.Write(county, StatisticsExportWriter.Forms2021).Bytes));
        using var one = new MemoryStream();
        StatisticsExportWriter.WriteSchoolForm(county.County, county.Schools[0], StatisticsExportWriter.Forms2018, one);
        Assert.Equal(Metrics.Excel.Statistics.ExportShape.SchoolForms, StatisticsImport.Detect(one.ToArray()));
        using var template = new MemoryStream();
        SubmissionWorkbookWriter.Write(county, template);
        Assert.Null(StatisticsImport.Detect(template.ToArray()));
    }
}

/// <summary>A school list spanning several counties (统计三级): one county per division code.</summary>
public class ExportCountiesTests
{
    [Fact]
    public void OneListSeveralCounties_SplitByDivisionCode()
    {
        School S(string code) => new()
        {
            Code = code, Name = "学校" + code, Type = SchoolType.Primary, StudentsPrimary = 100, ClassesPrimary = 4,
            StaffPrimary = new SectionStaff(6, 6, 1, 1, 2), TeachingSpaceM2 = 500, SportsSpaceM2 = 900, EquipmentValueYuan = 200_000,
            MultimediaRooms = 4, Computers = 10, Books = 3000,
        };
        var county = new CountySubmission { County = new CountyInfo { Code = "130102", Name = "长安区", SchoolYear = 2024 }, Schools = [S("A1"), S("B1"), S("A2")] };
        var file = ExportFixtures.Write(county, "list");
        using var wb = new XLWorkbook(new MemoryStream(file.Bytes));
        var ws = wb.Worksheet("小学");
        // Row 7 is the second school: columns C 统计三级 and D 行政区划代码 say it belongs to 桥西区 (130104).
        ws.Cell(7, 3).Value = "桥西区";
        ws.Cell(7, 4).Value = "130104000000";
        using var ms = new MemoryStream();
        wb.SaveAs(ms);

        var result = StatisticsImport.Read([new ExportFile("名单.xlsx", ms.ToArray())]);
        Assert.Empty(result.Issues);
        Assert.Equal(["130102", "130104"], result.Counties.Select(c => c.Code));
        Assert.Equal(["A1", "A2"], result.Counties[0].Schools.Select(s => s.Code));
        Assert.Equal("桥西区", result.Counties[1].Name);
        Assert.Equal(["B1"], result.Counties[1].Schools.Select(s => s.Code));
    }

    [Fact]
    public void CountBeyondAnyRealSchool_IsAnIssue_NotAWrappedNumber()
    {
        var county = new CountySubmission
        {
            County = new CountyInfo { Code = "130102", Name = "长安区", SchoolYear = 2024 },
            Schools = [new School { Code = "A1", Name = "学校A1", Type = SchoolType.Primary, StudentsPrimary = 100 }],
        };
        using var wb = new XLWorkbook(new MemoryStream(ExportFixtures.Write(county, "list").Bytes));
        wb.Worksheet("小学").Cell(6, 9).Value = 1e12; // 在校生数·合计
        using var ms = new MemoryStream();
        wb.SaveAs(ms);
        var issue = Assert.Single(StatisticsImport.Read([new ExportFile("名单.xlsx", ms.ToArray())]).Issues);
        Assert.Equal((IssueCodes.ImplausibleValue, "I6"), (issue.Code, issue.Cell));
    }
}
