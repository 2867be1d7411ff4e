using Metrics.Core.Model;

namespace Metrics.Excel.Schema;

/// <summary>Shape of a sheet.</summary>
public enum SheetLayout
{
    /// <summary>Prose for people; the reader ignores it.</summary>
    Instructions,

    /// <summary>Columns 键 key | 项目 label (unit) | 值 value, one row a field, from row 3.</summary>
    KeyValue,

    /// <summary>Row 1 Chinese label with unit, row 2 English key, one record a row from row 3.</summary>
    Table,
}

/// <summary>One sheet of the county workbook.</summary>
/// <param name="Id">Stable id: <c>instructions</c>, <c>county</c>, <c>schools</c>, <c>rotation</c>, <c>spending</c>.</param>
/// <param name="NameZh">Chinese sheet name, the name written by the template and used in messages.</param>
/// <param name="NameEn">English sheet name, also accepted by the reader.</param>
/// <param name="Layout">Key–value, table or instructions.</param>
/// <param name="Required">A missing required sheet is an error; a missing optional one a warning (its checks are not assessed).</param>
/// <param name="Fields">Columns (table) or keys (key–value), in template order.</param>
/// <param name="DescriptionZh">What the sheet holds, for the instructions.</param>
/// <param name="DescriptionEn">The same in English.</param>
public sealed record SheetSpec(
    string Id,
    string NameZh,
    string NameEn,
    SheetLayout Layout,
    bool Required,
    IReadOnlyList<FieldSpec> Fields,
    string DescriptionZh,
    string DescriptionEn)
{
    // Keyed by the field list rather than held in a field of the record, so equality and `with` copies
    // stay as they were; the reader looks fields up several times per cell.
    private static readonly System.Runtime.CompilerServices.ConditionalWeakTable<IReadOnlyList<FieldSpec>, Dictionary<string, FieldSpec>> ByKey = [];

    /// <summary>Looks a field up by its English key (exact).</summary>
    public FieldSpec Field(string key) =>
        ByKey.GetValue(Fields, IndexByKey).TryGetValue(key, out var field) ? field : Scan(key);

    // Apart from Field so that its lambda's closure is allocated only on a miss, not on every lookup.
    private FieldSpec Scan(string key) => Fields.First(f => f.Key == key);

    private static Dictionary<string, FieldSpec> IndexByKey(IReadOnlyList<FieldSpec> fields)
    {
        var index = new Dictionary<string, FieldSpec>(StringComparer.Ordinal);
        foreach (var f in fields)
        {
            // The first field of a key wins, as a scan in order would find it.
            index.TryAdd(f.Key, f);
        }

        return index;
    }

    /// <summary>
    /// Whether a sheet name found in a file denotes this sheet: the Chinese or English name, alone or
    /// together (<c>学校 Schools</c>, <c>Schools（学校）</c>), ignoring case, spaces and full-width forms.
    /// </summary>
    public bool MatchesName(string name)
    {
        var n = TextNormalizer.Key(name);
        var zh = TextNormalizer.Key(NameZh);
        var en = TextNormalizer.Key(NameEn);
        if (n.Length == 0)
        {
            return false;
        }

        if (n == zh || n == en || n == zh + en || n == en + zh)
        {
            return true;
        }

        // "学校(Schools)" loses its parentheses in Key(); compare the raw NFKC text as well.
        var raw = TextNormalizer.Clean(name).ToLowerInvariant().Replace(" ", string.Empty, StringComparison.Ordinal);
        return raw == $"{zh}({en})" || raw == $"{en}({zh})";
    }
}

