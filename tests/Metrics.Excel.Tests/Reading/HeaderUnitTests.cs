using ClosedXML.Excel;
using Metrics.Core.Model;
using Metrics.Core.Profiles;
using Metrics.Core.Scoring;
using Metrics.Excel.Tests.Builders;
using static Metrics.Excel.Tests.Reading.WorkbookReaderTests;

namespace Metrics.Excel.Tests.Reading;

/// <summary>A unit written in a header is honoured or the column rejected, never dropped (method §8).</summary>
public class HeaderUnitTests
{
    private const string Schools = "学校";

    /// <summary>Rewrites a column as a county would: a new row-1 header, and every value passed through <paramref name="value"/>.</summary>
    private static Action<XLWorkbook> Retitle(string key, string header, Func<double, double>? value = null) => wb =>
    {
        var ws = wb.Worksheet(Schools);
        var cell = ws.Row(2).CellsUsed().Single(c => c.GetString() == key);
        ws.Cell(1, cell.Address.ColumnNumber).SetValue(header);
        if (value is null)
        {
            return;
        }

        foreach (var row in ws.RowsUsed().Where(r => r.RowNumber() > 2))
        {
            var c = row.Cell(cell.Address.ColumnNumber);
            if (c.DataType == XLDataType.Number)
            {
                c.SetValue(value(c.GetDouble()));
            }
        }
    };

    [Fact]
    public void Read_EquipmentHeaderInWanYuan_MultipliesByTenThousandExactly()
    {
        // 教学仪器设备值(万元): 63.000025 万元 is 630 000.25 元 exactly (in decimal; in binary
        // 63.000025 × 10 000 is 630000.2500000001). The old reader stripped "(万元)" and read 63 元:
        // 0.1 元 a pupil, every school failing the 2 000 元 standard by about 2 000 元 a pupil.
        var expected = CountyWorkbookBuilder.SampleSubmission(8);
        var bytes = new CountyWorkbookBuilder().With(expected)
            .Then(Retitle("equipment_value_yuan", "教学仪器设备值(万元)", v => Math.Round(v / 10_000, 10))).Build();

        var result = ReadBytes(bytes);

        Assert.NotNull(result.Submission);
        Assert.Equal(expected.Schools.Select(s => s.EquipmentValueYuan), result.Submission.Schools.Select(s => s.EquipmentValueYuan));
        var note = Assert.Single(result.Issues);
        Assert.Equal((Severity.Warning, "unit_converted", "equipment_value_yuan"), (note.Severity, note.Code, note.Column));
        Assert.Contains("10000", note.MessageEn, StringComparison.Ordinal);
        var quality = ProfileCatalog.Default.Get("quality-2017");
        Assert.Equal(
            CountyScorer.Score(expected, quality).Primary.Indicators.Single(i => i.Id == "equipment_value_per_pupil").Mean,
            CountyScorer.Score(result.Submission, quality).Primary.Indicators.Single(i => i.Id == "equipment_value_per_pupil").Mean);
    }

    [Theory]
    [InlineData("teaching_space_m2", "教学及辅助用房面积（平方米）")]
    [InlineData("books", "图书册数（册）")]
    [InlineData("equipment_value_yuan", "教学仪器设备值(元)")]
    [InlineData("sports_space_m2", "体育运动场馆面积(㎡)(全校)")]
    public void Read_HeaderInTheFieldsOwnUnit_ReadsAsIs(string key, string header)
    {
        var expected = CountyWorkbookBuilder.SampleSubmission(6);

        var result = ReadBytes(new CountyWorkbookBuilder().With(expected).Then(Retitle(key, header)).Build());

        Assert.Empty(result.Issues);
        AssertSameSubmission(expected, result.Submission);
    }

    [Theory]
    [InlineData("teaching_space_m2", "教学及辅助用房面积(亩)", "X1")]
    [InlineData("equipment_value_yuan", "教学仪器设备值(美元)", "Z1")]
    public void Read_HeaderInAUnitThatCannotBeConverted_RejectsTheColumnNamingIt(string key, string header, string cell)
    {
        var result = ReadBytes(new CountyWorkbookBuilder().With(CountyWorkbookBuilder.SampleSubmission(6)).Then(Retitle(key, header)).Build());

        Assert.Null(result.Submission);
        var error = Assert.Single(result.Issues);
        Assert.Equal((Severity.Error, "unknown_unit", key, cell), (error.Severity, error.Code, error.Column, error.Cell));
        Assert.Contains(key, error.MessageEn, StringComparison.Ordinal);
    }

