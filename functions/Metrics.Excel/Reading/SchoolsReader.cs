using Metrics.Core.Model;
using Metrics.Excel.Schema;

namespace Metrics.Excel.Reading;

/// <summary>Reads the table sheets (学校, 教师交流, 经费) into model records and runs the cross-cell checks.</summary>
internal static class SchoolsReader
{
    /// <summary>
    /// Lower plausibility bounds per pupil (errors at the cell): below them a figure is almost surely in
    /// the wrong unit (万元 typed as 元, 万平方米 or hectares as m², 万册 as books). Each is a small
    /// fraction of the lowest national standard (2 000 元, 4.5 m² teaching and 7.5 m² sports space,
    /// 15 books a pupil) yet far above what a unit slip gives: 50 元, 0.5 m², 0.2 m² (crowded urban
    /// sites have 1–2 m² of sports ground a pupil), 0.5 books. A value of 0 means "none" and is
    /// left to the standards.
    /// </summary>
    internal const double MinEquipmentPerPupil = 50;
    internal const double MinTeachingSpacePerPupil = 0.5;
    internal const double MinSportsSpacePerPupil = 0.2;
    internal const double MinBooksPerPupil = 0.5;

    /// <summary>Implausibility bounds (warnings only).</summary>
    internal const double MaxTeachingSpacePerPupil = 100;
    internal const double MaxSportsSpacePerPupil = 200;
    internal const double MaxEquipmentPerPupil = 200_000;
    internal const int MaxClassSize = 100;

