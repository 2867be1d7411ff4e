using System.Globalization;
using System.IO.Compression;
using ClosedXML.Excel;
using Metrics.Core.Model;
using Metrics.Excel.Template;

namespace Metrics.Samples;

/// <summary>
/// Synthetic look-alikes of the education-statistics exports (教育事业统计) for a county submission:
/// the county school list (one sheet per level, headers merged over four rows) and the per-school
/// form workbooks of either generation (基础基… up to 2020/21, 教基… after), zipped. No real school's
/// data: the figures are the submission's, spread over the export's columns so that reading them back
/// gives the same template fields (qualified teachers over 博士/硕士/本科/专科, PE and art over
/// 体育与健康/艺术/音乐/美术, equipment in 万元).
/// </summary>
public static class StatisticsExportWriter
{
    public const string Forms2021 = "forms-2021";
    public const string Forms2018 = "forms-2018";

    private static readonly string[][] ListColumns =
    [
        ["学校名称"], ["学校标识码"], ["统计三级"], ["行政区划代码"], ["办学类型"], ["城乡分类"], ["举办者"], ["是否计校数"],
        ["在校生数", "合计"], ["在校生数", "其中女"], ["班数"],
        ["专任教师", "合计"],
        ["专任教师", "#按学历分", "研究生", "博士研究生"], ["专任教师", "#按学历分", "研究生", "硕士研究生"],
        ["专任教师", "#按学历分", "本科"], ["专任教师", "#按学历分", "专科"], ["专任教师", "#按学历分", "高中阶段及以下"],
        ["专任教师", "#按授课课程分", "体育与健康"], ["专任教师", "#按授课课程分", "艺术", "计"],
        ["专任教师", "#按授课课程分", "艺术", "音乐"], ["专任教师", "#按授课课程分", "艺术", "美术"],
        ["专任教师", "#按职称分", "中级及以上"],
        ["县级以上骨干教师(LEVEL)"],
        ["本学年校舍建筑面积", "教学及辅助用房", "计"], ["本学年校舍建筑面积", "室内体育用房"],
        ["占地面积及其他办学条件", "占地面积（平方米）", "其中", "运动场地面积"],
        ["占地面积及其他办学条件", "网络多媒体教室"], ["占地面积及其他办学条件", "图书"], ["占地面积及其他办学条件", "计算机"],
        ["固定资产总值", "教学仪器设备资产值（万元）"],
    ];

