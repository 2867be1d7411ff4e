using System.Collections.Frozen;
using Metrics.Core.Scoring;

namespace Metrics.Core.Catalog;

/// <summary>How a shortfall is expressed: the natural unit of the resource behind an indicator.</summary>
/// <param name="Zh">Unit in Chinese, e.g. 名 or 平方米.</param>
/// <param name="En">Unit in English, e.g. "teachers" or "m²".</param>
/// <param name="NounZh">What is short, in Chinese (e.g. 骨干教师).</param>
/// <param name="NounEn">What is short, in English (e.g. "key teachers").</param>
public sealed record ResourceUnit(string Zh, string En, string NounZh, string NounEn);

/// <summary>
/// One resource indicator of DOMAIN.md §2. The value of a unit is
/// <c>Scale × resource / pupils</c> (Scale = 100 for "per 100 pupils").
/// </summary>
public sealed record Indicator(
    string Id,
    string NameZh,
    string NameEn,
    string UnitZh,
    string UnitEn,
    double Scale,
    ResourceUnit Resource,
    Func<EvaluationUnit, double> ResourceOf)
{
    /// <summary>The unit's value of this indicator; pupils must be &gt; 0.</summary>
    public double ValueOf(EvaluationUnit unit) => Scale * ResourceOf(unit) / unit.Pupils;

    /// <summary>
    /// What the unit would need to add to reach <paramref name="standard"/>, in natural units,
    /// rounded up to a whole number (whole teachers, rooms, m², 元); 0 when the standard is met.
    /// </summary>
    public double ShortfallOf(EvaluationUnit unit, double standard)
    {
        var needed = standard * unit.Pupils / Scale - ResourceOf(unit);
        // A tiny negative or positive residue from floating point must not ask for one more teacher.
        return needed <= 1e-9 ? 0 : Math.Ceiling(needed - 1e-9);
    }
}

/// <summary>The single catalog of indicators, looked up by stable id.</summary>
public static class IndicatorCatalog
{
    private static readonly ResourceUnit Teachers = new("名", "teachers", "高于规定学历教师", "qualified teachers");

    /// <summary>Every indicator, in the order of DOMAIN.md §2.</summary>
    public static IReadOnlyList<Indicator> All { get; } =
    [
        new("qualified_teachers_per100", "每百名学生拥有高于规定学历教师数", "Teachers above the required qualification per 100 pupils",
            "人/百生", "per 100 pupils", 100, Teachers, u => u.Staff.Qualified),
        new("key_teachers_per100", "每百名学生拥有县级及以上骨干教师数", "County-level or higher key teachers per 100 pupils",
            "人/百生", "per 100 pupils", 100, new("名", "teachers", "骨干教师", "key teachers"), u => u.Staff.Key),
        new("pe_art_teachers_per100", "每百名学生拥有体育、艺术(音乐、美术)专任教师数", "PE and art (music, fine art) teachers per 100 pupils",
            "人/百生", "per 100 pupils", 100, new("名", "teachers", "体育艺术专任教师", "PE/art teachers"), u => u.Staff.PeArt),
        new("teaching_space_per_pupil", "生均教学及辅助用房面积", "Teaching and auxiliary space per pupil",
            "平方米", "m²", 1, new("平方米", "m²", "教学及辅助用房", "teaching space"), u => u.Share * u.School.TeachingSpaceM2),
        new("sports_space_per_pupil", "生均体育运动场馆面积", "Sports ground and gym area per pupil",
            "平方米", "m²", 1, new("平方米", "m²", "体育运动场馆", "sports space"), u => u.Share * u.School.SportsSpaceM2),
        new("equipment_value_per_pupil", "生均教学仪器设备值", "Teaching equipment value per pupil",
            "元", "yuan", 1, new("元", "yuan", "教学仪器设备", "equipment"), u => u.Share * u.School.EquipmentValueYuan),
        new("multimedia_rooms_per100", "每百名学生拥有网络多媒体教室数", "Networked multimedia classrooms per 100 pupils",
            "间/百生", "per 100 pupils", 100, new("间", "rooms", "网络多媒体教室", "multimedia classrooms"), u => u.Share * u.School.MultimediaRooms),
        new("computers_per100", "每百名学生拥有计算机台数", "Computers per 100 pupils",
            "台/百生", "per 100 pupils", 100, new("台", "computers", "计算机", "computers"), u => u.Share * u.School.Computers),
        new("books_per_pupil", "生均图书册数", "Library books per pupil",
            "册", "books", 1, new("册", "books", "图书", "books"), u => u.Share * u.School.Books),
        new("teachers_per_pupil", "师生比", "Full-time teachers per pupil",
            "人/生", "per pupil", 1, new("名", "teachers", "专任教师", "full-time teachers"), u => u.Staff.Teachers),
        new("qualified_teachers_per_pupil", "生均高于规定学历教师数", "Teachers above the required qualification per pupil",
            "人/生", "per pupil", 1, Teachers, u => u.Staff.Qualified),
        new("senior_title_teachers_per_pupil", "生均中级及以上专业技术职务教师数", "Teachers with intermediate or higher titles per pupil",
            "人/生", "per pupil", 1, new("名", "teachers", "中级及以上职称教师", "teachers with intermediate+ titles"), u => u.Staff.SeniorTitle),
    ];

    private static readonly FrozenDictionary<string, Indicator> ById = All.ToFrozenDictionary(i => i.Id, StringComparer.Ordinal);

    public static Indicator Get(string id) =>
        ById.TryGetValue(id, out var i) ? i : throw new KeyNotFoundException($"Unknown indicator id '{id}'.");

    public static bool TryGet(string id, out Indicator indicator) => ById.TryGetValue(id, out indicator!);
}