    public static List<School> Read(TableSheet t, FieldReader r)
    {
        var spec = WorkbookSchema.Schools;
        var typeCol = t.Columns.TryGetValue(ColumnKeys.SchoolType, out var tc) ? tc : -1;
        var types = t.DataRows
            .Select(row => typeCol < 0 || row[typeCol] is null ? null : (SchoolType?)spec.Field(ColumnKeys.SchoolType).Choices!.Match(CellValues.AsText(row[typeCol]!)))
            .ToList();
        ReportMissingColumns(t, r, f => f.Requirement switch
        {
            Requirement.Required => true,
            Requirement.PrimarySection => types.Any(x => x is { } ty && ty.Traits().TeachesPrimary),
            Requirement.JuniorSection => types.Any(x => x is { } ty && ty.Traits().TeachesJunior),
            Requirement.SeniorSection => types.Any(x => x is { } ty && ty.Traits().HasSenior),
            _ => false,
        });

        // Each column resolved once for the table, not by its key for every row.
        var cSchoolName = t.Slot(ColumnKeys.SchoolName);
        var cSchoolType = t.Slot(ColumnKeys.SchoolType);
        var cLocation = t.Slot(ColumnKeys.Location);
        var cOwnership = t.Slot(ColumnKeys.Ownership);
        var cTeachingSpaceM2 = t.Slot(ColumnKeys.TeachingSpaceM2);
        var cSportsSpaceM2 = t.Slot(ColumnKeys.SportsSpaceM2);
        var cEquipmentValueYuan = t.Slot(ColumnKeys.EquipmentValueYuan);
        var cMusicRoomMinM2 = t.Slot(ColumnKeys.MusicRoomMinM2);
        var cArtRoomMinM2 = t.Slot(ColumnKeys.ArtRoomMinM2);
        var cPairedSchoolCode = t.Slot(ColumnKeys.PairedSchoolCode);
        var cPairingScope = t.Slot(ColumnKeys.PairingScope);
        var cAfterSchoolService = t.Slot(ColumnKeys.AfterSchoolService);
        var cParentSchoolCode = t.Slot(ColumnKeys.ParentSchoolCode);
        var cIndoorSportsM2 = t.Slot(ColumnKeys.IndoorSportsM2);
        var cStudentsPrimary = t.Slot(ColumnKeys.StudentsPrimary);
        var cStudentsJunior = t.Slot(ColumnKeys.StudentsJunior);
        var cStudentsSenior = t.Slot(ColumnKeys.StudentsSenior);
        var cClassesPrimary = t.Slot(ColumnKeys.ClassesPrimary);
        var cClassesJunior = t.Slot(ColumnKeys.ClassesJunior);
        var cMaxClassPrimary = t.Slot(ColumnKeys.MaxClassPrimary);
        var cMaxClassJunior = t.Slot(ColumnKeys.MaxClassJunior);
        var cTeachersPrimary = t.Slot(ColumnKeys.TeachersPrimary);
        var cQualifiedTeachersPrimary = t.Slot(ColumnKeys.QualifiedTeachersPrimary);
        var cKeyTeachersPrimary = t.Slot(ColumnKeys.KeyTeachersPrimary);
        var cPeArtTeachersPrimary = t.Slot(ColumnKeys.PeArtTeachersPrimary);
        var cSeniorTitleTeachersPrimary = t.Slot(ColumnKeys.SeniorTitleTeachersPrimary);
        var cCertifiedTeachersPrimary = t.Slot(ColumnKeys.CertifiedTeachersPrimary);
        var cTeachersJunior = t.Slot(ColumnKeys.TeachersJunior);
        var cQualifiedTeachersJunior = t.Slot(ColumnKeys.QualifiedTeachersJunior);
        var cKeyTeachersJunior = t.Slot(ColumnKeys.KeyTeachersJunior);
        var cPeArtTeachersJunior = t.Slot(ColumnKeys.PeArtTeachersJunior);
        var cSeniorTitleTeachersJunior = t.Slot(ColumnKeys.SeniorTitleTeachersJunior);
        var cCertifiedTeachersJunior = t.Slot(ColumnKeys.CertifiedTeachersJunior);
        var cCertifiedTeachers = t.Slot(ColumnKeys.CertifiedTeachers);
        var cMultimediaRooms = t.Slot(ColumnKeys.MultimediaRooms);
        var cComputers = t.Slot(ColumnKeys.Computers);
        var cBooks = t.Slot(ColumnKeys.Books);
        var cMusicRooms = t.Slot(ColumnKeys.MusicRooms);
        var cArtRooms = t.Slot(ColumnKeys.ArtRooms);
        var cCatchmentChildren = t.Slot(ColumnKeys.CatchmentChildren);
        var cPlannedIntake = t.Slot(ColumnKeys.PlannedIntake);
        var cAfterSchoolPupils = t.Slot(ColumnKeys.AfterSchoolPupils);
        var cCatchmentChildrenJunior = t.Slot(ColumnKeys.CatchmentChildrenJunior);
        var cPlannedIntakeJunior = t.Slot(ColumnKeys.PlannedIntakeJunior);
        var cBoardingPupils = t.Slot(ColumnKeys.BoardingPupils);
        var schools = new List<School>(t.DataRows.Count);
        var firstRowOfCode = new Dictionary<string, int>(t.DataRows.Count, StringComparer.Ordinal);
        foreach (var row in t.DataRows)
        {
            var issuesBefore = r.Issues.Count;

            var code = Code(t, row, r, firstRowOfCode);
            var name = r.Text(t.At(row, cSchoolName), cSchoolName.Field, true);
            var type = (SchoolType?)r.Enum(t.At(row, cSchoolType), cSchoolType.Field, true);
            var location = (Location?)r.Enum(t.At(row, cLocation), cLocation.Field, true);
            var ownership = (Ownership?)r.Enum(t.At(row, cOwnership), cOwnership.Field, true);

            var typeZh = type is null ? string.Empty : WorkbookSchema.SchoolTypes.LabelOf(type.Value);
            var p = type is { } t1 && t1.Traits().TeachesPrimary;
            var j = type is { } t2 && t2.Traits().TeachesJunior;
            var s = type is { } t3 && t3.Traits().HasSenior;

            // The explanations are the same for every cell of a section, and shown only for an empty required
            // cell: formatted then, once a row, rather than for every row.
            (string Zh, string En)? whyPrimary = null, whyJunior = null, whySenior = null;
            (string Zh, string En) Why(string sectionZh, string sectionEn) =>
                ($"学校类型为{typeZh}，必须填写{sectionZh}数据(没有请填 0)。", $"A {type} school must report its {sectionEn} section (enter 0 if none). ");
            int Sec(in ColumnSlot slot, bool required, string sectionZh, string sectionEn)
            {
                var at = t.At(row, slot);
                if (!(required && at.HasColumn && CellValues.IsEmpty(at.Value)))
                {
                    return r.Count(at, slot.Field, required) ?? 0;
                }

                var why = sectionEn switch
                {
                    "primary" => whyPrimary ??= Why(sectionZh, sectionEn),
                    "junior" => whyJunior ??= Why(sectionZh, sectionEn),
                    _ => whySenior ??= Why(sectionZh, sectionEn),
                };
                return r.Count(at, slot.Field, required, why.Zh, why.En) ?? 0;
            }

            int Req(in ColumnSlot slot) => r.Count(t.At(row, slot), slot.Field, true) ?? 0;
            int? Opt(in ColumnSlot slot) => r.Count(t.At(row, slot), slot.Field, false);

            var studentsPrimary = Sec(cStudentsPrimary, p, "小学", "primary");
            var studentsJunior = Sec(cStudentsJunior, j, "初中", "junior");
            var studentsSenior = Sec(cStudentsSenior, s, "高中", "senior");
            var classesPrimary = Sec(cClassesPrimary, p, "小学", "primary");
            var classesJunior = Sec(cClassesJunior, j, "初中", "junior");
            var maxClassPrimary = Opt(cMaxClassPrimary);
            var maxClassJunior = Opt(cMaxClassJunior);
            var staffPrimary = new SectionStaff(
                Sec(cTeachersPrimary, p, "小学", "primary"),
                Sec(cQualifiedTeachersPrimary, p, "小学", "primary"),
                Sec(cKeyTeachersPrimary, p, "小学", "primary"),
                Sec(cPeArtTeachersPrimary, p, "小学", "primary"),
                Sec(cSeniorTitleTeachersPrimary, p, "小学", "primary"))
            {
                Certified = Opt(cCertifiedTeachersPrimary),
            };
            var staffJunior = new SectionStaff(
                Sec(cTeachersJunior, j, "初中", "junior"),
                Sec(cQualifiedTeachersJunior, j, "初中", "junior"),
                Sec(cKeyTeachersJunior, j, "初中", "junior"),
                Sec(cPeArtTeachersJunior, j, "初中", "junior"),
                Sec(cSeniorTitleTeachersJunior, j, "初中", "junior"))
            {
                Certified = Opt(cCertifiedTeachersJunior),
            };
            var certified = Opt(cCertifiedTeachers);
            var teaching = r.Number(t.At(row, cTeachingSpaceM2), cTeachingSpaceM2.Field, true);
            var sports = r.Number(t.At(row, cSportsSpaceM2), cSportsSpaceM2.Field, true);
            var equipment = r.Number(t.At(row, cEquipmentValueYuan), cEquipmentValueYuan.Field, true);
            var multimedia = Req(cMultimediaRooms);
            var computers = Req(cComputers);
            var books = Req(cBooks);
            var musicRooms = Req(cMusicRooms);
            var musicMin = r.Number(t.At(row, cMusicRoomMinM2), cMusicRoomMinM2.Field, false);
            var artRooms = Req(cArtRooms);
            var artMin = r.Number(t.At(row, cArtRoomMinM2), cArtRoomMinM2.Field, false);
            var catchment = Opt(cCatchmentChildren);
            var intake = Opt(cPlannedIntake);
            var paired = r.Text(t.At(row, cPairedSchoolCode), cPairedSchoolCode.Field, false);
            var scope = (PairingScope?)r.Enum(t.At(row, cPairingScope), cPairingScope.Field, false);
            var afterSchool = r.YesNo(t.At(row, cAfterSchoolService), cAfterSchoolService.Field, false);
            var afterSchoolPupils = Opt(cAfterSchoolPupils);
            var parent = r.Text(t.At(row, cParentSchoolCode), cParentSchoolCode.Field, false);
            var indoor = r.Number(t.At(row, cIndoorSportsM2), cIndoorSportsM2.Field, false);
            var catchmentJunior = Opt(cCatchmentChildrenJunior);
            var intakeJunior = Opt(cPlannedIntakeJunior);
            var boarding = Opt(cBoardingPupils);

            var school = new School
            {
                Code = code ?? string.Empty,
                Name = name ?? string.Empty,
                Type = type ?? SchoolType.Primary,
                Location = location ?? Location.Urban,
                Ownership = ownership ?? Ownership.Public,
                StudentsPrimary = studentsPrimary,
                StudentsJunior = studentsJunior,
                StudentsSenior = studentsSenior,
                ClassesPrimary = classesPrimary,
                ClassesJunior = classesJunior,
                MaxClassPrimary = maxClassPrimary,
                MaxClassJunior = maxClassJunior,
                StaffPrimary = staffPrimary,
                StaffJunior = staffJunior,
                CertifiedTeachers = certified,
                TeachingSpaceM2 = teaching ?? 0,
                SportsSpaceM2 = sports ?? 0,
                EquipmentValueYuan = equipment ?? 0,
                MultimediaRooms = multimedia,
                Computers = computers,
                Books = books,
                MusicRooms = musicRooms,
                MusicRoomMinM2 = musicMin,
                ArtRooms = artRooms,
                ArtRoomMinM2 = artMin,
                CatchmentChildren = catchment,
                PlannedIntake = intake,
                PairedSchoolCode = paired is null ? null : TextNormalizer.Clean(paired),
                PairingScope = scope,
                AfterSchoolService = afterSchool,
                AfterSchoolPupils = afterSchoolPupils,
                ParentSchoolCode = parent is null ? null : TextNormalizer.Clean(parent),
                IndoorSportsM2 = indoor,
                CatchmentChildrenJunior = catchmentJunior,
                PlannedIntakeJunior = intakeJunior,
                BoardingPupils = boarding,
                SourceRow = row.Number,
            };
            schools.Add(school);
            // Cross-cell checks only on a row whose cells all parsed: no cascade from one bad cell.
            if (type is not null && !HasErrorSince(r.Issues, issuesBefore))
            {
                CrossCheck(school, t, row, r, typeZh);
            }
        }

        // A teaching point's parent must be a school of this sheet (profiles may merge the point into it).
        var codes = schools.Select(x => x.Code).ToHashSet(StringComparer.Ordinal);
        foreach (var (school, row) in schools.Zip(t.DataRows))
        {
            if (school.ParentSchoolCode is { Length: > 0 } parentCode && !codes.Contains(parentCode))
            {
                var f = spec.Field(ColumnKeys.ParentSchoolCode);
                r.Add(Severity.Warning, IssueCodes.UnknownSchoolCode, t.At(row, ColumnKeys.ParentSchoolCode), f,
                    $"所属学校代码 {parentCode} 在「学校」表中不存在；合并教学点的方案无法把本校并入。请填写本表中的学校代码。",
                    $"Parent school code {parentCode} is not in the Schools sheet; a profile merging teaching points cannot merge this one. Use a code of this sheet.");
            }
        }

        return schools;
    }

