using System.IO.Compression;
using System.Text;
using System.Text.RegularExpressions;
using ClosedXML.Excel;
using Metrics.Core.Model;
using Metrics.Excel.Reading;
using Metrics.Excel.Schema;
using Metrics.Excel.Tests.Builders;

namespace Metrics.Excel.Tests.Reading;

/// <summary>
/// Names, codes and any text cell: Excel error values, formulas without a saved value, control and
/// text-direction characters, and length caps are errors at their cell; emoji are fine.
/// </summary>
public class TextFieldTests
{
    private static CountyWorkbookBuilder Good() => new CountyWorkbookBuilder().With(CountyWorkbookBuilder.SampleSubmission(8));

    private static byte[] WithText(string sheet, string cell, string text) =>
        Good().Then(wb =>
        {
            var c = wb.Worksheet(sheet).Cell(cell);
            c.SetValue(text);
            c.DataType = XLDataType.Text;
        }).Build();

    /// <summary>Replaces one cell's XML in the 学校 (sheet3) or 基本信息 (sheet2) part, as other programs write it.</summary>
    private static byte[] WithCellXml(string sheet, string cell, string cellXml)
    {
        var part = sheet switch { "基本信息" => "xl/worksheets/sheet2.xml", "学校" => "xl/worksheets/sheet3.xml", _ => throw new ArgumentException(sheet) };
        return Patch(Good().Build(), part, xml =>
        {
            var pattern = new Regex($"<x:c r=\"{cell}\"[^>]*?(/>|>.*?</x:c>)");
            Assert.Single(pattern.Matches(xml));
            return pattern.Replace(xml, cellXml.Replace("<c ", "<x:c ", StringComparison.Ordinal).Replace("</c>", "</x:c>", StringComparison.Ordinal)
                .Replace("<v>", "<x:v>", StringComparison.Ordinal).Replace("</v>", "</x:v>", StringComparison.Ordinal)
                .Replace("<f>", "<x:f>", StringComparison.Ordinal).Replace("</f>", "</x:f>", StringComparison.Ordinal)
                .Replace("<is><t>", "<x:is><x:t>", StringComparison.Ordinal).Replace("</t></is>", "</x:t></x:is>", StringComparison.Ordinal));
        });
    }

    private static byte[] Patch(byte[] xlsx, string part, Func<string, string> edit)
    {
        using var result = new MemoryStream();
        using (var source = new ZipArchive(new MemoryStream(xlsx), ZipArchiveMode.Read))
        using (var target = new ZipArchive(result, ZipArchiveMode.Create, leaveOpen: true))
        {
            foreach (var entry in source.Entries)
            {
                using var input = entry.Open();
                using var copy = new MemoryStream();
                input.CopyTo(copy);
                var bytes = entry.FullName == part ? Encoding.UTF8.GetBytes(edit(Encoding.UTF8.GetString(copy.ToArray()))) : copy.ToArray();
                using var output = target.CreateEntry(entry.FullName).Open();
                output.Write(bytes);
            }
        }

        return result.ToArray();
    }

    private static ValidationIssue SingleError(byte[] bytes)
    {
        var result = WorkbookReaderTests.ReadBytes(bytes);
        Assert.Null(result.Submission);
        return Assert.Single(result.Issues, i => i.Severity == Severity.Error);
    }

