using System.IO.Compression;
using System.Text;
using Metrics.Reports.Excel;

namespace Metrics.Reports.Tests.Excel;

/// <summary>
/// The pieces that make the workbooks cheap (a pooled output stream, cells in pooled slabs, integer
/// cells, remembered texts and restyles) must not change what is written.
/// </summary>
public class XlsxWriterTests
{
    [Fact]
    public void A_zip_on_the_pooled_stream_is_the_zip_on_a_MemoryStream_byte_for_byte()
    {
        // Two entries of 300 000 bytes each (past the first 64 KiB rented, so the buffer grows), with a
        // fixed time so both archives are comparable. The zip writer seeks back to fill in each
        // entry's sizes and CRC; a stream it could not seek would give data descriptors instead.
        var random = new Random(5);
        var payload = new byte[300_000];
        random.NextBytes(payload.AsSpan(0, 150_000)); // half incompressible, half zeros

        byte[] Zip(Stream stream)
        {
            using (var zip = new ZipArchive(stream, ZipArchiveMode.Create, leaveOpen: true))
            {
                foreach (var name in new[] { "a.bin", "b.bin" })
                {
                    var entry = zip.CreateEntry(name, CompressionLevel.Fastest);
                    entry.LastWriteTime = new DateTimeOffset(2024, 9, 1, 0, 0, 0, TimeSpan.Zero);
                    using var s = entry.Open();
                    s.Write(payload);
                }
            }

            return stream is OutputBuffer pooled ? pooled.ToArray() : ((MemoryStream)stream).ToArray();
        }

        using var memory = new MemoryStream();
        using var pooled = new OutputBuffer(1024);
        var expected = Zip(memory);
        var actual = Zip(pooled);

        Assert.True(expected.Length > 150_000); // the random half does not compress
        Assert.Equal(expected, actual);
    }

    [Fact]
    public void Writing_after_a_seek_past_the_end_leaves_zeros_between_as_a_MemoryStream_does()
    {
        using var s = new OutputBuffer(16);
        s.Write([1, 2, 3]);
        s.Seek(6, SeekOrigin.Begin);
        s.Write([9]);
        s.Position = 1;
        s.Write([7]);

        // 1 7 3 then positions 3..5 never written (0), then 9 at 6: seven bytes.
        Assert.Equal(new byte[] { 1, 7, 3, 0, 0, 0, 9 }, s.ToArray());
        Assert.Equal(7, s.Length);
    }

    [Theory]
    [InlineData(3.0, true)]
    [InlineData(-2147483648.0, true)] // int.MinValue
    [InlineData(2147483647.0, true)] // int.MaxValue
    [InlineData(2147483648.0, false)] // one past: a double cell
    [InlineData(0.0, true)]
    [InlineData(-0.0, false)] // "-0" as a double, "0" as an int: stays a double
    [InlineData(2.5, false)]
    [InlineData(1e-300, false)]
    public void Only_whole_numbers_in_Int32_range_are_written_as_integers(double value, bool integer) =>
        Assert.Equal(integer, SheetWriter.IsInt32(value));

    [Fact]
    public void Numbers_are_written_with_the_shortest_digits_whether_integer_or_not()
    {
        var wb = new XlsxWorkbook();
        var s = new SheetWriter(wb, "n");
        double[] values = [3, -0.0, 2147483648, 0.1, 1234567, 1e15, -7];
        for (var i = 0; i < values.Length; i++)
        {
            s.Number(i + 1, 1, values[i], "0");
        }

        var xml = SheetXml(wb.ToBytes(), 1);

        // As the double formatter writes each (shortest round-trip digits; 1e15 in full), integer cells or not.
        Assert.Equal(["3", "-0", "2147483648", "0.1", "1234567", "1000000000000000", "-7"], Values(xml));
    }

    [Fact]
    public void The_same_string_again_in_a_column_is_cleaned_and_measured_like_the_first()
    {
        var wb = new XlsxWorkbook();
        var s = new SheetWriter(wb, "t");
        var bad = "a\u0001b"; // a control character XML cannot carry
        s.Text(1, 1, bad);
        s.Text(2, 1, bad);
        s.Text(3, 1, "x");
        s.Text(4, 1, bad);

        Assert.Equal("a\uFFFDb", s.TextAt(1, 1));
        Assert.Equal("a\uFFFDb", s.TextAt(2, 1));
        Assert.Equal("a\uFFFDb", s.TextAt(4, 1));
        s.Finish(0, 0);
        var xml = SheetXml(wb.ToBytes(), 1);

        // Width: 3 characters + 2, clamped to the minimum 6, plus the 0.7109375 padding.
        Assert.Contains("width=\"6.7109375\"", xml, StringComparison.Ordinal);
        Assert.Equal(3, CountOf(xml, "a\uFFFDb"));
    }

