using System.Globalization;
using System.IO.Compression;
using System.Text;
using System.Xml;
using Metrics.Excel.Reading;
using Metrics.Excel.Tests.Builders;
using CellFormat = Metrics.Excel.Reading.XlsxPackage.CellFormat;

namespace Metrics.Excel.Tests.Reading;

/// <summary>
/// The purpose-built sheet scanner (<see cref="SheetXml"/>): the XML forms a worksheet or shared-strings part
/// may take, with values worked out by hand; the same rows as the previous <see cref="XmlReader"/> path
/// (<see cref="XmlReaderOracle"/>) on every sample workbook and on generated XML crossing the scan buffer;
/// and the same refusal (an <see cref="XmlException"/>, which the workbook reader turns into corrupt_zip) for
/// every malformed or hostile construct.
/// </summary>
public class SheetXmlTests
{
    private const string Main = "http://schemas.openxmlformats.org/spreadsheetml/2006/main";

    // cellXfs 0 General, 1 a percent format, 2 a date format.
    private static readonly CellFormat[] Formats = [CellFormat.General, CellFormat.Percent, CellFormat.Date];

    private static string Sheet(string sheetData, string rootAttributes = "") =>
        $"<worksheet xmlns=\"{Main}\"{rootAttributes}><sheetData>{sheetData}</sheetData></worksheet>";

    private static List<RawRow> Product(byte[] xml, string[]? sst = null)
    {
        var rows = new List<RawRow>();
        var limit = XlsxPackage.ReadRows(new MemoryStream(xml), rows, ReaderLimits.Default, sst ?? [], Formats);
        Assert.Equal(SheetLimit.None, limit);
        return rows;
    }

    private static List<RawRow> Product(string sheetData, string[]? sst = null) => Product(Encoding.UTF8.GetBytes(Sheet(sheetData)), sst);

    private static RawCell Single(string sheetData) => Product(sheetData).Single().Cells.Single();

    /// <summary>Rows (or the exception type) as text, exact enough to compare two readers.</summary>
    private static string Outcome(Func<List<RawRow>> read)
    {
        try
        {
            return string.Join("\n", read().Select(r => $"{r.Number}: " + string.Join(" | ", r.Cells.Select(c => $"{c.Column}={c.Value.GetType().Name}:{Show(c.Value)}{(c.PercentFormat ? "%" : string.Empty)}"))));
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            return "throws " + e.GetType().Name;
        }
    }

    private static string Show(object value) => value switch
    {
        double d => d.ToString("R", CultureInfo.InvariantCulture) + (double.IsNegative(d) && d == 0 ? "(-)" : string.Empty),
        DateTime t => t.ToString("O", CultureInfo.InvariantCulture),
        string s => string.Concat(s.Select(ch => ch < 0x20 || char.IsSurrogate(ch) ? $"\\u{(int)ch:X4}" : ch.ToString())),
        _ => Convert.ToString(value, CultureInfo.InvariantCulture) ?? string.Empty,
    };

    private static string BothOutcomes(byte[] xml, string[] sst)
    {
        var product = Outcome(() => Product(xml, sst));
        var oracle = Outcome(() =>
        {
            var rows = new List<RawRow>();
            var limit = XmlReaderOracle.ReadRows(new MemoryStream(xml), rows, ReaderLimits.Default, sst, Formats);
            Assert.Equal(SheetLimit.None, limit);
            return rows;
        });
        Assert.Equal(oracle, product);
        return product;
    }

    // ---- forms of the XML, values by hand ----

    [Fact]
    public void PrefixedElements_ReadAsTheirLocalNames()
    {
        // Every element under the prefix x (bound to the main namespace): row 3, B3 = column 1, value 7.
        var xml = $"<x:worksheet xmlns:x=\"{Main}\"><x:sheetData><x:row r=\"3\"><x:c r=\"B3\"><x:v>7</x:v></x:c></x:row></x:sheetData></x:worksheet>";

        var row = Product(Encoding.UTF8.GetBytes(xml)).Single();

        Assert.Equal(3, row.Number);
        Assert.Equal((1, (object)7.0), (row.Cells.Single().Column, row.Cells.Single().Value));
    }

