using System.Diagnostics;
using System.IO.Compression;
using System.Text;
using System.Text.RegularExpressions;
using Metrics.Core.Model;
using Metrics.Excel.Reading;
using Metrics.Excel.Schema;
using Metrics.Excel.Tests.Builders;
using Xunit.Abstractions;

namespace Metrics.Excel.Tests.Reading;

/// <summary>
/// Uploads crafted to hurt the reader, generated here (nothing large is committed). Each must end with a clear
/// verdict within 5 s and 512 MiB (the bounds the reliability campaign states); the figures measured go to the
/// test output (<c>--logger "console;verbosity=detailed"</c>). Memory is the peak growth of the managed heap
/// sampled every 2 ms while reading, plus the bytes allocated in total. Time is asserted at three times the
/// bound, since the build machine is shared; the slowest case measures about 1.3 s there.
/// </summary>
public partial class HostileWorkbookTests(ITestOutputHelper output)
{
    private const string Schools = "学校";
    private const string SheetHead = "<?xml version=\"1.0\" encoding=\"UTF-8\"?><worksheet xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\"><sheetData>";
    private const string SheetTail = "</sheetData></worksheet>";
    private static readonly TimeSpan TimeBound = TimeSpan.FromSeconds(3 * 5);
    private const long MemoryBound = 512L * 1024 * 1024;

    private static readonly CountySubmission Expected = CountyWorkbookBuilder.SampleSubmission(8);
    private static readonly Lazy<byte[]> GoodBytes = new(() => new CountyWorkbookBuilder().With(Expected).Build());

    [Fact]
    public void Read_CellsInEveryColumnToXfd_NoDimension_StopsAtTheColumnCap()
    {
        // 20 rows × 16 384 numeric cells: MiniExcel took > 300 s on such a sheet.
        var bytes = WithSchoolsSheet(s =>
        {
            for (var r = 1; r <= 20; r++)
            {
                s.Write($"<row r=\"{r}\">");
                for (var c = 0; c < 16_384; c++)
                {
                    s.Write($"<c r=\"{TextNormalizer.ColumnLetters(c)}{r}\"><v>1</v></c>");
                }

                s.Write("</row>");
            }
        });

        var result = Measured("16 384 columns in every row, no dimension", bytes);
        AssertVerdict(result, IssueCodes.TooLarge, Schools);
        Assert.Contains(result.Issues, i => i.MessageEn.Contains("right of column AMJ", StringComparison.Ordinal));
    }

    [Fact]
    public void Read_OneCellAtXfd1_NoDimension_StopsAtTheColumnCap()
    {
        var bytes = EditSchoolsXml(xml =>
        {
            var noDimension = DimensionElement().Replace(xml, string.Empty);
            var firstRowEnd = noDimension.IndexOf("</x:row>", StringComparison.Ordinal);
            return noDimension.Insert(firstRowEnd, "<x:c r=\"XFD1\" t=\"inlineStr\"><x:is><x:t>备注</x:t></x:is></x:c>");
        });

        var result = Measured("one cell at XFD1, no dimension", bytes);
        AssertVerdict(result, IssueCodes.TooLarge, Schools);
    }

