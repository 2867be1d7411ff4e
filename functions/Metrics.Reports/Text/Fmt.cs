using System.Globalization;
using System.Text;
using Metrics.Core.Catalog;
using Metrics.Core.Json;
using Metrics.Core.Model;
using Metrics.Core.Rollup;
using Metrics.Core.Scoring;

namespace Metrics.Reports.Text;

/// <summary>
/// Display conventions shared by every report: invariant numbers, the decimals of each kind of
/// number, bilingual names of statuses, levels and locations. The HTML and the workbooks use the
/// same rules so that a number reads the same in both.
/// </summary>
internal static class Fmt
{
    /// <summary>Shown for an undefined number (never "NaN", never 0).</summary>
    public const string Undefined = "—";

    // "F0" … "F9", so formatting a number does not first build its format string.
    private static readonly string[] FixedFormats = [.. Enumerable.Range(0, 10).Select(d => "F" + d.ToString(CultureInfo.InvariantCulture))];

    /// <summary>Digit group separator of GB/T 15835: a (no-break) space, e.g. 186 000.</summary>
    public const string GroupSeparator = "\u00A0";

    /// <summary>Decimals of a CV and the composite CV (method §3: display to 3 decimals).</summary>
    public const int CvDecimals = 3;

    /// <summary>Decimals of a CV threshold (0.50, 0.45, 0.65, 0.55 as the documents print them).</summary>
    public const int ThresholdDecimals = 2;

    /// <summary>Decimals of the equity measures (Gini, Theil, McLoone …).</summary>
    public const int EquityDecimals = 4;

    private static readonly NumberFormatInfo Grouped = CreateGrouped();

    /// <summary>Decimals of an indicator's values, mean and standard: 0 for 元, 4 for teachers per pupil, else 2.</summary>
    public static int ValueDecimals(string indicatorId)
    {
        if (!IndicatorCatalog.TryGet(indicatorId, out var ind))
        {
            return 2;
        }

        return ind.UnitEn switch
        {
            "yuan" => 0,
            "per pupil" => 4,
            _ => 2,
        };
    }

    /// <summary>Excel number format for an indicator's values, matching <see cref="ValueDecimals"/>.</summary>
    public static string ValueFormat(string indicatorId) => DecimalsFormat(ValueDecimals(indicatorId));

    /// <summary>Excel number format with a fixed number of decimals ("0", "0.00", "0.000" …).</summary>
    public static string DecimalsFormat(int decimals) => decimals == 0 ? "0" : "0." + new string('0', decimals);

    /// <summary>Fixed decimals, invariant; <see cref="Undefined"/> for null or non-finite; never "-0.000".</summary>
    public static string Number(double? value, int decimals)
    {
        if (value is not { } v || !double.IsFinite(v))
        {
            return Undefined;
        }

        if (decimals is >= 0 and < 10)
        {
            // The exact formatter below writes the same characters; "F" would run Dragon4 for every number.
            Span<byte> utf8 = stackalloc byte[MaxNumberBytes];
            return Encoding.ASCII.GetString(utf8[..FormatNumber(v, decimals, utf8)]);
        }

        var s = v.ToString("F" + decimals.ToString(CultureInfo.InvariantCulture), CultureInfo.InvariantCulture);
        return IsNegativeZero(s) ? s[1..] : s;
    }

    /// <summary>
    /// The characters of <see cref="Number"/> for a finite value, as UTF-8 into <paramref name="utf8"/>, which has room
    /// for any double (<see cref="MaxNumberBytes"/>); returns the count written.
    /// </summary>
    public static int FormatNumber(double value, int decimals, Span<byte> utf8)
    {
        if (TryFormatFixed(value, decimals, utf8) is var fast and > 0)
        {
            return fast;
        }

        if (!value.TryFormat(utf8, out var n, decimals is >= 0 and < 10 ? FixedFormats[decimals] : "F" + decimals.ToString(CultureInfo.InvariantCulture), CultureInfo.InvariantCulture))
        {
            throw new ArgumentException("The buffer is too small for the number.", nameof(utf8));
        }

        if (utf8[0] == (byte)'-' && utf8[1..n].IndexOfAnyExcept((byte)'0', (byte)'.') < 0)
        {
            utf8[1..n].CopyTo(utf8);
            n--;
        }

        return n;
    }

