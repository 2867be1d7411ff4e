using System.Collections.Concurrent;
using System.Text;
using System.Text.Json;
using Metrics.Core.Model;
using Metrics.Core.Profiles;
using Metrics.Core.Rollup;

namespace Metrics.Core.Json;

/// <summary>
/// The rollup's reader of stored summaries: one forward pass of a <see cref="Utf8JsonReader"/> over
/// the file's bytes straight into a <see cref="ScorecardSummary"/>, with no document tree, no copy of
/// the bytes and no intermediate wire records. A national rollup reads two years of 2 900 summaries,
/// and the general path (a <see cref="JsonDocument"/>, then a deserialization that re-serializes the
/// element) allocated about ten times the file per summary and dominated the read.
/// </summary>
/// <remarks>
/// Only the exact summary shape is read here, and only in the form the general path accepts (every
/// required property present, right types, known status keys, no property twice). Anything else
/// (a county data file, an odd but valid document, an invalid one) gives null, and the caller takes
/// the general path, which reads it or throws its usual error. The ids that repeat in every summary
/// (indicator, check and profile ids) are shared strings, not one copy per county.
/// </remarks>
public static partial class SummaryJson
{
    private static readonly (byte[] Key, Status Status)[] StatusKeys =
        [.. Enum.GetValues<Status>().Select(s => (Encoding.UTF8.GetBytes(Names.Statuses.Key(s)), s))];

    // Ids are a small closed set in practice (indicators, checks, profiles): one string each.
    private static readonly ConcurrentDictionary<string, string> Ids = new(StringComparer.Ordinal);
    private const int MaxSharedIds = 4096;
    private const int IndicatorCapacity = 9;

    /// <summary>
    /// Reads a stored summary document (version 1 or 2) in one pass; null when <paramref name="utf8"/>
    /// is not exactly that shape, in which case <see cref="Read"/> decides (and explains) instead.
    /// </summary>
    public static ScorecardSummary? TryReadFast(ReadOnlySpan<byte> utf8)
    {
        try
        {
            var r = new Utf8JsonReader(utf8, new JsonReaderOptions { CommentHandling = JsonCommentHandling.Disallow });
            return ReadDocument(ref r);
        }
        catch (JsonException)
        {
            return null;
        }
        catch (InvalidOperationException)
        {
            return null;
        }
    }

    private static ScorecardSummary? ReadDocument(ref Utf8JsonReader r)
    {
        if (!r.Read() || r.TokenType != JsonTokenType.StartObject)
        {
            return null;
        }

        int? version = null, schoolYear = null;
        string? code = null, name = null, profile = null, sha = null, submissionSha = null;
        Status? overall = null;
        RawLevel? primary = null, junior = null;
        List<(string, Status)>? checks = null;
        var seen = 0;
        while (r.Read() && r.TokenType == JsonTokenType.PropertyName)
        {
            var bit = Bit(ref r, "schemaVersion"u8, "county"u8, "schoolYear"u8, "profile"u8, "levels"u8, "checks"u8, "overall"u8, "sha256"u8, "submission"u8);
            if (bit == 0 || (seen & bit) != 0)
            {
                return null;
            }

            seen |= bit;
            r.Read();
            switch (bit)
            {
                case 1:
                    version = Int(ref r);
                    break;
                case 2:
                    if (!County(ref r, out code, out name))
                    {
                        return null;
                    }

                    break;
                case 4:
                    schoolYear = Int(ref r);
                    break;
                case 8:
                    profile = Id(ref r);
                    break;
                case 16:
                    if (!Levels(ref r, out primary, out junior))
                    {
                        return null;
                    }

                    break;
                case 32:
                    checks = Checks(ref r);
                    break;
                case 64:
                    overall = Overall(ref r);
                    break;
                case 128:
                    if (r.TokenType != JsonTokenType.Null && (sha = String(ref r)) is null)
                    {
                        return null;
                    }

                    break;
                default:
                    if (r.TokenType != JsonTokenType.Null && !Submission(ref r, out submissionSha))
                    {
                        return null;
                    }

                    break;
            }
        }

        if (r.TokenType != JsonTokenType.EndObject || r.Read()
            || version is not { } v || code is null || name is null || schoolYear is not { } year || profile is null
            || primary is null || junior is null || checks is null || overall is not { } status)
        {
            return null;
        }

        var schoolRule = v >= SchemaVersion || !ProfileCatalog.Default.TryGet(profile, out var p) || p.SchoolRule is not null;
        return new ScorecardSummary(code, name, year, profile, status, primary.ToSummary(schoolRule), junior.ToSummary(schoolRule), [.. checks])
        {
            Sha256 = sha ?? submissionSha,
        };
    }