/// <summary>
/// The one column catalog of the county workbook (method §8): every sheet, field, label, unit,
/// kind, requirement and model mapping. The template writer, the reader and the instructions sheet
/// are all generated from it; nothing else lists columns.
/// </summary>
/// <remarks>
/// Percent fields hold the model's <c>*Rate</c> fractions: a number in a cell with a percent number format is
/// the fraction Excel stores for a typed <c>95%</c> (0.95); a number without one, or text, is a percentage
/// typed 0–100 (95 or "95%") and is divided by 100. A bare non-zero number ≤ 1 without a percent format is
/// ambiguous (0.95 %, or 95 %?) and is an error at its cell (<c>percent_looks_like_fraction</c>), never a guess. Teacher counts are per section; facility totals are for the whole school.
/// </remarks>
public static class WorkbookSchema
{
    /// <summary>Rows above the data in table and key–value sheets (row 1 Chinese, row 2 English).</summary>
    public const int HeaderRows = 2;

    /// <summary>First data row of table and key–value sheets.</summary>
    public const int FirstDataRow = 3;

    /// <summary>The <c>school_code</c> of the template's example row, which the reader skips.</summary>
    public const string ExampleCode = "示例EXAMPLE";

    // The labels a county types are the Chinese names declared beside the enums in Core.
    public static readonly EnumChoices SchoolTypes = EnumChoices.From(Names.SchoolTypes);

    public static readonly EnumChoices Locations = EnumChoices.From(Names.Locations);

    public static readonly EnumChoices Ownerships = EnumChoices.From(Names.Ownerships);

    public static readonly EnumChoices PairingScopes = EnumChoices.From(Names.PairingScopes);

    /// <summary>是/否 as typed in the template.</summary>
    public static readonly IReadOnlyList<string> YesNoLabels = ["是", "否"];

    public static readonly SheetSpec Instructions = new(
        "instructions", "填表说明", "Instructions", SheetLayout.Instructions, false, [],
        "填表说明：各工作表的用途、单位和填写约定。读取时忽略本表。",
        "How to fill in the workbook: sheets, units and conventions. The reader ignores this sheet.");

