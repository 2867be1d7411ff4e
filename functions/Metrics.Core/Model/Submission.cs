namespace Metrics.Core.Model;

/// <summary>
/// Staff of one section (primary or junior) of a school, as reported per section in the workbook.
/// </summary>
/// <param name="Teachers">Full-time teachers (专任教师).</param>
/// <param name="Qualified">Teachers above the required qualification: 专科+ for primary, 本科+ for junior.</param>
/// <param name="Key">County-level or higher key teachers (县级及以上骨干教师).</param>
/// <param name="PeArt">PE, music and art full-time teachers.</param>
/// <param name="SeniorTitle">Teachers with an intermediate or higher professional title (中级及以上).</param>
public sealed record SectionStaff(int Teachers, int Qualified, int Key, int PeArt, int SeniorTitle)
{
    /// <summary>
    /// Full-time teachers of this section holding a teaching certificate; null when not reported per
    /// section (a whole-school <see cref="School.CertifiedTeachers"/> may stand in where the school has
    /// no senior staff).
    /// </summary>
    public int? Certified { get; init; }

    public static readonly SectionStaff None = new(0, 0, 0, 0, 0);
}

/// <summary>
/// One row of the 学校 Schools sheet. Facility quantities are for the whole school; staff is per section.
/// Money is in 元, areas in m², counts are integers.
/// </summary>
public sealed record School
{
    public required string Code { get; init; }
    public required string Name { get; init; }
    public required SchoolType Type { get; init; }
    public Location Location { get; init; } = Location.Urban;
    public Ownership Ownership { get; init; } = Ownership.Public;

    public int StudentsPrimary { get; init; }
    public int StudentsJunior { get; init; }
    public int StudentsSenior { get; init; }
    public int ClassesPrimary { get; init; }
    public int ClassesJunior { get; init; }

    /// <summary>Largest class size in the primary section; null when not reported.</summary>
    public int? MaxClassPrimary { get; init; }

    /// <summary>Largest class size in the junior section; null when not reported.</summary>
    public int? MaxClassJunior { get; init; }

    public SectionStaff StaffPrimary { get; init; } = SectionStaff.None;
    public SectionStaff StaffJunior { get; init; } = SectionStaff.None;

    /// <summary>
    /// Full-time teachers holding a teaching certificate (whole school, the older column); null when
    /// not reported. Per-section figures are <see cref="SectionStaff.Certified"/>.
    /// </summary>
    public int? CertifiedTeachers { get; init; }

    /// <summary>
    /// For a 教学点: the code of the school it belongs to (its 校本部), used when the profile merges
    /// teaching points into their parent's primary unit.
    /// </summary>
    public string? ParentSchoolCode { get; init; }

    /// <summary>教学及辅助用房面积, m².</summary>
    public double TeachingSpaceM2 { get; init; }

    /// <summary>体育运动场馆面积 (gym + sports ground), m².</summary>
    public double SportsSpaceM2 { get; init; }

    /// <summary>
    /// 室内体育用房 (gym) area, m², as far as it is counted in <see cref="TeachingSpaceM2"/> (the
    /// statistics count it there); null when not reported. A profile flag moves it to sports space.
    /// </summary>
    public double? IndoorSportsM2 { get; init; }

    /// <summary>教学仪器设备值, 元 (not 万元).</summary>
    public double EquipmentValueYuan { get; init; }

    public int MultimediaRooms { get; init; }
    public int Computers { get; init; }
    public int Books { get; init; }
    public int MusicRooms { get; init; }

    /// <summary>Area of the smallest music room, m²; null when not reported.</summary>
    public double? MusicRoomMinM2 { get; init; }

    public int ArtRooms { get; init; }

    /// <summary>Area of the smallest art room, m²; null when not reported.</summary>
    public double? ArtRoomMinM2 { get; init; }

    // Optional signals (method §7).

    /// <summary>School-age children registered in the catchment for the school's entry grade: 小一 when it teaches primary, else 初一.</summary>
    public int? CatchmentChildren { get; init; }

    /// <summary>Planned intake of the school's entry grade (小一 when it teaches primary, else 初一).</summary>
    public int? PlannedIntake { get; init; }

    /// <summary>初一 catchment children of a school that also has a primary section (九年一贯制, 十二年一贯制).</summary>
    public int? CatchmentChildrenJunior { get; init; }

    /// <summary>初一 planned intake of a school that also has a primary section.</summary>
    public int? PlannedIntakeJunior { get; init; }

    /// <summary>Boarding pupils of the primary section (寄宿生), excluded from after-school participation.</summary>
    public int? BoardingPupils { get; init; }

    public string? PairedSchoolCode { get; init; }
    public PairingScope? PairingScope { get; init; }
    public bool? AfterSchoolService { get; init; }

    /// <summary>Primary pupils taking part in after-school service.</summary>
    public int? AfterSchoolPupils { get; init; }