    /// <summary>
    /// <c>value.ToString("F" + decimals)</c> without a negative zero, for |value| · 10^decimals under 2⁵²; 0 when the
    /// value is out of that range (the caller formats it in general).
    /// </summary>
    /// <remarks>
    /// The general formatter rounds the exact binary value (1.005 is 1.00499999999999989…, so "1.00"), an exact
    /// half to even (0.125 → "0.12", 2.5 → "2"). Here the product a · 10^d is split exactly into its double p and the error e of
    /// that product (a fused multiply-add), so the exact fraction beyond the last digit is (p − ⌊p⌋) + e, whose
    /// side of ½ the sign of one rounded addition tells. The pages hold thousands of such numbers.
    /// </remarks>
    private static int TryFormatFixed(double value, int decimals, Span<byte> utf8)
    {
        if (decimals is < 0 or > 9)
        {
            return 0;
        }

        var scale = Pow10[decimals];
        var a = Math.Abs(value);
        var p = a * scale;
        if (!(p < 4.5e15))
        {
            return 0;
        }

        var error = Math.FusedMultiplyAdd(a, scale, -p);
        var whole = Math.Floor(p);
        var beyondHalf = (p - whole - 0.5) + error;
        var k = (long)whole;
        if (beyondHalf > 0 || (beyondHalf == 0 && (k & 1) == 1))
        {
            k++;
        }
        var n = 0;
        if (value < 0 && k != 0)
        {
            utf8[n++] = (byte)'-';
        }

        var unit = (long)scale;
        n += WriteDigits((ulong)(k / unit), utf8[n..]);
        if (decimals > 0)
        {
            utf8[n++] = (byte)'.';
            var frac = k % unit;
            for (var i = n + decimals - 1; i >= n; i--)
            {
                utf8[i] = (byte)('0' + (frac % 10));
                frac /= 10;
            }

            n += decimals;
        }

        return n;
    }

    private static readonly double[] Pow10 = [1, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9];

    /// <summary>Bytes that any finite double needs in <see cref="FormatNumber"/>, <see cref="FormatFull"/> or <see cref="FormatInteger"/> with up to 9 decimals.</summary>
    public const int MaxNumberBytes = 720;

    /// <summary>The characters of <see cref="Full"/> for a finite value, as UTF-8; returns the count written.</summary>
    public static int FormatFull(double value, Span<byte> utf8) =>
        value.TryFormat(utf8, out var n, "R", CultureInfo.InvariantCulture) ? n : throw new ArgumentException("The buffer is too small for the number.", nameof(utf8));

    /// <summary>The characters of <see cref="Integer"/>, as UTF-8; returns the count written.</summary>
    /// <remarks>
    /// "#,0" is a custom format, which the general formatter serves with Dragon4 (big-integer arithmetic) for every
    /// value. A rounded value under 10¹⁵ in size is an integer of at most 15 digits, all of which that format shows:
    /// its digits are written here in groups of three. Zero (whose sign the format may keep), larger values and
    /// non-finite ones go to the general formatter.
    /// </remarks>
    public static int FormatInteger(double value, Span<byte> utf8)
    {
        var r = Math.Round(value);
        if (!(Math.Abs(r) < 1e15) || r == 0)
        {
            return r.TryFormat(utf8, out var written, "#,0", Grouped) ? written : throw new ArgumentException("The buffer is too small for the number.", nameof(utf8));
        }

        var n = 0;
        if (r < 0)
        {
            utf8[n++] = (byte)'-';
        }

        var k = (ulong)Math.Abs(r);
        var digits = CountDigits(k);
        // Written from the last digit back; a group separator (U+00A0, two bytes) before every third digit from the right.
        var end = n + digits + ((digits - 1) / 3 * 2);
        var at = end;
        for (var d = 0; d < digits; d++)
        {
            if (d > 0 && d % 3 == 0)
            {
                utf8[--at] = 0xA0;
                utf8[--at] = 0xC2;
            }

            utf8[--at] = (byte)('0' + (k % 10));
            k /= 10;
        }

        return end;
    }