    [Fact]
    public void Read_16384ColumnsDeclared_RejectedBeforeReadingCells()
    {
        var bytes = EditSchoolsXml(xml => DimensionElement().Replace(xml, "<x:dimension ref=\"A1:XFD11\" />"));

        var result = Measured("16 384 columns declared", bytes);
        AssertVerdict(result, IssueCodes.TooLarge, Schools);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Read_MillionFilledRows_StopsAtRow20001(bool declared)
    {
        var bytes = WithSchoolsSheet(
            s =>
            {
                for (var r = 1; r <= 1_000_000; r++)
                {
                    s.Write($"<row r=\"{r}\"><c r=\"A{r}\" t=\"inlineStr\"><is><t>36010{r:D5}</t></is></c><c r=\"B{r}\"><v>{r}</v></c></row>");
                }
            },
            declared ? "<dimension ref=\"A1:B1000000\"/>" : string.Empty);

        var result = Measured($"a million filled rows, {(declared ? "true" : "no")} dimension", bytes);
        AssertVerdict(result, IssueCodes.TooLarge, Schools);

        // The sheet itself: exactly the 20 000 allowed rows kept, reading stopped at the first value of row 20 001.
        var package = XlsxPackage.Open(bytes, ReaderLimits.Default, "file", out _)!;
        var rows = package.ReadSheetWithin(package.Sheets.Single(s => s.Name == Schools), ReaderLimits.Default, out var exceeded);
        Assert.Equal(SheetLimit.Rows, exceeded);
        Assert.Equal(declared ? 0 : 20_000, rows.Rows.Count);
    }

    [Theory]
    [InlineData(Schools, false)]
    [InlineData(Schools, true)]
    [InlineData("styles", false)]
    [InlineData("styles", true)]
    [InlineData("sharedStrings", true)]
    [InlineData("workbook", true)]
    public void Read_PartInflatingToAGigabyteOfWhitespace_StopsAtTheUnpackedCap(string part, bool directoryLies)
    {
        // 1 GiB of spaces before the part's closing tag (valid XML, ≈ 1 MB deflated). An honest directory is
        // refused before inflating; a lying one (claiming 50 KB) is caught by counting while streaming.
        var items = HostileZip.Entries(GoodBytes.Value);
        var path = part switch
        {
            Schools => SchoolsPart(),
            "styles" => "xl/styles.xml",
            "sharedStrings" => "xl/sharedStrings.xml",
            _ => "xl/workbook.xml",
        };
        var index = items.FindIndex(i => i.Name == path);
        var xml = Inflate(items[index]);
        var cut = part == Schools ? xml.IndexOf("</x:sheetData>", StringComparison.Ordinal) : xml.LastIndexOf("</", StringComparison.Ordinal);
        items[index] = HostileZip.Inflating(path, xml[..cut], 1024, xml[cut..], directoryLies ? 50_000u : null);
        var bytes = HostileZip.Write(items);

        var result = Measured($"1 GiB of whitespace in {path}, directory {(directoryLies ? "lies" : "honest")}", bytes);
        AssertVerdict(result, IssueCodes.TooLarge, Issues.WorkbookLabel, IssueCodes.CorruptZip);
    }

    [Fact]
    public void Read_SheetPartTheDirectoryCheckSkips_CountedWhileStreamingAndStoppedAtTheCap()
    {
        // A sheet stored under a name the up-front check does not sum (not *.xml), honest about its 1 GiB:
        // only the count taken while inflating can stop it, at 200 MB.
        var items = HostileZip.Entries(GoodBytes.Value);
        var path = SchoolsPart();
        var renamed = path[..^4] + ".bin";
        var index = items.FindIndex(i => i.Name == path);
        var xml = Inflate(items[index]);
        var cut = xml.IndexOf("</x:sheetData>", StringComparison.Ordinal);
        items[index] = HostileZip.Inflating(renamed, xml[..cut], 1024, xml[cut..]);
        var rels = items.FindIndex(i => i.Name == "xl/_rels/workbook.xml.rels");
        items[rels] = HostileZip.Item(items[rels].Name, Inflate(items[rels]).Replace(path[3..], renamed[3..], StringComparison.Ordinal));
        var bytes = HostileZip.Write(items);

        var result = Measured("1 GiB of whitespace in a sheet named *.bin (counted while streaming)", bytes);
        AssertVerdict(result, IssueCodes.TooLarge, Issues.WorkbookLabel);
    }

    [Fact]
    public void Inflating_SmallCase_DecodesToPrefixSpacesAndSuffix()
    {
        // The builder's trick checked on 4 MiB: the repeated deflate block really decodes to spaces.
        var item = HostileZip.Inflating("x.xml", "<a>", 4, "</a>");
        using var d = new DeflateStream(new MemoryStream(item.Deflated), CompressionMode.Decompress);
        using var ms = new MemoryStream();
        d.CopyTo(ms);
        var text = Encoding.ASCII.GetString(ms.ToArray());
        Assert.Equal(3 + (4 << 20) + 4, text.Length);
        Assert.Equal(item.DeclaredSize, (uint)text.Length);
        Assert.Equal("<a>" + new string(' ', 4 << 20) + "</a>", text);
    }

    [Fact]
    public void Read_EntityExpansionInASheet_RefusedAsDamaged()
    {
        var laughs = new StringBuilder("<?xml version=\"1.0\"?><!DOCTYPE worksheet [<!ENTITY l0 \"ha\">");
        for (var i = 1; i <= 10; i++)
        {
            laughs.Append(CultureInvariant($"<!ENTITY l{i} \"&l{i - 1};&l{i - 1};&l{i - 1};&l{i - 1};&l{i - 1};&l{i - 1};&l{i - 1};&l{i - 1};&l{i - 1};&l{i - 1};\">"));
        }

        laughs.Append("]><worksheet xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\"><sheetData><row r=\"1\"><c r=\"A1\" t=\"inlineStr\"><is><t>&l10;</t></is></c></row></sheetData></worksheet>");
        var bytes = ReplacePart(SchoolsPart(), laughs.ToString());

        var result = Measured("entity expansion (10^10 laughs) in 学校", bytes);
        AssertVerdict(result, IssueCodes.CorruptZip, Issues.WorkbookLabel);
    }

    [Fact]
    public void Read_ExternalEntityInSharedStrings_RefusedWithoutReadingTheFile()
    {
        var xxe = "<?xml version=\"1.0\"?><!DOCTYPE sst [<!ENTITY x SYSTEM \"file:///etc/passwd\">]>"
            + "<sst xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\"><si><t>&x;</t></si></sst>";
        var bytes = ReplacePart("xl/sharedStrings.xml", xxe);

        var result = Measured("external entity in sharedStrings.xml", bytes);
        AssertVerdict(result, IssueCodes.CorruptZip, Issues.WorkbookLabel);
        Assert.DoesNotContain(result.Issues, i => i.MessageEn.Contains("root:", StringComparison.Ordinal));
    }

    [Fact]
    public void Read_HundredMegabyteSharedStrings_StopsAtTheStringCap()
    {
        // 2.6 million distinct strings, ≈ 100 MB of XML: past the 1 000 000-entry cap.
        var items = HostileZip.Entries(GoodBytes.Value);
        var index = items.FindIndex(i => i.Name == "xl/sharedStrings.xml");
        items[index] = HostileZip.Streamed("xl/sharedStrings.xml", stream =>
        {
            using var s = new StreamWriter(stream, new UTF8Encoding(false), 1 << 16, leaveOpen: true);
            s.Write("<?xml version=\"1.0\" encoding=\"UTF-8\"?><sst xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\">");
            for (var i = 0; i < 2_600_000; i++)
            {
                s.Write(CultureInvariant($"<si><t>学校名称第{i:D9}号</t></si>"));
            }

            s.Write("</sst>");
        });
        Assert.InRange(items[index].DeclaredSize, 95_000_000u, 120_000_000u);
        var bytes = HostileZip.Write(items);

        var result = Measured("100 MB shared-strings table", bytes);
        AssertVerdict(result, IssueCodes.TooLarge, Issues.WorkbookLabel);
    }

    [Fact]
    public void Read_DeeplyNestedXmlAfterTheRows_ReadsTheData()
    {
        // 100 000 nested elements after the rows: ignored, so the workbook reads as it would without them.
        var bytes = EditSchoolsXml(xml =>
        {
            var nest = new StringBuilder();
            for (var i = 0; i < 100_000; i++)
            {
                nest.Append("<x:n>");
            }

            for (var i = 0; i < 100_000; i++)
            {
                nest.Append("</x:n>");
            }

            return xml.Replace("</x:sheetData>", nest + "</x:sheetData>", StringComparison.Ordinal);
        });

        var result = Measured("100 000 nested elements in 学校", bytes);
        Assert.True(result.Issues.Count == 0, Describe(result));
        WorkbookReaderTests.AssertSameSubmission(Expected, result.Submission);
    }

    [Fact]
    public void Read_ValidZipThatIsNotAWorkbook_NotXlsx()
    {
        var bytes = HostileZip.Write([HostileZip.Item("readme.txt", "hello"), HostileZip.Item("data/a.csv", "a,b\n1,2\n")]);

        var result = Measured("valid zip, not a workbook", bytes);
        AssertVerdict(result, IssueCodes.NotXlsx, Issues.WorkbookLabel);
    }

    [Fact]
    public void Read_XlsmWithMacros_ReadsTheDataAndNeverRunsTheMacros()
    {
        // The reader never looks at vbaProject.bin; a macro-enabled copy of the workbook reads like the original.
        var items = HostileZip.Entries(GoodBytes.Value);
        var types = items.FindIndex(i => i.Name == "[Content_Types].xml");
        items[types] = HostileZip.Item(items[types].Name, Inflate(items[types]).Replace(
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml",
            "application/vnd.ms-excel.sheet.macroEnabled.main+xml", StringComparison.Ordinal));
        items.Add(HostileZip.Item("xl/vbaProject.bin", new byte[] { 0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1, 1, 2, 3 }));
        var bytes = HostileZip.Write(items);

        var result = Measured(".xlsm with a VBA project", bytes);
        Assert.True(result.Issues.Count == 0, Describe(result));
        WorkbookReaderTests.AssertSameSubmission(Expected, result.Submission);
    }

    [Fact]
    public void Read_EncryptedWorkbook_Encrypted()
    {
        var bytes = CompoundFileWriter.Write(
            ("EncryptionInfo", Encoding.ASCII.GetBytes("\u0004\u0000\u0004\u0000\u0040\u0000\u0000\u0000<encryption/>")),
            ("EncryptedPackage", new byte[4096]));

        var result = Measured("encrypted workbook", bytes);
        AssertVerdict(result, IssueCodes.Encrypted, Issues.WorkbookLabel);
    }

    [Fact]
    public void Read_FormulaInEveryNumericCell_ReadsTheCachedValues()
    {
        var formulas = 0;
        var bytes = EditSchoolsXml(xml =>
        {
            formulas = NumericCell().Count(xml);
            return NumericCell().Replace(xml, m => $"{m.Groups[1].Value}<x:f>0+{m.Groups[2].Value}</x:f><x:v>{m.Groups[2].Value}</x:v></x:c>");
        });

        // 8 schools × at least 20 numeric columns, plus the example row.
        Assert.True(formulas > 160, $"{formulas} formulas");

        var result = Measured("a formula in every numeric cell of 学校", bytes);
        Assert.True(result.Issues.Count == 0, Describe(result));
        WorkbookReaderTests.AssertSameSubmission(Expected, result.Submission);
    }

    private ReadResult Measured(string label, byte[] bytes)
    {
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();
        var baseline = GC.GetTotalMemory(false);
        var allocated = GC.GetTotalAllocatedBytes(true);
        long peak = baseline;
        using var done = new ManualResetEventSlim();
        var sampler = new Thread(() =>
        {
            while (!done.Wait(2))
            {
                peak = Math.Max(peak, GC.GetTotalMemory(false));
            }
        });
        sampler.Start();
        var sw = Stopwatch.StartNew();
        var result = WorkbookReaderTests.ReadBytes(bytes);
        sw.Stop();
        peak = Math.Max(peak, GC.GetTotalMemory(false));
        done.Set();
        sampler.Join();
        var grew = peak - baseline;
        var total = GC.GetTotalAllocatedBytes(true) - allocated;
        output.WriteLine(CultureInvariant($"{label}: upload {bytes.Length / 1024.0:F0} KiB; {sw.Elapsed.TotalMilliseconds:F0} ms; managed heap peak +{grew / 1048576.0:F1} MiB; allocated {total / 1048576.0:F1} MiB; verdict {string.Join(", ", result.Issues.Where(i => i.Severity == Severity.Error).Select(i => i.Code).Distinct())}"));
        Assert.True(sw.Elapsed < TimeBound, $"{label}: {sw.Elapsed.TotalSeconds:F1} s");
        Assert.True(grew < MemoryBound, $"{label}: +{grew / 1048576} MiB");
        return result;
    }

    private static void AssertVerdict(ReadResult result, string code, string sheet, string? alternative = null)
    {
        Assert.Null(result.Submission);
        Assert.Contains(result.Issues, i => i.Severity == Severity.Error && (i.Code == code || i.Code == alternative) && i.Sheet == sheet);
    }

    private static string Describe(ReadResult r) => string.Join("\n", r.Issues.Select(i => $"{i.Severity} {i.Code} {i.Location}: {i.MessageEn}"));

    private static string CultureInvariant(FormattableString s) => FormattableString.Invariant(s);

    private static string SchoolsPart()
    {
        var package = XlsxPackage.Open(GoodBytes.Value, ReaderLimits.Default, "file", out _)!;
        return package.Sheets.Single(s => s.Name == Schools).PartPath;
    }

    private static string Inflate(ZipItem item)
    {
        using var d = new DeflateStream(new MemoryStream(item.Deflated), CompressionMode.Decompress);
        using var r = new StreamReader(d, Encoding.UTF8);
        return r.ReadToEnd();
    }

    private static byte[] ReplacePart(string path, string xml)
    {
        var items = HostileZip.Entries(GoodBytes.Value);
        items[items.FindIndex(i => i.Name == path)] = HostileZip.Item(path, xml);
        return HostileZip.Write(items);
    }

    private static byte[] EditSchoolsXml(Func<string, string> edit)
    {
        var items = HostileZip.Entries(GoodBytes.Value);
        var path = SchoolsPart();
        var index = items.FindIndex(i => i.Name == path);
        items[index] = HostileZip.Item(path, edit(Inflate(items[index])));
        return HostileZip.Write(items);
    }

    /// <summary>The good workbook with its 学校 sheet replaced by rows written by <paramref name="rows"/>.</summary>
    private static byte[] WithSchoolsSheet(Action<StreamWriter> rows, string dimension = "")
    {
        var items = HostileZip.Entries(GoodBytes.Value);
        var path = SchoolsPart();
        items[items.FindIndex(i => i.Name == path)] = HostileZip.Streamed(path, stream =>
        {
            using var s = new StreamWriter(stream, new UTF8Encoding(false), 1 << 16, leaveOpen: true);
            s.Write(dimension.Length == 0 ? SheetHead : SheetHead.Replace("<sheetData>", dimension + "<sheetData>", StringComparison.Ordinal));
            rows(s);
            s.Write(SheetTail);
        });
        items.RemoveAll(i => i.Name == path.Replace("worksheets/", "worksheets/_rels/", StringComparison.Ordinal) + ".rels");
        return HostileZip.Write(items);
    }

    [GeneratedRegex("<x:dimension [^>]*/>")]
    private static partial Regex DimensionElement();

    [GeneratedRegex("(<x:c r=\"[A-Z]+[0-9]+\"(?: s=\"[0-9]+\")?(?: t=\"n\")?>)<x:v>([-0-9.E]+)</x:v></x:c>")]
    private static partial Regex NumericCell();
}
