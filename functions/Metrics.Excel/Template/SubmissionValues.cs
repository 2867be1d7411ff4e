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
            [ColumnKeys.CountyCode] = c.Code,
            [ColumnKeys.CountyName] = c.Name,
            [ColumnKeys.SchoolYear] = c.SchoolYear,
            [ColumnKeys.Profile] = c.Profile,
            [ColumnKeys.PublicFundsBasePerPupilYuan] = c.PublicFundsBasePerPupilYuan,
            [ColumnKeys.SpecialEdFundsPerPupilYuan] = c.SpecialEdFundsPerPupilYuan,
            [ColumnKeys.TeacherAvgPayYuan] = c.TeacherAveragePayYuan,
            [ColumnKeys.CivilServantAvgPayYuan] = c.CivilServantAveragePayYuan,
            [ColumnKeys.TrainingCompletionPct] = Pct(c.TrainingCompletionRate),
            [ColumnKeys.NearbyEnrollmentPrimaryPct] = Pct(c.NearbyEnrollmentPrimaryRate),
            [ColumnKeys.NearbyEnrollmentJuniorPct] = Pct(c.NearbyEnrollmentJuniorRate),
            [ColumnKeys.QuotaAllocationPct] = Pct(c.QuotaAllocationRate),
            [ColumnKeys.MigrantChildrenPublicPct] = Pct(c.MigrantChildrenPublicRate),
            [ColumnKeys.RetentionRateJuniorPct] = Pct(c.RetentionRateJunior),
            [ColumnKeys.DisabledEnrollmentPct] = Pct(c.DisabledEnrollmentRate),
            [ColumnKeys.SatisfactionPct] = Pct(c.SatisfactionRate),
            [ColumnKeys.VetoExamAdmission] = YesNo(c.VetoExamAdmission),
            [ColumnKeys.VetoIllegalSchoolChoice] = YesNo(c.VetoIllegalSchoolChoice),
            [ColumnKeys.VetoKeySchoolsOrClasses] = YesNo(c.VetoKeySchoolsOrClasses),
            [ColumnKeys.VetoUnfilledPosts] = YesNo(c.VetoUnfilledPosts),
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
            [ColumnKeys.SchoolCode] = s.Code,
            [ColumnKeys.SchoolName] = s.Name,
            [ColumnKeys.SchoolType] = WorkbookSchema.SchoolTypes.LabelOf(s.Type),
            [ColumnKeys.Location] = WorkbookSchema.Locations.LabelOf(s.Location),
            [ColumnKeys.Ownership] = WorkbookSchema.Ownerships.LabelOf(s.Ownership),
            [ColumnKeys.StudentsPrimary] = P(s.StudentsPrimary),
            [ColumnKeys.StudentsJunior] = J(s.StudentsJunior),
            [ColumnKeys.StudentsSenior] = sr ? s.StudentsSenior : null,
            [ColumnKeys.ClassesPrimary] = P(s.ClassesPrimary),
            [ColumnKeys.ClassesJunior] = J(s.ClassesJunior),
            [ColumnKeys.MaxClassPrimary] = s.MaxClassPrimary,
            [ColumnKeys.MaxClassJunior] = s.MaxClassJunior,
            [ColumnKeys.TeachersPrimary] = P(s.StaffPrimary.Teachers),
            [ColumnKeys.QualifiedTeachersPrimary] = P(s.StaffPrimary.Qualified),
            [ColumnKeys.KeyTeachersPrimary] = P(s.StaffPrimary.Key),
            [ColumnKeys.PeArtTeachersPrimary] = P(s.StaffPrimary.PeArt),
            [ColumnKeys.SeniorTitleTeachersPrimary] = P(s.StaffPrimary.SeniorTitle),
            [ColumnKeys.TeachersJunior] = J(s.StaffJunior.Teachers),
            [ColumnKeys.QualifiedTeachersJunior] = J(s.StaffJunior.Qualified),
            [ColumnKeys.KeyTeachersJunior] = J(s.StaffJunior.Key),
            [ColumnKeys.PeArtTeachersJunior] = J(s.StaffJunior.PeArt),
            [ColumnKeys.SeniorTitleTeachersJunior] = J(s.StaffJunior.SeniorTitle),
            [ColumnKeys.CertifiedTeachersPrimary] = p ? s.StaffPrimary.Certified : null,
            [ColumnKeys.CertifiedTeachersJunior] = j ? s.StaffJunior.Certified : null,
            [ColumnKeys.CertifiedTeachers] = s.CertifiedTeachers,
            [ColumnKeys.ParentSchoolCode] = s.ParentSchoolCode,
            [ColumnKeys.TeachingSpaceM2] = s.TeachingSpaceM2,
            [ColumnKeys.SportsSpaceM2] = s.SportsSpaceM2,
            [ColumnKeys.IndoorSportsM2] = s.IndoorSportsM2,
            [ColumnKeys.EquipmentValueYuan] = s.EquipmentValueYuan,
            [ColumnKeys.MultimediaRooms] = s.MultimediaRooms,
            [ColumnKeys.Computers] = s.Computers,
            [ColumnKeys.Books] = s.Books,
            [ColumnKeys.MusicRooms] = s.MusicRooms,
            [ColumnKeys.MusicRoomMinM2] = s.MusicRoomMinM2,
            [ColumnKeys.ArtRooms] = s.ArtRooms,
            [ColumnKeys.ArtRoomMinM2] = s.ArtRoomMinM2,
            [ColumnKeys.CatchmentChildren] = s.CatchmentChildren,
            [ColumnKeys.PlannedIntake] = s.PlannedIntake,
            [ColumnKeys.CatchmentChildrenJunior] = s.CatchmentChildrenJunior,
            [ColumnKeys.PlannedIntakeJunior] = s.PlannedIntakeJunior,
            [ColumnKeys.PairedSchoolCode] = s.PairedSchoolCode,
            [ColumnKeys.PairingScope] = s.PairingScope is { } ps ? WorkbookSchema.PairingScopes.LabelOf(ps) : null,
            [ColumnKeys.AfterSchoolService] = s.AfterSchoolService is { } b ? (b ? "是" : "否") : null,
            [ColumnKeys.AfterSchoolPupils] = s.AfterSchoolPupils,
            [ColumnKeys.BoardingPupils] = s.BoardingPupils,
        };
    }

    public static Dictionary<string, object?> RotationValues(RotationRecord r) => new(StringComparer.Ordinal)
    {
        [ColumnKeys.SchoolCode] = r.SchoolCode,
        [ColumnKeys.EligibleTeachers] = r.EligibleTeachers,
        [ColumnKeys.RotatedTeachers] = r.RotatedTeachers,
        [ColumnKeys.RotatedKeyTeachers] = r.RotatedKeyTeachers,
        [ColumnKeys.RotatedToRural] = r.RotatedToRural,
    };

    public static Dictionary<string, object?> SpendingValues(SpendingRecord r) => new(StringComparer.Ordinal)
    {
        [ColumnKeys.SchoolCode] = r.SchoolCode,
        [ColumnKeys.PublicFundsYuan] = r.PublicFundsYuan,
        [ColumnKeys.TrainingFundsYuan] = r.TrainingFundsYuan,
    };
}
