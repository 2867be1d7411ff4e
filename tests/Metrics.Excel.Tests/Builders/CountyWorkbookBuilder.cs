using System.Globalization;
using ClosedXML.Excel;
using Metrics.Core.Model;
using Metrics.Excel.Schema;
using Metrics.Excel.Template;

namespace Metrics.Excel.Tests.Builders;

/// <summary>
/// Fills the generated template with a submission, the way a county would: example row kept in row 3,
/// data from row 4, empty cells for sections a school does not teach. Options reshape the workbook
/// (column order, header rows, how numbers are typed) without changing what it means.
/// </summary>
internal sealed class CountyWorkbookBuilder
{
    private CountySubmission _submission = SampleSubmission(8);
    private Func<IReadOnlyList<FieldSpec>, IReadOnlyList<FieldSpec>> _order = f => f;
    private bool _chineseHeader = true;
    private bool _englishHeader = true;
    private Func<FieldSpec, object, object> _typed = (_, v) => v;
    private Action<XLWorkbook>? _after;

    /// <summary>First data row written by the builder (the template's example row stays in row 3).</summary>
    public const int FirstRow = 4;

    public CountyWorkbookBuilder With(CountySubmission submission)
    {
        _submission = submission;
        return this;
    }

    /// <summary>Writes table columns in a shuffled order (deterministic by seed).</summary>
    public CountyWorkbookBuilder ShuffledColumns(int seed)
    {
        var rng = new Random(seed);
        _order = fields => fields.Select(f => (f, k: rng.Next())).OrderBy(x => x.k).Select(x => x.f).ToList();
        return this;
    }

    /// <summary>Keeps only the English key header (row 1), data from row 2... (example row dropped).</summary>
    public CountyWorkbookBuilder EnglishHeadersOnly()
    {
        _chineseHeader = false;
        return this;
    }

    /// <summary>Keeps only the Chinese label header row.</summary>
    public CountyWorkbookBuilder ChineseHeadersOnly()
    {
        _englishHeader = false;
        return this;
    }

    /// <summary>Transforms each numeric value before it is written (e.g. into full-width text).</summary>
    public CountyWorkbookBuilder TypedAs(Func<FieldSpec, object, object> transform)
    {
        _typed = transform;
        return this;
    }

    /// <summary>Edits the workbook after filling (for defect cases).</summary>
    public CountyWorkbookBuilder Then(Action<XLWorkbook> edit)
    {
        _after = edit;
        return this;
    }

    public byte[] Build()
    {
        using var wb = SubmissionWorkbookWriter.OpenTemplate(_submission.County);
        SubmissionWorkbookWriter.FillCounty(wb, _submission.County, _typed);

        FillTable(wb.Worksheet(WorkbookSchema.Schools.NameZh), WorkbookSchema.Schools, _submission.Schools.Select(SubmissionValues.SchoolValues));
        FillTable(wb.Worksheet(WorkbookSchema.Rotation.NameZh), WorkbookSchema.Rotation, _submission.Rotation.Select(SubmissionValues.RotationValues));
        FillTable(wb.Worksheet(WorkbookSchema.Spending.NameZh), WorkbookSchema.Spending, _submission.Spending.Select(SubmissionValues.SpendingValues));
        _after?.Invoke(wb);
        using var output = new MemoryStream();
        wb.SaveAs(output);
        return output.ToArray();
    }

    private void FillTable(IXLWorksheet ws, SheetSpec spec, IEnumerable<Dictionary<string, object?>> records)
    {
        var fields = _order(spec.Fields);
        ws.Rows(1, 3).Clear(XLClearOptions.Contents);
        var headerRows = new List<Func<FieldSpec, string>>();
        if (_chineseHeader)
        {
            headerRows.Add(f => f.HeaderZh);
        }

        if (_englishHeader)
        {
            headerRows.Add(f => f.Key);
        }

        var row = 1;
        foreach (var header in headerRows)
        {
            for (var c = 0; c < fields.Count; c++)
            {
                TemplateWriter.Text(ws.Cell(row, c + 1), header(fields[c]));
            }

            row++;
        }

        // Example row right under the header (kept, as counties do), then the data.
        if (headerRows.Count == 2)
        {
            for (var c = 0; c < fields.Count; c++)
            {
                if (TemplateWriter.ExampleValues.TryGetValue(fields[c].Key, out var ex))
                {
                    Put(ws.Cell(row, c + 1), ex);
                }
            }

            row++;
        }
        else
        {
            ws.Row(3).Clear();
        }

        foreach (var record in records)
        {
            for (var c = 0; c < fields.Count; c++)
            {
                if (record.TryGetValue(fields[c].Key, out var v) && v is not null)
                {
                    Put(ws.Cell(row, c + 1), _typed(fields[c], v));
                }
            }

            row++;
        }
    }

    private static void Put(IXLCell cell, object value) => SubmissionWorkbookWriter.Put(cell, value);

