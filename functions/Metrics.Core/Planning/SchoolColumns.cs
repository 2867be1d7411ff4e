using Metrics.Core.Model;

namespace Metrics.Core.Planning;

/// <summary>
/// The resource columns of the 学校 Schools sheet a plan changes, by workbook key: adding an amount to a
/// school row as a county would type it into that column (method §8).
/// </summary>
public static class SchoolColumns
{
    private const string PrimarySuffix = "_primary";
    private const string JuniorSuffix = "_junior";

    /// <summary>Teacher columns, per section, as their stems.</summary>
    public static IReadOnlyList<string> TeacherStems { get; } = ["teachers", "qualified_teachers", "key_teachers", "pe_art_teachers", "senior_title_teachers"];

    /// <summary>The section column of a teacher stem: <c>key_teachers</c> + junior → <c>key_teachers_junior</c>.</summary>
    public static string At(string stem, Level level) => stem + (level == Level.Primary ? PrimarySuffix : JuniorSuffix);

    /// <summary>Whether amounts of this column are measured (m², 元) rather than counted.</summary>
    public static bool IsContinuous(string column) => column is "teaching_space_m2" or "sports_space_m2" or "equipment_value_yuan";

    /// <summary>The school's figure in <paramref name="column"/>.</summary>
    public static double Get(School s, string column) => column switch
    {
        "teaching_space_m2" => s.TeachingSpaceM2,
        "sports_space_m2" => s.SportsSpaceM2,
        "equipment_value_yuan" => s.EquipmentValueYuan,
        "multimedia_rooms" => s.MultimediaRooms,
        "computers" => s.Computers,
        "books" => s.Books,
        _ when Section(column) is ({ } stem, { } level) => StaffValue(s.StaffAt(level), stem),
        _ => throw new ArgumentException($"Unknown resource column '{column}'.", nameof(column)),
    };

    /// <summary>The school with <paramref name="amount"/> added to <paramref name="column"/> (counts are whole).</summary>
    public static School Add(School s, string column, double amount)
    {
        var whole = (int)Math.Round(amount, MidpointRounding.AwayFromZero);
        switch (column)
        {
            case "teaching_space_m2": return s with { TeachingSpaceM2 = s.TeachingSpaceM2 + amount };
            case "sports_space_m2": return s with { SportsSpaceM2 = s.SportsSpaceM2 + amount };
            case "equipment_value_yuan": return s with { EquipmentValueYuan = s.EquipmentValueYuan + amount };
            case "multimedia_rooms": return s with { MultimediaRooms = s.MultimediaRooms + whole };
            case "computers": return s with { Computers = s.Computers + whole };
            case "books": return s with { Books = s.Books + whole };
        }

        if (Section(column) is not ({ } stem, { } level))
        {
            throw new ArgumentException($"Unknown resource column '{column}'.", nameof(column));
        }

        var staff = s.StaffAt(level);
        staff = stem switch
        {
            "teachers" => staff with { Teachers = staff.Teachers + whole },
            "qualified_teachers" => staff with { Qualified = staff.Qualified + whole },
            "key_teachers" => staff with { Key = staff.Key + whole },
            "pe_art_teachers" => staff with { PeArt = staff.PeArt + whole },
            _ => staff with { SeniorTitle = staff.SeniorTitle + whole },
        };
        return level == Level.Primary ? s with { StaffPrimary = staff } : s with { StaffJunior = staff };
    }

    /// <summary>A teacher column's stem and section; nulls for any other column.</summary>
    public static (string? Stem, Level? Level) Section(string column)
    {
        foreach (var (suffix, level) in new[] { (PrimarySuffix, Level.Primary), (JuniorSuffix, Level.Junior) })
        {
            if (column.EndsWith(suffix, StringComparison.Ordinal) && TeacherStems.Contains(column[..^suffix.Length]))
            {
                return (column[..^suffix.Length], level);
            }
        }

        return (null, null);
    }

    /// <summary>The count of one teacher type in a section.</summary>
    public static int StaffValue(SectionStaff staff, string stem) => stem switch
    {
        "teachers" => staff.Teachers,
        "qualified_teachers" => staff.Qualified,
        "key_teachers" => staff.Key,
        "pe_art_teachers" => staff.PeArt,
        "senior_title_teachers" => staff.SeniorTitle,
        _ => throw new ArgumentException($"Unknown teacher column stem '{stem}'.", nameof(stem)),
    };
}