    /// <summary>The county school list: sheets 小学 and 初中, title <c>{year}/{year+1}学年初</c>; every school with a section of that level.</summary>
    public static void WriteSchoolList(CountySubmission submission, Stream output, bool withDivisionCode = true)
    {
        using var wb = new XLWorkbook();
        foreach (var level in new[] { Level.Primary, Level.Junior })
        {
            var zh = level == Level.Primary ? "小学" : "初中";
            var ws = wb.Worksheets.Add(zh);
            var columns = ListColumns.Where(p => withDivisionCode || p[0] != "行政区划代码")
                .Select(p => p.Select(l => l.Replace("LEVEL", zh, StringComparison.Ordinal)).ToArray()).ToArray();
            ws.Cell(1, 1).Value = $"{submission.County.SchoolYear}/{submission.County.SchoolYear + 1}学年初 {zh}学校基本情况";
            MergedHeader(ws, 2, 4, columns);
            var row = 6;
            foreach (var s in submission.Schools.Where(s => s.Teaches(level) && s.StudentsAt(level) > 0))
            {
                var staff = s.StaffAt(level);
                var (phd, master, bachelor, college) = Degrees(staff, level);
                var (pe, art, music, fine) = PeArt(staff.PeArt);
                var values = new Dictionary<string, object?>(StringComparer.Ordinal)
                {
                    ["学校名称"] = s.Name, ["学校标识码"] = s.Code, ["统计三级"] = submission.County.Name,
                    ["行政区划代码"] = submission.County.Code + "000000", ["办学类型"] = TypeLabel(s), ["城乡分类"] = LocationCode(s.Location),
                    ["举办者"] = s.Ownership == Ownership.Private ? "民办" : "教育部门", ["是否计校数"] = s.Type == SchoolType.TeachingPoint ? 0 : 1,
                    ["在校生数→合计"] = s.StudentsAt(level), ["在校生数→其中女"] = s.StudentsAt(level) / 2, ["班数"] = s.ClassesAt(level),
                    ["专任教师→合计"] = staff.Teachers,
                    ["专任教师→#按学历分→研究生→博士研究生"] = phd, ["专任教师→#按学历分→研究生→硕士研究生"] = master,
                    ["专任教师→#按学历分→本科"] = bachelor, ["专任教师→#按学历分→专科"] = college,
                    ["专任教师→#按学历分→高中阶段及以下"] = staff.Teachers - phd - master - bachelor - college,
                    ["专任教师→#按授课课程分→体育与健康"] = pe, ["专任教师→#按授课课程分→艺术→计"] = art + music + fine,
                    ["专任教师→#按授课课程分→艺术→音乐"] = music, ["专任教师→#按授课课程分→艺术→美术"] = fine + art,
                    ["专任教师→#按职称分→中级及以上"] = staff.SeniorTitle,
                    [$"县级以上骨干教师({zh})"] = staff.Key,
                    ["本学年校舍建筑面积→教学及辅助用房→计"] = s.TeachingSpaceM2,
                    ["本学年校舍建筑面积→室内体育用房"] = s.IndoorSportsM2 is { } g ? g : "*",
                    ["占地面积及其他办学条件→占地面积（平方米）→其中→运动场地面积"] = s.SportsSpaceM2,
                    ["占地面积及其他办学条件→网络多媒体教室"] = s.MultimediaRooms, ["占地面积及其他办学条件→图书"] = s.Books,
                    ["占地面积及其他办学条件→计算机"] = s.Computers, ["固定资产总值→教学仪器设备资产值（万元）"] = Wan(s.EquipmentValueYuan),
                };
                for (var c = 0; c < columns.Length; c++)
                {
                    if (values.TryGetValue(string.Join("→", columns[c]), out var v) && v is not null)
                    {
                        SubmissionWorkbookWriter.Put(ws.Cell(row, c + 1), v);
                    }
                }

                row++;
            }
        }

        // Senior pupils only: they take their weighted share of a 完全中学's or 十二年一贯制's facilities.
        var senior = wb.Worksheets.Add("高中");
        senior.Cell(1, 1).Value = $"{submission.County.SchoolYear}/{submission.County.SchoolYear + 1}学年初 高中学校基本情况";
        string[][] seniorColumns = [["学校名称"], ["学校标识码"], ["统计三级"], ["行政区划代码"], ["办学类型"], ["是否计校数"], ["在校生数", "合计"], ["在校生数", "其中女"]];
        var keep = seniorColumns.Select(c => withDivisionCode || c[0] != "行政区划代码").ToArray();
        MergedHeader(senior, 2, 4, seniorColumns.Where((_, i) => keep[i]).ToArray());
        var seniorRow = 6;
        foreach (var s in submission.Schools.Where(s => s.StudentsSenior > 0))
        {
            object[] all = [s.Name, s.Code, submission.County.Name, submission.County.Code + "000000", TypeLabel(s), 1, s.StudentsSenior, s.StudentsSenior / 2];
            var values = all.Where((_, i) => keep[i]).ToArray();
            for (var c = 0; c < values.Length; c++)
            {
                SubmissionWorkbookWriter.Put(senior.Cell(seniorRow, c + 1), values[c]);
            }

            seniorRow++;
        }

        wb.SaveAs(output);
    }

    /// <summary>One form workbook per school of the generation (<see cref="Forms2021"/> or <see cref="Forms2018"/>), zipped.</summary>
    public static void WriteSchoolForms(CountySubmission submission, string generation, Stream zipOutput)
    {
        using var zip = new ZipArchive(zipOutput, ZipArchiveMode.Create, leaveOpen: true);
        foreach (var s in submission.Schools)
        {
            var entry = zip.CreateEntry($"{s.Code}.xlsx", CompressionLevel.Fastest);
            using var ms = new MemoryStream();
            WriteSchoolForm(submission.County, s, generation, ms);
            using var e = entry.Open();
            e.Write(ms.ToArray());
        }
    }