    /// <summary>Row of the school in its sheet (1-based), for messages; 0 when built in code.</summary>
    public int SourceRow { get; init; }

    /// <summary>Pupils of compulsory education (primary + junior).</summary>
    public int CompulsoryPupils => StudentsPrimary + StudentsJunior;

    public int StudentsAt(Level level) => level == Level.Primary ? StudentsPrimary : StudentsJunior;

    public SectionStaff StaffAt(Level level) => level == Level.Primary ? StaffPrimary : StaffJunior;

    public int ClassesAt(Level level) => level == Level.Primary ? ClassesPrimary : ClassesJunior;

    public int? MaxClassAt(Level level) => level == Level.Primary ? MaxClassPrimary : MaxClassJunior;

    /// <summary>Whether the school type teaches <paramref name="level"/> (a 完全中学 teaches junior only; special and vocational schools neither).</summary>
    public bool Teaches(Level level) => Type.Traits().Teaches(level);

    /// <summary>The compulsory levels the school teaches and has pupils in.</summary>
    public IEnumerable<Level> Sections()
    {
        foreach (var level in new[] { Level.Primary, Level.Junior })
        {
            if (Teaches(level) && StudentsAt(level) > 0)
            {
                yield return level;
            }
        }
    }
}

/// <summary>One row of the 教师交流 Rotation sheet.</summary>
/// <param name="RotatedToRural">Of the rotated teachers, those sent to rural (乡村) schools; null when not reported.</param>
public sealed record RotationRecord(string SchoolCode, int EligibleTeachers, int RotatedTeachers, int RotatedKeyTeachers, int? RotatedToRural = null)
{
    public int SourceRow { get; init; }
}

/// <summary>One row of the 经费 Spending sheet; money in 元.</summary>
public sealed record SpendingRecord(string SchoolCode, double PublicFundsYuan, double TrainingFundsYuan)
{
    public int SourceRow { get; init; }
}

/// <summary>
/// The key–value sheet 基本信息 County: identity and the county-level inputs of the checks (method §4).
/// Every input is optional; a missing input makes its check <see cref="Status.NotAssessed"/>.
/// Rates are fractions in [0, 1] here (the workbook shows percentages and the reader divides by 100).
/// </summary>
public sealed record CountyInfo
{
    /// <summary>Six-digit administrative division code (行政区划代码).</summary>
    public required string Code { get; init; }

    public required string Name { get; init; }

    /// <summary>First calendar year of the school year, e.g. 2024 for 2024–25.</summary>
    public required int SchoolYear { get; init; }

    /// <summary>Profile id; null means the default profile.</summary>
    public string? Profile { get; init; }

    /// <summary>生均公用经费基准定额, 元 per pupil per year (for the small-school funding check).</summary>
    public double? PublicFundsBasePerPupilYuan { get; init; }

    /// <summary>特殊教育生均公用经费, 元 per pupil.</summary>
    public double? SpecialEdFundsPerPupilYuan { get; init; }

    /// <summary>教师年平均工资, 元.</summary>
    public double? TeacherAveragePayYuan { get; init; }

    /// <summary>当地公务员年平均工资, 元.</summary>
    public double? CivilServantAveragePayYuan { get; init; }

    public double? TrainingCompletionRate { get; init; }
    public double? NearbyEnrollmentPrimaryRate { get; init; }
    public double? NearbyEnrollmentJuniorRate { get; init; }
    public double? QuotaAllocationRate { get; init; }
    public double? MigrantChildrenPublicRate { get; init; }
    public double? RetentionRateJunior { get; init; }
    public double? DisabledEnrollmentRate { get; init; }
    public double? SatisfactionRate { get; init; }

    // 一票否决 veto items: true means the practice was found, which fails the county.
    public bool? VetoExamAdmission { get; init; }
    public bool? VetoIllegalSchoolChoice { get; init; }
    public bool? VetoKeySchoolsOrClasses { get; init; }
    public bool? VetoUnfilledPosts { get; init; }
}

/// <summary>A whole county workbook after parsing: the input to scoring.</summary>
public sealed record CountySubmission
{
    public required CountyInfo County { get; init; }
    public required IReadOnlyList<School> Schools { get; init; }
    public IReadOnlyList<RotationRecord> Rotation { get; init; } = [];
    public IReadOnlyList<SpendingRecord> Spending { get; init; } = [];

    /// <summary>
    /// Where the school rows were read, as the reader names it (the workbook's sheet), so a warning
    /// found while scoring points at it with each school's <see cref="School.SourceRow"/>: Core knows
    /// no sheet names. Null when built in code. Not stored with the input: it says where these bytes
    /// were found, not what the county reported.
    /// </summary>
    [System.Text.Json.Serialization.JsonIgnore]
    public string? SchoolsLocation { get; init; }
}