    public static readonly SheetSpec County = new(
        "county", "基本信息", "County", SheetLayout.KeyValue, true,
        [
            Text(ColumnKeys.CountyCode, "县(区)行政区划代码", "County division code (6 digits)", Requirement.Required, "CountyInfo.Code", MaxCodeLength),
            Text(ColumnKeys.CountyName, "县(区)名称", "County name", Requirement.Required, "CountyInfo.Name", MaxNameLength),
            Count(ColumnKeys.SchoolYear, "学年(起始年份)", "School year (first calendar year, e.g. 2024 for 2024–25)", null, Requirement.Required, "CountyInfo.SchoolYear"),
            Text(ColumnKeys.Profile, "评估方案", "Evaluation profile id (empty = default quality-2017)", Requirement.Optional, "CountyInfo.Profile", MaxCodeLength),
            Money(ColumnKeys.PublicFundsBasePerPupilYuan, "生均公用经费基准定额", "Public funds base per pupil", Requirement.Optional, "CountyInfo.PublicFundsBasePerPupilYuan"),
            Money(ColumnKeys.SpecialEdFundsPerPupilYuan, "特殊教育生均公用经费", "Special-education public funds per pupil", Requirement.Optional, "CountyInfo.SpecialEdFundsPerPupilYuan"),
            Money(ColumnKeys.TeacherAvgPayYuan, "教师年平均工资", "Teachers' average annual pay", Requirement.Optional, "CountyInfo.TeacherAveragePayYuan"),
            Money(ColumnKeys.CivilServantAvgPayYuan, "当地公务员年平均工资", "Local civil servants' average annual pay", Requirement.Optional, "CountyInfo.CivilServantAveragePayYuan"),
            Pct(ColumnKeys.TrainingCompletionPct, "五年360学时培训完成率", "5-year 360-hour training completion", "CountyInfo.TrainingCompletionRate"),
            Pct(ColumnKeys.NearbyEnrollmentPrimaryPct, "小学就近划片入学比例", "Primary nearby (catchment) enrolment", "CountyInfo.NearbyEnrollmentPrimaryRate"),
            Pct(ColumnKeys.NearbyEnrollmentJuniorPct, "初中就近划片入学比例", "Junior nearby (catchment) enrolment", "CountyInfo.NearbyEnrollmentJuniorRate"),
            Pct(ColumnKeys.QuotaAllocationPct, "优质高中招生名额分配比例", "Quality senior-high places allocated to junior schools", "CountyInfo.QuotaAllocationRate"),
            Pct(ColumnKeys.MigrantChildrenPublicPct, "随迁子女在公办学校就读比例", "Migrant children in public (or purchased) places", "CountyInfo.MigrantChildrenPublicRate"),
            Pct(ColumnKeys.RetentionRateJuniorPct, "初中三年巩固率", "Junior 3-year retention rate", "CountyInfo.RetentionRateJunior"),
            Pct(ColumnKeys.DisabledEnrollmentPct, "残疾儿童少年入学率", "Enrolment rate of children with disabilities", "CountyInfo.DisabledEnrollmentRate"),
            Pct(ColumnKeys.SatisfactionPct, "社会认可度", "Social satisfaction", "CountyInfo.SatisfactionRate"),
            YesNo(ColumnKeys.VetoExamAdmission, "存在以考试方式招生", "Veto: admission by examination", "CountyInfo.VetoExamAdmission"),
            YesNo(ColumnKeys.VetoIllegalSchoolChoice, "存在违规择校行为", "Veto: illegal school choice", "CountyInfo.VetoIllegalSchoolChoice"),
            YesNo(ColumnKeys.VetoKeySchoolsOrClasses, "存在重点学校或重点班", "Veto: key schools or key classes", "CountyInfo.VetoKeySchoolsOrClasses"),
            YesNo(ColumnKeys.VetoUnfilledPosts, "存在有编不补、长期聘用编外教师", "Veto: teacher posts left unfilled", "CountyInfo.VetoUnfilledPosts"),
        ],
        "基本信息：县(区)代码、名称、学年、评估方案和县级指标。每行一个项目，在“值”列填写。",
        "County: code, name, school year, profile and county-level inputs. One item a row; fill the value column.");

