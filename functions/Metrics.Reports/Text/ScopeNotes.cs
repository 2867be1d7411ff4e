using Metrics.Core.Catalog;
using Metrics.Core.Json;
using Metrics.Core.Model;
using Metrics.Core.Profiles;
using Metrics.Core.Scoring;

namespace Metrics.Reports.Text;

/// <summary>
/// What the profile's options did to this scorecard, in words shared by the HTML page and the
/// workbook: teaching points and private schools, the gym, the small-school funding guarantee,
/// pairing targets, and a verdict the gym option changed.
/// </summary>
internal static class ScopeNotes
{
    public static IReadOnlyList<(string Zh, string En)> For(Scorecard card, Profile? profile)
    {
        var notes = new List<(string Zh, string En)>();
        if (profile is null)
        {
            return notes;
        }

        var ex = profile.Exclusions;
        notes.Add(ex.EffectiveTeachingPoints switch
        {
            TeachingPointPolicy.ExcludeAll => ("教学点：本方案不计入任何教学点（2012 年基本均衡表式「不包括小学教学点」）。",
                "Teaching points: the profile leaves every teaching point out of the units (the 2012 forms exclude them)."),
            TeachingPointPolicy.MergeIntoParent => ("教学点：并入所属学校（parent_school_code）的小学学段计算，学生、教师和设施合并。",
                "Teaching points: merged into their parent school's primary unit (parent_school_code): pupils, teachers and facilities are added."),
            _ => (Fmt.Inv($"教学点：不足 {ex.TeachingPointMinPupils} 人的教学点不参与差异系数计算。"),
                Fmt.Inv($"Teaching points with fewer than {ex.TeachingPointMinPupils} pupils are left out of the CV units.")),
        });
        notes.Add(ex.Private
            ? ("民办学校：本方案不计入民办学校。", "Private schools: the profile leaves them out of the units.")
            : ("民办学校：计入。", "Private schools: included in the units."));
        notes.Add(("不参与差异系数计算的学校仍参加逐校检查和监测信号（如小规模学校经费、持证上岗、结对帮扶）；名单见“未计入的学校”。",
            "Schools outside the CV units still take part in the per-school checks and signals (small-school funding, certification, pairing); they are listed under “Schools left out”."));
        notes.Add(profile.IndoorSportsAsSportsSpace
            ? ("室内体育用房：填写了 indoor_sports_m2 的学校，该面积从教学及辅助用房移入体育运动场馆，避免重复计算。",
                "Gym: where indoor_sports_m2 is given, that area is moved from teaching space to sports space so it is not counted twice.")
            : ("室内体育用房：按统计口径计入教学及辅助用房，不移入体育运动场馆。",
                "Gym: counted in teaching space as the statistics do; not moved to sports space."));
        if (card.IndoorSports is { } gym)
        {
            notes.Add(gym.Changes.Count == 0
                ? ("室内体育用房的处理未改变任何结论。", "The gym option changed no verdict.")
                : (Fmt.Inv($"室内体育用房的处理改变了 {gym.Changes.Count} 项结论：") + string.Join("；", gym.Changes.Select(c => Fmt.Inv($"{c.Subject}（{c.Level}）{Name(c.Without)} → {Name(c.With)}"))),
                    Fmt.Inv($"The gym option changed {gym.Changes.Count} verdict(s): ") + string.Join("; ", gym.Changes.Select(c => Fmt.Inv($"{c.Subject} ({c.Level}) {Name(c.Without)} → {Name(c.With)}")))));
        }

        var funding = profile.Checks.Get<SmallSchoolFundingRule>(CheckIds.SmallSchoolFunding);
        if (funding.Enabled)
        {
            var bases = funding.BasePrimaryYuan is null && funding.BaseJuniorYuan is null
                ? ("县填报的生均公用经费基准定额", "the county's per-pupil base")
                : (Fmt.Inv($"小学 {funding.BasePrimaryYuan} 元、初中 {funding.BaseJuniorYuan} 元的生均基准"), Fmt.Inv($"per-pupil bases of {funding.BasePrimaryYuan} (primary) and {funding.BaseJuniorYuan} (junior) yuan"));
            notes.Add(funding.RuralAndTeachingPointsOnly
                ? (Fmt.Inv($"小规模学校经费：不足 {funding.PupilsBelow} 人的乡村学校和教学点按 {funding.FundedAsPupils} 人核定公用经费，按{bases.Item1}。"),
                    Fmt.Inv($"Small-school funding: rural schools and teaching points under {funding.PupilsBelow} pupils are funded as {funding.FundedAsPupils} pupils at {bases.Item2}."))
                : (Fmt.Inv($"小规模学校经费：不足 {funding.PupilsBelow} 人的学校按 {funding.FundedAsPupils} 人核定公用经费，按{bases.Item1}。"),
                    Fmt.Inv($"Small-school funding: schools under {funding.PupilsBelow} pupils are funded as {funding.FundedAsPupils} pupils at {bases.Item2}.")));
        }

        var t = profile.Signals.PairingScopeTargets;
        var tol = profile.Signals.PairingAroundTolerance;
        notes.Add((Fmt.Inv($"结对范围目标：县域内约 {Fmt.Percent(t.WithinCounty)}、市域内约 {Fmt.Percent(t.WithinCity)}（各 ±{Fmt.Percent(tol)}），省域内不少于 {Fmt.Percent(t.WithinProvince)}；乡村小规模学校须全部结对。"),
            Fmt.Inv($"Pairing targets: around {Fmt.Percent(t.WithinCounty)} within county and {Fmt.Percent(t.WithinCity)} within city (± {Fmt.Percent(tol)} each), at least {Fmt.Percent(t.WithinProvince)} within province; every rural small school must be paired.")));
        notes.Add(("“不适用”表示本县没有该学段的参评学校，不影响总体结论；“未定义”的差异系数（均值为 0）既不算达标也不算未达标。",
            "“Not applicable” means the county has no unit at that level and does not affect the overall verdict; an undefined CV (mean 0) is neither a pass nor a fail."));
        return notes;
    }

    private static string Name(Status? s) => s is { } v ? ScorecardJson.Name(v) : "undefined";
}