    [Fact]
    public void AttributesInEitherQuote_WithWhitespaceAroundAndBetween()
    {
        // r='C2' → column 2; s="1" → the percent style; spaces, a tab and a line end between the attributes.
        var cell = Single("<row r=\"2\"><c  r = 'C2'\n\t s=\"1\"   t='n'><v>0.5</v></c></row>");

        Assert.Equal((2, (object)0.5, true), (cell.Column, cell.Value, cell.PercentFormat));
    }

    [Fact]
    public void GreaterThanInsideAQuotedAttribute_IsPartOfTheValue()
    {
        // The tag ends at the second '>', not at the one inside foo's value: A1 = 1.
        var cell = Single("<row r=\"1\"><c r=\"A1\" foo=\"a>b\"><v>1</v></c></row>");

        Assert.Equal((0, (object)1.0), (cell.Column, cell.Value));
    }

    [Fact]
    public void PredefinedEntitiesAndCharacterReferences_Decoded()
    {
        // &lt; &gt; &amp; &apos; &quot; are < > & ' "; &#x4E2D; is 中 (U+4E2D) and &#22269; is 国
        // (5·4096 + 6·256 + 15·16 + 13 = 22269 = U+56FD).
        var cell = Single("<row r=\"1\"><c r=\"A1\" t=\"inlineStr\"><is><t>&lt;&gt;&amp;&apos;&quot;&#x4E2D;&#22269;</t></is></c></row>");

        Assert.Equal("<>&'\"中国", cell.Value);
    }

    [Fact]
    public void CharacterReferenceBeyondTheBmp_BecomesASurrogatePair_LikeTheSameCharacterInUtf8()
    {
        // U+1F600 − 0x10000 = 0xF600: high 0xD800 + (0xF600 >> 10 = 0x3D) = 0xD83D, low 0xDC00 + 0x200 = 0xDE00.
        // The raw UTF-8 form (F0 9F 98 80) gives the same two chars.
        var row = Product("<row r=\"1\"><c r=\"A1\" t=\"inlineStr\"><is><t>&#x1F600;</t></is></c><c r=\"B1\" t=\"inlineStr\"><is><t>😀</t></is></c></row>").Single();

        Assert.Equal(["\uD83D\uDE00", "\uD83D\uDE00"], row.Cells.Select(c => c.Value));
    }

    [Fact]
    public void CdataAndTextJoined_MarkupInsideCdataIsLiteral()
    {
        // <v>1 CDATA(2) 3</v> is 123; in the string CDATA keeps "&amp;" and "<b>" as written.
        var row = Product("<row r=\"1\"><c r=\"A1\"><v>1<![CDATA[2]]>3</v></c><c r=\"B1\" t=\"inlineStr\"><is><t>a<![CDATA[&amp;<b>]]>z</t></is></c></row>").Single();

        Assert.Equal([(object)123.0, "a&amp;<b>z"], row.Cells.Select(c => c.Value));
    }

    [Fact]
    public void CommentsAndProcessingInstructions_SkippedEvenInsideAValue()
    {
        // "4" <!-- --> "2" is 42; the PI and comments between cells are nothing.
        var cell = Single("<!-- before --><?mso-application progid=\"Excel.Sheet\"?><row r=\"1\"><c r=\"A1\"><v>4<!-- a > b -->2</v></c></row>");

        Assert.Equal(42.0, cell.Value);
    }

    [Fact]
    public void RowsAndCellsWithoutReferences_NumberedInOrder()
    {
        // No r on rows: rows 1 and 2; no r on cells: columns 0, 1 then 0 again in the next row.
        var rows = Product("<row><c><v>1</v></c><c><v>2</v></c></row><row><c><v>3</v></c></row>");

        Assert.Equal([(1, 0, 1.0), (1, 1, 2.0), (2, 0, 3.0)], rows.SelectMany(r => r.Cells.Select(c => (r.Number, c.Column, (double)c.Value))));
    }

