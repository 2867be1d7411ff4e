namespace Metrics.Core.Catalog;

/// <summary>
/// The spelling of every check and veto id, for code that names one check (its rule, the sample
/// generator). Everything else about a check is declared in <see cref="CheckCatalog"/>.
/// </summary>
public static class CheckIds
{
    public const string MusicArtRooms = "music_art_rooms";
    public const string SchoolSize = "school_size";
    public const string ClassSize = "class_size";
    public const string SmallSchoolFunding = "small_school_funding";
    public const string SpecialEdFunding = "special_ed_funding";
    public const string TeacherPay = "teacher_pay";
    public const string TrainingCompletion = "training_completion";
    public const string TeacherRotation = "teacher_rotation";
    public const string TeacherCertification = "teacher_certification";
    public const string NearbyEnrollment = "nearby_enrollment";
    public const string QuotaAllocation = "quota_allocation";
    public const string MigrantChildrenPublic = "migrant_children_public";
    public const string RetentionRate = "retention_rate";
    public const string DisabledEnrollment = "disabled_enrollment";
    public const string TrainingSpend = "training_spend";
    public const string SocialRecognition = "social_recognition";

    public const string VetoExamAdmission = "veto_exam_admission";
    public const string VetoIllegalSchoolChoice = "veto_illegal_school_choice";
    public const string VetoKeySchoolsOrClasses = "veto_key_schools_or_classes";
    public const string VetoUnfilledPosts = "veto_unfilled_posts";

    /// <summary>Ids of the parts of composite checks.</summary>
    public static class Parts
    {
        public const string RotatedShare = "rotated_share";
        public const string KeyShare = "key_share";
        public const string Primary = "primary";
        public const string Junior = "junior";
    }
}