    /// <summary>The decimal digits of <paramref name="value"/>, no sign or separator; returns the count written.</summary>
    internal static int WriteDigits(ulong value, Span<byte> utf8)
    {
        var digits = CountDigits(value);
        for (var i = digits - 1; i > 0; i--)
        {
            utf8[i] = (byte)('0' + (value % 10));
            value /= 10;
        }

        utf8[0] = (byte)('0' + value);
        return digits;
    }

    private static int CountDigits(ulong value)
    {
        var digits = 1;
        while (value >= 10)
        {
            value /= 10;
            digits++;
        }

        return digits;
    }

    /// <summary>A signed change, e.g. "+0.012" or "−3"; zero without a sign.</summary>
    public static string Signed(double? value, int decimals)
    {
        var s = Number(value, decimals);
        return s != Undefined && value > 0 && s.AsSpan().IndexOfAnyExcept("0.") >= 0 ? "+" + s : s;
    }

    /// <summary>
    /// Whether a value misses its standard, with the scorer's relative tolerance (so 42 teachers for
    /// 1 000 pupils meets 4.2 per 100 despite binary floating point).
    /// </summary>
    public static bool BelowStandard(double value, double standard) => !Standard.Meets(value, standard);

    /// <summary>The smallest value that still meets <paramref name="standard"/>.</summary>
    public static double StandardFloor(double standard) => Standard.Floor(standard);

    /// <summary>Full precision, shortest round-trip form (what the JSON holds); empty for null.</summary>
    public static string Full(double? value) =>
        value is { } v && double.IsFinite(v) ? v.ToString("R", CultureInfo.InvariantCulture) : string.Empty;

    /// <summary>An integer with GB/T 15835 grouping: 186 000.</summary>
    public static string Integer(double value)
    {
        Span<byte> utf8 = stackalloc byte[MaxNumberBytes];
        return Encoding.UTF8.GetString(utf8[..FormatInteger(value, utf8)]);
    }

    /// <summary>A fraction as a percentage with one decimal: 0.965 → 96.5%.</summary>
    public static string Percent(double? value) =>
        value is { } v && double.IsFinite(v) ? Number(v * 100, 1) + "%" : Undefined;

    /// <summary>2024 → "2024–2025学年".</summary>
    public static string SchoolYearZh(int year) => Inv($"{year}–{year + 1}学年");

    /// <summary>2024 → "school year 2024–25".</summary>
    public static string SchoolYearEn(int year) => Inv($"school year {year}–{(year + 1) % 100:00}");

    /// <summary>An instant as UTC, e.g. "2025-03-01 08:30 UTC".</summary>
    public static string Utc(DateTimeOffset instant) =>
        instant.UtcDateTime.ToString("yyyy-MM-dd HH:mm 'UTC'", CultureInfo.InvariantCulture);

    public static (string Zh, string En) LevelName(Level level) => Names.Levels.Bilingual(level);

    public static (string Zh, string En) LocationName(Location location) => Names.Locations.Bilingual(location);

    public static (string Zh, string En) StatusName(Status? status) => status is { } s ? Names.Statuses.Bilingual(s) : ("—", "n/a");

    public static (string Zh, string En) StatusName(IndicatorStatus status) => Names.IndicatorStatuses.Bilingual(status);

