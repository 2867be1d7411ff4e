using Metrics.Reports.Excel;

namespace Metrics.Reports.Tests.Excel;

/// <summary>
/// Column widths are written into every sheet, so the counted width of a number must equal the width
/// of the number formatted, for every value and format the reports use, or the workbooks change.
/// </summary>
public class NumberWidthTests
{
    private static readonly string[] ReportFormats = ["#,##0", "#,##0.##", "#,##0.###", "0", "0.0%", "0.00", "0.000", "0.0000", "%"];

    [Theory]
    [InlineData(1234.5, "#,##0", 5)] // "1,235": four digits and one separator
    [InlineData(-1234567.0, "#,##0", 10)] // "-1,234,567"
    [InlineData(0.12345, "0.000", 5)] // "0.123"
    [InlineData(9.9996, "0.000", 6)] // rounds into "10.000"
    [InlineData(0.9635, "0.0%", 7)] // "0.96" (two places: the format's "0%" counts), then "00%" for the percentage
    [InlineData(-0.0004, "0.000", 6)] // "-0.000": formatted, a negative rounding to zero keeps its sign
    public void A_number_is_as_wide_as_it_is_shown(double value, string format, int width) =>
        Assert.Equal(width, SheetWriter.NumberWidth(value, format));

    [Fact]
    public void Counting_equals_formatting_over_every_magnitude_and_the_rounding_edges()
    {
        var random = new Random(12);
        var values = new List<double> { 0, -0.0, 0.5, 0.95, 0.995, 0.9995, 9.5, 9.95, 99.995, 999.5, 999.9995, 1e14, 9.999999e14, 1e15, -1, -0.5, -9.9996 };
        for (var i = 0; i < 20_000; i++)
        {
            var magnitude = Math.Pow(10, random.Next(-6, 16));
            var v = random.NextDouble() * magnitude * (random.Next(4) == 0 ? -1 : 1);
            values.Add(v);
            values.Add(Math.Round(v, random.Next(0, 5)));
            values.Add(Math.Pow(10, random.Next(0, 15)) - Math.Pow(10, -random.Next(0, 7)) * random.NextDouble());
        }

        var counted = 0;
        foreach (var format in ReportFormats)
        {
            var dot = format.IndexOf('.', StringComparison.Ordinal);
            var decimals = dot >= 0 ? format.Length - dot - 1 : 0;
            var grouped = format.Contains(',', StringComparison.Ordinal);
            foreach (var v in values)
            {
                var formatted = SheetWriter.FormattedWidth(v, decimals, grouped);
                if (SheetWriter.CountedWidth(v, grouped ? 0 : decimals, grouped) is { } c)
                {
                    counted++;
                    Assert.True(c == formatted, FormattableString.Invariant($"{v:R} as {format}: counted {c}, formatted {formatted}"));
                }
            }
        }

        // Most values are counted, not formatted (the rest are the negatives under 1 and the values next to a
        // power of ten, which this set has far more of than a report): the shortcut is what the writer uses.
        Assert.True(counted > ReportFormats.Length * values.Count * 2 / 3, FormattableString.Invariant($"only {counted} counted"));
    }
}