    [Fact]
    public void RichTextRuns_JoinedWithPreservedSpace()
    {
        // Run "北" (bold) and run " 京" with xml:space="preserve": "北 京".
        var cell = Single("<row r=\"1\"><c r=\"A1\" t=\"inlineStr\"><is><r><rPr><b/></rPr><t>北</t></r><r><t xml:space=\"preserve\"> 京</t></r></is></c></row>");

        Assert.Equal("北 京", cell.Value);
    }

    [Fact]
    public void WhitespaceOnlyText_DroppedUnlessPreserved()
    {
        // "<t> </t>" is empty (no cell); with xml:space="preserve" it is one space; around a number it stays ("  5 " is 5).
        var row = Product("<row r=\"1\"><c r=\"A1\" t=\"inlineStr\"><is><t> </t></is></c><c r=\"B1\" t=\"inlineStr\"><is><t xml:space=\"preserve\"> </t></is></c><c r=\"C1\"><v>  5 </v></c></row>").Single();

        Assert.Equal([(1, (object)" "), (2, 5.0)], row.Cells.Select(c => (c.Column, c.Value)));
    }

    [Fact]
    public void EmptyValues_NoCell()
    {
        // <v/> and <v></v> hold nothing: only C1 = 4 is kept.
        var cell = Single("<row r=\"1\"><c r=\"A1\"><v/></c><c r=\"B1\"><v></v></c><c r=\"C1\"><v>4</v></c><c r=\"D1\" t=\"s\"><v/></c></row>");

        Assert.Equal((2, (object)4.0), (cell.Column, cell.Value));
    }

    [Fact]
    public void LineEnds_NormalisedToLineFeed_ReferencedCarriageReturnKept()
    {
        // CR LF and a lone CR in text become LF; &#13; is a CR the file meant.
        var cell = Single("<row r=\"1\"><c r=\"A1\" t=\"inlineStr\"><is><t>a\r\nb\rc&#13;d</t></is></c></row>");

        Assert.Equal("a\nb\nc\rd", cell.Value);
    }

    [Fact]
    public void HugeAttributeValue_AcrossTheScanBuffer_StillReadsTheCell()
    {
        // A 300 000-character attribute on the row (the scan buffer holds 64 KiB) and on the cell; B9 = 2.5.
        var big = new string('x', 300_000);
        var cell = Single($"<row r=\"9\" spans=\"{big}\"><c r=\"B9\" foo='{big}'><v>2.5</v></c></row>");

        Assert.Equal((1, (object)2.5), (cell.Column, cell.Value));
    }

    [Fact]
    public void BomDeclarationAndSharedString()
    {
        // BOM, XML declaration with standalone, then A1 = shared string 1.
        var xml = "\uFEFF<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\r\n" + Sheet("<row r=\"1\"><c r=\"A1\" t=\"s\"><v>1</v></c></row>");

        var cell = Product(Encoding.UTF8.GetBytes(xml), ["zero", "one"]).Single().Cells.Single();

        Assert.Equal("one", cell.Value);
    }

    [Fact]
    public void Utf16AndLatin1Parts_ReadAsTheirDeclaredEncoding()
    {
        // The same sheet in UTF-16 (with BOM) and in ISO-8859-1 (é is the single byte E9): "café" either way.
        var sheet = Sheet("<row r=\"1\"><c r=\"A1\" t=\"inlineStr\"><is><t>café</t></is></c></row>");
        var utf16 = Encoding.Unicode.GetPreamble().Concat(Encoding.Unicode.GetBytes("<?xml version=\"1.0\" encoding=\"UTF-16\"?>" + sheet)).ToArray();
        var latin1 = Encoding.Latin1.GetBytes("<?xml version=\"1.0\" encoding=\"ISO-8859-1\"?>" + sheet);

        Assert.Equal("café", Product(utf16).Single().Cells.Single().Value);
        Assert.Equal("café", Product(latin1).Single().Cells.Single().Value);
        Assert.Equal("1: 0=String:café", BothOutcomes(utf16, []));
        Assert.Equal("1: 0=String:café", BothOutcomes(latin1, []));
    }