    /// <summary>A deterministic county with <paramref name="n"/> schools cycling through all eight types.</summary>
    public static CountySubmission SampleSubmission(int n, int firstRow = FirstRow)
    {
        var types = Enum.GetValues<SchoolType>();
        var schools = new List<School>();
        for (var i = 0; i < n; i++)
        {
            var type = types[i % types.Length];
            var p = type is SchoolType.Primary or SchoolType.NineYear or SchoolType.TwelveYear or SchoolType.TeachingPoint or SchoolType.SpecialEducation;
            var j = type is SchoolType.Junior or SchoolType.NineYear or SchoolType.TwelveYear or SchoolType.Complete;
            var s = type is SchoolType.TwelveYear or SchoolType.Complete or SchoolType.Vocational;
            var sp = p ? (type == SchoolType.TeachingPoint ? 30 + i : 300 + (i * 7)) : 0;
            var sj = j ? 250 + (i * 5) : 0;
            var ss = s ? 200 + i : 0;
            var all = sp + sj + ss;
            SectionStaff Staff(int pupils, int k) => pupils == 0
                ? SectionStaff.None
                : new SectionStaff(Teachers: (pupils / 15) + 1, Qualified: pupils / 16, Key: (pupils / 100) + k % 2, PeArt: (pupils / 120) + 1, SeniorTitle: pupils / 40)
                {
                    // The per-section columns of issue 7, on every other school.
                    Certified = k % 2 == 0 ? pupils / 15 : null,
                };
            schools.Add(new School
            {
                Code = (3601020001L + i).ToString(CultureInfo.InvariantCulture),
                Name = $"第{i + 1}学校",
                Type = type,
                Location = (Location)(i % 3),
                Ownership = i % 5 == 4 ? Ownership.Private : Ownership.Public,
                StudentsPrimary = sp,
                StudentsJunior = sj,
                StudentsSenior = ss,
                ClassesPrimary = sp == 0 ? 0 : (sp / 40) + 1,
                ClassesJunior = sj == 0 ? 0 : (sj / 45) + 1,
                MaxClassPrimary = sp == 0 ? null : 41 + (i % 5),
                MaxClassJunior = sj == 0 ? null : 46 + (i % 5),
                StaffPrimary = Staff(sp, i),
                StaffJunior = Staff(sj, i + 1),
                CertifiedTeachers = i % 4 == 3 ? null : (all / 16) + 1,
                TeachingSpaceM2 = (all * 4.75) + 0.5,
                SportsSpaceM2 = all * 8.25,
                EquipmentValueYuan = (all * 2100) + 0.25,
                MultimediaRooms = (all / 45) + 1,
                Computers = (all / 9) + 2,
                Books = all * 31,
                MusicRooms = 1 + (i % 2),
                MusicRoomMinM2 = i % 3 == 0 ? null : 96 + i,
                ArtRooms = 1,
                ArtRoomMinM2 = i % 3 == 1 ? null : 90.5,
                CatchmentChildren = i % 2 == 0 ? 50 + i : null,
                PlannedIntake = i % 2 == 0 ? 60 + i : null,
                PairedSchoolCode = i % 3 == 2 ? "3601020001" : null,
                PairingScope = i % 3 == 2 ? (PairingScope)(i / 3 % 3) : null,
                AfterSchoolService = i % 4 == 0 ? null : i % 4 != 1,
                AfterSchoolPupils = i % 4 == 2 ? all / 2 : null,
                IndoorSportsM2 = i % 3 == 1 ? (all * 0.5) + 0.25 : null,
                ParentSchoolCode = type == SchoolType.TeachingPoint ? "3601020001" : null,
                CatchmentChildrenJunior = p && j ? 40 + i : null,
                PlannedIntakeJunior = p && j ? 45 + i : null,
                BoardingPupils = p && i % 3 == 2 ? sp / 10 : null,
                SourceRow = firstRow + i,
            });
        }

        var rotation = schools.Take(Math.Min(n, 5)).Select((s, k) =>
            new RotationRecord(s.Code, 20 + k, 3 + k, 1, k % 2 == 0 ? 1 : null) { SourceRow = firstRow + k }).ToList();
        var spending = schools.Take(Math.Min(n, 6)).Select((s, k) =>
            new SpendingRecord(s.Code, 300000 + (k * 1000.5), 15000 + k) { SourceRow = firstRow + k }).ToList();
        return new CountySubmission
        {
            County = new CountyInfo
            {
                Code = "360102",
                Name = "东湖区",
                SchoolYear = 2024,
                Profile = "quality-2017",
                PublicFundsBasePerPupilYuan = 720,
                SpecialEdFundsPerPupilYuan = 6500,
                TeacherAveragePayYuan = 98000.5,
                CivilServantAveragePayYuan = 97000,
                TrainingCompletionRate = 1.0,
                NearbyEnrollmentPrimaryRate = 0.995,
                NearbyEnrollmentJuniorRate = 0.97,
                QuotaAllocationRate = 0.55,
                MigrantChildrenPublicRate = 0.9,
                RetentionRateJunior = 0.985,
                DisabledEnrollmentRate = 0.96,
                SatisfactionRate = 0.88,
                VetoExamAdmission = false,
                VetoIllegalSchoolChoice = false,
                VetoKeySchoolsOrClasses = true,
                VetoUnfilledPosts = null,
            },
            Schools = schools,
            Rotation = rotation,
            Spending = spending,
        };
    }
}
