using System.Xml;
using Metrics.Excel.Reading;
using Metrics.Excel.Tests.Builders;

namespace Metrics.Excel.Tests.Reading;

/// <summary>
/// The sheet reader parses references, styles and values from the XML reader's characters: the forms a
/// value can take in the XML (split text, CDATA, character references, long values) and the cell lookups by column.
/// </summary>
public class SheetCellParsingTests
{
    private const string Main = "http://schemas.openxmlformats.org/spreadsheetml/2006/main";
    private const string Rel = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";

    private static byte[] Workbook(string sheetData) => HostileZip.Write(
    [
        HostileZip.Item("_rels/.rels", $"<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\"><Relationship Id=\"r1\" Type=\"{Rel}/officeDocument\" Target=\"xl/workbook.xml\"/></Relationships>"),
        HostileZip.Item("xl/workbook.xml", $"<workbook xmlns=\"{Main}\" xmlns:r=\"{Rel}\"><sheets><sheet name=\"S\" sheetId=\"1\" r:id=\"rId1\"/></sheets></workbook>"),
        HostileZip.Item("xl/_rels/workbook.xml.rels", $"<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\"><Relationship Id=\"rId1\" Type=\"{Rel}/worksheet\" Target=\"worksheets/s.xml\"/><Relationship Id=\"rId2\" Type=\"{Rel}/styles\" Target=\"styles.xml\"/></Relationships>"),
        // cellXfs: 0 General, 1 built-in 9 (0%).
        HostileZip.Item("xl/styles.xml", $"<styleSheet xmlns=\"{Main}\"><cellXfs count=\"2\"><xf numFmtId=\"0\"/><xf numFmtId=\"9\"/></cellXfs></styleSheet>"),
        HostileZip.Item("xl/worksheets/s.xml", $"<worksheet xmlns=\"{Main}\" xmlns:x=\"urn:other\"><sheetData>{sheetData}</sheetData></worksheet>"),
    ]);

    private static RawSheet Read(string sheetData)
    {
        var package = XlsxPackage.Open(Workbook(sheetData), ReaderLimits.Default, "file", out var issue);
        Assert.True(package is not null, issue?.MessageEn);
        var sheet = package.ReadSheetWithin(package.Sheets.Single(), ReaderLimits.Default, out var exceeded);
        Assert.Equal(SheetLimit.None, exceeded);
        return sheet;
    }

    [Fact]
    public void LowerCaseReferences_ColumnAndRowAsUpperCase()
    {
        // ab7 is column AB = 26·1 + 2 - 1 = 27; the row is the row element's r="7".
        var sheet = Read("<row r=\"7\"><c r=\"ab7\"><v>5</v></c></row>");

        Assert.Equal(7, sheet.Rows.Single().Number);
        Assert.Equal(27, sheet.Rows.Single().Cells.Single().Column);
    }

    [Fact]
    public void MissingReference_FollowsThePreviousCell()
    {
        // C2 is column 2; the next two cells have no r and take columns 3 and 4; the empty one in 3 is not kept.
        var sheet = Read("<row r=\"2\"><c r=\"C2\"><v>1</v></c><c/><c><v>3</v></c></row>");

        Assert.Equal([(2, 1.0), (4, 3.0)], sheet.Rows.Single().Cells.Select(c => (c.Column, (double)c.Value)));
    }

    [Fact]
    public void PrefixedAttributes_AreNotTheCellsOwn()
    {
        // x:r and x:t belong to another namespace: the cell has no reference (column A follows nothing) and is a number.
        var sheet = Read("<row r=\"1\"><c x:r=\"D1\" x:t=\"s\"><v>12</v></c></row>");

        Assert.Equal((0, (object)12.0), (sheet.Rows.Single().Cells.Single().Column, sheet.Rows.Single().Cells.Single().Value));
    }