    /// <summary>A status as a workbook cell shows it: "达标 pass", "未达标 fail", "未评估 not_assessed"; empty for null.</summary>
    public static string StatusText(Status? status) => status is { } s ? StatusName(s).Zh + " " + ScorecardJson.Name(s) : string.Empty;

    /// <summary>An indicator status as a workbook cell shows it; empty when the composite decides (JSON null).</summary>
    public static string StatusText(IndicatorResult r) =>
        ScorecardJson.StatusName(r) is null ? string.Empty : StatusName(r.Status).Zh + " " + ScorecardJson.Name(r.Status);

    /// <summary>CSS class / conditional-format key of a status: pass, fail, na.</summary>
    public static string StatusClass(Status? status) => status switch
    {
        Status.Pass => "pass",
        Status.Fail => "fail",
        _ => "na",
    };

    /// <summary>CSS class of an indicator status: pass, fail, na (undefined or not judged).</summary>
    public static string StatusClass(IndicatorStatus status) => status switch
    {
        IndicatorStatus.Pass => "pass",
        IndicatorStatus.Fail => "fail",
        _ => "na",
    };

    /// <summary>A level's composite status as the JSON contract writes it: "undefined" when the composite is undefined.</summary>
    public static string CompositeJsonName(LevelResult level) =>
        level.CompositeStatus is { } s ? ScorecardJson.Name(s) : level.Units > 0 ? "undefined" : string.Empty;

    /// <summary>A level's composite status as shown.</summary>
    public static (string Zh, string En) CompositeStatusName(LevelResult level) =>
        level.CompositeStatus is null && level.Units > 0 ? ("未定义", "Undefined") : StatusName(level.CompositeStatus);

    /// <summary>The JSON contract's name of a status (reusing <see cref="ScorecardJson.Name(Status)"/>); empty for null.</summary>
    public static string JsonName(Status? status) => status is { } s ? ScorecardJson.Name(s) : string.Empty;

    public static (string Zh, string En) DimensionName(Dimension dimension) => Names.Dimensions.Bilingual(dimension);

    /// <summary>Stable key of a dimension in JSON and data-key attributes.</summary>
    public static string DimensionKey(Dimension dimension) => Names.Dimensions.Key(dimension);

    /// <summary>Every dimension in display order.</summary>
    public static IReadOnlyList<Dimension> Dimensions { get; } = [.. Names.Dimensions.Rows.Select(r => r.Value)];

    /// <summary>Name of an id in <see cref="Overall.FailedChecks"/>: a check, a veto item or a level's resources.</summary>
    public static (string Zh, string En) OverallItemName(string id) => id switch
    {
        "resources_primary" => DimensionName(Dimension.ResourcesPrimary),
        "resources_junior" => DimensionName(Dimension.ResourcesJunior),
        _ => CheckCatalog.NameOf(id),
    };

    /// <summary>1 → ①, … 20 → ⑳; beyond that the plain number.</summary>
    public static string Circled(int oneBased) =>
        oneBased is >= 1 and <= 20 ? CircledNumbers[oneBased - 1] : oneBased.ToString(CultureInfo.InvariantCulture);

    // ① … ⑳ made once: every school's shortfalls and every chart caption name their indicator by one.
    private static readonly string[] CircledNumbers = [.. Enumerable.Range(0, 20).Select(k => ((char)('\u2460' + k)).ToString())];

    public static string Inv(FormattableString s) => s.ToString(CultureInfo.InvariantCulture);

    private static bool IsNegativeZero(string s) => s.StartsWith('-') && s.AsSpan(1).IndexOfAnyExcept("0.") < 0;

    private static NumberFormatInfo CreateGrouped()
    {
        var nfi = (NumberFormatInfo)CultureInfo.InvariantCulture.NumberFormat.Clone();
        nfi.NumberGroupSeparator = GroupSeparator;
        return NumberFormatInfo.ReadOnly(nfi);
    }
}