    public static readonly SheetSpec Schools = new(
        "schools", "学校", "Schools", SheetLayout.Table, true,
        [
            Text(ColumnKeys.SchoolCode, "学校代码", "School code", Requirement.Required, "School.Code", MaxCodeLength),
            Text(ColumnKeys.SchoolName, "学校名称", "School name", Requirement.Required, "School.Name", MaxNameLength),
            Choice(ColumnKeys.SchoolType, "学校类型", "School type", SchoolTypes, Requirement.Required, "School.Type"),
            Choice(ColumnKeys.Location, "城乡分类", "Location (urban/town/rural)", Locations, Requirement.Required, "School.Location"),
            Choice(ColumnKeys.Ownership, "办学性质", "Ownership (public/private)", Ownerships, Requirement.Required, "School.Ownership"),
            Count(ColumnKeys.StudentsPrimary, "在校生数·小学", "Pupils, primary", Units.Persons, Requirement.PrimarySection, "School.StudentsPrimary"),
            Count(ColumnKeys.StudentsJunior, "在校生数·初中", "Pupils, junior", Units.Persons, Requirement.JuniorSection, "School.StudentsJunior"),
            Count(ColumnKeys.StudentsSenior, "在校生数·高中", "Pupils, senior (outside the evaluation)", Units.Persons, Requirement.SeniorSection, "School.StudentsSenior"),
            Count(ColumnKeys.ClassesPrimary, "班级数·小学", "Classes, primary", Units.Items, Requirement.PrimarySection, "School.ClassesPrimary"),
            Count(ColumnKeys.ClassesJunior, "班级数·初中", "Classes, junior", Units.Items, Requirement.JuniorSection, "School.ClassesJunior"),
            Count(ColumnKeys.MaxClassPrimary, "最大班额·小学", "Largest class, primary", Units.Persons, Requirement.Optional, "School.MaxClassPrimary"),
            Count(ColumnKeys.MaxClassJunior, "最大班额·初中", "Largest class, junior", Units.Persons, Requirement.Optional, "School.MaxClassJunior"),
            Count(ColumnKeys.TeachersPrimary, "专任教师数·小学", "Full-time teachers, primary", Units.Persons, Requirement.PrimarySection, "School.StaffPrimary.Teachers"),
            Count(ColumnKeys.QualifiedTeachersPrimary, "高于规定学历教师数·小学", "Teachers above required qualification (专科+), primary", Units.Persons, Requirement.PrimarySection, "School.StaffPrimary.Qualified"),
            Count(ColumnKeys.KeyTeachersPrimary, "县级及以上骨干教师数·小学", "County-level+ key teachers, primary", Units.Persons, Requirement.PrimarySection, "School.StaffPrimary.Key"),
            Count(ColumnKeys.PeArtTeachersPrimary, "体育艺术专任教师数·小学", "PE, music and art teachers, primary", Units.Persons, Requirement.PrimarySection, "School.StaffPrimary.PeArt"),
            Count(ColumnKeys.SeniorTitleTeachersPrimary, "中级及以上职称教师数·小学", "Teachers with intermediate+ title, primary", Units.Persons, Requirement.PrimarySection, "School.StaffPrimary.SeniorTitle"),
            Count(ColumnKeys.TeachersJunior, "专任教师数·初中", "Full-time teachers, junior", Units.Persons, Requirement.JuniorSection, "School.StaffJunior.Teachers"),
            Count(ColumnKeys.QualifiedTeachersJunior, "高于规定学历教师数·初中", "Teachers above required qualification (本科+), junior", Units.Persons, Requirement.JuniorSection, "School.StaffJunior.Qualified"),
            Count(ColumnKeys.KeyTeachersJunior, "县级及以上骨干教师数·初中", "County-level+ key teachers, junior", Units.Persons, Requirement.JuniorSection, "School.StaffJunior.Key"),
            Count(ColumnKeys.PeArtTeachersJunior, "体育艺术专任教师数·初中", "PE, music and art teachers, junior", Units.Persons, Requirement.JuniorSection, "School.StaffJunior.PeArt"),
            Count(ColumnKeys.SeniorTitleTeachersJunior, "中级及以上职称教师数·初中", "Teachers with intermediate+ title, junior", Units.Persons, Requirement.JuniorSection, "School.StaffJunior.SeniorTitle"),
            Count(ColumnKeys.CertifiedTeachers, "持教师资格证专任教师数", "Certified full-time teachers, whole school (older column; used only where the per-section columns are empty and the school has no senior section)", Units.Persons, Requirement.Optional, "School.CertifiedTeachers"),
            Area(ColumnKeys.TeachingSpaceM2, "教学及辅助用房面积", "Teaching and auxiliary rooms area (whole school)", Requirement.Required, "School.TeachingSpaceM2"),
            Area(ColumnKeys.SportsSpaceM2, "体育运动场馆面积", "Gym and sports ground area (whole school)", Requirement.Required, "School.SportsSpaceM2"),
            Money(ColumnKeys.EquipmentValueYuan, "教学仪器设备值", "Teaching equipment value in 元, not 万元 (whole school)", Requirement.Required, "School.EquipmentValueYuan"),
            Count(ColumnKeys.MultimediaRooms, "网络多媒体教室数", "Networked multimedia classrooms", Units.Items, Requirement.Required, "School.MultimediaRooms"),
            Count(ColumnKeys.Computers, "计算机台数", "Computers", Units.Machines, Requirement.Required, "School.Computers"),
            Count(ColumnKeys.Books, "图书册数", "Library books", Units.Volumes, Requirement.Required, "School.Books"),
            Count(ColumnKeys.MusicRooms, "音乐专用教室数", "Music rooms", Units.Items, Requirement.Required, "School.MusicRooms"),
            Area(ColumnKeys.MusicRoomMinM2, "最小音乐教室面积", "Area of the smallest music room", Requirement.Optional, "School.MusicRoomMinM2"),
            Count(ColumnKeys.ArtRooms, "美术专用教室数", "Art rooms", Units.Items, Requirement.Required, "School.ArtRooms"),
            Area(ColumnKeys.ArtRoomMinM2, "最小美术教室面积", "Area of the smallest art room", Requirement.Optional, "School.ArtRoomMinM2"),
            Count(ColumnKeys.CatchmentChildren, "学区内适龄儿童数", "School-age children registered in the catchment for the entry grade (小一; 初一 at a junior-only school)", Units.Persons, Requirement.Optional, "School.CatchmentChildren"),
            Count(ColumnKeys.PlannedIntake, "计划招生数", "Planned intake of the entry grade (小一; 初一 at a junior-only school)", Units.Persons, Requirement.Optional, "School.PlannedIntake"),
            Text(ColumnKeys.PairedSchoolCode, "结对学校代码", "Paired school code", Requirement.Optional, "School.PairedSchoolCode", MaxCodeLength),
            Choice(ColumnKeys.PairingScope, "结对范围", "Pairing scope", PairingScopes, Requirement.Optional, "School.PairingScope"),
            YesNo(ColumnKeys.AfterSchoolService, "是否提供课后服务", "Offers after-school service", "School.AfterSchoolService"),
            Count(ColumnKeys.AfterSchoolPupils, "参加课后服务学生数", "Primary pupils taking part in after-school service", Units.Persons, Requirement.Optional, "School.AfterSchoolPupils"),
            Count(ColumnKeys.CertifiedTeachersPrimary, "持教师资格证专任教师数·小学", "Certified full-time teachers, primary", Units.Persons, Requirement.Optional, "School.StaffPrimary.Certified"),
            Count(ColumnKeys.CertifiedTeachersJunior, "持教师资格证专任教师数·初中", "Certified full-time teachers, junior", Units.Persons, Requirement.Optional, "School.StaffJunior.Certified"),
            Area(ColumnKeys.IndoorSportsM2, "室内体育用房面积", "Gym (indoor sports rooms) area counted in teaching space (whole school)", Requirement.Optional, "School.IndoorSportsM2"),
            Text(ColumnKeys.ParentSchoolCode, "所属学校代码", "Parent school code (teaching points: the school the point belongs to)", Requirement.Optional, "School.ParentSchoolCode", MaxCodeLength),
            Count(ColumnKeys.CatchmentChildrenJunior, "学区内适龄儿童数·初一", "School-age children for 初一 (schools with both sections)", Units.Persons, Requirement.Optional, "School.CatchmentChildrenJunior"),
            Count(ColumnKeys.PlannedIntakeJunior, "计划招生数·初一", "Planned 初一 intake (schools with both sections)", Units.Persons, Requirement.Optional, "School.PlannedIntakeJunior"),
            Count(ColumnKeys.BoardingPupils, "寄宿生数·小学", "Boarding primary pupils", Units.Persons, Requirement.Optional, "School.BoardingPupils"),
        ],
        "学校：每行一所学校。教师数按学段(小学/初中)分别填写；面积、设备、图书等为全校合计。",
        "Schools: one row a school. Teacher counts per section (primary/junior); areas, equipment and books for the whole school.");