    /// <summary>The form workbook of one school.</summary>
    public static void WriteSchoolForm(CountyInfo county, School s, string generation, Stream output)
    {
        var newer = generation == Forms2021;
        var prefix = newer ? "教基" : "基础基";
        var year = $"{county.SchoolYear}/{county.SchoolYear + 1}学年初";
        using var wb = new XLWorkbook();
        IXLWorksheet Sheet(string number, string title, string unit, string[][] header)
        {
            var ws = wb.Worksheets.Add(prefix + number);
            ws.Cell(1, 1).Value = $"{prefix}{number} {title}";
            ws.Cell(2, 1).Value = "学校名称：" + s.Name;
            ws.Cell(2, 3).Value = year;
            ws.Cell(2, 5).Value = "单位：" + unit;
            var depth = header.Max(h => h.Length);
            MergedHeader(ws, 3, depth, header);
            var codes = header.Select((h, i) => h[0] is "学段" or "项目" or "编号" ? ((char)('甲' + 0)).ToString() : (i + 1).ToString(CultureInfo.InvariantCulture)).ToArray();
            var labelColumns = header.Count(h => h[0] is "学段" or "项目" or "编号");
            string[] textCodes = ["甲", "乙", "丙"];
            for (var c = 0; c < header.Length; c++)
            {
                ws.Cell(3 + depth, c + 1).Value = c < labelColumns ? textCodes[c] : (c - labelColumns + 1).ToString(CultureInfo.InvariantCulture);
            }

            _ = codes;
            return ws;
        }

        void Rows(IXLWorksheet ws, int labelColumns, params (string[] Labels, object?[] Values)[] rows)
        {
            var r = ws.LastRowUsed()!.RowNumber() + 1;
            var n = 1;
            foreach (var (labels, values) in rows)
            {
                for (var i = 0; i < labels.Length; i++)
                {
                    if (labels[i].Length > 0)
                    {
                        ws.Cell(r, i + 1).Value = labels[i];
                    }
                }

                ws.Cell(r, labelColumns).Value = n++.ToString("D2", CultureInfo.InvariantCulture);
                for (var i = 0; i < values.Length; i++)
                {
                    if (values[i] is { } v)
                    {
                        SubmissionWorkbookWriter.Put(ws.Cell(r, labelColumns + 1 + i), v);
                    }
                }

                r++;
            }
        }

        string[][] Item(params string[][] values) => [["项目"], ["编号"], .. values];
        var basic = Sheet(newer ? "1001" : "111", "学校基本情况", "—", Item(["内容"]));
        Rows(basic, 2,
            (["学校名称"], [s.Name]), (["学校标识码"], [s.Code]), (["所在县(区)"], [county.Name]), (["所在地区划代码"], [county.Code + "000000"]),
            (["办学类型"], [TypeLabel(s)]), (["城乡分类"], [LocationCode(s.Location)]), (["举办者"], [s.Ownership == Ownership.Private ? "民办" : "教育部门"]),
            (["是否计校数"], [s.Type == SchoolType.TeachingPoint ? "0" : "1"]));
        var levels = new[] { Level.Primary, Level.Junior }.Where(l => s.Teaches(l) && s.StudentsAt(l) > 0).ToArray();
        string Zh(Level l) => l == Level.Primary ? "小学" : "初中";
        var key = Sheet(newer ? "1102续" : "112续", "县级及以上骨干教师", "人", Item(["县级及以上骨干教师"]));
        Rows(key, 2, [.. levels.Select(l => (new[] { Zh(l) }, new object?[] { s.StaffAt(l).Key }))]);
        var classes = Sheet(newer ? "2106" : "212", "班级数", "个", Item(["班数"]));
        Rows(classes, 2, [.. levels.Select(l => (new[] { Zh(l) }, new object?[] { s.ClassesAt(l) }))]);
        foreach (var l in levels)
        {
            var number = l == Level.Primary ? (newer ? "3112" : "312") : (newer ? "3115" : "313");
            var pupils = Sheet(number + (newer ? "_" + Zh(l) : string.Empty), Zh(l) + "学生数", "人", Item(["在校生数"]));
            Rows(pupils, 2, (["合计"], [s.StudentsAt(l)]));
        }

        if (s.StudentsSenior > 0)
        {
            var pupils = Sheet(newer ? "3118_高中" : "314", "高中学生数", "人", Item(["在校生数"]));
            Rows(pupils, 2, (["合计"], [s.StudentsSenior]));
        }

        var titles = Sheet(newer ? "4153" : "422", "专任教师专业技术职务", "人", Item(["合计"], ["正高级"], ["副高级"], ["中级"], ["助理级及以下"]));
        Rows(titles, 2, [.. levels.Select(l =>
        {
            var st = s.StaffAt(l);
            var vice = st.SeniorTitle / 3;
            return (new[] { Zh(l) }, new object?[] { st.Teachers, 0, vice, st.SeniorTitle - vice, st.Teachers - st.SeniorTitle });
        })]);

        var suffix = newer ? string.Empty : "毕业";
        string[][] subjects = newer
            ? [["合计"], ["体育与健康"], ["艺术", "计"], ["艺术", "音乐"], ["艺术", "美术"], ["其他"]]
            : [["合计"], ["体育与健康"], ["艺术"], ["音乐"], ["美术"], ["其他"]];
        (string[], object?[])[] DegreeRows(Level l, bool withPhase)
        {
            var st = s.StaffAt(l);
            var (phd, master, bachelor, college) = Degrees(st, l);
            var (pe, art, music, fine) = PeArt(st.PeArt);
            object?[] total = newer
                ? [st.Teachers, pe, art + music + fine, music, art + fine, st.Teachers - st.PeArt]
                : [st.Teachers, pe, art, music, fine, st.Teachers - st.PeArt];
            string[] L(string label, bool first = false) => withPhase ? [first ? Zh(l) : string.Empty, label] : [label];
            return
            [
                (L("合计", true), total),
                (L("博士研究生" + suffix), [phd]), (L("硕士研究生" + suffix), [master]), (L("本科" + suffix), [bachelor]),
                (L("专科" + suffix), [college]), (L("高中阶段及以下" + suffix), [st.Teachers - phd - master - bachelor - college]),
            ];
        }

        if (newer)
        {
            var t = Sheet("4155", "义务教育专任教师学历、授课情况", "人", [["学段"], ["项目"], ["编号"], .. subjects]);
            Rows(t, 3, [.. levels.SelectMany(l => DegreeRows(l, true))]);
        }
        else
        {
            foreach (var l in levels)
            {
                var t = Sheet(l == Level.Primary ? "423" : "424", Zh(l) + "专任教师学历、授课情况", "人", Item(subjects));
                Rows(t, 2, DegreeRows(l, false));
            }
        }

        var space = Sheet(newer ? "5170" : "512", "校舍情况", "平方米", Item(["建筑面积"]));
        Rows(space, 2, (["合计"], [s.TeachingSpaceM2 + 100]), (["教学及辅助用房"], [s.TeachingSpaceM2]),
            ([newer ? "其中：室内体育用房" : "其中：体育馆"], [s.IndoorSportsM2 is { } g ? g : "*"]), (["行政办公用房"], [100.0]));
        var land = Sheet(newer ? "5176" : "522", "占地面积及其他办学条件", "平方米", Item(["数量"]));
        (string[], object?[])[] ict = [(["网络多媒体教室(间)"], [s.MultimediaRooms]), (["图书(册)"], [s.Books]), (["计算机(台)"], [s.Computers])];
        Rows(land, 2, [(["运动场地面积"], [s.SportsSpaceM2]), (["教学仪器设备资产值(万元)"], [Wan(s.EquipmentValueYuan)]), .. (newer ? ict : ict[..1])]);
        if (!newer)
        {
            var ict2018 = Sheet("531", "信息化情况", "台、册", Item(["数量"]));
            Rows(ict2018, 2, ict[1..]);
        }

        wb.SaveAs(output);
    }