    [Fact]
    public void ValueText_SplitByCdataAndCharacterReferences_IsJoined()
    {
        // "1" + CDATA "2" + "&#51;" (= "3") is 123; "&#52;5" is 45; the percent style is read from s="1".
        var sheet = Read("<row r=\"1\"><c r=\"A1\"><v>1<![CDATA[2]]>&#51;</v></c><c r=\"B1\" s=\"1\"><v>&#52;5</v></c></row>");

        var cells = sheet.Rows.Single().Cells;
        Assert.Equal([(object)123.0, 45.0], cells.Select(c => c.Value));
        Assert.Equal([false, true], cells.Select(c => c.PercentFormat));
    }

    [Fact]
    public void LongValues_PastTheScratchBuffer_ReadWhole()
    {
        // 300 zeros then 42 is still 42; a formula string of 500 characters is kept whole.
        var zeros = new string('0', 300);
        var text = string.Concat(Enumerable.Repeat("校", 500));
        var sheet = Read($"<row r=\"1\"><c r=\"A1\"><v>{zeros}42</v></c><c r=\"B1\" t=\"str\"><f>x</f><v>{text}</v></c></row>");

        Assert.Equal([(object)42.0, text], sheet.Rows.Single().Cells.Select(c => c.Value));
    }

    [Fact]
    public void ValueWithAChildElement_IsDamagedXml()
    {
        // <v> may hold text only (as ReadElementContentAsString demands); the workbook reader turns this into corrupt_zip.
        Assert.Throws<XmlException>(() => Read("<row r=\"1\"><c r=\"A1\"><v>1<b/></v></c></row>"));
    }

    [Fact]
    public void SharedNumberBoxes_KeepNegativeZeroAndFractions()
    {
        // 0 and 4095 come from the shared boxes, 4096 and 2.5 do not; −0 keeps its sign.
        var sheet = Read("<row r=\"1\"><c r=\"A1\"><v>0</v></c><c r=\"B1\"><v>-0</v></c><c r=\"C1\"><v>4095</v></c><c r=\"D1\"><v>4096</v></c><c r=\"E1\"><v>2.5</v></c></row>");

        var values = sheet.Rows.Single().Cells.Select(c => (double)c.Value).ToArray();
        Assert.Equal([0.0, -0.0, 4095.0, 4096.0, 2.5], values);
        Assert.False(double.IsNegative(values[0]));
        Assert.True(double.IsNegative(values[1]));
    }

    [Fact]
    public void CellLookup_OutOfOrderAndRepeatedColumns_FirstCellOfTheColumn()
    {
        // Cells C, A, B, B: column 1 is at index 2 and again at 3 (the first wins, as a scan finds it);
        // column 2 sits at index 0, not at index 2.
        var row = Read("<row r=\"1\"><c r=\"C1\"><v>3</v></c><c r=\"A1\"><v>1</v></c><c r=\"B1\"><v>2</v></c><c r=\"B1\"><v>22</v></c></row>").Rows.Single();

        Assert.Equal(1.0, row[0]);
        Assert.Equal(2.0, row[1]);
        Assert.Equal(3.0, row[2]);
        Assert.Null(row[3]);
    }

    [Fact]
    public void CellLookup_RepeatedColumnAtItsOwnIndex_FirstCellOfTheColumn()
    {
        // B, B: index 1 holds column 1, but the first B (index 0) is the one a scan finds.
        var row = Read("<row r=\"1\"><c r=\"B1\"><v>1</v></c><c r=\"B1\"><v>2</v></c></row>").Rows.Single();

        Assert.Equal(1.0, row[1]);
    }

    [Fact]
    public void CellLookup_DenseAndGapped_ByColumn()
    {
        // A B C dense (found at their own index), then E after a gap (found by search).
        var row = Read("<row r=\"1\"><c r=\"A1\"><v>1</v></c><c r=\"B1\"><v>2</v></c><c r=\"C1\"><v>3</v></c><c r=\"E1\"><v>5</v></c></row>").Rows.Single();

        Assert.Equal([1.0, 2.0, 3.0, null, 5.0, null], Enumerable.Range(0, 6).Select(i => row[i]));
        Assert.True(row.TryGetCell(4, out var e));
        Assert.Equal(4, e.Column);
        Assert.False(row.TryGetCell(3, out _));
    }
}