    public static List<RotationRecord> ReadRotation(TableSheet t, FieldReader r, HashSet<string>? knownCodes)
    {
        var spec = WorkbookSchema.Rotation;
        ReportMissingColumns(t, r, f => f.Requirement == Requirement.Required);
        var list = new List<RotationRecord>(t.DataRows.Count);
        var seen = new Dictionary<string, int>(t.DataRows.Count, StringComparer.Ordinal);
        var cEligible = t.Slot(ColumnKeys.EligibleTeachers);
        var cRotated = t.Slot(ColumnKeys.RotatedTeachers);
        var cKey = t.Slot(ColumnKeys.RotatedKeyTeachers);
        var cRural = t.Slot(ColumnKeys.RotatedToRural);
        foreach (var row in t.DataRows)
        {
            var code = Code(t, row, r, seen);
            CheckKnown(code, t, row, r, knownCodes);
            var eligible = r.Count(t.At(row, cEligible), cEligible.Field, true);
            var rotated = r.Count(t.At(row, cRotated), cRotated.Field, true);
            var key = r.Count(t.At(row, cKey), cKey.Field, true);
            var rural = r.Count(t.At(row, cRural), cRural.Field, false);

            void Exceeds(string field, int? part, int? whole, string wholeKey)
            {
                if (part is not null && whole is not null && part > whole)
                {
                    var f = spec.Field(field);
                    var w = spec.Field(wholeKey);
                    r.Add(Severity.Error, IssueCodes.RotatedExceedsEligible, t.At(row, field), f,
                        $"「{f.HeaderZh}」为 {part}，超过了「{w.HeaderZh}」{whole}。请核对。",
                        $"{f.LabelEn} ({f.Key}) is {part}, more than {w.LabelEn} ({w.Key}) {whole}. Check both values.");
                }
            }

            Exceeds(ColumnKeys.RotatedTeachers, rotated, eligible, ColumnKeys.EligibleTeachers);
            Exceeds(ColumnKeys.RotatedKeyTeachers, key, rotated, ColumnKeys.RotatedTeachers);
            Exceeds(ColumnKeys.RotatedToRural, rural, rotated, ColumnKeys.RotatedTeachers);
            list.Add(new RotationRecord(code ?? string.Empty, eligible ?? 0, rotated ?? 0, key ?? 0, rural) { SourceRow = row.Number });
        }

        return list;
    }