    [Fact]
    public void LargeUtf16Part_ConvertedAsItIsRead_SameAsXmlReader()
    {
        // 3 000 rows of "学校N" in UTF-16 (≈ 400 KB, several scan buffers, converted as it streams).
        var rows = string.Concat(Enumerable.Range(1, 3000).Select(r => $"<row r=\"{r}\"><c r=\"A{r}\" t=\"inlineStr\"><is><t>学校{r}</t></is></c></row>"));
        var utf16 = Encoding.Unicode.GetPreamble().Concat(Encoding.Unicode.GetBytes("<?xml version=\"1.0\" encoding=\"UTF-16\"?>" + Sheet(rows))).ToArray();
        Assert.True(utf16.Length > 300_000);

        var outcome = BothOutcomes(utf16, []);

        Assert.Equal(3000, outcome.Split('\n').Length);
        Assert.EndsWith("3000: 0=String:学校3000", outcome, StringComparison.Ordinal);
    }

    [Fact]
    public void Utf16WithALoneSurrogate_Refused()
    {
        // D800 followed by 'a' is not UTF-16: refused as XmlReader refuses it.
        var head = Encoding.Unicode.GetPreamble().Concat(Encoding.Unicode.GetBytes(Sheet("<row r=\"1\"><c r=\"A1\" t=\"inlineStr\"><is><t>").Replace("</sheetData></worksheet>", string.Empty, StringComparison.Ordinal)));
        byte[] bad = [0x00, 0xD8, (byte)'a', 0x00];
        var tail = Encoding.Unicode.GetBytes("</t></is></c></row></sheetData></worksheet>");

        Assert.Equal("throws XmlException", BothOutcomes([.. head, .. bad, .. tail], []));
    }

    [Fact]
    public void PhoneticRuns_LeftOutOfInlineAndSharedStrings()
    {
        // 東京 with its reading トウキョウ in <rPh>: the value is 東京. The XmlReader path appended the reading
        // whenever <rPh> directly followed a <t> (ReadElementContentAsString left it on <rPh>, and the loop
        // stepped past it), so it read 東京トウキョウ; the scanner leaves the phonetic run out as intended.
        const string Item = "<t>東京</t><rPh sb=\"0\" eb=\"2\"><t>トウキョウ</t></rPh><phoneticPr fontId=\"1\"/>";
        var sheet = Encoding.UTF8.GetBytes(Sheet($"<row r=\"1\"><c r=\"A1\" t=\"inlineStr\"><is>{Item}</is></c></row>"));
        var sst = Encoding.UTF8.GetBytes($"<sst xmlns=\"{Main}\"><si>{Item}</si><si><t>x</t></si></sst>");

        Assert.Equal("東京", Product(sheet).Single().Cells.Single().Value);
        Assert.Equal(["東京", "x"], XlsxPackage.ReadSharedStrings(new MemoryStream(sst), ReaderLimits.Default));
        Assert.Equal("1: 0=String:東京トウキョウ", Outcome(() =>
        {
            var rows = new List<RawRow>();
            XmlReaderOracle.ReadRows(new MemoryStream(sheet), rows, ReaderLimits.Default, [], Formats);
            return rows;
        }));
        Assert.Equal(["東京トウキョウ", "x"], XmlReaderOracle.ReadSharedStrings(new MemoryStream(sst), ReaderLimits.Default));
    }

    [Fact]
    public void TwoTextsInOneInlineString_BothRead()
    {
        // <is><t>a</t><t>b</t></is> is "ab". The XmlReader path stepped past the second <t> (the same slip as
        // with <rPh> above) and read "a".
        var sheet = Encoding.UTF8.GetBytes(Sheet("<row r=\"1\"><c r=\"A1\" t=\"inlineStr\"><is><t>a</t><t>b</t></is></c></row>"));

        Assert.Equal("ab", Product(sheet).Single().Cells.Single().Value);
        Assert.Equal("1: 0=String:a", Outcome(() =>
        {
            var rows = new List<RawRow>();
            XmlReaderOracle.ReadRows(new MemoryStream(sheet), rows, ReaderLimits.Default, [], Formats);
            return rows;
        }));
    }