    [Theory]
    [InlineData("县（市、区）代码 county", "县（市、区）代码 county")] // full-width brackets (past U+D7FF) are fine
    [InlineData("学校\uFFFE名", "学校\uFFFD名")] // a non-character after CJK
    [InlineData("𠮷校", "𠮷校")] // a pair first
    [InlineData("a\tb\r\nc", "a\tb\r\nc")]
    [InlineData("ok\u001F", "ok\uFFFD")]
    [InlineData("", "")]
    public void Clean_finds_what_XML_cannot_carry_anywhere_after_the_plain_part(string text, string expected) =>
        Assert.Equal(expected, SheetWriter.Clean(text));

    [Fact]
    public void Clean_replaces_a_lone_surrogate_after_CJK()
    {
        // Built at run time: an attribute's string cannot hold a lone surrogate.
        Assert.Equal("中\uFFFD", SheetWriter.Clean("中" + (char)0xDC00));
        Assert.Equal("中\uFFFDx", SheetWriter.Clean("中" + (char)0xD800 + "x"));
    }

    [Fact]
    public void Restyles_remembered_per_style_give_each_cell_its_own_look()
    {
        // Same change from different styles, and different changes from the same style.
        var wb = new XlsxWorkbook();
        var s = new SheetWriter(wb, "r");
        s.Text(1, 1, "a").Colour(Tone.Fail);
        s.Text(1, 2, "b").Bold().Colour(Tone.Fail);
        s.Text(1, 3, "c").Colour(Tone.Pass);
        s.Text(1, 4, "d").Colour(Tone.None);
        s.Text(1, 5, "e").Colour(Tone.Fail);

        var bytes = wb.ToBytes();
        var xml = SheetXml(bytes, 1);
        var styles = Part(bytes, "xl/styles.xml");

        // a and e share a look; b (bold too) and c (green) each have another; d keeps the default.
        var ids = StyleIds(xml);
        Assert.Equal(5, ids.Count);
        Assert.Equal(ids[0], ids[4]);
        Assert.NotEqual(ids[0], ids[1]);
        Assert.NotEqual(ids[0], ids[2]);
        Assert.NotEqual(ids[1], ids[2]);
        Assert.Null(ids[3]);
        Assert.Contains("FDE4E2", styles, StringComparison.Ordinal); // the fail fill
        Assert.Contains("DCF1E2", styles, StringComparison.Ordinal); // the pass fill
    }

    [Fact]
    public void A_workbook_is_written_once()
    {
        var wb = new XlsxWorkbook();
        new SheetWriter(wb, "x").Text(1, 1, "a");
        wb.ToBytes();

        Assert.Throws<InvalidOperationException>(() => wb.ToBytes());
    }

    [Fact]
    public void Rows_wider_than_those_before_and_cells_written_out_of_order_keep_every_value()
    {
        // Row 1 narrow, row 3 written before row 2, row 2 widened after its first cells: the runs move
        // within and across slabs (5 000 rows × 9 columns is more than one slab of 2 048 entries).
        var wb = new XlsxWorkbook();
        var s = new SheetWriter(wb, "w");
        for (var r = 5000; r >= 1; r--)
        {
            s.Number(r, 1, r, "0");
            if (r % 7 == 0)
            {
                s.Number(r, 9, r * 2, "0");
            }
        }

        for (var r = 1; r <= 5000; r++)
        {
            Assert.Equal(r, s.NumberAt(r, 1));
            Assert.Equal(r % 7 == 0 ? r * 2 : null, s.NumberAt(r, 9));
        }

        var values = Values(SheetXml(wb.ToBytes(), 1));

        // 5 000 first-column values and 714 ninth-column ones (⌊5000/7⌋), in row order: row 7 is "7", "14".
        Assert.Equal(5000 + 714, values.Count);
        Assert.Equal(["1", "2", "3", "4", "5", "6", "7", "14", "8"], values.Take(9));
    }

    private static string Part(byte[] xlsx, string name)
    {
        using var zip = new ZipArchive(new MemoryStream(xlsx), ZipArchiveMode.Read);
        using var reader = new StreamReader(zip.GetEntry(name)!.Open(), Encoding.UTF8);
        return reader.ReadToEnd();
    }

    private static string SheetXml(byte[] xlsx, int sheet) => Part(xlsx, $"xl/worksheets/sheet{sheet}.xml");

    private static List<string> Values(string xml) =>
        [.. System.Text.RegularExpressions.Regex.Matches(xml, "<v>([^<]*)</v>").Select(m => m.Groups[1].Value)];

    private static List<string?> StyleIds(string xml) =>
        [.. System.Text.RegularExpressions.Regex.Matches(xml, "<c\\b([^>]*)>").Select(m => System.Text.RegularExpressions.Regex.Match(m.Groups[1].Value, "\\bs=\"(\\d+)\"") is { Success: true } id ? id.Groups[1].Value : null)];

    private static int CountOf(string text, string what)
    {
        var n = 0;
        for (var i = text.IndexOf(what, StringComparison.Ordinal); i >= 0; i = text.IndexOf(what, i + what.Length, StringComparison.Ordinal))
        {
            n++;
        }

        return n;
    }
}
