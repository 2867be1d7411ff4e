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
    /// <summary>Looks a field up by its English key (exact).</summary>
    public FieldSpec Field(string key) => Fields.First(f => f.Key == key);

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
/// The one column catalog of the county workbook (DOMAIN.md §8): every sheet, field, label, unit,
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
            Text("county_code", "县(区)行政区划代码", "County division code (6 digits)", Requirement.Required, "CountyInfo.Code", MaxCodeLength),
            Text("county_name", "县(区)名称", "County name", Requirement.Required, "CountyInfo.Name", MaxNameLength),
            Count("school_year", "学年(起始年份)", "School year (first calendar year, e.g. 2024 for 2024–25)", null, Requirement.Required, "CountyInfo.SchoolYear"),
            Text("profile", "评估方案", "Evaluation profile id (empty = default quality-2017)", Requirement.Optional, "CountyInfo.Profile", MaxCodeLength),
            Money("public_funds_base_per_pupil_yuan", "生均公用经费基准定额", "Public funds base per pupil", Requirement.Optional, "CountyInfo.PublicFundsBasePerPupilYuan"),
            Money("special_ed_funds_per_pupil_yuan", "特殊教育生均公用经费", "Special-education public funds per pupil", Requirement.Optional, "CountyInfo.SpecialEdFundsPerPupilYuan"),
            Money("teacher_avg_pay_yuan", "教师年平均工资", "Teachers' average annual pay", Requirement.Optional, "CountyInfo.TeacherAveragePayYuan"),
            Money("civil_servant_avg_pay_yuan", "当地公务员年平均工资", "Local civil servants' average annual pay", Requirement.Optional, "CountyInfo.CivilServantAveragePayYuan"),
            Pct("training_completion_pct", "五年360学时培训完成率", "5-year 360-hour training completion", "CountyInfo.TrainingCompletionRate"),
            Pct("nearby_enrollment_primary_pct", "小学就近划片入学比例", "Primary nearby (catchment) enrolment", "CountyInfo.NearbyEnrollmentPrimaryRate"),
            Pct("nearby_enrollment_junior_pct", "初中就近划片入学比例", "Junior nearby (catchment) enrolment", "CountyInfo.NearbyEnrollmentJuniorRate"),
            Pct("quota_allocation_pct", "优质高中招生名额分配比例", "Quality senior-high places allocated to junior schools", "CountyInfo.QuotaAllocationRate"),
            Pct("migrant_children_public_pct", "随迁子女在公办学校就读比例", "Migrant children in public (or purchased) places", "CountyInfo.MigrantChildrenPublicRate"),
            Pct("retention_rate_junior_pct", "初中三年巩固率", "Junior 3-year retention rate", "CountyInfo.RetentionRateJunior"),
            Pct("disabled_enrollment_pct", "残疾儿童少年入学率", "Enrolment rate of children with disabilities", "CountyInfo.DisabledEnrollmentRate"),
            Pct("satisfaction_pct", "社会认可度", "Social satisfaction", "CountyInfo.SatisfactionRate"),
            YesNo("veto_exam_admission", "存在以考试方式招生", "Veto: admission by examination", "CountyInfo.VetoExamAdmission"),
            YesNo("veto_illegal_school_choice", "存在违规择校行为", "Veto: illegal school choice", "CountyInfo.VetoIllegalSchoolChoice"),
            YesNo("veto_key_schools_or_classes", "存在重点学校或重点班", "Veto: key schools or key classes", "CountyInfo.VetoKeySchoolsOrClasses"),
            YesNo("veto_unfilled_posts", "存在有编不补、长期聘用编外教师", "Veto: teacher posts left unfilled", "CountyInfo.VetoUnfilledPosts"),
        ],
        "基本信息：县(区)代码、名称、学年、评估方案和县级指标。每行一个项目，在“值”列填写。",
        "County: code, name, school year, profile and county-level inputs. One item a row; fill the value column.");

    public static readonly SheetSpec Schools = new(
        "schools", "学校", "Schools", SheetLayout.Table, true,
        [
            Text("school_code", "学校代码", "School code", Requirement.Required, "School.Code", MaxCodeLength),
            Text("school_name", "学校名称", "School name", Requirement.Required, "School.Name", MaxNameLength),
            Choice("school_type", "学校类型", "School type", SchoolTypes, Requirement.Required, "School.Type"),
            Choice("location", "城乡分类", "Location (urban/town/rural)", Locations, Requirement.Required, "School.Location"),
            Choice("ownership", "办学性质", "Ownership (public/private)", Ownerships, Requirement.Required, "School.Ownership"),
            Count("students_primary", "在校生数·小学", "Pupils, primary", Units.Persons, Requirement.PrimarySection, "School.StudentsPrimary"),
            Count("students_junior", "在校生数·初中", "Pupils, junior", Units.Persons, Requirement.JuniorSection, "School.StudentsJunior"),
            Count("students_senior", "在校生数·高中", "Pupils, senior (outside the evaluation)", Units.Persons, Requirement.SeniorSection, "School.StudentsSenior"),
            Count("classes_primary", "班级数·小学", "Classes, primary", Units.Items, Requirement.PrimarySection, "School.ClassesPrimary"),
            Count("classes_junior", "班级数·初中", "Classes, junior", Units.Items, Requirement.JuniorSection, "School.ClassesJunior"),
            Count("max_class_primary", "最大班额·小学", "Largest class, primary", Units.Persons, Requirement.Optional, "School.MaxClassPrimary"),
            Count("max_class_junior", "最大班额·初中", "Largest class, junior", Units.Persons, Requirement.Optional, "School.MaxClassJunior"),
            Count("teachers_primary", "专任教师数·小学", "Full-time teachers, primary", Units.Persons, Requirement.PrimarySection, "School.StaffPrimary.Teachers"),
            Count("qualified_teachers_primary", "高于规定学历教师数·小学", "Teachers above required qualification (专科+), primary", Units.Persons, Requirement.PrimarySection, "School.StaffPrimary.Qualified"),
            Count("key_teachers_primary", "县级及以上骨干教师数·小学", "County-level+ key teachers, primary", Units.Persons, Requirement.PrimarySection, "School.StaffPrimary.Key"),
            Count("pe_art_teachers_primary", "体育艺术专任教师数·小学", "PE, music and art teachers, primary", Units.Persons, Requirement.PrimarySection, "School.StaffPrimary.PeArt"),
            Count("senior_title_teachers_primary", "中级及以上职称教师数·小学", "Teachers with intermediate+ title, primary", Units.Persons, Requirement.PrimarySection, "School.StaffPrimary.SeniorTitle"),
            Count("teachers_junior", "专任教师数·初中", "Full-time teachers, junior", Units.Persons, Requirement.JuniorSection, "School.StaffJunior.Teachers"),
            Count("qualified_teachers_junior", "高于规定学历教师数·初中", "Teachers above required qualification (本科+), junior", Units.Persons, Requirement.JuniorSection, "School.StaffJunior.Qualified"),
            Count("key_teachers_junior", "县级及以上骨干教师数·初中", "County-level+ key teachers, junior", Units.Persons, Requirement.JuniorSection, "School.StaffJunior.Key"),
            Count("pe_art_teachers_junior", "体育艺术专任教师数·初中", "PE, music and art teachers, junior", Units.Persons, Requirement.JuniorSection, "School.StaffJunior.PeArt"),
            Count("senior_title_teachers_junior", "中级及以上职称教师数·初中", "Teachers with intermediate+ title, junior", Units.Persons, Requirement.JuniorSection, "School.StaffJunior.SeniorTitle"),
            Count("certified_teachers", "持教师资格证专任教师数", "Certified full-time teachers, whole school (older column; used only where the per-section columns are empty and the school has no senior section)", Units.Persons, Requirement.Optional, "School.CertifiedTeachers"),
            Area("teaching_space_m2", "教学及辅助用房面积", "Teaching and auxiliary rooms area (whole school)", Requirement.Required, "School.TeachingSpaceM2"),
            Area("sports_space_m2", "体育运动场馆面积", "Gym and sports ground area (whole school)", Requirement.Required, "School.SportsSpaceM2"),
            Money("equipment_value_yuan", "教学仪器设备值", "Teaching equipment value in 元, not 万元 (whole school)", Requirement.Required, "School.EquipmentValueYuan"),
            Count("multimedia_rooms", "网络多媒体教室数", "Networked multimedia classrooms", Units.Items, Requirement.Required, "School.MultimediaRooms"),
            Count("computers", "计算机台数", "Computers", Units.Machines, Requirement.Required, "School.Computers"),
            Count("books", "图书册数", "Library books", Units.Volumes, Requirement.Required, "School.Books"),
            Count("music_rooms", "音乐专用教室数", "Music rooms", Units.Items, Requirement.Required, "School.MusicRooms"),
            Area("music_room_min_m2", "最小音乐教室面积", "Area of the smallest music room", Requirement.Optional, "School.MusicRoomMinM2"),
            Count("art_rooms", "美术专用教室数", "Art rooms", Units.Items, Requirement.Required, "School.ArtRooms"),
            Area("art_room_min_m2", "最小美术教室面积", "Area of the smallest art room", Requirement.Optional, "School.ArtRoomMinM2"),
            Count("catchment_children", "学区内适龄儿童数", "School-age children registered in the catchment for the entry grade (小一; 初一 at a junior-only school)", Units.Persons, Requirement.Optional, "School.CatchmentChildren"),
            Count("planned_intake", "计划招生数", "Planned intake of the entry grade (小一; 初一 at a junior-only school)", Units.Persons, Requirement.Optional, "School.PlannedIntake"),
            Text("paired_school_code", "结对学校代码", "Paired school code", Requirement.Optional, "School.PairedSchoolCode", MaxCodeLength),
            Choice("pairing_scope", "结对范围", "Pairing scope", PairingScopes, Requirement.Optional, "School.PairingScope"),
            YesNo("after_school_service", "是否提供课后服务", "Offers after-school service", "School.AfterSchoolService"),
            Count("after_school_pupils", "参加课后服务学生数", "Primary pupils taking part in after-school service", Units.Persons, Requirement.Optional, "School.AfterSchoolPupils"),
            Count("certified_teachers_primary", "持教师资格证专任教师数·小学", "Certified full-time teachers, primary", Units.Persons, Requirement.Optional, "School.StaffPrimary.Certified"),
            Count("certified_teachers_junior", "持教师资格证专任教师数·初中", "Certified full-time teachers, junior", Units.Persons, Requirement.Optional, "School.StaffJunior.Certified"),
            Area("indoor_sports_m2", "室内体育用房面积", "Gym (indoor sports rooms) area counted in teaching space (whole school)", Requirement.Optional, "School.IndoorSportsM2"),
            Text("parent_school_code", "所属学校代码", "Parent school code (teaching points: the school the point belongs to)", Requirement.Optional, "School.ParentSchoolCode", MaxCodeLength),
            Count("catchment_children_junior", "学区内适龄儿童数·初一", "School-age children for 初一 (schools with both sections)", Units.Persons, Requirement.Optional, "School.CatchmentChildrenJunior"),
            Count("planned_intake_junior", "计划招生数·初一", "Planned 初一 intake (schools with both sections)", Units.Persons, Requirement.Optional, "School.PlannedIntakeJunior"),
            Count("boarding_pupils", "寄宿生数·小学", "Boarding primary pupils", Units.Persons, Requirement.Optional, "School.BoardingPupils"),
        ],
        "学校：每行一所学校。教师数按学段(小学/初中)分别填写；面积、设备、图书等为全校合计。",
        "Schools: one row a school. Teacher counts per section (primary/junior); areas, equipment and books for the whole school.");

    public static readonly SheetSpec Rotation = new(
        "rotation", "教师交流", "Rotation", SheetLayout.Table, false,
        [
            Text("school_code", "学校代码", "School code", Requirement.Required, "RotationRecord.SchoolCode", MaxCodeLength),
            Count("eligible_teachers", "应交流教师数", "Teachers eligible for rotation", Units.Persons, Requirement.Required, "RotationRecord.EligibleTeachers"),
            Count("rotated_teachers", "实际交流教师数", "Teachers rotated", Units.Persons, Requirement.Required, "RotationRecord.RotatedTeachers"),
            Count("rotated_key_teachers", "交流骨干教师数", "Key teachers rotated", Units.Persons, Requirement.Required, "RotationRecord.RotatedKeyTeachers"),
            Count("rotated_to_rural", "交流到乡村学校教师数", "Teachers rotated to rural schools", Units.Persons, Requirement.Optional, "RotationRecord.RotatedToRural"),
        ],
        "教师交流：每行一所学校的校长教师交流轮岗情况。",
        "Rotation: teacher rotation of one school a row.");

    public static readonly SheetSpec Spending = new(
        "spending", "经费", "Spending", SheetLayout.Table, false,
        [
            Text("school_code", "学校代码", "School code", Requirement.Required, "SpendingRecord.SchoolCode", MaxCodeLength),
            Money("public_funds_yuan", "公用经费", "Public funds received", Requirement.Required, "SpendingRecord.PublicFundsYuan"),
            Money("training_funds_yuan", "教师培训经费", "Spent on teacher training", Requirement.Required, "SpendingRecord.TrainingFundsYuan"),
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