    public static List<SpendingRecord> ReadSpending(TableSheet t, FieldReader r, HashSet<string>? knownCodes)
    {
        var spec = WorkbookSchema.Spending;
        ReportMissingColumns(t, r, f => f.Requirement == Requirement.Required);
        var list = new List<SpendingRecord>(t.DataRows.Count);
        var seen = new Dictionary<string, int>(t.DataRows.Count, StringComparer.Ordinal);
        var cFunds = t.Slot(ColumnKeys.PublicFundsYuan);
        var cTraining = t.Slot(ColumnKeys.TrainingFundsYuan);
        foreach (var row in t.DataRows)
        {
            var code = Code(t, row, r, seen);
            CheckKnown(code, t, row, r, knownCodes);
            var funds = r.Number(t.At(row, cFunds), cFunds.Field, true);
            var training = r.Number(t.At(row, cTraining), cTraining.Field, true);
            if (funds is not null && training is not null && training > funds)
            {
                var f = spec.Field(ColumnKeys.TrainingFundsYuan);
                r.Add(Severity.Warning, IssueCodes.ImplausibleValue, t.At(row, ColumnKeys.TrainingFundsYuan), f,
                    $"教师培训经费 {CellValues.Num(training.Value)} 元超过了公用经费 {CellValues.Num(funds.Value)} 元，请核对。",
                    $"Teacher-training spending {CellValues.Num(training.Value)} 元 exceeds the public funds {CellValues.Num(funds.Value)} 元; check both values.");
            }

            list.Add(new SpendingRecord(code ?? string.Empty, funds ?? 0, training ?? 0) { SourceRow = row.Number });
        }

        return list;
    }

