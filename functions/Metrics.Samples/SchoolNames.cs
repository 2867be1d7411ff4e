using Metrics.Core.Model;

namespace Metrics.Samples;

/// <summary>
/// Names schools the way county rosters do: numbered schools in the county seat
/// (清河县第三小学), a central school per town (安平镇中心小学), village schools and teaching
/// points (安平乡石桥村小学, …教学点). Names are unique within a county.
/// </summary>
internal sealed class SchoolNames
{
    private static readonly string[] PrivateStems = ["育才", "博文", "启明", "英才", "明德", "华英", "致远", "求实"];

    private readonly string county;
    private readonly Random rng;
    private readonly string[] towns;
    private readonly Dictionary<string, int> used = new(StringComparer.Ordinal);

    public SchoolNames(string countyName, int schools, Random rng)
    {
        county = countyName;
        this.rng = rng;
        var count = Math.Clamp(schools / 8, 3, 40);
        towns = new string[count];
        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < count; i++)
        {
            string name;
            do
            {
                name = Place();
            }
            while (!seen.Add(name));
            towns[i] = name;
        }
    }

    public string Name(SchoolType type, Location location, Ownership ownership)
    {
        if (ownership == Ownership.Private)
        {
            var stem = PrivateStems[rng.Next(PrivateStems.Length)];
            return Unique(county + stem, Suffix(type, location));
        }

        var town = towns[rng.Next(towns.Length)];
        return (type, location) switch
        {
            (SchoolType.SpecialEducation, _) => Unique(county, "特殊教育学校"),
            (SchoolType.TeachingPoint, _) => Unique(town + "乡" + Place() + "村", "教学点"),
            (SchoolType.TwelveYear, _) => Unique(county, "外国语学校"),
            (SchoolType.Complete, Location.Urban) => Numbered(county, "中学"),
            (SchoolType.Complete, _) => Unique(town + "镇", "中学"),
            (_, Location.Urban) => Numbered(county, Suffix(type, location)),
            (SchoolType.Primary, Location.Town) => Unique(town + "镇", "中心小学"),
            (_, Location.Town) => Unique(town + "镇", Suffix(type, location)),
            (SchoolType.Primary, _) => Unique(town + "乡" + Place() + "村", "小学"),
            _ => Unique(town + "乡", Suffix(type, location)),
        };
    }

    /// <summary>Chinese numeral for 1–999 as in school names: 一, 十二, 二十, 一百零五.</summary>
    public static string Numeral(int n)
    {
        const string digits = "零一二三四五六七八九";
        if (n < 10)
        {
            return digits[n].ToString();
        }

        if (n < 20)
        {
            return "十" + (n % 10 == 0 ? string.Empty : digits[n % 10].ToString());
        }

        if (n < 100)
        {
            return digits[n / 10] + "十" + (n % 10 == 0 ? string.Empty : digits[n % 10].ToString());
        }

        var rest = n % 100;
        var tail = rest == 0 ? string.Empty : rest < 10 ? "零" + digits[rest] : rest < 20 ? "一" + Numeral(rest) : Numeral(rest);
        return digits[n / 100] + "百" + tail;
    }

    private static string Suffix(SchoolType type, Location location) => type switch
    {
        SchoolType.Primary => "小学",
        SchoolType.Junior => "初级中学",
        SchoolType.NineYear => location == Location.Urban ? "实验学校" : "九年制学校",
        SchoolType.TwelveYear => "外国语学校",
        SchoolType.Complete => "中学",
        SchoolType.TeachingPoint => "教学点",
        _ => "学校",
    };

    private string Place() =>
        string.Concat(CountyIdentities.Syllables[rng.Next(CountyIdentities.Syllables.Length)], CountyIdentities.Syllables[rng.Next(CountyIdentities.Syllables.Length)]);

    /// <summary>第一…, always numbered: the county seat's schools.</summary>
    private string Numbered(string prefix, string suffix)
    {
        var key = prefix + suffix;
        var n = used.TryGetValue(key, out var k) ? k + 1 : 1;
        used[key] = n;
        return prefix + "第" + Numeral(n) + suffix;
    }

    /// <summary>The plain name the first time, then 第二…, 第三… before the suffix.</summary>
    private string Unique(string prefix, string suffix)
    {
        var key = prefix + suffix;
        var n = used.TryGetValue(key, out var k) ? k + 1 : 1;
        used[key] = n;
        return n == 1 ? key : prefix + "第" + Numeral(n) + suffix;
    }
}
