using System.Diagnostics;
using System.IO.Compression;
using Metrics.Excel.Reading;
using Metrics.Excel.Tests.Builders;
using Metrics.Excel.Tests.Reading;
using Xunit.Abstractions;

namespace Metrics.Excel.Tests.Benchmarks;

/// <summary>
/// The scanner against the XmlReader path it replaced, on the inflated 学校 sheet and shared strings of a
/// 300-school workbook, alternating in one process (a shared machine's noise hits both alike), with the bytes
/// each allocates. Figures go to the test output (run in Release:
/// <c>dotnet test -c Release --filter SheetScannerBenchmark --logger "console;verbosity=detailed"</c>);
/// the only assertion is that both read the same rows.
/// </summary>
public class SheetScannerBenchmarkTests(ITestOutputHelper output)
{
    [Fact]
    public void ScannerAndXmlReader_SameRows_TimedSideBySide()
    {
        var bytes = new CountyWorkbookBuilder().With(CountyWorkbookBuilder.SampleSubmission(300)).Build();
        var package = XlsxPackage.Open(bytes, ReaderLimits.Default, "file", out _)!;
        var entry = package.Sheets.Single(s => s.Name == "学校");
        byte[] sheetXml, sstXml;
        using (var zip = new ZipArchive(new MemoryStream(bytes, writable: false), ZipArchiveMode.Read))
        {
            sheetXml = Inflated(zip, entry.PartPath);
            sstXml = Inflated(zip, zip.Entries.First(e => e.FullName.EndsWith("sharedStrings.xml", StringComparison.Ordinal)).FullName);
        }

        var sst = package.SharedStrings.ToArray();
        var formats = package.Formats.ToArray();
        List<RawRow> Scanner()
        {
            var rows = new List<RawRow>();
            XlsxPackage.ReadRows(new MemoryStream(sheetXml, writable: false), rows, ReaderLimits.Default, sst, formats);
            return rows;
        }

        List<RawRow> Oracle()
        {
            var rows = new List<RawRow>();
            XmlReaderOracle.ReadRows(new MemoryStream(sheetXml, writable: false), rows, ReaderLimits.Default, sst, formats);
            return rows;
        }

        Assert.Equal(Describe(Oracle()), Describe(Scanner()));
        var (scanMs, scanBytes, oracleMs, oracleBytes) = SideBySide(() => Scanner(), () => Oracle());
        output.WriteLine($"学校 sheet, {sheetXml.Length / 1024} KiB of XML: scanner {scanMs:F3} ms {scanBytes / 1024.0:F0} KiB allocated; XmlReader {oracleMs:F3} ms {oracleBytes / 1024.0:F0} KiB allocated");

        var (sstScanMs, sstScanBytes, sstOracleMs, sstOracleBytes) = SideBySide(
            () => XlsxPackage.ReadSharedStrings(new MemoryStream(sstXml, writable: false), ReaderLimits.Default),
            () => XmlReaderOracle.ReadSharedStrings(new MemoryStream(sstXml, writable: false), ReaderLimits.Default));
        output.WriteLine($"shared strings, {sstXml.Length / 1024} KiB of XML: scanner {sstScanMs:F3} ms {sstScanBytes / 1024.0:F0} KiB allocated; XmlReader {sstOracleMs:F3} ms {sstOracleBytes / 1024.0:F0} KiB allocated");
    }

    private static (double AMs, long ABytes, double BMs, long BBytes) SideBySide(Action a, Action b)
    {
        for (var i = 0; i < 300; i++)
        {
            a();
            b();
        }

        var ta = new List<double>();
        var tb = new List<double>();
        long ba = 0, bb = 0;
        for (var i = 0; i < 101; i++)
        {
            var before = GC.GetAllocatedBytesForCurrentThread();
            var sw = Stopwatch.StartNew();
            a();
            ta.Add(sw.Elapsed.TotalMilliseconds);
            ba = GC.GetAllocatedBytesForCurrentThread() - before;
            before = GC.GetAllocatedBytesForCurrentThread();
            sw.Restart();
            b();
            tb.Add(sw.Elapsed.TotalMilliseconds);
            bb = GC.GetAllocatedBytesForCurrentThread() - before;
        }

        ta.Sort();
        tb.Sort();
        return (ta[ta.Count / 2], ba, tb[tb.Count / 2], bb);
    }

    private static byte[] Inflated(ZipArchive zip, string path)
    {
        using var s = zip.GetEntry(path)!.Open();
        using var ms = new MemoryStream();
        s.CopyTo(ms);
        return ms.ToArray();
    }

    private static string Describe(List<RawRow> rows) =>
        string.Join("\n", rows.Select(r => $"{r.Number}:" + string.Join("|", r.Cells.Select(c => $"{c.Column}={c.Value.GetType().Name}:{CellValues.AsText(c.Value)}{c.PercentFormat}"))));
}
