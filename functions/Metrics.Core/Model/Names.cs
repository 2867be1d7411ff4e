using System.Collections.Frozen;
using Metrics.Core.Rollup;
using Metrics.Core.Scoring;

namespace Metrics.Core.Model;

/// <summary>One value of an enum with its wire key (JSON, CSS, data keys) and its Chinese and English names.</summary>
public sealed record EnumName<T>(T Value, string Key, string Zh, string En)
    where T : struct, Enum;

/// <summary>
/// The one table between an enum and its names. Every value must have exactly one row (the
/// constructor checks), so adding an enum value without its names fails at start-up and in the
/// tests rather than falling into a switch's default arm.
/// </summary>
public sealed class EnumNames<T>
    where T : struct, Enum
{
    private readonly FrozenDictionary<T, EnumName<T>> byValue;

    public EnumNames(params EnumName<T>[] rows)
    {
        var missing = Enum.GetValues<T>().Where(v => !rows.Any(r => r.Value.Equals(v))).ToArray();
        if (missing.Length > 0 || rows.Select(r => r.Value).Distinct().Count() != rows.Length)
        {
            throw new InvalidOperationException($"{typeof(T).Name} names must have one row per value; missing: {string.Join(", ", missing)}.");
        }

        Rows = rows;
        byValue = rows.ToFrozenDictionary(r => r.Value);
    }

    /// <summary>Every value in declaration order of the table.</summary>
    public IReadOnlyList<EnumName<T>> Rows { get; }

    public EnumName<T> this[T value] => byValue[value];

    public string Key(T value) => byValue[value].Key;

    public string Zh(T value) => byValue[value].Zh;

    public string En(T value) => byValue[value].En;

    public (string Zh, string En) Bilingual(T value) => (byValue[value].Zh, byValue[value].En);

    /// <summary>The value whose wire key is <paramref name="key"/> (ordinal); false for any other text.</summary>
    public bool TryParse(string? key, out T value)
    {
        foreach (var row in Rows)
        {
            if (string.Equals(row.Key, key, StringComparison.Ordinal))
            {
                value = row.Value;
                return true;
            }
        }

        value = default;
        return false;
    }
}

/// <summary>The names of the domain's enums, each declared once.</summary>
public static class Names
{
    public static EnumNames<Level> Levels { get; } = new(
        new(Level.Primary, "primary", "小学", "Primary"),
        new(Level.Junior, "junior", "初中", "Junior"));

    public static EnumNames<Location> Locations { get; } = new(
        new(Location.Urban, "urban", "城区", "urban"),
        new(Location.Town, "town", "镇区", "town"),
        new(Location.Rural, "rural", "乡村", "rural"));

    public static EnumNames<Ownership> Ownerships { get; } = new(
        new(Ownership.Public, "public", "公办", "public"),
        new(Ownership.Private, "private", "民办", "private"));

    public static EnumNames<PairingScope> PairingScopes { get; } = new(
        new(PairingScope.WithinCounty, "within_county", "县域内", "within the county"),
        new(PairingScope.WithinCity, "within_city", "市域内", "within the city"),
        new(PairingScope.WithinProvince, "within_province", "省域内", "within the province"));

    public static EnumNames<SchoolType> SchoolTypes { get; } = new(
        new(SchoolType.Primary, "primary", "小学", "primary school"),
        new(SchoolType.Junior, "junior", "初中", "junior secondary school"),
        new(SchoolType.NineYear, "nine_year", "九年一贯制", "nine-year school"),
        new(SchoolType.TwelveYear, "twelve_year", "十二年一贯制", "twelve-year school"),
        new(SchoolType.Complete, "complete", "完全中学", "complete secondary school"),
        new(SchoolType.TeachingPoint, "teaching_point", "教学点", "teaching point"),
        new(SchoolType.SpecialEducation, "special_education", "特殊教育学校", "special-education school"),
        new(SchoolType.Vocational, "vocational", "职业学校", "vocational school"));

    /// <summary>The outcome of a rule; the key is the JSON contract's spelling.</summary>
    public static EnumNames<Status> Statuses { get; } = new(
        new(Status.Pass, "pass", "达标", "Pass"),
        new(Status.Fail, "fail", "未达标", "Fail"),
        new(Status.NotAssessed, "not_assessed", "未评估", "Not assessed"),
        new(Status.NotApplicable, "not_applicable", "不适用", "Not applicable"));

    /// <summary>The status of an indicator's CV; <see cref="IndicatorStatus.NotJudged"/> is written as JSON null.</summary>
    public static EnumNames<IndicatorStatus> IndicatorStatuses { get; } = new(
        new(IndicatorStatus.Pass, "pass", "达标", "Pass"),
        new(IndicatorStatus.Fail, "fail", "未达标", "Fail"),
        new(IndicatorStatus.Undefined, "undefined", "未定义", "Undefined"),
        new(IndicatorStatus.NotJudged, "not_judged", "由综合判定", "by composite"));

    /// <summary>The rollup's dimensions in display order; the key is the rollup contract's spelling.</summary>
    public static EnumNames<Dimension> Dimensions { get; } = new(
        new(Dimension.ResourcesPrimary, "resourcesPrimary", "小学资源配置", "Primary resources"),
        new(Dimension.ResourcesJunior, "resourcesJunior", "初中资源配置", "Junior resources"),
        new(Dimension.Checks, "checks", "政府保障、教育质量与社会认可", "Guarantee, quality and recognition checks"),
        new(Dimension.Vetoes, "vetoes", "一票否决项", "Veto items"));

    /// <summary>Where a county stands in a year's rollup (processing, rejected, missing: why it has no scorecard).</summary>
    public static EnumNames<CountyState> CountyStates { get; } = new(
        new(CountyState.Scored, "scored", "已评分", "scored"),
        new(CountyState.Processing, "processing", "处理中", "processing"),
        new(CountyState.Rejected, "rejected", "未通过校验", "rejected"),
        new(CountyState.Missing, "missing", "缺报", "missing"));
}
