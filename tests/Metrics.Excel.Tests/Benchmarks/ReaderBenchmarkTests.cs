using System.Diagnostics;
using Metrics.Excel.Reading;
using Metrics.Excel.Tests.Builders;
using Metrics.Excel.Tests.Reading;
using Xunit.Abstractions;

namespace Metrics.Excel.Tests.Benchmarks;

/// <summary>
/// The measurement behind the reader choice: the 学校 sheet of a 600-school workbook (39 columns), as
/// written by ClosedXML and as saved by LibreOffice (<c>TestData/bench/county-600-libreoffice.xlsx</c>),
/// read by <see cref="XlsxPackage"/> (the product path), by MiniExcel (the product's earlier reader) and by
/// DocumentFormat.OpenXml SAX. Timings go to the test output
/// (<c>dotnet test --logger "console;verbosity=detailed"</c>); the assertions are only that both read the
/// same cells and that a whole 600-school read stays well under a second per workbook.
/// </summary>
public class ReaderBenchmarkTests(ITestOutputHelper output)
{
    internal const int Schools = 600;

    internal static byte[] Workbook600() => new CountyWorkbookBuilder().With(CountyWorkbookBuilder.SampleSubmission(Schools)).Build();

    [Fact]
    public void ReadSheet_600Schools_XmlReaderMiniExcelAndOpenXmlSaxAgreeAndAreTimed()
    {
        foreach (var (label, bytes) in new[] { ("ClosedXML-written", Workbook600()), ("LibreOffice-saved", TestFiles.Read("bench", "county-600-libreoffice.xlsx")) })
        {
            var package = XlsxPackage.Open(bytes, ReaderLimits.Default, "file", out _)!;
            var entry = package.Sheets.Single(s => s.Name == "学校");
            RawSheet Product() => package.ReadSheet(entry, ReaderLimits.Default, out _);
            RawSheet Mini() => MiniExcelSheetReader.Read(bytes, "学校");
            RawSheet Sax() => OpenXmlSaxSheetReader.Read(bytes, "学校");

            var product = Product();
            Assert.Equal(TestFilesCells(product), TestFilesCells(Mini()));
            Assert.Equal(TestFilesCells(product), TestFilesCells(Sax()));

            var (productMs, miniMs, saxMs) = (Median(Product), Median(Mini), Median(Sax));
            output.WriteLine($"{label}: {product.Rows.Count} rows, {product.Rows.Sum(r => r.Cells.Count)} cells; XlsxPackage median {productMs:F1} ms, MiniExcel median {miniMs:F1} ms, OpenXml SAX median {saxMs:F1} ms");
        }
    }

    [Fact]
    public void Read_600SchoolWorkbook_ExactModel()
    {
        // The time is printed, not asserted: speed targets live in `metrics bench`, where figures are
        // measured side by side; a timed assertion on a shared machine fails on load, not on code.
        var bytes = Workbook600();
        WorkbookReaderTests.ReadBytes(bytes);

        var sw = Stopwatch.StartNew();
        var result = WorkbookReaderTests.ReadBytes(bytes);
        sw.Stop();

        output.WriteLine($"WorkbookReader.Read, 600 schools: {sw.Elapsed.TotalMilliseconds:F1} ms");
        Assert.Empty(result.Issues);
        Assert.Equal(Schools, result.Submission!.Schools.Count);
    }

    [Fact]
    public void WriteBenchmarkSource_WhenRequested_WritesThe600SchoolWorkbook()
    {
        // Used by Fixtures/regenerate-testdata.sh (METRICS_BENCH_SOURCE=path); otherwise checks the builder alone.
        var bytes = Workbook600();
        var path = Environment.GetEnvironmentVariable("METRICS_BENCH_SOURCE");
        if (path is not null)
        {
            File.WriteAllBytes(path, bytes);
        }

        Assert.Equal(Schools, WorkbookReaderTests.ReadBytes(bytes).Submission!.Schools.Count);
    }

    private static double Median(Func<RawSheet> read)
    {
        read();
        var times = new List<double>();
        for (var i = 0; i < 9; i++)
        {
            var sw = Stopwatch.StartNew();
            read();
            times.Add(sw.Elapsed.TotalMilliseconds);
        }

        times.Sort();
        return times[times.Count / 2];
    }

    private static string[] TestFilesCells(RawSheet sheet) =>
        sheet.Rows.SelectMany(r => r.Cells.Select(c => $"{r.Number}:{c.Column}={CellValues.AsText(c.Value)}")).ToArray();
}
