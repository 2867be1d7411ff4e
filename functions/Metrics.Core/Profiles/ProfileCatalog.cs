using System.Collections.Frozen;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;
using Metrics.Core.Catalog;
using Metrics.Core.Json;

namespace Metrics.Core.Profiles;

/// <summary>A profile id that does not exist, or a profile file that cannot be used.</summary>
public sealed class ProfileException(string message, Exception? inner = null) : Exception(message, inner);

/// <summary>
/// The profiles available to scoring: the national ones shipped inside this assembly, plus any
/// province files given as text (the caller reads the files; Core does no I/O). A province file
/// names <c>"extends": "quality-2017"</c> and overrides only what differs; objects merge key by key,
/// arrays and scalars replace.
/// </summary>
public sealed class ProfileCatalog
{
    /// <summary>The profile used when a workbook names none.</summary>
    public const string DefaultId = "quality-2017";

    private static readonly JsonSerializerOptions Options = CreateOptions();

    private static JsonSerializerOptions CreateOptions()
    {
        var options = new JsonSerializerOptions
        {
            PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
            UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
            ReadCommentHandling = JsonCommentHandling.Skip,
            AllowTrailingCommas = true,
            TypeInfoResolver = ProfileJsonContext.Default,
        };
        WireEnums.AddTo(options.Converters);
        return options;
    }

    private static readonly JsonTypeInfo<Profile> ProfileInfo = (JsonTypeInfo<Profile>)Options.GetTypeInfo(typeof(Profile));

    private static readonly Lazy<ProfileCatalog> BuiltIn = new(LoadBuiltIn);

    private readonly FrozenDictionary<string, Profile> profiles;

    private ProfileCatalog(Dictionary<string, Profile> profiles) =>
        this.profiles = profiles.ToFrozenDictionary(StringComparer.Ordinal);

    /// <summary>The national profiles: quality-2017 (default) and basic-2012.</summary>
    public static ProfileCatalog Default => BuiltIn.Value;

    public IReadOnlyCollection<string> Ids => profiles.Keys;

    public Profile Get(string? id)
    {
        var key = string.IsNullOrWhiteSpace(id) ? DefaultId : id.Trim();
        return profiles.TryGetValue(key, out var p)
            ? p
            : throw new ProfileException(
                $"Unknown profile '{key}'. Known profiles: {string.Join(", ", profiles.Keys.Order(StringComparer.Ordinal))}.");
    }

    public bool TryGet(string? id, out Profile profile)
    {
        var key = string.IsNullOrWhiteSpace(id) ? DefaultId : id.Trim();
        return profiles.TryGetValue(key, out profile!);
    }

    /// <summary>
    /// A catalog with these extra profile documents added (province files). Each source is
    /// (name for messages, JSON text). A later document may extend an earlier one or a built-in.
    /// </summary>
    public ProfileCatalog With(IEnumerable<(string Source, string Json)> documents)
    {
        var nodes = new Dictionary<string, (string Source, JsonObject Node)>(StringComparer.Ordinal);
        foreach (var (id, profile) in profiles)
        {
            nodes[id] = ("built-in", JsonSerializer.SerializeToNode(profile, ProfileInfo)!.AsObject());
        }

        var added = new List<string>();
        foreach (var (source, json) in documents)
        {
            var node = ParseObject(source, json);
            var id = node["id"]?.GetValue<string>() ?? throw new ProfileException($"Profile file '{source}' has no \"id\".");
            nodes[id] = (source, node);
            added.Add(id);
        }

        var result = new Dictionary<string, Profile>(profiles, StringComparer.Ordinal);
        foreach (var id in added)
        {
            result[id] = Resolve(id, nodes, []);
        }

        return new ProfileCatalog(result);
    }

    private static ProfileCatalog LoadBuiltIn()
    {
        var asm = typeof(ProfileCatalog).Assembly;
        var nodes = new Dictionary<string, (string Source, JsonObject Node)>(StringComparer.Ordinal);
        foreach (var name in asm.GetManifestResourceNames().Where(n => n.StartsWith("Metrics.Core.Profiles.", StringComparison.Ordinal)))
        {
            using var stream = asm.GetManifestResourceStream(name)!;
            using var reader = new StreamReader(stream);
            var node = ParseObject(name, reader.ReadToEnd());
            nodes[node["id"]!.GetValue<string>()] = (name, node);
        }

        return new ProfileCatalog(nodes.Keys.ToDictionary(id => id, id => Resolve(id, nodes, []), StringComparer.Ordinal));
    }