    [Fact]
    public void SharedStrings_RunsJoined_EmptyItemsKept_OOXmlEscapesDecoded()
    {
        // Items: two runs "a"+"b"; <si/> is ""; "_x0041_" is the OOXML escape of A; "&amp;" is &.
        var sst = Encoding.UTF8.GetBytes($"<sst xmlns=\"{Main}\" count=\"4\"><si><r><t>a</t></r><r><rPr/><t>b</t></r></si><si/><si><t>_x0041_</t></si><si><t>&amp;</t></si></sst>");

        Assert.Equal(["ab", string.Empty, "A", "&"], XlsxPackage.ReadSharedStrings(new MemoryStream(sst), ReaderLimits.Default));
    }

    // ---- refusals: the same as XmlReader's, for every construct the scanner does not accept ----

    public static TheoryData<string, string> Malformed() => new()
    {
        { "doctype", "<?xml version=\"1.0\"?><!DOCTYPE worksheet [<!ENTITY a \"1\">]>" + Sheet("<row r=\"1\"><c r=\"A1\"><v>&a;</v></c></row>") },
        { "undefined entity", Sheet("<row r=\"1\"><c r=\"A1\" t=\"inlineStr\"><is><t>&nbsp;</t></is></c></row>") },
        { "undefined entity in an attribute", Sheet("<row r=\"1\" x=\"&foo;\"><c r=\"A1\"><v>1</v></c></row>") },
        { "unterminated entity", Sheet("<row r=\"1\"><c r=\"A1\"><v>1&amp</v></c></row>") },
        { "undeclared element prefix", Sheet("<row r=\"1\"><y:c r=\"A1\"><v>1</v></y:c></row>") },
        { "undeclared attribute prefix", Sheet("<row r=\"1\" y:dy=\"1\"><c r=\"A1\"><v>1</v></c></row>") },
        { "mismatched end tag", Sheet("<row r=\"1\"><c r=\"A1\"><v>1</c></v></row>") },
        { "end tag of another prefix", $"<x:worksheet xmlns:x=\"{Main}\"><x:sheetData><x:row r=\"1\"><x:c r=\"A1\"><x:v>1</x:v></x:c></row></x:sheetData></x:worksheet>" },
        { "unclosed at the end", $"<worksheet xmlns=\"{Main}\"><sheetData><row r=\"1\"><c r=\"A1\"><v>1</v>" },
        { "cut inside a tag", $"<worksheet xmlns=\"{Main}\"><sheetData><row r=\"1\"><c r=\"A1" },
        { "duplicate attribute", Sheet("<row r=\"1\"><c r=\"A1\" r=\"B1\"><v>1</v></c></row>") },
        { "'<' in an attribute", Sheet("<row r=\"1\"><c r=\"A<1\"><v>1</v></c></row>") },
        { "unquoted attribute", Sheet("<row r=1><c r=\"A1\"><v>1</v></c></row>") },
        { "no whitespace between attributes", Sheet("<row r=\"1\"><c r=\"A1\"s=\"1\"><v>1</v></c></row>") },
        { "control character in text", Sheet("<row r=\"1\"><c r=\"A1\" t=\"inlineStr\"><is><t>a\u0001b</t></is></c></row>") },
        { "control character in an attribute", Sheet("<row r=\"1\" x=\"\u0002\"><c r=\"A1\"><v>1</v></c></row>") },
        { "reference to NUL", Sheet("<row r=\"1\"><c r=\"A1\" t=\"inlineStr\"><is><t>&#0;</t></is></c></row>") },
        { "reference to a surrogate", Sheet("<row r=\"1\"><c r=\"A1\" t=\"inlineStr\"><is><t>&#xD800;</t></is></c></row>") },
        { "reference beyond Unicode", Sheet("<row r=\"1\"><c r=\"A1\" t=\"inlineStr\"><is><t>&#x110000;</t></is></c></row>") },
        { "reference with a letter", Sheet("<row r=\"1\"><c r=\"A1\"><v>&#12a;</v></c></row>") },
        { "']]>' in text", Sheet("<row r=\"1\"><c r=\"A1\" t=\"inlineStr\"><is><t>a]]>b</t></is></c></row>") },
        { "element inside a value", Sheet("<row r=\"1\"><c r=\"A1\"><v>1<b/></v></c></row>") },
        { "element inside a string", Sheet("<row r=\"1\"><c r=\"A1\" t=\"inlineStr\"><is><t>1<b/></t></is></c></row>") },
        { "text before the root", "x" + Sheet("<row r=\"1\"><c r=\"A1\"><v>1</v></c></row>") },
        { "no root", "<!-- nothing -->" },
        { "two roots without sheet data", $"<worksheet xmlns=\"{Main}\"/><worksheet xmlns=\"{Main}\"/>" },
        { "declaration not first", " <?xml version=\"1.0\"?>" + Sheet("<row r=\"1\"><c r=\"A1\"><v>1</v></c></row>") },
        { "double dash in a comment", Sheet("<!-- a -- b --><row r=\"1\"><c r=\"A1\"><v>1</v></c></row>") },
        { "name starting with a digit", Sheet("<row r=\"1\"><1c r=\"A1\"><v>1</v></1c></row>") },
        { "stray end tag before sheet data", $"<worksheet xmlns=\"{Main}\"></dimension><sheetData/></worksheet>" },
        { "unknown markup", Sheet("<row r=\"1\"><!ELEMENT c ANY><c r=\"A1\"><v>1</v></c></row>") },
        { "invalid xml:space", Sheet("<row r=\"1\"><c r=\"A1\" t=\"inlineStr\"><is><t xml:space=\"keep\">a</t></is></c></row>") },
        { "unsupported encoding", "<?xml version=\"1.0\" encoding=\"x-no-such\"?>" + Sheet("<row r=\"1\"><c r=\"A1\"><v>1</v></c></row>") },
        { "unclosed CDATA", $"<worksheet xmlns=\"{Main}\"><sheetData><row r=\"1\"><c r=\"A1\"><v><![CDATA[1" },
    };

