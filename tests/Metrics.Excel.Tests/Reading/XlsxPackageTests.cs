using Metrics.Excel.Reading;
using Metrics.Excel.Tests.Builders;

namespace Metrics.Excel.Tests.Reading;

/// <summary>The sheet reader on hand-written parts: the forms office suites write cells in.</summary>
public class XlsxPackageTests
{
    private const string Main = "http://schemas.openxmlformats.org/spreadsheetml/2006/main";
    private const string Rel = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";

    private static byte[] Workbook(string sheetData, string? sharedStrings = null) => HostileZip.Write(
    [
        HostileZip.Item("_rels/.rels", $"<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\"><Relationship Id=\"r1\" Type=\"{Rel}/officeDocument\" Target=\"xl/workbook.xml\"/></Relationships>"),
        HostileZip.Item("xl/workbook.xml", $"<workbook xmlns=\"{Main}\" xmlns:r=\"{Rel}\"><sheets><sheet name=\"S\" sheetId=\"1\" r:id=\"rId1\"/></sheets></workbook>"),
        HostileZip.Item("xl/_rels/workbook.xml.rels", $"<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\"><Relationship Id=\"rId1\" Type=\"{Rel}/worksheet\" Target=\"worksheets/s.xml\"/><Relationship Id=\"rId2\" Type=\"{Rel}/styles\" Target=\"styles.xml\"/><Relationship Id=\"rId3\" Type=\"{Rel}/sharedStrings\" Target=\"sharedStrings.xml\"/></Relationships>"),
        // cellXfs: 0 General, 1 built-in 9 (0%), 2 custom 164 (0.0%), 3 built-in 14 (date); cellStyleXfs must not count.
        HostileZip.Item("xl/styles.xml", $"<styleSheet xmlns=\"{Main}\"><numFmts count=\"1\"><numFmt numFmtId=\"164\" formatCode=\"0.0%\"/></numFmts><cellStyleXfs count=\"1\"><xf numFmtId=\"9\"/></cellStyleXfs><cellXfs count=\"4\"><xf numFmtId=\"0\"/><xf numFmtId=\"9\"/><xf numFmtId=\"164\"/><xf numFmtId=\"14\"/></cellXfs></styleSheet>"),
        HostileZip.Item("xl/sharedStrings.xml", sharedStrings ?? $"<sst xmlns=\"{Main}\"><si><t>甲</t></si><si><r><t>乙</t></r><r><t>丙</t></r><rPh><t>ビン</t></rPh></si></sst>"),
        HostileZip.Item("xl/worksheets/s.xml", $"<worksheet xmlns=\"{Main}\"><sheetData>{sheetData}</sheetData></worksheet>"),
    ]);

    private static (RawSheet Sheet, SheetLimit Exceeded) Read(byte[] bytes, ReaderLimits? limits = null)
    {
        var package = XlsxPackage.Open(bytes, limits ?? ReaderLimits.Default, "file", out var issue);
        Assert.True(package is not null, issue?.MessageEn);
        var sheet = package.ReadSheetWithin(package.Sheets.Single(), limits ?? ReaderLimits.Default, out var exceeded);
        return (sheet, exceeded);
    }

    [Fact]
    public void ReadSheet_CellForms_ValuesTypesAndPercentFlags()
    {
        var (sheet, exceeded) = Read(Workbook(
            "<row r=\"2\"><c r=\"A2\" t=\"s\"><v>0</v></c><c r=\"B2\" t=\"s\"><v>1</v></c><c r=\"C2\" t=\"inlineStr\"><is><t>丁</t></is></c>"
            + "<c r=\"D2\" t=\"b\"><v>1</v></c><c r=\"E2\" t=\"str\"><f>\"x\"</f><v>戊</v></c><c r=\"F2\" t=\"e\"><v>#REF!</v></c></row>"
            + "<row r=\"3\"><c r=\"A3\" s=\"1\"><v>0.95</v></c><c r=\"B3\" s=\"2\"><v>0.9635</v></c><c r=\"C3\" s=\"0\"><v>0.95</v></c>"
            + "<c r=\"D3\" s=\"3\"><v>45352</v></c><c r=\"E3\"><f>1+1</f></c><c r=\"F3\" s=\"2\"/><c r=\"XFD3\" s=\"1\"/></row>"
            + "<row r=\"9\" s=\"1\" customFormat=\"1\"/>"));

        Assert.Equal(SheetLimit.None, exceeded);
        Assert.Equal([2, 3], sheet.Rows.Select(r => r.Number));
        Assert.Equal(["甲", "乙丙", "丁", true, "戊", "#REF!"], sheet.Rows[0].Cells.Select(c => c.Value));

        // 0.95 and 0.9635 with a percent format are flagged; the plain 0.95 is not; 45352 with a date format is
        // 2024-03-01 (45352 days after 1899-12-30); the formula without a cached value and the styled empty cells are absent.
        var row3 = sheet.Rows[1].Cells;
        Assert.Equal([0, 1, 2, 3], row3.Select(c => c.Column));
        Assert.Equal([(object)0.95, 0.9635, 0.95, new DateTime(2024, 3, 1)], row3.Select(c => c.Value));
        Assert.Equal([true, true, false, false], row3.Select(c => c.PercentFormat));
    }

