using System.Collections.Frozen;
using Metrics.Core.Profiles;
using Metrics.Core.Scoring;

namespace Metrics.Core.Catalog;

/// <summary>One check of DOMAIN.md §4 or one veto item.</summary>
/// <param name="Id">Stable id used in code, JSON and profiles.</param>
/// <param name="NameZh">Chinese name.</param>
/// <param name="NameEn">English name.</param>
/// <param name="Source">Where its data comes from: schools, spending, rotation or county.</param>
/// <param name="IsEnabled">Whether a profile assesses it.</param>
/// <param name="Evaluate">The rule, parameterised by the profile.</param>
public sealed record CheckDefinition(
    string Id,
    string NameZh,
    string NameEn,
    string Source,
    Func<Profile, bool> IsEnabled,
    Func<CheckContext, CheckResult> Evaluate);

/// <summary>The single catalog of checks and veto items, looked up by stable id.</summary>
public static class CheckCatalog
{
    /// <summary>Every check of DOMAIN.md §4, in its order.</summary>
    public static IReadOnlyList<CheckDefinition> Checks { get; } =
    [
        new("music_art_rooms", "音乐、美术专用教室", "Music and art rooms", "schools", p => p.Checks.MusicArtRooms.Enabled, CheckRulesImpl.MusicArtRooms),
        new("school_size", "学校规模", "School size", "schools", p => p.Checks.SchoolSize.Enabled, CheckRulesImpl.SchoolSize),
        new("class_size", "班额", "Class size", "schools", p => p.Checks.ClassSize.Enabled, CheckRulesImpl.ClassSize),
        new("small_school_funding", "小规模学校公用经费", "Funding of small schools", "schools+spending", p => p.Checks.SmallSchoolFunding.Enabled, CheckRulesImpl.SmallSchoolFunding),
        new("special_ed_funding", "特殊教育生均公用经费", "Special-education funds per pupil", "county", p => p.Checks.SpecialEdFunding.Enabled,
            c => CheckRulesImpl.Minimum("special_ed_funding", c.County.SpecialEdFundsPerPupilYuan, c.Profile.Checks.SpecialEdFunding.Min)),
        new("teacher_pay", "教师平均工资不低于公务员", "Teacher pay vs civil servants", "county", p => p.Checks.TeacherPay.Enabled, CheckRulesImpl.TeacherPay),
        new("training_completion", "教师5年360学时培训完成率", "5-year 360-hour training completion", "county", p => p.Checks.TrainingCompletion.Enabled,
            c => CheckRulesImpl.Minimum("training_completion", c.County.TrainingCompletionRate, c.Profile.Checks.TrainingCompletion.Min)),
        new("teacher_rotation", "教师交流轮岗", "Teacher rotation", "rotation", p => p.Checks.TeacherRotation.Enabled, CheckRulesImpl.TeacherRotation),
        new("teacher_certification", "专任教师持证上岗率", "Certified full-time teachers", "schools", p => p.Checks.TeacherCertification.Enabled, CheckRulesImpl.TeacherCertification),
        new("nearby_enrollment", "就近划片入学比例", "Catchment-based enrolment", "county", p => p.Checks.NearbyEnrollment.Enabled, CheckRulesImpl.NearbyEnrollment),
        new("quota_allocation", "优质高中招生名额分配比例", "Quality senior-high quota allocated to junior schools", "county", p => p.Checks.QuotaAllocation.Enabled,
            c => CheckRulesImpl.Minimum("quota_allocation", c.County.QuotaAllocationRate, c.Profile.Checks.QuotaAllocation.Min)),
        new("migrant_children_public", "随迁子女在公办学校就读比例", "Migrant children in public places", "county", p => p.Checks.MigrantChildrenPublic.Enabled,
            c => CheckRulesImpl.Minimum("migrant_children_public", c.County.MigrantChildrenPublicRate, c.Profile.Checks.MigrantChildrenPublic.Min)),
        new("retention_rate", "初中三年巩固率", "Junior 3-year retention", "county", p => p.Checks.RetentionRate.Enabled,
            c => CheckRulesImpl.Minimum("retention_rate", c.County.RetentionRateJunior, c.Profile.Checks.RetentionRate.Min)),
        new("disabled_enrollment", "残疾儿童少年入学率", "Enrolment of children with disabilities", "county", p => p.Checks.DisabledEnrollment.Enabled,
            c => CheckRulesImpl.Minimum("disabled_enrollment", c.County.DisabledEnrollmentRate, c.Profile.Checks.DisabledEnrollment.Min)),
        new("training_spend", "教师培训经费占公用经费比例", "Share of public funds spent on teacher training", "spending", p => p.Checks.TrainingSpend.Enabled, CheckRulesImpl.TrainingSpend),
        new("social_recognition", "社会认可度", "Social recognition (satisfaction)", "county", p => p.Checks.SocialRecognition.Enabled,
            c => CheckRulesImpl.Minimum("social_recognition", c.County.SatisfactionRate, c.Profile.Checks.SocialRecognition.Min)),
    ];

    /// <summary>Veto items (一票否决): a "yes" fails the county outright.</summary>
    public static IReadOnlyList<CheckDefinition> VetoItems { get; } =
    [
        new("veto_exam_admission", "以考试方式招生", "Admission by examination", "county", p => p.Vetoes.Contains("veto_exam_admission"),
            c => CheckRulesImpl.Veto("veto_exam_admission", c.County.VetoExamAdmission)),
        new("veto_illegal_school_choice", "违规择校", "Illegal school choice", "county", p => p.Vetoes.Contains("veto_illegal_school_choice"),
            c => CheckRulesImpl.Veto("veto_illegal_school_choice", c.County.VetoIllegalSchoolChoice)),
        new("veto_key_schools_or_classes", "设置重点学校或重点班", "Key schools or key classes", "county", p => p.Vetoes.Contains("veto_key_schools_or_classes"),
            c => CheckRulesImpl.Veto("veto_key_schools_or_classes", c.County.VetoKeySchoolsOrClasses)),
        new("veto_unfilled_posts", "教师编制不足或有编不补", "Teacher posts unfilled", "county", p => p.Vetoes.Contains("veto_unfilled_posts"),
            c => CheckRulesImpl.Veto("veto_unfilled_posts", c.County.VetoUnfilledPosts)),
    ];

    /// <summary>Ids of the veto items.</summary>
    public static FrozenSet<string> Vetoes { get; } = VetoItems.Select(v => v.Id).ToFrozenSet(StringComparer.Ordinal);

    private static readonly FrozenDictionary<string, CheckDefinition> ById =
        Checks.Concat(VetoItems).ToFrozenDictionary(c => c.Id, StringComparer.Ordinal);

    public static CheckDefinition Get(string id) =>
        ById.TryGetValue(id, out var c) ? c : throw new KeyNotFoundException($"Unknown check id '{id}'.");

    public static bool TryGet(string id, out CheckDefinition check) => ById.TryGetValue(id, out check!);
}