    [Theory]
    [MemberData(nameof(Malformed))]
    public void MalformedXml_RefusedAsXmlReaderRefusesIt(string what, string xml)
    {
        Assert.False(string.IsNullOrEmpty(what));
        Assert.Equal("throws XmlException", BothOutcomes(Encoding.UTF8.GetBytes(xml), []));
    }

    [Theory]
    [InlineData(new byte[] { 0xFF })]
    [InlineData(new byte[] { 0xC3 })]
    [InlineData(new byte[] { 0xED, 0xA0, 0x80 })]
    [InlineData(new byte[] { 0xEF, 0xBF, 0xBF })]
    public void MalformedUtf8OrNonCharacter_Refused(byte[] bad)
    {
        // A lone 0xFF or lead byte, an encoded surrogate (ED A0 80) and U+FFFF (EF BF BF) are not XML text.
        var head = Encoding.UTF8.GetBytes(Sheet("<row r=\"1\"><c r=\"A1\" t=\"inlineStr\"><is><t>a").Replace("</sheetData></worksheet>", string.Empty, StringComparison.Ordinal));
        var tail = Encoding.UTF8.GetBytes("b</t></is></c></row></sheetData></worksheet>");

        Assert.Equal("throws XmlException", BothOutcomes([.. head, .. bad, .. tail], []));
    }

    [Fact]
    public void MalformedXmlAfterTheSheetData_NotRead()
    {
        // Reading stops at </sheetData>, as it did: what follows (even broken markup) is never looked at.
        Assert.Equal("1: 0=Double:1", BothOutcomes(Encoding.UTF8.GetBytes($"<worksheet xmlns=\"{Main}\"><sheetData><row r=\"1\"><c r=\"A1\"><v>1</v></c></row></sheetData><oops &bad; <"), []));
    }

    // ---- parity with the XmlReader path ----

