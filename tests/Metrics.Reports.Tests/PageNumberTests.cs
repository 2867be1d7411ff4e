using System.Globalization;
using System.Text;
using Metrics.Reports.Html;
using Metrics.Reports.Text;

namespace Metrics.Reports.Tests;

/// <summary>
/// The HTML pages write numbers straight into their UTF-8 buffer; every such number must read exactly as the
/// string formatting it replaced, or the pages change.
/// </summary>
public class PageNumberTests
{
    [Theory]
    [InlineData(46.0, "46")]
    [InlineData(123.4567, "123.457")] // rounds half away at the 3rd decimal: .4567 → .457
    [InlineData(0.0005, "0")] // 0.0005 × 1000 is exactly 0.5 in doubles, which Math.Round takes to the even 0
    [InlineData(-12.3004, "-12.3")] // rounds to -12.300, trailing zeros dropped
    [InlineData(0.105, "0.105")] // a zero inside the decimals is kept
    [InlineData(-0.0001, "-0")] // rounds to -0, which the format writes with its sign
    [InlineData(2.5e9, "2500000000")] // beyond the exact path: the general formatter
    public void A_coordinate_reads_as_rounded_to_three_decimals(double value, string expected) =>
        Assert.Equal(expected, Coordinate(value));

    [Fact]
    public void A_coordinate_equals_the_general_format_over_every_magnitude_and_the_rounding_edges()
    {
        var random = new Random(12);
        var values = new List<double>
        {
            0, -0.0, 0.5, -0.5, 0.0005, -0.0005, 0.0015, 0.0025, 1.0005, 2.675, 1.0045, 0.9995, 9.9995, 999.9995, -999.9995,
            1e9 - 0.0005, 1e9, -1e9, 999_999_999.999, 1e-300, -1e-300, double.Epsilon, 5e-4, 4.9999999e-4, 1e15, 1e300,
            double.MaxValue, double.MinValue, double.NaN, double.PositiveInfinity, double.NegativeInfinity,
        };
        for (var i = 0; i < 100_000; i++)
        {
            var magnitude = Math.Pow(10, random.Next(-8, 13));
            var v = random.NextDouble() * magnitude * (random.Next(3) == 0 ? -1 : 1);
            values.Add(v);
            // Halves and near-halves at the 3rd decimal, where rounding is decided.
            var k = random.Next(-2_000_000, 2_000_000);
            values.Add((k + 0.5) / 1000);
            values.Add(BitConverter.Int64BitsToDouble(BitConverter.DoubleToInt64Bits((k + 0.5) / 1000) + random.Next(-2, 3)));
            values.Add(k / 1000.0);
            // What the charts compute: offsets plus scaled fractions.
            values.Add(46 + 300.0 * random.Next(0, 50_000) / random.Next(1, 50_000));
        }

        foreach (var v in values)
        {
            var expected = Math.Round(v, 3).ToString("0.###", CultureInfo.InvariantCulture);
            Assert.True(expected == Coordinate(v), FormattableString.Invariant($"{v:R}: expected {expected}, wrote {Coordinate(v)}"));
        }
    }

    [Theory]
    [InlineData(1.005, 2, "1.00")] // the double is 1.00499999999999989…, below the half
    [InlineData(2.675, 2, "2.67")] // 2.67499999999999982…
    [InlineData(0.125, 2, "0.12")] // an exact half (1/8) goes to the even digit 2
    [InlineData(0.375, 2, "0.38")] // an exact half (3/8) goes to the even digit 8
    [InlineData(2.5, 0, "2")]
    [InlineData(-0.0004, 3, "0.000")] // rounds to zero: no sign
    [InlineData(-1234.5678, 2, "-1234.57")]
    [InlineData(186000, 0, "186000")]
    [InlineData(0.07, 4, "0.0700")]
    public void A_number_is_written_with_fixed_decimals(double value, int decimals, string expected) =>
        Assert.Equal(expected, Written(p => p.AppendNumber(value, decimals)));

    [Fact]
    public void A_number_written_into_the_page_equals_its_string_form()
    {
        var random = new Random(5);
        var values = new List<double> { 0, -0.0, -0.0004, -0.00001, 0.5, 1.005, 2.675, -2.5, 1e15, -1e300, double.MaxValue, 186000, -1234567.5 };
        for (var i = 0; i < 20_000; i++)
        {
            var v = random.NextDouble() * Math.Pow(10, random.Next(-6, 16)) * (random.Next(4) == 0 ? -1 : 1);
            values.Add(v);
            values.Add(Math.Round(v, random.Next(0, 5)));
            // Exact halves at some decimal (odd multiples of 2⁻ᵐ, e.g. 0.125, 2.5, 0.0625), where the tie rule decides;
            // and the doubles next to decimal halves (1.005 is 1.00499999999999989…).
            var half = (2.0 * random.Next(-100_000, 100_000) + 1) / (1 << random.Next(1, 12));
            values.Add(half);
            var decimalHalf = (random.Next(-1_000_000, 1_000_000) + 0.5) / Math.Pow(10, random.Next(0, 5));
            values.Add(decimalHalf);
            values.Add(Math.BitIncrement(decimalHalf));
            values.Add(Math.BitDecrement(decimalHalf));
        }

        values.AddRange([0.125, 0.375, 2.5, 0.5, 1.5, -2.5, 0.0625, 1.005, 2.675, 4.5e15 / 1e4, 4.4999e15, 9.9995, 99.995, 0.9999999]);
        var failures = new List<string>();
        foreach (var v in values)
        {
            for (var d = 0; d <= 4; d++)
            {
                var expected = Fmt.Number(v, d);
                var written = Written(p => p.AppendNumber(v, d));
                if (expected != written)
                {
                    failures.Add(FormattableString.Invariant($"{v:R} to {d} decimals: expected {expected}, wrote {written}"));
                }
            }

            Assert.Equal(Fmt.Full(v), Written(p => p.AppendFull(v)));
            Assert.Equal(Fmt.Integer(v), Written(p => p.AppendInteger(v)));
            Assert.Equal(Fmt.Percent(v), Written(p => p.AppendPercent(v)));
        }

        Assert.True(failures.Count == 0, failures.Count + " differ: " + string.Join("; ", failures.Take(20)));

        // Undefined numbers: the dash, and no data-value.
        Assert.Equal("—", Written(p => p.AppendNumber(null, 2)));
        Assert.Equal("—", Written(p => p.AppendNumber(double.NaN, 2)));
        Assert.Equal(string.Empty, Written(p => p.AppendFull(null)));
        Assert.Equal(string.Empty, Written(p => p.AppendFull(double.PositiveInfinity)));
        Assert.Equal("—", Written(p => p.AppendPercent(null)));
        Assert.Equal("96.5%", Written(p => p.AppendPercent(0.965))); // 96.5 to one decimal
    }