    [Theory]
    [InlineData("#REF!")]
    [InlineData("#N/A")]
    [InlineData("#DIV/0!")]
    [InlineData("#NAME?")]
    public void Read_ErrorValueAsSchoolName_IsErrorValueAtCell(string error)
    {
        // Stored as Excel stores a failed formula's result: t="e".
        var issue = SingleError(WithCellXml("学校", "B5", $"<c r=\"B5\" t=\"e\"><f>VLOOKUP(A5,Z:Z,2,0)</f><v>{error}</v></c>"));

        Assert.Equal(IssueCodes.ErrorValue, issue.Code);
        Assert.Equal("学校!B5", issue.Location);
        Assert.Contains(error, issue.MessageZh, StringComparison.Ordinal);
        Assert.Contains("Excel error value " + error, issue.MessageEn, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_ErrorValueInNumberCell_IsErrorValueNotNotANumber()
    {
        var issue = SingleError(WithCellXml("学校", "F4", "<c r=\"F4\" t=\"e\"><f>1/0</f><v>#DIV/0!</v></c>"));

        Assert.Equal(IssueCodes.ErrorValue, issue.Code);
        Assert.Equal("学校!F4", issue.Location);
    }

    [Fact]
    public void Read_ErrorValueAsCountyName_IsErrorValueAtCell()
    {
        var issue = SingleError(WithCellXml("基本信息", "C4", "<c r=\"C4\" t=\"e\"><v>#REF!</v></c>"));

        Assert.Equal(IssueCodes.ErrorValue, issue.Code);
        Assert.Equal("基本信息!C4", issue.Location);
    }

    [Theory]
    [InlineData("B5", "<c r=\"B5\"><f>A5&amp;\"学校\"</f></c>")]
    [InlineData("B5", "<c r=\"B5\" t=\"str\"><f>A5&amp;\"学校\"</f><v></v></c>")]
    [InlineData("F4", "<c r=\"F4\"><f>100+200</f></c>")]
    public void Read_FormulaWithoutCachedValue_SaysSoInsteadOfEmpty(string cell, string xml)
    {
        var issue = SingleError(WithCellXml("学校", cell, xml));

        Assert.Equal(IssueCodes.FormulaWithoutValue, issue.Code);
        Assert.Equal("学校!" + cell, issue.Location);
        Assert.Contains("formula without a value", issue.MessageEn, StringComparison.Ordinal);
        Assert.Contains("没有它的计算结果", issue.MessageZh, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_TrulyEmptyRequiredCell_StaysMissingValue()
    {
        var issue = SingleError(WithCellXml("学校", "B5", "<c r=\"B5\"/>"));

        Assert.Equal(IssueCodes.MissingValue, issue.Code);
    }

    [Theory]
    [InlineData("名_x001B_称", "U+001B", 2)]
    [InlineData("_x0000_第2学校", "U+0000", 1)]
    [InlineData("第2学校_x0007_", "U+0007", 5)]
    public void Read_ControlCharacterInName_IsForbiddenAtCell(string escaped, string code, int position)
    {
        // Excel's own escape for characters XML cannot hold (_xHHHH_), how a NUL or ESC reaches a file.
        var issue = SingleError(WithCellXml("学校", "B5", $"<c r=\"B5\" t=\"inlineStr\"><is><t>{escaped}</t></is></c>"));

        Assert.Equal(IssueCodes.ForbiddenCharacter, issue.Code);
        Assert.Equal("学校!B5", issue.Location);
        Assert.Contains($"({code}) at position {position}", issue.MessageEn, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("第2学校\u202Ecod.exe", "U+202E", 5)]
    [InlineData("\u200F第2学校", "U+200F", 1)]
    [InlineData("第2\u2067学校", "U+2067", 3)]
    [InlineData("第2\u0085学校", "U+0085", 3)]
    public void Read_BidiOrC1CharacterInName_IsForbiddenAtCell(string name, string code, int position)
    {
        var issue = SingleError(WithText("学校", "B5", name));

        Assert.Equal(IssueCodes.ForbiddenCharacter, issue.Code);
        Assert.Equal("学校!B5", issue.Location);
        Assert.Contains($"({code}) at position {position}", issue.MessageEn, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_RightToLeftOverrideInCountyName_IsForbiddenAtCell()
    {
        var issue = SingleError(WithText("基本信息", "C4", "东湖\u202E区"));

        Assert.Equal(IssueCodes.ForbiddenCharacter, issue.Code);
        Assert.Equal("基本信息!C4", issue.Location);
    }

    [Fact]
    public void Read_EmojiInName_IsAccepted()
    {
        // A family emoji is 7 UTF-16 units joined by U+200D (ZWJ): printable, so fine.
        const string name = "阳光🌞学校👨‍👩‍👧";
        var result = WorkbookReaderTests.ReadBytes(WithText("学校", "B5", name));

        Assert.False(result.HasErrors, string.Join("\n", result.Issues.Select(i => i.Code + " " + i.Location)));
        Assert.Equal(name, result.Submission!.Schools[1].Name);
    }

    [Fact]
    public void Read_SchoolNameOfExactlyTheCap_IsAccepted()
    {
        // 100 characters, 50 of them emoji (2 UTF-16 units each): 150 code units, 100 characters.
        var name = string.Concat(Enumerable.Repeat("校😀", 50));
        Assert.Equal(150, name.Length);

        var result = WorkbookReaderTests.ReadBytes(WithText("学校", "B5", name));

        Assert.False(result.HasErrors, string.Join("\n", result.Issues.Select(i => i.Code + " " + i.Location)));
        Assert.Equal(WorkbookSchema.MaxNameLength, 100);
    }

    [Theory]
    [InlineData("学校", "B5", 101, "101 characters, more than the limit of 100")]
    [InlineData("学校", "B5", 32_767, "32767 characters, more than the limit of 100")]
    [InlineData("基本信息", "C4", 101, "101 characters, more than the limit of 100")]
    public void Read_NameLongerThanCap_IsTooLongAtCell(string sheet, string cell, int length, string expected)
    {
        var issue = SingleError(WithText(sheet, cell, new string('校', length)));

        Assert.Equal(IssueCodes.TextTooLong, issue.Code);
        Assert.Equal($"{sheet}!{cell}", issue.Location);
        Assert.Contains(expected, issue.MessageEn, StringComparison.Ordinal);
        // The message quotes no 32 767-character value.
        Assert.True(issue.MessageEn.Length < 300);
    }

    [Fact]
    public void Read_PairedSchoolCodeLongerThanCap_IsTooLongAtCell()
    {
        // Codes are capped at 30 characters: 31 digits is a paste gone wrong.
        var issue = SingleError(WithText("学校", "AJ5", new string('1', 31)));

        Assert.Equal(IssueCodes.TextTooLong, issue.Code);
        Assert.Equal("学校!AJ5", issue.Location);
        Assert.Contains("limit of 30", issue.MessageEn, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_FormulaLikeAndScriptNames_AreAcceptedAsText()
    {
        // Text that merely looks like a formula or markup is a county's business; the outputs make it inert.
        var result = WorkbookReaderTests.ReadBytes(Good().Then(wb =>
        {
            foreach (var (cell, text) in new[] { ("B5", "=cmd|' /C calc'!A0"), ("B6", "<script>alert(1)</script>"), ("B7", "@SUM(1)"), ("B8", "+1-2") })
            {
                wb.Worksheet("学校").Cell(cell).SetValue(text);
                wb.Worksheet("学校").Cell(cell).DataType = XLDataType.Text;
            }
        }).Build());

        Assert.False(result.HasErrors, string.Join("\n", result.Issues.Select(i => i.Code + " " + i.Location)));
        Assert.Equal("=cmd|' /C calc'!A0", result.Submission!.Schools[1].Name);
        Assert.Equal("<script>alert(1)</script>", result.Submission.Schools[2].Name);
    }
}