    private static void ReportMissingColumns(TableSheet t, FieldReader r, Func<FieldSpec, bool> needed)
    {
        if (t.HeaderRow == 0)
        {
            // No header at all was reported once by SheetLayoutReader; one issue per column would bury it.
            return;
        }

        foreach (var f in t.Spec.Fields.Where(f => !t.Columns.ContainsKey(f.Key) && !t.RejectedColumns.Contains(f.Key) && needed(f)))
        {
            r.Issues.Add(new ValidationIssue(Severity.Error, IssueCodes.MissingColumn, t.Name, t.HeaderRow, f.Key, TextNormalizer.A1(t.NextFreeColumn, t.HeaderRow),
                $"缺少列「{f.HeaderZh}」(英文键 {f.Key})。请按模板补上这一列(第 1 行中文标题或第 2 行英文键均可)。",
                $"Column {f.Key} ({f.HeaderZh}) is missing. Add it as in the template (Chinese label in row 1 or English key in row 2)."));
        }
    }

    /// <summary>Whether an error was added at or after <paramref name="from"/> (issues are only appended while a row is read).</summary>
    private static bool HasErrorSince(List<ValidationIssue> issues, int from)
    {
        for (var i = from; i < issues.Count; i++)
        {
            if (issues[i].Severity == Severity.Error)
            {
                return true;
            }
        }

        return false;
    }