    [Theory]
    [InlineData(186000.0, "186\u00A0000")] // a group separator (no-break space) before every third digit from the right
    [InlineData(-1234567.5, "-1\u00A0234\u00A0568")] // rounds half to even: -1234567.5 → -1234568
    [InlineData(999.5, "1\u00A0000")] // 999.5 → 1000 (to even), now four digits
    [InlineData(2.5, "2")] // half to even
    [InlineData(999_999_999_999_999.0, "999\u00A0999\u00A0999\u00A0999\u00A0999")] // the largest 15-digit integer, the last one written exactly here
    public void An_integer_is_grouped_by_threes(double value, string expected)
    {
        Assert.Equal(expected, Fmt.Integer(value));
        Assert.Equal(expected, Written(p => p.AppendInteger(value)));
    }

    [Fact]
    public void Numbers_equal_the_general_formats_they_replace()
    {
        // Fmt.Number was v.ToString("F" + d) without a negative zero, Fmt.Integer Math.Round(v).ToString("#,0") with a
        // no-break space between groups: both now write digits themselves and must not change a character.
        var grouped = (NumberFormatInfo)CultureInfo.InvariantCulture.NumberFormat.Clone();
        grouped.NumberGroupSeparator = "\u00A0";
        var random = new Random(7);
        var values = new List<double>
        {
            0, -0.0, -0.4, 0.4, -0.5, 0.5, 1.5, -1.5, 2.5, 1.005, 2.675, 0.125, 9.9995, 99.995, 999.5, 1e15 - 1, 1e15 - 0.5, 1e15, -1e15,
            999_999_999_999_999.4, 4.4999e15, 4.5e15, 1e16, 1e300, -1e300, double.MaxValue, double.MinValue, double.Epsilon, -double.Epsilon,
            double.NaN, double.PositiveInfinity, double.NegativeInfinity,
        };
        for (var i = 0; i < 30_000; i++)
        {
            var v = random.NextDouble() * Math.Pow(10, random.Next(-8, 17)) * (random.Next(3) == 0 ? -1 : 1);
            values.Add(v);
            values.Add(Math.Round(v));
            values.Add(Math.Round(v) + 0.5);
            values.Add(Math.BitIncrement(Math.Round(v) + 0.5));
            values.Add(Math.BitDecrement(Math.Round(v) + 0.5));
            var decimalHalf = (random.Next(-1_000_000, 1_000_000) + 0.5) / Math.Pow(10, random.Next(0, 10));
            values.Add(decimalHalf);
            values.Add(Math.BitIncrement(decimalHalf));
            values.Add(Math.BitDecrement(decimalHalf));
        }

        var failures = new List<string>();
        foreach (var v in values)
        {
            var integer = Math.Round(v).ToString("#,0", grouped);
            if (integer != Fmt.Integer(v))
            {
                failures.Add(FormattableString.Invariant($"{v:R} as an integer: expected {integer}, wrote {Fmt.Integer(v)}"));
            }

            for (var d = 0; d <= 9; d++)
            {
                if (!double.IsFinite(v))
                {
                    continue;
                }

                var general = v.ToString("F" + d.ToString(CultureInfo.InvariantCulture), CultureInfo.InvariantCulture);
                var expected = general.StartsWith('-') && general.AsSpan(1).IndexOfAnyExcept("0.") < 0 ? general[1..] : general;
                if (expected != Fmt.Number(v, d))
                {
                    failures.Add(FormattableString.Invariant($"{v:R} to {d} decimals: expected {expected}, wrote {Fmt.Number(v, d)}"));
                }
            }
        }

        Assert.True(failures.Count == 0, failures.Count + " differ: " + string.Join("; ", failures.Take(20)));
    }

    [Fact]
    public void Escaped_text_in_the_page_equals_the_escaped_string()
    {
        // A surrogate pair (𠀀, U+20000) next to escaped characters, a lone surrogate and the controls.
        string[] texts = ["城关第一小学", "<a href=\"x\" title='y'>&\u0001", "\uD840\uDC00&\uD840\uDC00", "a\uD800b", "\t\n\r\u007F\u001F", string.Empty];
        foreach (var text in texts)
        {
            Assert.Equal(Encoding.UTF8.GetBytes(Markup.Escape(text)), WrittenBytes(p => Markup.AppendEscaped(p, text)));
        }
    }

    private static string Coordinate(double v) => Written(p => p.AppendCoordinate(v));

    private static string Written(Action<PageWriter> write) => Encoding.UTF8.GetString(WrittenBytes(write));

    private static byte[] WrittenBytes(Action<PageWriter> write)
    {
        using var page = new PageWriter(16);
        write(page);
        return page.ToArray();
    }
}
