using Metrics.Core.Model;

namespace Metrics.Core.Rollup;

/// <summary>
/// Prefecture (地级市) subtotals of a rollup. A county's prefecture is the first four digits of its
/// six-digit division code followed by "00" (130102 → 130100).
/// </summary>
public static class Prefectures
{
    /// <summary>The prefecture code of a county code; the code itself when it is not six digits.</summary>
    public static string CodeOf(string countyCode)
    {
        ArgumentNullException.ThrowIfNull(countyCode);
        return countyCode.Length == 6 && countyCode.All(char.IsAsciiDigit) ? countyCode[..4] + "00" : countyCode;
    }

    /// <summary>One subtotal per prefecture present in <paramref name="rollup"/>, by code.</summary>
    public static IReadOnlyList<PrefectureSubtotal> Of(RollupResult rollup)
    {
        ArgumentNullException.ThrowIfNull(rollup);
        return
        [
            .. rollup.Rows
                .GroupBy(r => CodeOf(r.Code), StringComparer.Ordinal)
                .OrderBy(g => g.Key, StringComparer.Ordinal)
                .Select(g => new PrefectureSubtotal(
                    g.Key,
                    g.Count(),
                    g.Count(r => r.Card is not null),
                    g.Count(r => r.Card?.Overall == Status.Pass),
                    g.Count(r => r.Card?.Overall == Status.Fail),
                    g.Count(r => r.Card is null),
                    g.Sum(r => r.Card is { } c ? c.Primary.Pupils + c.Junior.Pupils : 0))),
        ];
    }
}

/// <summary>Counts of one prefecture's counties in a year's rollup.</summary>
/// <param name="Code">Prefecture code (county code's first four digits + "00").</param>
/// <param name="Counties">Counties due (scored or not).</param>
/// <param name="Scored">Counties with an accepted scorecard.</param>
/// <param name="Passing">Scored counties passing overall.</param>
/// <param name="Failing">Scored counties failing overall.</param>
/// <param name="NotScored">Counties missing, rejected or still processing.</param>
/// <param name="Pupils">Pupils of the scored counties' units, both levels.</param>
public sealed record PrefectureSubtotal(string Code, int Counties, int Scored, int Passing, int Failing, int NotScored, long Pupils);