    [Theory]
    // 600 pupils: 6 000 元 is 10 元 a pupil (< 50): 60 万元 typed as 60 → the 万元 slip.
    [InlineData("equipment_value_yuan", 6_000.0)]
    // 0.3 m² a pupil (< 0.5): 18 hundred m² or hectares typed as m².
    [InlineData("teaching_space_m2", 180.0)]
    // 0.1 m² a pupil (< 0.2).
    [InlineData("sports_space_m2", 60.0)]
    public void Read_ValueImplausiblySmallForItsUnit_IsAnErrorAtTheCell(string key, double total)
    {
        var submission = CountyWorkbookBuilder.SampleSubmission(4);
        var first = submission.Schools[0];
        var school = first with
        {
            StudentsPrimary = 600,
            StudentsJunior = 0,
            StudentsSenior = 0,
            Type = SchoolType.Primary,
            EquipmentValueYuan = key == "equipment_value_yuan" ? total : 1_500_000,
            TeachingSpaceM2 = key == "teaching_space_m2" ? total : 3_000,
            SportsSpaceM2 = key == "sports_space_m2" ? total : 5_000,
        };
        var bytes = new CountyWorkbookBuilder().With(submission with { Schools = [school, .. submission.Schools.Skip(1)] }).Build();

        var result = ReadBytes(bytes);

        Assert.Null(result.Submission);
        Assert.Contains(result.Issues, i => i is { Severity: Severity.Error, Code: "implausibly_small" } && i.Column == key && i.Row == school.SourceRow);
    }

    [Fact]
    public void Read_CountyItemLabelledInWanYuan_IsConvertedToYuan()
    {
        // 基本信息: 生均公用经费基准定额(万元) = 0.0725 → 725 元 a pupil (not 0.0725 元).
        var expected = CountyWorkbookBuilder.SampleSubmission(4);
        expected = expected with { County = expected.County with { PublicFundsBasePerPupilYuan = 725 } };
        var bytes = new CountyWorkbookBuilder().With(expected).Then(wb =>
        {
            var ws = wb.Worksheet("基本信息");
            var row = ws.RowsUsed().Single(r => r.Cell(1).GetString() == "public_funds_base_per_pupil_yuan");
            row.Cell(2).SetValue("生均公用经费基准定额(万元)");
            row.Cell(3).SetValue(0.0725);
        }).Build();

        var result = ReadBytes(bytes);

        Assert.Equal(725, result.Submission!.County.PublicFundsBasePerPupilYuan);
        Assert.Contains(result.Issues, i => i is { Code: "unit_converted", Column: "public_funds_base_per_pupil_yuan" });
    }

    [Fact]
    public void Read_NewColumnsCrossChecked_GymWithinTeachingSpaceBoardersWithinPupilsParentKnown()
    {
        // School 1: a 500 m² gym in 400 m² of teaching space (the gym is part of it) → error;
        // 400 boarders of 300 primary pupils → error; a teaching point naming parent 9999 → warning.
        var submission = CountyWorkbookBuilder.SampleSubmission(6);
        var s0 = submission.Schools[0] with { TeachingSpaceM2 = 4_000, IndoorSportsM2 = 5_000, BoardingPupils = submission.Schools[0].StudentsPrimary + 100 };
        var point = submission.Schools.First(x => x.Type == SchoolType.TeachingPoint);
        var schools = submission.Schools.Select(x => x.Code == s0.Code ? s0 : x.Code == point.Code ? point with { ParentSchoolCode = "9999" } : x).ToArray();

        var result = ReadBytes(new CountyWorkbookBuilder().With(submission with { Schools = schools }).Build());

        Assert.Contains(result.Issues, i => i is { Severity: Severity.Error, Column: "indoor_sports_m2" } && i.Row == s0.SourceRow);
        Assert.Contains(result.Issues, i => i is { Severity: Severity.Error, Column: "boarding_pupils" } && i.Row == s0.SourceRow);
        Assert.Contains(result.Issues, i => i is { Severity: Severity.Warning, Column: "parent_school_code" } && i.Row == point.SourceRow);
    }
}