    /// <summary>The bit of the property the reader is on (1, 2, 4, … in the order of the names given), 0 when unknown.</summary>
    private static int Bit(ref Utf8JsonReader r, ReadOnlySpan<byte> a, ReadOnlySpan<byte> b, ReadOnlySpan<byte> c, ReadOnlySpan<byte> d, ReadOnlySpan<byte> e, ReadOnlySpan<byte> f, ReadOnlySpan<byte> g, ReadOnlySpan<byte> h, ReadOnlySpan<byte> i) =>
        r.ValueTextEquals(a) ? 1 : r.ValueTextEquals(b) ? 2 : r.ValueTextEquals(c) ? 4 : r.ValueTextEquals(d) ? 8 : r.ValueTextEquals(e) ? 16
        : r.ValueTextEquals(f) ? 32 : r.ValueTextEquals(g) ? 64 : r.ValueTextEquals(h) ? 128 : r.ValueTextEquals(i) ? 256 : 0;

    private static int? Int(ref Utf8JsonReader r) => r.TokenType == JsonTokenType.Number && r.TryGetInt32(out var n) ? n : null;

    private static string? String(ref Utf8JsonReader r) => r.TokenType == JsonTokenType.String ? r.GetString() : null;

    /// <summary>A string value shared with every other summary that has it.</summary>
    private static string? Id(ref Utf8JsonReader r)
    {
        if (r.TokenType != JsonTokenType.String)
        {
            return null;
        }

        var s = r.GetString()!;
        if (Ids.TryGetValue(s, out var shared))
        {
            return shared;
        }

        return Ids.Count < MaxSharedIds ? Ids.GetOrAdd(s, s) : s;
    }

    private static Status? StatusValue(ref Utf8JsonReader r)
    {
        if (r.TokenType != JsonTokenType.String)
        {
            return null;
        }

        foreach (var (key, status) in StatusKeys)
        {
            if (r.ValueTextEquals(key))
            {
                return status;
            }
        }

        return null;
    }

    private static bool County(ref Utf8JsonReader r, out string? code, out string? name)
    {
        code = name = null;
        if (r.TokenType != JsonTokenType.StartObject)
        {
            return false;
        }

        while (r.Read() && r.TokenType == JsonTokenType.PropertyName)
        {
            var isCode = r.ValueTextEquals("code"u8);
            if (!isCode && !r.ValueTextEquals("name"u8))
            {
                return false;
            }

            r.Read();
            var value = String(ref r);
            if (value is null || (isCode ? code : name) is not null)
            {
                return false;
            }

            if (isCode)
            {
                code = value;
            }
            else
            {
                name = value;
            }
        }

        return code is not null && name is not null;
    }

    private static bool Submission(ref Utf8JsonReader r, out string? sha)
    {
        sha = null;
        if (r.TokenType != JsonTokenType.StartObject)
        {
            return false;
        }

        var seen = false;
        while (r.Read() && r.TokenType == JsonTokenType.PropertyName)
        {
            if (seen || !r.ValueTextEquals("sha256"u8))
            {
                return false;
            }

            seen = true;
            r.Read();
            if (r.TokenType != JsonTokenType.Null && (sha = String(ref r)) is null)
            {
                return false;
            }
        }

        return seen;
    }

    private static Status? Overall(ref Utf8JsonReader r)
    {
        if (r.TokenType != JsonTokenType.StartObject || !r.Read() || r.TokenType != JsonTokenType.PropertyName || !r.ValueTextEquals("status"u8))
        {
            return null;
        }

        r.Read();
        var status = StatusValue(ref r);
        return r.Read() && r.TokenType == JsonTokenType.EndObject ? status : null;
    }

    private static List<(string, Status)>? Checks(ref Utf8JsonReader r)
    {
        if (r.TokenType != JsonTokenType.StartArray)
        {
            return null;
        }

        var checks = new List<(string, Status)>(24);
        while (r.Read() && r.TokenType == JsonTokenType.StartObject)
        {
            string? id = null;
            Status? status = null;
            while (r.Read() && r.TokenType == JsonTokenType.PropertyName)
            {
                if (r.ValueTextEquals("id"u8) && id is null)
                {
                    r.Read();
                    if ((id = Id(ref r)) is null)
                    {
                        return null;
                    }
                }
                else if (r.ValueTextEquals("status"u8) && status is null)
                {
                    r.Read();
                    if ((status = StatusValue(ref r)) is null)
                    {
                        return null;
                    }
                }
                else
                {
                    return null;
                }
            }

            if (id is null || status is not { } s)
            {
                return null;
            }

            checks.Add((id, s));
        }

        return r.TokenType == JsonTokenType.EndArray ? checks : null;
    }

    private static bool Levels(ref Utf8JsonReader r, out RawLevel? primary, out RawLevel? junior)
    {
        primary = junior = null;
        if (r.TokenType != JsonTokenType.StartObject)
        {
            return false;
        }

        while (r.Read() && r.TokenType == JsonTokenType.PropertyName)
        {
            var isPrimary = r.ValueTextEquals("primary"u8);
            if ((!isPrimary && !r.ValueTextEquals("junior"u8)) || (isPrimary ? primary : junior) is not null)
            {
                return false;
            }

            r.Read();
            var level = Level(ref r);
            if (level is null)
            {
                return false;
            }

            if (isPrimary)
            {
                primary = level;
            }
            else
            {
                junior = level;
            }
        }

        return primary is not null && junior is not null;
    }

