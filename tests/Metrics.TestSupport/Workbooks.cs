using System.IO.Compression;
using System.Text;
using ClosedXML.Excel;
using Metrics.Excel.Template;
using Metrics.Samples;

namespace Metrics.TestSupport;

/// <summary>County workbooks for pipeline tests, made by the product's own sample generator and writer.</summary>
public static class Workbooks
{
    private static int nextYear = 2040;

    /// <summary>
    /// A school year no other test in this process uses, and whose previous year is unused too, so
    /// tests sharing one Azurite stay apart (a rollup also reads the previous year).
    /// </summary>
    public static int UniqueYear() => Interlocked.Add(ref nextYear, 2);

    /// <summary>A valid workbook of a sample county re-labelled as <paramref name="county"/> / <paramref name="year"/>.</summary>
    public static byte[] Good(string county, int year, int seed = 3, int index = 0, string name = "测试县")
    {
        var sample = SampleGenerator.County(index, new SampleOptions { Seed = seed, Year = year, Counties = index + 1, MinSchools = 10, MaxSchools = 40 });
        var submission = sample.Submission with { County = sample.Submission.County with { Code = county, SchoolYear = year, Name = name } };
        using var buffer = new MemoryStream();
        SubmissionWorkbookWriter.Write(submission, buffer, []);
        return buffer.ToArray();
    }

    /// <summary>The same county with one error: a negative pupil count in the first school's row.</summary>
    public static byte[] Broken(string county, int year)
    {
        var sample = SampleGenerator.County(0, new SampleOptions { Seed = 3, Year = year, Counties = 1, MinSchools = 10, MaxSchools = 40 });
        var submission = sample.Submission with { County = sample.Submission.County with { Code = county, SchoolYear = year } };
        var first = submission.Schools[0];
        var field = first.StudentsPrimary > 0 ? "students_primary" : "students_junior";
        using var buffer = new MemoryStream();
        SubmissionWorkbookWriter.Write(submission, buffer, [new SampleDefect("学校", first.Code, field, "negative")]);
        return buffer.ToArray();
    }

    /// <summary>
    /// The good workbook after a county deleted the pupils-primary column (F of 学校) in another
    /// program and saved it again: the upload that used to crash the marked feedback.
    /// </summary>
    public static byte[] WithoutPrimaryPupilsColumn(string county, int year)
    {
        using var wb = new XLWorkbook(new MemoryStream(Good(county, year)));
        Assert.Equal("students_primary", wb.Worksheet("学校").Cell("F2").GetString());
        wb.Worksheet("学校").Column(6).Delete();
        using var buffer = new MemoryStream();
        wb.SaveAs(buffer);
        return buffer.ToArray();
    }

    /// <summary>
    /// <paramref name="xlsx"/> with one sheet renamed in xl/workbook.xml only. A name of more than 31
    /// characters is one neither ClosedXML nor Excel accepts, so no marked copy of it can be made.
    /// </summary>
    public static byte[] RenameSheet(byte[] xlsx, string from, string to)
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
                var bytes = copy.ToArray();
                if (entry.FullName == "xl/workbook.xml")
                {
                    var xml = Encoding.UTF8.GetString(bytes);
                    Assert.Contains($"name=\"{from}\"", xml, StringComparison.Ordinal);
                    bytes = Encoding.UTF8.GetBytes(xml.Replace($"name=\"{from}\"", $"name=\"{to}\"", StringComparison.Ordinal));
                }

                using var output = target.CreateEntry(entry.FullName).Open();
                output.Write(bytes);
            }
        }

        return result.ToArray();
    }
}