    public static readonly SheetSpec Rotation = new(
        "rotation", "教师交流", "Rotation", SheetLayout.Table, false,
        [
            Text(ColumnKeys.SchoolCode, "学校代码", "School code", Requirement.Required, "RotationRecord.SchoolCode", MaxCodeLength),
            Count(ColumnKeys.EligibleTeachers, "应交流教师数", "Teachers eligible for rotation", Units.Persons, Requirement.Required, "RotationRecord.EligibleTeachers"),
            Count(ColumnKeys.RotatedTeachers, "实际交流教师数", "Teachers rotated", Units.Persons, Requirement.Required, "RotationRecord.RotatedTeachers"),
            Count(ColumnKeys.RotatedKeyTeachers, "交流骨干教师数", "Key teachers rotated", Units.Persons, Requirement.Required, "RotationRecord.RotatedKeyTeachers"),
            Count(ColumnKeys.RotatedToRural, "交流到乡村学校教师数", "Teachers rotated to rural schools", Units.Persons, Requirement.Optional, "RotationRecord.RotatedToRural"),
        ],
        "教师交流：每行一所学校的校长教师交流轮岗情况。",
        "Rotation: teacher rotation of one school a row.");

    public static readonly SheetSpec Spending = new(
        "spending", "经费", "Spending", SheetLayout.Table, false,
        [
            Text(ColumnKeys.SchoolCode, "学校代码", "School code", Requirement.Required, "SpendingRecord.SchoolCode", MaxCodeLength),
            Money(ColumnKeys.PublicFundsYuan, "公用经费", "Public funds received", Requirement.Required, "SpendingRecord.PublicFundsYuan"),
            Money(ColumnKeys.TrainingFundsYuan, "教师培训经费", "Spent on teacher training", Requirement.Required, "SpendingRecord.TrainingFundsYuan"),
        ],
        "经费：每行一所学校的公用经费和教师培训经费(元)。",
        "Spending: public funds and teacher-training spending of one school a row, in 元.");

