using Metrics.Core.Model;
using Metrics.Excel.Schema;

namespace Metrics.Excel.Template;

/// <summary>
/// The cell values of a submission by column key, as a county types them: percentages for rates,
/// 是/否 for yes/no, Chinese labels for enumerations, nothing for sections a school does not teach.
/// The one mapping from records back to the workbook contract (the reader is its inverse).
/// </summary>
public static class SubmissionValues
{
    public static Dictionary<string, object?> CountyValues(CountyInfo c)
    {
        static object? Pct(double? rate) => rate is null ? null : Math.Round(rate.Value * 100, 10);
        static object? YesNo(bool? b) => b is null ? null : b.Value ? "是" : "否";
        return new Dictionary<string, object?>(StringComparer.Ordinal)
        {
            ["county_code"] = c.Code,
            ["county_name"] = c.Name,
            ["school_year"] = c.SchoolYear,
            ["profile"] = c.Profile,
            ["public_funds_base_per_pupil_yuan"] = c.PublicFundsBasePerPupilYuan,
            ["special_ed_funds_per_pupil_yuan"] = c.SpecialEdFundsPerPupilYuan,
            ["teacher_avg_pay_yuan"] = c.TeacherAveragePayYuan,
            ["civil_servant_avg_pay_yuan"] = c.CivilServantAveragePayYuan,
            ["training_completion_pct"] = Pct(c.TrainingCompletionRate),
            ["nearby_enrollment_primary_pct"] = Pct(c.NearbyEnrollmentPrimaryRate),
            ["nearby_enrollment_junior_pct"] = Pct(c.NearbyEnrollmentJuniorRate),
            ["quota_allocation_pct"] = Pct(c.QuotaAllocationRate),
            ["migrant_children_public_pct"] = Pct(c.MigrantChildrenPublicRate),
            ["retention_rate_junior_pct"] = Pct(c.RetentionRateJunior),
            ["disabled_enrollment_pct"] = Pct(c.DisabledEnrollmentRate),
            ["satisfaction_pct"] = Pct(c.SatisfactionRate),
            ["veto_exam_admission"] = YesNo(c.VetoExamAdmission),
            ["veto_illegal_school_choice"] = YesNo(c.VetoIllegalSchoolChoice),
            ["veto_key_schools_or_classes"] = YesNo(c.VetoKeySchoolsOrClasses),
            ["veto_unfilled_posts"] = YesNo(c.VetoUnfilledPosts),
        };
    }

    public static Dictionary<string, object?> SchoolValues(School s)
    {
        var traits = s.Type.Traits();
        var p = traits.TeachesPrimary || s.StudentsPrimary > 0;
        var j = traits.TeachesJunior || s.StudentsJunior > 0;
        var sr = traits.HasSenior || s.StudentsSenior > 0;
        object? P(int v) => p ? v : null;
        object? J(int v) => j ? v : null;
        return new Dictionary<string, object?>(StringComparer.Ordinal)
        {
            ["school_code"] = s.Code,
            ["school_name"] = s.Name,
            ["school_type"] = WorkbookSchema.SchoolTypes.LabelOf(s.Type),
            ["location"] = WorkbookSchema.Locations.LabelOf(s.Location),
            ["ownership"] = WorkbookSchema.Ownerships.LabelOf(s.Ownership),
            ["students_primary"] = P(s.StudentsPrimary),
            ["students_junior"] = J(s.StudentsJunior),
            ["students_senior"] = sr ? s.StudentsSenior : null,
            ["classes_primary"] = P(s.ClassesPrimary),
            ["classes_junior"] = J(s.ClassesJunior),
            ["max_class_primary"] = s.MaxClassPrimary,
            ["max_class_junior"] = s.MaxClassJunior,
            ["teachers_primary"] = P(s.StaffPrimary.Teachers),
            ["qualified_teachers_primary"] = P(s.StaffPrimary.Qualified),
            ["key_teachers_primary"] = P(s.StaffPrimary.Key),
            ["pe_art_teachers_primary"] = P(s.StaffPrimary.PeArt),
            ["senior_title_teachers_primary"] = P(s.StaffPrimary.SeniorTitle),
            ["teachers_junior"] = J(s.StaffJunior.Teachers),
            ["qualified_teachers_junior"] = J(s.StaffJunior.Qualified),
            ["key_teachers_junior"] = J(s.StaffJunior.Key),
            ["pe_art_teachers_junior"] = J(s.StaffJunior.PeArt),
            ["senior_title_teachers_junior"] = J(s.StaffJunior.SeniorTitle),
            ["certified_teachers_primary"] = p ? s.StaffPrimary.Certified : null,
            ["certified_teachers_junior"] = j ? s.StaffJunior.Certified : null,
            ["certified_teachers"] = s.CertifiedTeachers,
            ["parent_school_code"] = s.ParentSchoolCode,
            ["teaching_space_m2"] = s.TeachingSpaceM2,
            ["sports_space_m2"] = s.SportsSpaceM2,
            ["indoor_sports_m2"] = s.IndoorSportsM2,
            ["equipment_value_yuan"] = s.EquipmentValueYuan,
            ["multimedia_rooms"] = s.MultimediaRooms,
            ["computers"] = s.Computers,
            ["books"] = s.Books,
            ["music_rooms"] = s.MusicRooms,
            ["music_room_min_m2"] = s.MusicRoomMinM2,
            ["art_rooms"] = s.ArtRooms,
            ["art_room_min_m2"] = s.ArtRoomMinM2,
            ["catchment_children"] = s.CatchmentChildren,
            ["planned_intake"] = s.PlannedIntake,
            ["catchment_children_junior"] = s.CatchmentChildrenJunior,
            ["planned_intake_junior"] = s.PlannedIntakeJunior,
            ["paired_school_code"] = s.PairedSchoolCode,
            ["pairing_scope"] = s.PairingScope is { } ps ? WorkbookSchema.PairingScopes.LabelOf(ps) : null,
            ["after_school_service"] = s.AfterSchoolService is { } b ? (b ? "是" : "否") : null,
            ["after_school_pupils"] = s.AfterSchoolPupils,
            ["boarding_pupils"] = s.BoardingPupils,
        };
    }

    public static Dictionary<string, object?> RotationValues(RotationRecord r) => new(StringComparer.Ordinal)
    {
        ["school_code"] = r.SchoolCode,
        ["eligible_teachers"] = r.EligibleTeachers,
        ["rotated_teachers"] = r.RotatedTeachers,
        ["rotated_key_teachers"] = r.RotatedKeyTeachers,
        ["rotated_to_rural"] = r.RotatedToRural,
    };

    public static Dictionary<string, object?> SpendingValues(SpendingRecord r) => new(StringComparer.Ordinal)
    {
        ["school_code"] = r.SchoolCode,
        ["public_funds_yuan"] = r.PublicFundsYuan,
        ["training_funds_yuan"] = r.TrainingFundsYuan,
    };
}