    public static TheoryData<string> TextForms() => new()
    {
        "<row r=\"1\"><c r=\"A1\" t=\"inlineStr\"><is><t>&#32;</t></is></c></row>",
        "<row r=\"1\"><c r=\"A1\" t=\"inlineStr\"><is><t> <![CDATA[ ]]> </t></is></c></row>",
        "<row r=\"1\"><c r=\"A1\" t=\"inlineStr\"><is><t> <!-- c --> x</t></is></c></row>",
        "<row r=\"1\"><c r=\"A1\" t=\"inlineStr\"><is><t>x <!-- c --> </t></is></c></row>",
        "<row r=\"1\"><c r=\"A1\"><v> <!-- c -->1</v></c></row>",
        "<row r=\"1\" xml:space=\"preserve\"><c r=\"A1\" t=\"inlineStr\"><is><t> </t></is></c></row>",
        "<row r=\"1\"><c r=\"A1\" t=\"inlineStr\"><is><t>\t\r\n</t></is></c></row>",
        "<row r=\"1\"><c r=\"A1\" t=\"str\"><f>SUM(1,2)</f><v>3</v></c><c r=\"B1\" t=\"b\"><v>1</v></c><c r=\"C1\" t=\"e\"><v>#N/A</v></c><c r=\"D1\" t=\"d\"><v>2024-09-01T00:00:00</v></c><c r=\"E1\" s=\"2\"><v>45536</v></c></row>",
        "<row r=\"1\"/><row r=\"2\"><c r=\"A2\"/></row><row r=\"3\"><c r=\"A3\"><v>1</v></c>",
        "<row r=\"1\"><c r=\"A1\"><v>1</v></c></row><row r=\"1\"><c r=\"A1\"><v>2</v></c></row>",
        "<row r=\"1\"><c r=\"A1\" x:t=\"s\" xmlns:x=\"urn:x\"><v>7</v></c></row>",
        "<row r=\"5\" spans=\"1:2\" x14ac:dyDescent=\"0.25\" xmlns:x14ac=\"urn:x14ac\"><c r=\"A5\" s=\"1\"><v>0.95</v></c></row>",
        "<row r=\"1\"><c r=\"A1\"><is><t>no type</t></is><v>2</v></c></row>",
        "<row r=\"1\"><c r=\"A1\" t=\"inlineStr\"><v>from v</v></c></row>",
        "<row r=\"1\"><c r=\"A1\" t=\"s\"><v>0</v></c><c r=\"B1\" t=\"s\"><v> 1</v></c></row>",
        "<row r=\"1\"><c r=\"A1\"><v>1e3</v></c><c r=\"B1\"><v>-0</v></c><c r=\"C1\"><v>abc</v></c><c r=\"D1\"><v>NaN</v></c></row>",
        "<row r=\"1\"><c r=\"A1\"><v>&#x31;&#x32;</v></c><c r=\"B1\" t=\"inlineStr\"><is><t>_x000D_&#x1F600;_x005F_x0041_</t></is></c></row>",
        "<row r=\"1\"><c r=\"A1\"><extLst><ext><row r=\"9\"/></ext></extLst><v>1</v></c></row>",
    };

    [Theory]
    [MemberData(nameof(TextForms))]
    public void TextAndCellForms_SameAsXmlReader(string sheetData)
    {
        BothOutcomes(Encoding.UTF8.GetBytes(Sheet(sheetData)), ["s0", "s1"]);
    }