    private static string? Code(TableSheet t, RawRow row, FieldReader r, Dictionary<string, int> firstRow)
    {
        var f = t.Spec.Field(ColumnKeys.SchoolCode);
        var text = r.Text(t.At(row, ColumnKeys.SchoolCode), f, true);
        if (text is null)
        {
            return null;
        }

        var code = TextNormalizer.Clean(text);
        if (firstRow.TryGetValue(code, out var first))
        {
            r.Add(Severity.Error, IssueCodes.DuplicateSchoolCode, t.At(row, ColumnKeys.SchoolCode), f,
                $"学校代码 {code} 重复，第 {first} 行已使用。每所学校只填一行，请核对代码。",
                $"School code {code} is repeated; row {first} already uses it. Each school has one row; check the codes.");
        }
        else
        {
            firstRow[code] = row.Number;
        }

        return code;
    }

    private static void CheckKnown(string? code, TableSheet t, RawRow row, FieldReader r, HashSet<string>? known)
    {
        if (code is null || known is null || known.Contains(code))
        {
            return;
        }

        r.Add(Severity.Error, IssueCodes.UnknownSchoolCode, t.At(row, ColumnKeys.SchoolCode), t.Spec.Field(ColumnKeys.SchoolCode),
            $"学校代码 {code} 在「学校」表中不存在。请使用「学校」表中的学校代码。",
            $"School code {code} is not in the Schools sheet. Use a code listed in the Schools sheet.");
    }

