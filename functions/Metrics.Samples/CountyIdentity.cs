namespace Metrics.Samples;

/// <summary>A real province prefix with the money levels drawn around in it.</summary>
/// <param name="Code">Two-digit province code of GB/T 2260.</param>
/// <param name="BaseFundsYuan">生均公用经费基准定额 used for the province's counties, 元 per pupil.</param>
/// <param name="CivilServantPayYuan">Typical average pay of local civil servants, 元 per year.</param>
internal sealed record Province(string Code, string Name, int BaseFundsYuan, int CivilServantPayYuan);

/// <summary>Who a county is: division code, name and province, unique within a batch.</summary>
internal sealed record CountyIdentity(string Code, string Name, Province Province, bool IsDistrict)
{
    /// <summary>Name without the 县/区 suffix, for school names of towns in the county seat.</summary>
    public string Stem => Name[..^1];
}

/// <summary>
/// Deterministic, collision-free county identities. A county's code and name are images of its
/// index under two seed-keyed permutations of finite spaces, so indices below
/// <see cref="SampleGenerator.MaxCounties"/> never share a code or a name, and no batch state is needed.
/// </summary>
internal static class CountyIdentities
{
    public static readonly Province[] Provinces =
    [
        new("13", "河北", 700, 96_000),
        new("14", "山西", 700, 94_000),
        new("32", "江苏", 1000, 138_000),
        new("34", "安徽", 750, 102_000),
        new("36", "江西", 700, 96_000),
        new("41", "河南", 650, 90_000),
        new("43", "湖南", 720, 99_000),
        new("45", "广西", 700, 97_000),
        new("51", "四川", 800, 106_000),
        new("52", "贵州", 680, 100_000),
        new("53", "云南", 750, 104_000),
        new("62", "甘肃", 650, 92_000),
    ];

    /// <summary>Name syllables; a county name is two different ones plus 县 or 区.</summary>
    public static readonly string[] Syllables =
    [
        "清", "河", "安", "平", "永", "宁", "长", "兴", "丰", "泰", "和", "新", "阳", "城", "山", "东",
        "西", "南", "北", "金", "华", "武", "康", "乐", "定", "昌", "云", "龙", "源", "石", "林", "江",
        "湖", "桥", "庆", "德", "福", "顺", "远", "明", "光", "临", "崇", "嘉", "宜", "通", "汉", "广",
        "开", "化", "义", "信", "仁", "利", "富", "吉", "正", "延", "靖", "凤", "鹤", "松", "柏", "泉",
        "溪", "川", "峰", "岭", "潭", "沙", "田", "坪", "营", "集", "堡", "屯", "青", "白", "黄", "红",
    ];

    private const int Cities = 15;

    // County-level sequence numbers: 01–18 are 市辖区 (districts), 21–80 are 县.
    private const int Districts = 18;
    private const int CountySeqs = 60;
    private const int PerCity = Districts + CountySeqs;

    public static int CodeSpace => Provinces.Length * Cities * PerCity;

    public static int NameSpace => Syllables.Length * (Syllables.Length - 1);

    public static CountyIdentity For(int seed, int index)
    {
        var c = Permute(index, CodeSpace, seed, 0xC0DE);
        var province = Provinces[c / (Cities * PerCity)];
        var city = c / PerCity % Cities + 1;
        var seq = c % PerCity;
        var isDistrict = seq < Districts;
        var countySeq = isDistrict ? seq + 1 : seq - Districts + 21;
        var code = string.Concat(province.Code, Two(city), Two(countySeq));

        var n = Permute(index, NameSpace, seed, 0x7A4E);
        var first = n / (Syllables.Length - 1);
        var second = n % (Syllables.Length - 1);
        if (second >= first)
        {
            second++;
        }

        var name = string.Concat(Syllables[first], Syllables[second], isDistrict ? "区" : "县");
        return new CountyIdentity(code, name, province, isDistrict);
    }

    /// <summary>A division code of another county in the same city (same=true) or another city of the province.</summary>
    public static string Neighbour(string code, bool sameCity, Random rng)
    {
        var city = int.Parse(code.AsSpan(2, 2), provider: System.Globalization.CultureInfo.InvariantCulture);
        var seq = int.Parse(code.AsSpan(4, 2), provider: System.Globalization.CultureInfo.InvariantCulture);
        if (sameCity)
        {
            var other = 21 + rng.Next(CountySeqs - 1);
            return string.Concat(code.AsSpan(0, 4), Two(other >= seq ? other + 1 : other));
        }

        var otherCity = 1 + rng.Next(Cities - 1);
        return string.Concat(code.AsSpan(0, 2), Two(otherCity >= city ? otherCity + 1 : otherCity), Two(21 + rng.Next(CountySeqs)));
    }

    /// <summary>
    /// A seed-keyed bijection of [0, n): a four-round Feistel network on the smallest even-bit
    /// power of two ≥ n, walked until it lands inside [0, n) (cycle walking keeps it a bijection).
    /// Neighbouring indices land far apart, so codes and names look drawn, not counted.
    /// </summary>
    internal static int Permute(int index, int n, int seed, ulong salt)
    {
        var bits = 2;
        while (1 << bits < n)
        {
            bits += 2;
        }

        var half = bits / 2;
        var mask = (1u << half) - 1;
        var x = (uint)index;
        do
        {
            var left = x >> half;
            var right = x & mask;
            for (var round = 0; round < 4; round++)
            {
                var f = (uint)(SampleHash.Of(seed, ((long)round << 32) | right, salt) & mask);
                (left, right) = (right, left ^ f);
            }

            x = (left << half) | right;
        }
        while (x >= (uint)n);

        return (int)x;
    }

    private static string Two(int n) => n.ToString("D2", System.Globalization.CultureInfo.InvariantCulture);
}

/// <summary>SplitMix64-based hashing of (seed, index, stream) into independent generator seeds.</summary>
internal static class SampleHash
{
    public static ulong Of(int seed, long index, ulong stream)
    {
        unchecked
        {
            return Mix(Mix((ulong)(uint)seed ^ (stream * 0xD1B54A32D192ED03UL)) ^ (ulong)index);
        }
    }

    /// <summary>A <see cref="Random"/> for one stream of one county; seeded Random is stable across runtimes.</summary>
    public static Random Rng(int seed, long index, ulong stream) => new(unchecked((int)Of(seed, index, stream)));

    private static ulong Mix(ulong z)
    {
        unchecked
        {
            z += 0x9E3779B97F4A7C15UL;
            z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
            z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
            return z ^ (z >> 31);
        }
    }
}
