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
/// One resource indicator of method §2. The value of a unit is
/// <c>Scale × resource / pupils</c> (Scale = 100 for "per 100 pupils").
/// </summary>
/// <param name="Field">
/// The county workbook column the resource is reported in (method §8): the whole-school column of a
/// facility (<c>sports_space_m2</c>), or the stem of a per-section teacher column (<c>key_teachers</c>
/// for <c>key_teachers_primary</c> / <c>key_teachers_junior</c>).
/// </param>
/// <param name="ResourceOf">The unit's resource: its section's own staff, or its share of a whole-school facility.</param>
/// <param name="WholeSchoolTotal">
/// For facilities (reported for the whole school and split by weighted enrolment): the school's
/// total as the workbook holds it; null for per-section teacher counts.
/// </param>
public sealed record Indicator(
    string Id,
    string NameZh,
    string NameEn,
    string UnitZh,
    string UnitEn,
    double Scale,
    ResourceUnit Resource,
    string Field,
    Func<EvaluationUnit, double> ResourceOf,
    Func<EvaluationUnit, double>? WholeSchoolTotal = null)
{
    /// <summary>Whether the resource is a whole-school facility total (true) or a per-section count (false).</summary>
    public bool IsFacility => WholeSchoolTotal is not null;

    /// <summary>The workbook column a shortfall of this indicator at <paramref name="level"/> is added to.</summary>
    public string ColumnAt(Model.Level level) =>
        IsFacility ? Field : Field + (level == Model.Level.Primary ? "_primary" : "_junior");

    /// <summary>The unit's value of this indicator; pupils must be &gt; 0.</summary>
    public double ValueOf(EvaluationUnit unit) => Scale * ResourceOf(unit) / unit.Pupils;

    /// <summary>
    /// What must be added to the workbook's figure for the unit to reach <paramref name="standard"/>,
    /// in natural units, rounded up to a whole number (whole teachers, rooms, m², 元); 0 when met.
    /// </summary>
    /// <remarks>
    /// Teachers are counted per section, so the addition is to the section's own count. A facility
    /// is a whole-school total of which the section holds <c>Share</c>, so the addition is to the
    /// whole-school total and must be large enough that the section's share of the new total meets
    /// the standard: <c>standard·P/(Scale·share) − total</c> (method §6). For a 九年一贯制 with
    /// 600 + 400 pupils and 6 000 m² of sports space the junior section needs 10.2·400·1 040/440 −
    /// 6 000 = 3 643.6 → +3 644 m², not the 1 542 m² its share of the gap would suggest. A school's
    /// addition is the largest over its sections, which suffices for all of them.
    /// </remarks>
    public double ShortfallOf(EvaluationUnit unit, double standard)
    {
        var needed = WholeSchoolTotal is { } total
            ? (standard * unit.Pupils / (Scale * unit.Share)) - total(unit)
            : (standard * unit.Pupils / Scale) - ResourceOf(unit);
        // A tiny negative or positive residue from floating point must not ask for one more teacher.
        return needed <= 1e-9 ? 0 : Math.Ceiling(needed - 1e-9);
    }
}

/// <summary>The single catalog of indicators, looked up by stable id.</summary>
public static class IndicatorCatalog
{
    private static readonly ResourceUnit Teachers = new("名", "teachers", "高于规定学历教师", "qualified teachers");

    /// <summary>Every indicator, in the order of method §2.</summary>
    public static IReadOnlyList<Indicator> All { get; } =
    [
        new("qualified_teachers_per100", "每百名学生拥有高于规定学历教师数", "Teachers above the required qualification per 100 pupils",
            "人/百生", "per 100 pupils", 100, Teachers, "qualified_teachers", u => u.Staff.Qualified),
        new("key_teachers_per100", "每百名学生拥有县级及以上骨干教师数", "County-level or higher key teachers per 100 pupils",
            "人/百生", "per 100 pupils", 100, new("名", "teachers", "骨干教师", "key teachers"), "key_teachers", u => u.Staff.Key),
        new("pe_art_teachers_per100", "每百名学生拥有体育、艺术(音乐、美术)专任教师数", "PE and art (music, fine art) teachers per 100 pupils",
            "人/百生", "per 100 pupils", 100, new("名", "teachers", "体育艺术专任教师", "PE/art teachers"), "pe_art_teachers", u => u.Staff.PeArt),
        new("teaching_space_per_pupil", "生均教学及辅助用房面积", "Teaching and auxiliary space per pupil",
            "平方米", "m²", 1, new("平方米", "m²", "教学及辅助用房", "teaching space"), "teaching_space_m2", u => u.Share * u.TeachingSpaceTotal, u => u.TeachingSpaceTotal),
        new("sports_space_per_pupil", "生均体育运动场馆面积", "Sports ground and gym area per pupil",
            "平方米", "m²", 1, new("平方米", "m²", "体育运动场馆", "sports space"), "sports_space_m2", u => u.Share * u.SportsSpaceTotal, u => u.SportsSpaceTotal),
        new("equipment_value_per_pupil", "生均教学仪器设备值", "Teaching equipment value per pupil",
            "元", "yuan", 1, new("元", "yuan", "教学仪器设备", "equipment"), "equipment_value_yuan", u => u.Share * u.School.EquipmentValueYuan, u => u.School.EquipmentValueYuan),
        new("multimedia_rooms_per100", "每百名学生拥有网络多媒体教室数", "Networked multimedia classrooms per 100 pupils",
            "间/百生", "per 100 pupils", 100, new("间", "rooms", "网络多媒体教室", "multimedia classrooms"), "multimedia_rooms", u => u.Share * u.School.MultimediaRooms, u => u.School.MultimediaRooms),
        new("computers_per100", "每百名学生拥有计算机台数", "Computers per 100 pupils",
            "台/百生", "per 100 pupils", 100, new("台", "computers", "计算机", "computers"), "computers", u => u.Share * u.School.Computers, u => u.School.Computers),
        new("books_per_pupil", "生均图书册数", "Library books per pupil",
            "册", "books", 1, new("册", "books", "图书", "books"), "books", u => u.Share * u.School.Books, u => u.School.Books),
        new("teachers_per_pupil", "师生比", "Full-time teachers per pupil",
            "人/生", "per pupil", 1, new("名", "teachers", "专任教师", "full-time teachers"), "teachers", u => u.Staff.Teachers),
        new("qualified_teachers_per_pupil", "生均高于规定学历教师数", "Teachers above the required qualification per pupil",
            "人/生", "per pupil", 1, Teachers, "qualified_teachers", u => u.Staff.Qualified),
        new("senior_title_teachers_per_pupil", "生均中级及以上专业技术职务教师数", "Teachers with intermediate or higher titles per pupil",
            "人/生", "per pupil", 1, new("名", "teachers", "中级及以上职称教师", "teachers with intermediate+ titles"), "senior_title_teachers", u => u.Staff.SeniorTitle),
    ];

    private static readonly FrozenDictionary<string, Indicator> ById = All.ToFrozenDictionary(i => i.Id, StringComparer.Ordinal);

    public static Indicator Get(string id) =>
        ById.TryGetValue(id, out var i) ? i : throw new KeyNotFoundException($"Unknown indicator id '{id}'.");

    public static bool TryGet(string id, out Indicator indicator) => ById.TryGetValue(id, out indicator!);
}