    [Fact]
    public void ReadSheet_RowsAndCellsWithoutReferences_FollowThePreviousOne()
    {
        // No r attributes (allowed by the format): rows count from 1, cells from A, an empty cell still takes a column.
        var (sheet, _) = Read(Workbook("<row><c t=\"inlineStr\"><is><t>a</t></is></c><c/><c><v>3</v></c></row><row><c><v>4</v></c></row>"));

        Assert.Equal([(1, 0, (object)"a"), (1, 2, 3.0), (2, 0, 4.0)], sheet.Rows.SelectMany(r => r.Cells.Select(c => (r.Number, c.Column, c.Value))));
    }

    [Fact]
    public void ReadSheet_ValueBeyondTheRowCap_StopsThere()
    {
        // Cap 3 rows: rows 1–3 kept, the value in row 5 stops reading; an empty row 4 does not.
        var (sheet, exceeded) = Read(
            Workbook("<row r=\"1\"><c r=\"A1\"><v>1</v></c></row><row r=\"3\"><c r=\"A3\"><v>3</v></c></row><row r=\"4\"><c r=\"A4\" s=\"1\"/></row><row r=\"5\"><c r=\"A5\"><v>5</v></c></row><row r=\"6\"><c r=\"A6\"><v>6</v></c></row>"),
            ReaderLimits.Default with { MaxRowsPerSheet = 3 });

        Assert.Equal(SheetLimit.Rows, exceeded);
        Assert.Equal([1, 3], sheet.Rows.Select(r => r.Number));
    }

    [Fact]
    public void Open_SharedStringsPastTheEntryCap_TooLarge()
    {
        var bytes = Workbook("<row r=\"1\"><c r=\"A1\" t=\"s\"><v>0</v></c></row>", $"<sst xmlns=\"{Main}\"><si><t>a</t></si><si><t>b</t></si><si><t>c</t></si></sst>");

        Assert.NotNull(XlsxPackage.Open(bytes, ReaderLimits.Default with { MaxSharedStrings = 3 }, "file", out _));
        Assert.Null(XlsxPackage.Open(bytes, ReaderLimits.Default with { MaxSharedStrings = 2 }, "file", out var issue));
        Assert.Equal(IssueCodes.TooLarge, issue!.Code);
    }

    /// <summary>The package's small parts, as <see cref="Workbook"/> writes them, with one part replaced.</summary>
    private static byte[] WithPart(string path, string xml)
    {
        var items = HostileZip.Entries(Workbook("<row r=\"1\"><c r=\"A1\"><v>1</v></c></row>"));
        items[items.FindIndex(i => i.Name == path)] = HostileZip.Item(path, xml);
        return HostileZip.Write(items);
    }

    [Fact]
    public void Open_SmallPartsWithPrefixesEntitiesAndEitherQuote_ReadAsXmlReaderReadThem()
    {
        // The workbook with its own prefixes (s: for the main namespace, rel: for relationships), a sheet name with
        // an entity and a character reference (A&B 甲 = "A&amp;B &#x7532;"), single quotes, and the id attribute of
        // another namespace written before it (x:id must not be taken: the last prefixed id wins, as before).
        var bytes = WithPart("xl/workbook.xml",
            $"<?xml version='1.0' encoding='UTF-8'?><s:workbook xmlns:s='{Main}' xmlns:rel='{Rel}' xmlns:x='urn:x'><s:sheets>"
            + "<s:sheet x:id='rId9' name='A&amp;B &#x7532;' sheetId='1' rel:id = \"rId1\" /></s:sheets></s:workbook>");

        var package = XlsxPackage.Open(bytes, ReaderLimits.Default, "file", out var issue);

        Assert.True(package is not null, issue?.MessageEn);
        var sheet = Assert.Single(package.Sheets);
        Assert.Equal("A&B 甲", sheet.Name);
        Assert.Equal("xl/worksheets/s.xml", sheet.PartPath);
        // cellXfs only (cellStyleXfs' xf is not counted): General, 0%, custom 0.0%, date.
        Assert.Equal([XlsxPackage.CellFormat.General, XlsxPackage.CellFormat.Percent, XlsxPackage.CellFormat.Percent, XlsxPackage.CellFormat.Date], package.Formats);
    }

    [Theory]
    [InlineData("_rels/.rels")]
    [InlineData("xl/workbook.xml")]
    [InlineData("xl/_rels/workbook.xml.rels")]
    [InlineData("xl/styles.xml")]
    public void Open_DtdOrMalformedSmallPart_RefusedAsDamaged(string path)
    {
        // An entity declared in a DTD, then an unclosed element: each is refused as XmlReader with DTDs prohibited refused it.
        var doctype = WithPart(path, "<?xml version=\"1.0\"?><!DOCTYPE r [<!ENTITY e SYSTEM \"file:///etc/passwd\">]><r>&e;</r>");
        var unclosed = WithPart(path, "<r><a></r>");

        Assert.Null(XlsxPackage.Open(doctype, ReaderLimits.Default, "file", out var first));
        Assert.Null(XlsxPackage.Open(unclosed, ReaderLimits.Default, "file", out var second));
        Assert.Equal(IssueCodes.CorruptZip, first!.Code);
        Assert.Equal(IssueCodes.CorruptZip, second!.Code);
    }
}