    private static JsonObject ParseObject(string source, string json)
    {
        try
        {
            return JsonNode.Parse(json, documentOptions: new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true }) as JsonObject
                ?? throw new ProfileException($"Profile file '{source}' is not a JSON object.");
        }
        catch (JsonException e)
        {
            throw new ProfileException($"Profile file '{source}' is not valid JSON: {e.Message}", e);
        }
    }

    private static Profile Resolve(string id, Dictionary<string, (string Source, JsonObject Node)> nodes, HashSet<string> visiting)
    {
        if (!nodes.TryGetValue(id, out var entry))
        {
            throw new ProfileException($"Unknown profile '{id}'.");
        }

        if (!visiting.Add(id))
        {
            throw new ProfileException($"Profile '{id}' extends itself through a cycle ({string.Join(" → ", visiting)}).");
        }

        var merged = entry.Node.DeepClone().AsObject();
        if (merged["extends"] is JsonNode ext)
        {
            var baseId = ext.GetValue<string>();
            if (!nodes.ContainsKey(baseId))
            {
                throw new ProfileException($"Profile '{id}' ({entry.Source}) extends unknown profile '{baseId}'.");
            }

            var baseNode = JsonSerializer.SerializeToNode(Resolve(baseId, nodes, visiting), ProfileInfo)!.AsObject();
            baseNode.Remove("extends");
            merged = Merge(baseNode, merged);
        }

        visiting.Remove(id);
        Profile profile;
        try
        {
            profile = merged.Deserialize(ProfileInfo)
                ?? throw new ProfileException($"Profile '{id}' ({entry.Source}) is empty.");
        }
        catch (JsonException e)
        {
            throw new ProfileException($"Profile '{id}' ({entry.Source}) is malformed at {e.Path}: {e.Message}", e);
        }

        Validate(profile, entry.Source);
        return profile;
    }

    private static JsonObject Merge(JsonObject target, JsonObject overrides)
    {
        foreach (var (key, value) in overrides)
        {
            if (value is JsonObject o && target[key] is JsonObject t)
            {
                Merge(t, o);
            }
            else
            {
                target[key] = value?.DeepClone();
            }
        }

        return target;
    }

    private static void Validate(Profile p, string source)
    {
        var problems = new List<string>();
        foreach (var id in p.Indicators)
        {
            if (!IndicatorCatalog.TryGet(id, out _))
            {
                problems.Add($"unknown indicator '{id}'");
            }
        }

        if (p.Indicators.Count == 0)
        {
            problems.Add("no indicators");
        }

        if (p.Indicators.Distinct(StringComparer.Ordinal).Count() != p.Indicators.Count)
        {
            problems.Add("an indicator is listed twice");
        }

        foreach (var (name, rules) in new[] { ("primary", p.Levels.Primary), ("junior", p.Levels.Junior) })
        {
            if (rules is null)
            {
                problems.Add($"levels.{name} is missing");
                continue;
            }

            foreach (var (id, standard) in rules.Standards)
            {
                if (!p.Indicators.Contains(id))
                {
                    problems.Add($"levels.{name}.standards names '{id}', which the profile does not evaluate");
                }

                if (!(standard > 0) || double.IsInfinity(standard))
                {
                    problems.Add($"levels.{name}.standards.{id} must be a positive number");
                }
            }

            var threshold = p.Decision == Decision.PerIndicatorCv ? rules.CvThreshold : rules.CompositeCvThreshold;
            var field = p.Decision == Decision.PerIndicatorCv ? "cvThreshold" : "compositeCvThreshold";
            if (threshold is not > 0)
            {
                problems.Add($"levels.{name}.{field} must be a positive number for decision '{p.Decision}'");
            }

            if (p.SchoolRule is not null && p.Indicators.Any(i => !rules.Standards.ContainsKey(i)))
            {
                problems.Add($"levels.{name}.standards must give every indicator a standard when a schoolRule is set");
            }
        }

        foreach (var field in p.Indicators.Where(id => IndicatorCatalog.TryGet(id, out _)).Select(id => IndicatorCatalog.Get(id).Field).Distinct(StringComparer.Ordinal))
        {
            if (!p.UnitCosts.TryGetValue(field, out var cost) || !(cost > 0) || double.IsInfinity(cost))
            {
                problems.Add($"unitCosts.{field} must be a positive number");
            }
        }

        var w = p.SectionWeights;
        if (new[] { w.Primary, w.Junior, w.Senior, w.CompleteJunior, w.CompleteSenior }.Any(x => !(x > 0) || double.IsInfinity(x)))
        {
            problems.Add("sectionWeights must all be positive");
        }

        if (p.SchoolRule is { } rule && (rule.MaxMissed < 0 || rule.FloorRatio is < 0 or > 1))
        {
            problems.Add("schoolRule.maxMissed must be ≥ 0 and floorRatio within [0, 1]");
        }

        if (p.BorderlineMargin < 0)
        {
            problems.Add("borderlineMargin must be ≥ 0");
        }

        foreach (var veto in p.Vetoes)
        {
            if (!CheckCatalog.Vetoes.Contains(veto))
            {
                problems.Add($"unknown veto item '{veto}'");
            }
        }

        if (problems.Count > 0)
        {
            throw new ProfileException($"Profile '{p.Id}' ({source}) is malformed: {string.Join("; ", problems)}.");
        }
    }
}
