using System.Collections.Frozen;
using Metrics.Core.Profiles;
using Metrics.Core.Scoring;

namespace Metrics.Core.Catalog;

/// <summary>How the value and threshold of a check (or of one of its parts) read.</summary>
public enum CheckValueKind
{
    /// <summary>A fraction shown as a percentage (rates, shares of compliant schools, pay ratio).</summary>
    Percent,

    /// <summary>An amount in 元 (special-education funds per pupil).</summary>
    Yuan,

    /// <summary>A veto item: 1 = the practice was found, 0 = not found.</summary>
    YesNo,
}

/// <summary>One part of a check with several conditions (rotation share and key-teacher share, primary and junior catchment).</summary>
public sealed record CheckPart(string Id, string NameZh, string NameEn, CheckValueKind Kind = CheckValueKind.Percent);

/// <summary>One check of the method or one veto item, declared once with every trait the code needs.</summary>
/// <param name="Id">Stable id used in code, JSON and the profile's <c>checks</c> object (or its <c>vetoes</c> list).</param>
/// <param name="NameZh">Chinese name.</param>
/// <param name="NameEn">English name.</param>
/// <param name="Source">Where its data comes from: schools, spending, rotation or county.</param>
/// <param name="Kind">How its value and threshold read.</param>
/// <param name="RuleType">The profile parameters' type under <c>checks.{Id}</c>; null for veto items, which have none.</param>
/// <param name="Evaluate">The rule, parameterised by the profile.</param>
public sealed record CheckDefinition(
    string Id,
    string NameZh,
    string NameEn,
    string Source,
    CheckValueKind Kind,
    Type? RuleType,
    Func<CheckContext, CheckResult> Evaluate)
{
    /// <summary>Sub-conditions, each reported as a part of the result; empty for single-condition checks.</summary>
    public IReadOnlyList<CheckPart> Parts { get; init; } = [];

    /// <summary>A veto item (一票否决): a "yes" fails the county outright.</summary>
    public bool IsVeto => RuleType is null;

    /// <summary>Whether <paramref name="profile"/> assesses it: listed among its vetoes, or enabled in its checks.</summary>
    public bool IsEnabled(Profile profile) => IsVeto ? profile.Vetoes.Contains(Id) : profile.Checks[Id].Enabled;
}

/// <summary>
/// The single catalog of checks and veto items. Every trait of a check is declared here once; the
/// profile supplies its parameters under the same id, the renderers read names and kinds from here.
/// </summary>
public static class CheckCatalog
{
    /// <summary>Every check of the method, in report order.</summary>
    public static IReadOnlyList<CheckDefinition> Checks { get; } =
    [
        Check(CheckIds.MusicArtRooms, "音乐、美术专用教室", "Music and art rooms", "schools", typeof(MusicArtRoomsRule), CheckRulesImpl.MusicArtRooms),
        Check(CheckIds.SchoolSize, "学校规模", "School size", "schools", typeof(SchoolSizeRule), CheckRulesImpl.SchoolSize),
        Check(CheckIds.ClassSize, "班额", "Class size", "schools", typeof(ClassSizeRule), CheckRulesImpl.ClassSize),
        Check(CheckIds.SmallSchoolFunding, "小规模学校公用经费", "Funding of small schools", "schools+spending", typeof(SmallSchoolFundingRule), CheckRulesImpl.SmallSchoolFunding),
        Minimum(CheckIds.SpecialEdFunding, "特殊教育生均公用经费", "Special-education funds per pupil", c => c.SpecialEdFundsPerPupilYuan, CheckValueKind.Yuan),
        Check(CheckIds.TeacherPay, "教师平均工资不低于公务员", "Teacher pay vs civil servants", "county", typeof(MinimumRule), CheckRulesImpl.TeacherPay),
        Minimum(CheckIds.TrainingCompletion, "教师5年360学时培训完成率", "5-year 360-hour training completion", c => c.TrainingCompletionRate),
        Check(CheckIds.TeacherRotation, "教师交流轮岗", "Teacher rotation", "rotation", typeof(RotationRule), CheckRulesImpl.TeacherRotation) with
        {
            Parts = [new(CheckIds.Parts.RotatedShare, "交流轮岗教师比例", "rotated / eligible teachers"), new(CheckIds.Parts.KeyShare, "骨干教师占交流轮岗比例", "key teachers among rotated")],
        },
        Check(CheckIds.TeacherCertification, "专任教师持证上岗率", "Certified full-time teachers", "schools", typeof(MinimumRule), CheckRulesImpl.TeacherCertification),
        Check(CheckIds.NearbyEnrollment, "就近划片入学比例", "Catchment-based enrolment", "county", typeof(NearbyEnrollmentRule), CheckRulesImpl.NearbyEnrollment) with
        {
            Parts = [new(CheckIds.Parts.Primary, "小学", "primary"), new(CheckIds.Parts.Junior, "初中", "junior")],
        },
        Minimum(CheckIds.QuotaAllocation, "优质高中招生名额分配比例", "Quality senior-high quota allocated to junior schools", c => c.QuotaAllocationRate),
        Minimum(CheckIds.MigrantChildrenPublic, "随迁子女在公办学校就读比例", "Migrant children in public places", c => c.MigrantChildrenPublicRate),
        Minimum(CheckIds.RetentionRate, "初中三年巩固率", "Junior 3-year retention", c => c.RetentionRateJunior),
        Minimum(CheckIds.DisabledEnrollment, "残疾儿童少年入学率", "Enrolment of children with disabilities", c => c.DisabledEnrollmentRate),
        Check(CheckIds.TrainingSpend, "教师培训经费占公用经费比例", "Share of public funds spent on teacher training", "spending", typeof(MinimumRule), CheckRulesImpl.TrainingSpend),
        Minimum(CheckIds.SocialRecognition, "社会认可度", "Social recognition (satisfaction)", c => c.SatisfactionRate),
    ];