    private static RawLevel? Level(ref Utf8JsonReader r)
    {
        if (r.TokenType != JsonTokenType.StartObject)
        {
            return null;
        }

        var level = new RawLevel();
        var seen = 0;
        while (r.Read() && r.TokenType == JsonTokenType.PropertyName)
        {
            var bit = r.ValueTextEquals("units"u8) ? 1 : r.ValueTextEquals("pupils"u8) ? 2 : r.ValueTextEquals("status"u8) ? 4
                : r.ValueTextEquals("schoolsPassing"u8) ? 8 : r.ValueTextEquals("indicators"u8) ? 16
                : r.ValueTextEquals("compositeCv"u8) ? 32 : r.ValueTextEquals("compositeThreshold"u8) ? 64 : 0;
            if (bit == 0 || (seen & bit) != 0)
            {
                return null;
            }

            seen |= bit;
            r.Read();
            bool ok;
            switch (bit)
            {
                case 1:
                    ok = r.TokenType == JsonTokenType.Number && r.TryGetInt32(out level.Units);
                    break;
                case 2:
                    ok = r.TokenType == JsonTokenType.Number && r.TryGetInt64(out level.Pupils);
                    break;
                case 4:
                    level.Status = StatusValue(ref r);
                    ok = level.Status is not null;
                    break;
                case 8:
                    level.SchoolsPassing = Int(ref r);
                    ok = level.SchoolsPassing is not null || r.TokenType == JsonTokenType.Null;
                    break;
                case 16:
                    ok = Indicators(ref r, level);
                    break;
                case 32:
                    ok = Double(ref r, out level.CompositeCv);
                    break;
                default:
                    ok = Double(ref r, out level.CompositeThreshold);
                    break;
            }

            if (!ok)
            {
                return null;
            }
        }

        // units, pupils, status, schoolsPassing and indicators are required (schoolsPassing may be null).
        return (seen & 31) == 31 ? level : null;
    }

    private static bool Double(ref Utf8JsonReader r, out double? value)
    {
        value = null;
        if (r.TokenType == JsonTokenType.Null)
        {
            return true;
        }

        if (r.TokenType == JsonTokenType.Number && r.TryGetDouble(out var d))
        {
            value = d;
            return true;
        }

        return false;
    }

    private static bool Indicators(ref Utf8JsonReader r, RawLevel level)
    {
        if (r.TokenType != JsonTokenType.StartArray)
        {
            return false;
        }

        while (r.Read() && r.TokenType == JsonTokenType.StartObject)
        {
            string? id = null;
            double? cv = null, threshold = null, mean = null;
            var seen = 0;
            while (r.Read() && r.TokenType == JsonTokenType.PropertyName)
            {
                var bit = r.ValueTextEquals("id"u8) ? 1 : r.ValueTextEquals("cv"u8) ? 2 : r.ValueTextEquals("threshold"u8) ? 4 : r.ValueTextEquals("mean"u8) ? 8 : 0;
                if (bit == 0 || (seen & bit) != 0)
                {
                    return false;
                }

                seen |= bit;
                r.Read();
                var ok = bit switch
                {
                    1 => (id = Id(ref r)) is not null,
                    2 => Double(ref r, out cv),
                    4 => Double(ref r, out threshold),
                    _ => Double(ref r, out mean),
                };
                if (!ok)
                {
                    return false;
                }
            }

            // id, cv and threshold are required (cv and threshold may be null); mean is optional.
            if ((seen & 7) != 7)
            {
                return false;
            }

            level.Cvs[id!] = cv;
            level.Means[id!] = mean;
            if (threshold is { } t)
            {
                level.Thresholds[id!] = t;
            }
        }

        return r.TokenType == JsonTokenType.EndArray;
    }

    /// <summary>A level as read, before the version's school-count rule is applied.</summary>
    private sealed class RawLevel
    {
        public int Units;
        public long Pupils;
        public Status? Status;
        public int? SchoolsPassing;
        public double? CompositeCv;
        public double? CompositeThreshold;
        // Sized for a profile's indicators at once (7 or 9), not regrown from 3 to 7 to 17 entries.
        public readonly Dictionary<string, double?> Cvs = new(IndicatorCapacity, StringComparer.Ordinal);
        public readonly Dictionary<string, double> Thresholds = new(IndicatorCapacity, StringComparer.Ordinal);
        public readonly Dictionary<string, double?> Means = new(IndicatorCapacity, StringComparer.Ordinal);

        public LevelSummary ToSummary(bool schoolRule) => new(Status!.Value, Units, Pupils, Cvs, CompositeCv, schoolRule ? SchoolsPassing : null)
        {
            Thresholds = Thresholds,
            CompositeThreshold = CompositeThreshold,
            Means = Means,
        };
    }
}