    [Fact]
    public void GeneratedSheetCrossingTheBufferEverywhere_SameAsXmlReader()
    {
        // 4 000 rows mixing every text form, ≈ 1 MB: tags, references, UTF-8 sequences, CR LF and CDATA
        // fall across the 64 KiB chunks at every offset.
        var random = new Random(12);
        string[] pieces = ["学校", "&amp;", "&#x4E2D;", "&#128512;", "😀", "a\r\nb", "<![CDATA[x&y]]>", "<!-- c -->", " ", "é", "_x0041_", "&lt;t&gt;"];
        var sb = new StringBuilder();
        for (var r = 1; r <= 4000; r++)
        {
            sb.Append(CultureInfo.InvariantCulture, $"<row r=\"{r}\" spans=\"1:{random.Next(1, 9)}\">");
            for (var c = 0; c < random.Next(1, 8); c++)
            {
                var a1 = TextNormalizer(c) + r.ToString(CultureInfo.InvariantCulture);
                if (random.Next(2) == 0)
                {
                    sb.Append(CultureInfo.InvariantCulture, $"<c r='{a1}' s=\"{random.Next(3)}\"><v>{random.Next(100000) / 7.0:R}</v></c>");
                }
                else
                {
                    sb.Append(CultureInfo.InvariantCulture, $"<c r=\"{a1}\" t=\"inlineStr\"><is><t>");
                    for (var k = random.Next(1, 6); k > 0; k--)
                    {
                        sb.Append(pieces[random.Next(pieces.Length)]);
                    }

                    sb.Append("</t></is></c>");
                }
            }

            sb.Append("</row>");
        }

        var xml = Encoding.UTF8.GetBytes(Sheet(sb.ToString()));
        Assert.True(xml.Length > 500_000);

        // A row whose strings are all whitespace (" " pieces only) keeps no cell, so a few of the 4 000 drop out.
        var outcome = BothOutcomes(xml, []);
        Assert.InRange(outcome.Split('\n').Length, 3900, 4000);
    }

    private static string TextNormalizer(int column) => Metrics.Excel.Schema.TextNormalizer.ColumnLetters(column);

    /// <summary>Every sheet and the shared strings of the sample workbooks: generated, template, committed test files.</summary>
    public static TheoryData<string> SampleWorkbooks()
    {
        var data = new TheoryData<string> { "generated:1", "generated:30", "generated:300", "template" };
        foreach (var path in Directory.EnumerateFiles(TestFiles.Dir(), "*.xlsx", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
        {
            data.Add(Path.GetRelativePath(TestFiles.Dir(), path));
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(SampleWorkbooks))]
    public void SampleWorkbook_SameRowsAndSharedStringsAsXmlReader(string source)
    {
        var bytes = source switch
        {
            "template" => Template(),
            _ when source.StartsWith("generated:", StringComparison.Ordinal) => new CountyWorkbookBuilder().With(CountyWorkbookBuilder.SampleSubmission(int.Parse(source[10..], CultureInfo.InvariantCulture))).Build(),
            _ => File.ReadAllBytes(Path.Combine(TestFiles.Dir(), source)),
        };
        var limits = ReaderLimits.Default with { MaxRowsPerSheet = 1_048_576 };
        var package = XlsxPackage.Open(bytes, limits, "file", out _);
        if (package is null)
        {
            // Not a workbook at all (the bad-file corpus): nothing of this reader's to compare.
            return;
        }

        using var zip = new ZipArchive(new MemoryStream(bytes, writable: false), ZipArchiveMode.Read);
        var sstEntry = zip.Entries.FirstOrDefault(e => e.FullName.EndsWith("sharedStrings.xml", StringComparison.OrdinalIgnoreCase));
        var sst = sstEntry is null ? [] : XmlReaderOracle.ReadSharedStrings(sstEntry.Open(), limits);
        Assert.Equal(sst, package.SharedStrings);

        Assert.NotEmpty(package.Sheets);
        foreach (var sheet in package.Sheets)
        {
            var product = Outcome(() => [.. package.ReadSheet(sheet, limits, out _).Rows]);
            var entry = zip.GetEntry(sheet.PartPath);
            var oracle = entry is null ? string.Empty : Outcome(() =>
            {
                var rows = new List<RawRow>();
                XmlReaderOracle.ReadRows(entry.Open(), rows, limits, sst, [.. package.Formats]);
                return rows;
            });
            Assert.Equal(oracle, product);
        }
    }

    private static byte[] Template()
    {
        using var ms = new MemoryStream();
        Metrics.Excel.Template.TemplateWriter.Write(ms, 2024, null);
        return ms.ToArray();
    }
}