    /// <summary>Veto items (一票否决): a "yes" fails the county outright.</summary>
    public static IReadOnlyList<CheckDefinition> VetoItems { get; } =
    [
        Veto(CheckIds.VetoExamAdmission, "以考试方式招生", "Admission by examination", c => c.VetoExamAdmission),
        Veto(CheckIds.VetoIllegalSchoolChoice, "违规择校", "Illegal school choice", c => c.VetoIllegalSchoolChoice),
        Veto(CheckIds.VetoKeySchoolsOrClasses, "设置重点学校或重点班", "Key schools or key classes", c => c.VetoKeySchoolsOrClasses),
        Veto(CheckIds.VetoUnfilledPosts, "教师编制不足或有编不补", "Teacher posts unfilled", c => c.VetoUnfilledPosts),
    ];

    /// <summary>Checks then veto items, in report order.</summary>
    public static IReadOnlyList<CheckDefinition> All { get; } = [.. Checks, .. VetoItems];

    /// <summary>Ids of the veto items.</summary>
    public static FrozenSet<string> Vetoes { get; } = VetoItems.Select(v => v.Id).ToFrozenSet(StringComparer.Ordinal);

    private static readonly FrozenDictionary<string, CheckDefinition> ById =
        All.ToFrozenDictionary(c => c.Id, StringComparer.Ordinal);

    public static CheckDefinition Get(string id) =>
        ById.TryGetValue(id, out var c) ? c : throw new KeyNotFoundException($"Unknown check id '{id}'.");

    public static bool TryGet(string id, out CheckDefinition check) => ById.TryGetValue(id, out check!);

    /// <summary>Whether <paramref name="id"/> names a veto item.</summary>
    public static bool IsVeto(string id) => Vetoes.Contains(id);

    /// <summary>The bilingual name of a check or veto id; the id itself when it is not in the catalog.</summary>
    public static (string Zh, string En) NameOf(string id) => TryGet(id, out var c) ? (c.NameZh, c.NameEn) : (id, id);

    /// <summary>How a check's value reads; percent for unknown ids.</summary>
    public static CheckValueKind KindOf(string id) => TryGet(id, out var c) ? c.Kind : CheckValueKind.Percent;

    /// <summary>The part <paramref name="partId"/> of check <paramref name="checkId"/>; a part named by its id when undeclared.</summary>
    public static CheckPart PartOf(string checkId, string partId) =>
        TryGet(checkId, out var c) ? c.Parts.FirstOrDefault(p => p.Id == partId) ?? new(partId, partId, partId) : new(partId, partId, partId);

    private static CheckDefinition Check(string id, string zh, string en, string source, Type ruleType, Func<CheckContext, CheckResult> evaluate) =>
        new(id, zh, en, source, CheckValueKind.Percent, ruleType, evaluate);

    /// <summary>A county figure that must reach the profile's <see cref="MinimumRule.Min"/>.</summary>
    private static CheckDefinition Minimum(string id, string zh, string en, Func<Model.CountyInfo, double?> value, CheckValueKind kind = CheckValueKind.Percent) =>
        new(id, zh, en, "county", kind, typeof(MinimumRule), c => CheckRulesImpl.Minimum(id, value(c.County), c.Profile.Checks.Get<MinimumRule>(id).Min));

    private static CheckDefinition Veto(string id, string zh, string en, Func<Model.CountyInfo, bool?> found) =>
        new(id, zh, en, "county", CheckValueKind.YesNo, null, c => CheckRulesImpl.Veto(id, found(c.County)));
}
