namespace Metrics.Excel.Schema;

/// <summary>
/// The key of every workbook column (and County-sheet item), spelled once. <see cref="WorkbookSchema"/>
/// declares each column with these keys; the reader and the writers name columns through them.
/// </summary>
public static class ColumnKeys
{
    public const string CountyCode = "county_code";
    public const string CountyName = "county_name";
    public const string SchoolYear = "school_year";
    public const string Profile = "profile";
    public const string PublicFundsBasePerPupilYuan = "public_funds_base_per_pupil_yuan";
    public const string SpecialEdFundsPerPupilYuan = "special_ed_funds_per_pupil_yuan";
    public const string TeacherAvgPayYuan = "teacher_avg_pay_yuan";
    public const string CivilServantAvgPayYuan = "civil_servant_avg_pay_yuan";
    public const string TrainingCompletionPct = "training_completion_pct";
    public const string NearbyEnrollmentPrimaryPct = "nearby_enrollment_primary_pct";
    public const string NearbyEnrollmentJuniorPct = "nearby_enrollment_junior_pct";
    public const string QuotaAllocationPct = "quota_allocation_pct";
    public const string MigrantChildrenPublicPct = "migrant_children_public_pct";
    public const string RetentionRateJuniorPct = "retention_rate_junior_pct";
    public const string DisabledEnrollmentPct = "disabled_enrollment_pct";
    public const string SatisfactionPct = "satisfaction_pct";
    public const string VetoExamAdmission = "veto_exam_admission";
    public const string VetoIllegalSchoolChoice = "veto_illegal_school_choice";
    public const string VetoKeySchoolsOrClasses = "veto_key_schools_or_classes";
    public const string VetoUnfilledPosts = "veto_unfilled_posts";
    public const string SchoolCode = "school_code";
    public const string SchoolName = "school_name";
    public const string SchoolType = "school_type";
    public const string Location = "location";
    public const string Ownership = "ownership";
    public const string StudentsPrimary = "students_primary";
    public const string StudentsJunior = "students_junior";
    public const string StudentsSenior = "students_senior";
    public const string ClassesPrimary = "classes_primary";
    public const string ClassesJunior = "classes_junior";
    public const string MaxClassPrimary = "max_class_primary";
    public const string MaxClassJunior = "max_class_junior";
    public const string TeachersPrimary = "teachers_primary";
    public const string QualifiedTeachersPrimary = "qualified_teachers_primary";
    public const string KeyTeachersPrimary = "key_teachers_primary";
    public const string PeArtTeachersPrimary = "pe_art_teachers_primary";
    public const string SeniorTitleTeachersPrimary = "senior_title_teachers_primary";
    public const string TeachersJunior = "teachers_junior";
    public const string QualifiedTeachersJunior = "qualified_teachers_junior";
    public const string KeyTeachersJunior = "key_teachers_junior";
    public const string PeArtTeachersJunior = "pe_art_teachers_junior";
    public const string SeniorTitleTeachersJunior = "senior_title_teachers_junior";
    public const string CertifiedTeachers = "certified_teachers";
    public const string TeachingSpaceM2 = "teaching_space_m2";
    public const string SportsSpaceM2 = "sports_space_m2";
    public const string EquipmentValueYuan = "equipment_value_yuan";
    public const string MultimediaRooms = "multimedia_rooms";
    public const string Computers = "computers";
    public const string Books = "books";
    public const string MusicRooms = "music_rooms";
    public const string MusicRoomMinM2 = "music_room_min_m2";
    public const string ArtRooms = "art_rooms";
    public const string ArtRoomMinM2 = "art_room_min_m2";
    public const string CatchmentChildren = "catchment_children";
    public const string PlannedIntake = "planned_intake";
    public const string PairedSchoolCode = "paired_school_code";
    public const string PairingScope = "pairing_scope";
    public const string AfterSchoolService = "after_school_service";
    public const string AfterSchoolPupils = "after_school_pupils";
    public const string CertifiedTeachersPrimary = "certified_teachers_primary";
    public const string CertifiedTeachersJunior = "certified_teachers_junior";
    public const string IndoorSportsM2 = "indoor_sports_m2";
    public const string ParentSchoolCode = "parent_school_code";
    public const string CatchmentChildrenJunior = "catchment_children_junior";
    public const string PlannedIntakeJunior = "planned_intake_junior";
    public const string BoardingPupils = "boarding_pupils";
    public const string EligibleTeachers = "eligible_teachers";
    public const string RotatedTeachers = "rotated_teachers";
    public const string RotatedKeyTeachers = "rotated_key_teachers";
    public const string RotatedToRural = "rotated_to_rural";
    public const string PublicFundsYuan = "public_funds_yuan";
    public const string TrainingFundsYuan = "training_funds_yuan";
}