    private static void CrossCheck(School s, TableSheet t, RawRow row, FieldReader r, string typeZh)
    {
        var spec = WorkbookSchema.Schools;
        // A check on a field whose column is missing (deleted in the county's copy) would judge a value
        // nobody typed, at no cell: the missing column is already reported once.
        void Issue(Severity sev, string code, string key, string zh, string en)
        {
            if (t.At(row, key) is { HasColumn: true } at)
            {
                r.Add(sev, code, at, spec.Field(key), zh, en);
            }
        }

        // Pupils of a section the school type does not teach are ignored by scoring: say so.
        void Foreign(string key, int value, bool teaches, string sectionZh, string sectionEn)
        {
            if (!teaches && value > 0 && s.Type is not (SchoolType.SpecialEducation or SchoolType.Vocational))
            {
                Issue(Severity.Warning, IssueCodes.ImplausibleValue, key,
                    $"学校类型为{typeZh}，却填写了{sectionZh}在校生 {value} 人；评估时不计入。请核对学校类型。",
                    $"The school type is {s.Type} but {value} {sectionEn} pupils are reported; they are not evaluated. Check the school type.");
            }
        }

        Foreign(ColumnKeys.StudentsPrimary, s.StudentsPrimary, s.Type.Traits().TeachesPrimary, "小学", "primary");
        Foreign(ColumnKeys.StudentsJunior, s.StudentsJunior, s.Type.Traits().TeachesJunior, "初中", "junior");
        Foreign(ColumnKeys.StudentsSenior, s.StudentsSenior, s.Type.Traits().HasSenior, "高中", "senior");

        var zeroReported = false;
        foreach (var (level, sfx, zh) in new[] { (Level.Primary, "primary", "小学"), (Level.Junior, "junior", "初中") })
        {
            var pupils = s.StudentsAt(level);
            var staff = s.StaffAt(level);
            if (pupils == 0 && (staff.Teachers > 0 || s.ClassesAt(level) > 0))
            {
                zeroReported = true;
                Issue(Severity.Error, IssueCodes.ZeroPupilsWithResources, $"students_{sfx}",
                    $"{zh}在校生为 0，但填写了{zh}班级 {s.ClassesAt(level)} 个、专任教师 {staff.Teachers} 人。请填写在校生数，或把该学段的教师和班级改为 0。",
                    $"{level} pupils are 0 but {s.ClassesAt(level)} {level.ToString().ToLowerInvariant()} classes and {staff.Teachers} teachers are reported. Enter the pupils, or set that section's teachers and classes to 0.");
            }

            foreach (var (part, value) in new[] { ("qualified", staff.Qualified), ("key", staff.Key), ("pe_art", staff.PeArt), ("senior_title", staff.SeniorTitle) })
            {
                if (value > staff.Teachers)
                {
                    var key = $"{part}_teachers_{sfx}";
                    var f = spec.Field(key);
                    Issue(Severity.Error, IssueCodes.QualifiedExceedsTeachers, key,
                        $"「{f.HeaderZh}」为 {value}，超过了{zh}专任教师总数 {staff.Teachers}。请核对。",
                        $"{f.LabelEn} ({key}) is {value}, more than the {level.ToString().ToLowerInvariant()} full-time teachers ({staff.Teachers}). Check both values.");
                }
            }

            var maxClass = s.MaxClassAt(level);
            if (maxClass > MaxClassSize)
            {
                Issue(Severity.Warning, IssueCodes.ImplausibleValue, $"max_class_{sfx}",
                    $"{zh}最大班额 {maxClass} 人超过 {MaxClassSize} 人，请核对。",
                    $"The largest {level.ToString().ToLowerInvariant()} class has {maxClass} pupils, more than {MaxClassSize}; check the value.");
            }
        }

        var all = s.StudentsPrimary + s.StudentsJunior + s.StudentsSenior;
        if (all == 0)
        {
            var hasFacilities = s.TeachingSpaceM2 > 0 || s.SportsSpaceM2 > 0 || s.EquipmentValueYuan > 0 || s.MultimediaRooms > 0 || s.Computers > 0 || s.Books > 0;
            if (hasFacilities && !zeroReported)
            {
                var key = s.Type.Traits().TeachesJunior && !s.Type.Traits().TeachesPrimary ? ColumnKeys.StudentsJunior : ColumnKeys.StudentsPrimary;
                Issue(Severity.Error, IssueCodes.ZeroPupilsWithResources, key,
                    "全校在校生为 0，但填写了校舍、设备或图书。请填写在校生数；已撤并的学校请删除该行。",
                    "The school has 0 pupils but reports buildings, equipment or books. Enter the pupils; delete the row of a closed school.");
            }

            return;
        }

        void PerPupil(string key, double total, double max, string unitZh, string unitEn)
        {
            var per = total / all;
            if (per > max)
            {
                var f = spec.Field(key);
                Issue(Severity.Warning, IssueCodes.ImplausibleValue, key,
                    $"「{f.HeaderZh}」折合生均 {CellValues.Num(per)} {unitZh}，超过合理上限 {CellValues.Num(max)} {unitZh}。请核对单位(如面积是否为 m²、金额是否为元而非万元)和在校生数。",
                    $"{f.LabelEn} ({key}) gives {CellValues.Num(per)} {unitEn} per pupil, above the plausible {CellValues.Num(max)}. Check the unit (m², 元 not 万元) and the pupils.");
            }
        }

        PerPupil(ColumnKeys.TeachingSpaceM2, s.TeachingSpaceM2, MaxTeachingSpacePerPupil, "m²", "m²");
        PerPupil(ColumnKeys.SportsSpaceM2, s.SportsSpaceM2, MaxSportsSpacePerPupil, "m²", "m²");
        PerPupil(ColumnKeys.EquipmentValueYuan, s.EquipmentValueYuan, MaxEquipmentPerPupil, "元", "元");

        void AtLeastPerPupil(string key, double total, double min, string unitZh, string unitEn, string hintZh, string hintEn)
        {
            var per = total / all;
            if (total > 0 && per < min)
            {
                var f = spec.Field(key);
                Issue(Severity.Error, IssueCodes.ImplausiblySmall, key,
                    $"「{f.HeaderZh}」折合生均仅 {CellValues.Num(per)} {unitZh}，低于合理下限 {CellValues.Num(min)} {unitZh}，很可能单位有误({hintZh})。请按{f.Unit}填写全校合计。",
                    $"{f.LabelEn} ({key}) gives only {CellValues.Num(per)} {unitEn} per pupil, below the plausible minimum of {CellValues.Num(min)}; the unit is probably wrong ({hintEn}). Enter the whole-school total in {f.Unit}.");
            }
        }

        AtLeastPerPupil(ColumnKeys.EquipmentValueYuan, s.EquipmentValueYuan, MinEquipmentPerPupil, "元", "yuan", "是否填成了万元", "万元 entered as 元?");
        AtLeastPerPupil(ColumnKeys.TeachingSpaceM2, s.TeachingSpaceM2, MinTeachingSpacePerPupil, "m²", "m²", "是否填成了万平方米或公顷", "10 000 m² or hectares entered as m²?");
        AtLeastPerPupil(ColumnKeys.SportsSpaceM2, s.SportsSpaceM2, MinSportsSpacePerPupil, "m²", "m²", "是否填成了万平方米或公顷", "10 000 m² or hectares entered as m²?");
        AtLeastPerPupil(ColumnKeys.Books, s.Books, MinBooksPerPupil, "册", ColumnKeys.Books, "是否填成了万册", "10 000 books entered as books?");

        if (s.IndoorSportsM2 > s.TeachingSpaceM2 && t.Columns.ContainsKey(ColumnKeys.TeachingSpaceM2))
        {
            Issue(Severity.Error, IssueCodes.ImplausibleValue, ColumnKeys.IndoorSportsM2,
                $"室内体育用房面积 {CellValues.Num(s.IndoorSportsM2.Value)} m² 大于教学及辅助用房面积 {CellValues.Num(s.TeachingSpaceM2)} m²；室内体育用房是教学及辅助用房的一部分。请核对。",
                $"The gym area ({CellValues.Num(s.IndoorSportsM2.Value)} m²) exceeds the teaching and auxiliary space ({CellValues.Num(s.TeachingSpaceM2)} m²) it is part of. Check both values.");
        }

        if (s.BoardingPupils > s.StudentsPrimary)
        {
            Issue(Severity.Error, IssueCodes.ImplausibleValue, ColumnKeys.BoardingPupils,
                $"小学寄宿生 {s.BoardingPupils} 人，多于小学在校生 {s.StudentsPrimary} 人。请核对。",
                $"{s.BoardingPupils} boarding primary pupils, more than the {s.StudentsPrimary} primary pupils. Check both values.");
        }

        if (s.AfterSchoolPupils > all)
        {
            Issue(Severity.Warning, IssueCodes.ImplausibleValue, ColumnKeys.AfterSchoolPupils,
                $"参加课后服务学生 {s.AfterSchoolPupils} 人，多于全校在校生 {all} 人，请核对。",
                $"{s.AfterSchoolPupils} pupils take part in after-school service, more than the school's {all} pupils; check the value.");
        }
    }
}