    /// <summary>Writes header paths over <paramref name="depth"/> rows from <paramref name="top"/>, merging a label over the columns and rows it spans.</summary>
    private static void MergedHeader(IXLWorksheet ws, int top, int depth, string[][] columns)
    {
        for (var d = 0; d < depth; d++)
        {
            var c = 0;
            while (c < columns.Length)
            {
                if (columns[c].Length <= d)
                {
                    c++;
                    continue;
                }

                var end = c;
                while (end + 1 < columns.Length && columns[end + 1].Length > d && columns[end + 1].Take(d + 1).SequenceEqual(columns[c].Take(d + 1))
                    && columns[c].Length - 1 != d)
                {
                    end++;
                }

                var bottom = columns[c].Length - 1 == d ? top + depth - 1 : top + d;
                ws.Cell(top + d, c + 1).Value = columns[c][d];
                if (end > c || bottom > top + d)
                {
                    ws.Range(top + d, c + 1, bottom, end + 1).Merge();
                }

                c = end + 1;
            }
        }
    }

    /// <summary>博士, 硕士, 本科, 专科 adding up to the qualified teachers of the level (专科 counts for primary only).</summary>
    private static (int Phd, int Master, int Bachelor, int College) Degrees(SectionStaff st, Level level)
    {
        var q = st.Qualified;
        var phd = q >= 4 ? 1 : 0;
        var master = q >= 3 ? 1 : 0;
        if (level == Level.Primary)
        {
            var bachelor = (q - phd - master) / 2;
            return (phd, master, bachelor, q - phd - master - bachelor);
        }

        // Junior: 专科 teachers are not qualified; some stand beside the qualified ones when there is room.
        return (phd, master, q - phd - master, Math.Min(1, st.Teachers - q));
    }

    /// <summary>PE, integrated art, music and fine-art teachers adding up to the PE + art teachers.</summary>
    private static (int Pe, int Art, int Music, int Fine) PeArt(int total)
    {
        var pe = total / 2;
        var rest = total - pe;
        var art = rest >= 3 ? 1 : 0;
        var music = (rest - art) / 2;
        return (pe, art, music, rest - art - music);
    }

    private static double Wan(double yuan) => (double)((decimal)yuan / 10_000m);

    private static string TypeLabel(School s) => s.Type switch
    {
        SchoolType.Primary => "小学",
        SchoolType.Junior => "初级中学",
        SchoolType.NineYear => "九年一贯制学校",
        SchoolType.TwelveYear => "十二年一贯制学校",
        SchoolType.Complete => "完全中学",
        SchoolType.TeachingPoint => "小学教学点",
        SchoolType.SpecialEducation => "特殊教育学校",
        _ => "中等职业学校",
    };

    private static string LocationCode(Location l) => l switch
    {
        Location.Urban => "111",
        Location.Town => "121",
        _ => "220",
    };
}