    /// <summary>All sheets in template order.</summary>
    public static readonly IReadOnlyList<SheetSpec> Sheets = [Instructions, County, Schools, Rotation, Spending];

    /// <summary>The sheets that carry data (all but the instructions).</summary>
    public static IEnumerable<SheetSpec> DataSheets => Sheets.Where(s => s.Layout != SheetLayout.Instructions);

    /// <summary>
    /// Longest school or county name accepted, in characters. The longest official names (e.g.
    /// "XX市XX区XX镇XX村XX九年一贯制学校XX分校") stay well under 60; a longer value is a paste gone wrong.
    /// </summary>
    public const int MaxNameLength = 100;

    /// <summary>Longest code accepted (school codes are 10 digits, division codes 6, profile ids short).</summary>
    public const int MaxCodeLength = 30;

    private static FieldSpec Text(string key, string zh, string en, Requirement req, string mapsTo, int maxLength) =>
        new(key, zh, en, null, FieldKind.Text, req, mapsTo, MaxLength: maxLength);

    private static FieldSpec Count(string key, string zh, string en, string? unit, Requirement req, string mapsTo) =>
        new(key, zh, en, unit, FieldKind.Count, req, mapsTo);

    private static FieldSpec Area(string key, string zh, string en, Requirement req, string mapsTo) =>
        new(key, zh, en, Units.SquareMetres, FieldKind.NonNegativeNumber, req, mapsTo);

    private static FieldSpec Money(string key, string zh, string en, Requirement req, string mapsTo) =>
        new(key, zh, en, Units.Yuan, FieldKind.NonNegativeNumber, req, mapsTo);

    private static FieldSpec Pct(string key, string zh, string en, string mapsTo) =>
        new(key, zh, en, Units.Percent, FieldKind.Percent, Requirement.Optional, mapsTo);

    private static FieldSpec YesNo(string key, string zh, string en, string mapsTo) =>
        new(key, zh, en, Units.YesNo, FieldKind.YesNo, Requirement.Optional, mapsTo);

    private static FieldSpec Choice(string key, string zh, string en, EnumChoices choices, Requirement req, string mapsTo) =>
        new(key, zh, en, null, FieldKind.Enum, req, mapsTo, choices);
}
