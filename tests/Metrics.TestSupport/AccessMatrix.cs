using System.Text;
using Metrics.Pipeline.Api;

namespace Metrics.TestSupport;

/// <summary>One request of the authorisation matrix: who calls which route with which route values, and the answer.</summary>
/// <param name="Caller">A key of <see cref="AccessMatrix.Keys"/>.</param>
/// <param name="Route">A key of <see cref="AccessMatrix.Routes"/>.</param>
/// <param name="Expected">The status code the shared API answers.</param>
/// <param name="ExpectedOverHttp">Where an HTTP host answers otherwise: a bare ".." segment is resolved by the server before routing, so no handler sees it and the answer is 404.</param>
public sealed record AccessCase(string Caller, string Route, string Year, string County, string? Format, int Expected, int? ExpectedOverHttp = null)
{
    public override string ToString() => $"{Caller} {Route} year={Year} county={County} format={Format} → {Expected}";
}

/// <summary>
/// How a caller of the table reaches an Azure Functions app: the <c>X-MS-CLIENT-PRINCIPAL</c> header App Service
/// authentication would pass (null: none), and the table caller whose answers it must get.
/// </summary>
/// <param name="Principal">The header value as sent, malformed ones included.</param>
/// <param name="AnswersAs">A caller of the table: "anonymous" for a header that names nobody, "other" for a principal that is
/// signed in but holds no role that grants anything (it is somebody, so /api/me and the template answer, and every county route is 403).</param>
public sealed record AzureCaller(string? Principal, string AnswersAs);

/// <summary>A route as both hosts expose it: method and URL template ({year}, {county}, {format} escaped into place).</summary>
public sealed record AccessRoute(string Method, string Url);

/// <summary>
/// The full authorisation matrix over every route, in one place, for every host: the shared
/// <see cref="MetricsApi"/> directly, <c>metrics serve</c> over HTTP, and the Azure Functions worker (callers as
/// <see cref="AzureCallers"/>).
/// Callers: anonymous, a county's own key, another county's key, an evaluator, malformed keys, and
/// keys that look valid but are not (revoked, or the stored hash replayed as the key). Route values:
/// valid ones and path traversal in every route part (year, county, format).
/// </summary>
/// <remarks>
/// Run against an empty store. Read routes use <see cref="ReadYear"/>, uploads <see cref="UploadYear"/>,
/// the rollup run <see cref="RunYear"/>, so the cases do not depend on each other's order; afterwards
/// nothing may be stored except under <see cref="AllowedWrites"/>.
/// </remarks>
public static class AccessMatrix
{
    public const string Own = "130102";
    public const string Other = "130103";
    public const string ReadYear = "2024";
    public const string UploadYear = "2025";
    public const string RunYear = "2026";

    public const string OwnKey = "own-county-key-7f3a9c";
    public const string OtherKey = "other-county-key-1b8e42";
    public const string EvaluatorKey = "evaluator-key-c51d07";
    public const string RevokedKey = "revoked-key-9e0d11";

    /// <summary>Caller → the value of its X-Api-Key header (null: no header).</summary>
    public static readonly IReadOnlyDictionary<string, string?> Keys = new Dictionary<string, string?>(StringComparer.Ordinal)
    {
        ["anonymous"] = null,
        ["own"] = OwnKey,
        ["other"] = OtherKey,
        ["evaluator"] = EvaluatorKey,
        ["empty-key"] = "",
        ["blank-key"] = "   ",
        ["huge-key"] = new string('k', 16_384),
        ["prefix-of-key"] = OwnKey[..^1],
        ["key-and-more"] = OwnKey + "x",
        ["upper-case-key"] = OwnKey.ToUpperInvariant(),
        ["revoked-key"] = RevokedKey,
        ["hash-replayed-as-key"] = ApiKeyAuthenticator.Hash(EvaluatorKey),
    };

    /// <summary>
    /// Caller → what the Functions host receives instead of an API key. In Azure there are no keys: App Service
    /// authentication signs the caller in and passes a base64 JSON principal. The malformed and replayed keys
    /// become malformed principals: a header with no content, base64 cut short or lengthened, a valid
    /// principal followed by 16 KiB of junk, JSON that is not an object, a principal with no roles, and one
    /// whose roles grant nothing.
    /// </summary>
    public static readonly IReadOnlyDictionary<string, AzureCaller> AzureCallers = new Dictionary<string, AzureCaller>(StringComparer.Ordinal)
    {
        ["anonymous"] = new(null, "anonymous"),
        ["own"] = new(ClientPrincipal("县教育局 " + Own, "county:" + Own), "own"),
        ["other"] = new(ClientPrincipal("县教育局 " + Other, "county:" + Other), "other"),
        ["evaluator"] = new(ClientPrincipal("督导员", "evaluator"), "evaluator"),
        ["empty-key"] = new("", "anonymous"),
        ["blank-key"] = new("   ", "anonymous"),
        ["huge-key"] = new(ClientPrincipal("督导员", "evaluator") + new string('k', 16_384), "anonymous"),
        ["prefix-of-key"] = new(ClientPrincipal("县教育局 " + Own, "county:" + Own)[..^1], "anonymous"),
        ["key-and-more"] = new(ClientPrincipal("县教育局 " + Own, "county:" + Own) + "x", "anonymous"),
        ["upper-case-key"] = new(Convert.ToBase64String(Encoding.UTF8.GetBytes($"[\"county:{Own}\",\"evaluator\"]")), "anonymous"),
        ["revoked-key"] = new(ClientPrincipal("no roles"), "other"),
        ["hash-replayed-as-key"] = new(ClientPrincipal("granted nothing", "county:12", "admin", "county:" + Own + "0", "evaluators"), "other"),
    };

    /// <summary>An <c>X-MS-CLIENT-PRINCIPAL</c> value as App Service authentication writes it, with these app roles.</summary>
    public static string ClientPrincipal(string name, params string[] roles)
    {
        var claims = string.Concat(roles.Select(r => $$""",{"typ":"roles","val":"{{r}}"}"""));
        var json = $$"""{"auth_typ":"aad","claims":[{"typ":"name","val":"{{name}}"}{{claims}}],"name_typ":"name","role_typ":"roles"}""";
        return Convert.ToBase64String(Encoding.UTF8.GetBytes(json));
    }

    /// <summary>What a case answers when its caller is replaced by <paramref name="answersAs"/>: the table's own case for that caller.</summary>
    public static AccessCase AsCaller(AccessCase c, string answersAs) =>
        answersAs == c.Caller
            ? c
            : Cases().Single(o => o.Caller == answersAs && o.Route == c.Route && o.Year == c.Year && o.County == c.County && o.Format == c.Format);

    /// <summary>The keys a host is configured with: hashes only. The revoked key's hash is not among them.</summary>
    public static IReadOnlyList<ApiKeyOptions> Configured { get; } =
    [
        new() { Name = "own county", Sha256 = ApiKeyAuthenticator.Hash(OwnKey), Roles = ["county:" + Own] },
        new() { Name = "other county", Sha256 = ApiKeyAuthenticator.Hash(OtherKey), Roles = ["county:" + Other] },
        new() { Name = "evaluator", Sha256 = ApiKeyAuthenticator.Hash(EvaluatorKey), Roles = ["evaluator"] },
    ];

    /// <summary>Configuration entries (Metrics:ApiKeys:i:…) for a host configured from settings.</summary>
    public static IEnumerable<KeyValuePair<string, string?>> Settings() => Configured.SelectMany((k, i) => new[]
    {
        new KeyValuePair<string, string?>($"Metrics:ApiKeys:{i}:Name", k.Name),
        new($"Metrics:ApiKeys:{i}:Sha256", k.Sha256),
        new($"Metrics:ApiKeys:{i}:Roles:0", k.Roles[0]),
    });

    public static readonly IReadOnlyDictionary<string, AccessRoute> Routes = new Dictionary<string, AccessRoute>(StringComparer.Ordinal)
    {
        ["portal"] = new("GET", "/"),
        ["me"] = new("GET", "/api/me"),
        ["template"] = new("GET", "/api/template?year={year}"),
        ["upload"] = new("POST", "/api/submissions/{year}/{county}"),
        ["status"] = new("GET", "/api/submissions/{year}/{county}/status"),
        ["validation"] = new("GET", "/api/submissions/{year}/{county}/validation?format={format}"),
        ["scorecard"] = new("GET", "/api/scorecards/{year}/{county}?format={format}"),
        ["counties"] = new("GET", "/api/counties/{year}"),
        ["rollup"] = new("GET", "/api/rollups/{year}?format={format}"),
        ["run-rollup"] = new("POST", "/api/rollups/{year}/run"),
    };

    /// <summary>Blob path prefixes the allowed requests of the matrix write to (the own county's upload, the evaluator's rollup run).</summary>
    public static readonly string[] AllowedWrites =
    [
        $"submissions/{UploadYear}/{Own}/", $"status/{UploadYear}/{Own}.json", $"rollups/{RunYear}/",
    ];

    private static readonly string[] Invalid = ["empty-key", "blank-key", "huge-key", "prefix-of-key", "key-and-more", "upper-case-key", "revoked-key", "hash-replayed-as-key"];

    public static IEnumerable<AccessCase> Cases()
    {
        // Who may do what, with valid route values. Columns: anonymous, own, other, evaluator.
        (string Route, string Year, string County, string? Format, int[] Codes)[] grid =
        [
            ("portal", ReadYear, Own, null, [200, 200, 200, 200]),
            ("me", ReadYear, Own, null, [401, 200, 200, 200]),
            ("template", ReadYear, Own, null, [401, 200, 200, 200]),
            ("upload", UploadYear, Own, null, [401, 202, 403, 403]), // evaluators read every county but submit for none
            ("status", ReadYear, Own, null, [401, 200, 403, 200]),
            ("validation", ReadYear, Own, "json", [401, 404, 403, 404]), // 404: nothing uploaded in this year
            ("scorecard", ReadYear, Own, "html", [401, 404, 403, 404]),
            ("counties", ReadYear, Own, null, [401, 403, 403, 200]),
            ("rollup", ReadYear, Own, "xlsx", [401, 403, 403, 404]),
            ("run-rollup", RunYear, Own, null, [401, 403, 403, 200]),
        ];
        string[] callers = ["anonymous", "own", "other", "evaluator"];
        foreach (var (route, year, county, format, codes) in grid)
        {
            for (var i = 0; i < callers.Length; i++)
            {
                yield return new AccessCase(callers[i], route, year, county, format, codes[i]);
            }

            // Every malformed or replayed key is anonymous: 401 wherever a caller is needed.
            foreach (var caller in Invalid)
            {
                yield return new AccessCase(caller, route, year, county, format, route == "portal" ? 200 : 401);
            }
        }

        // Path traversal and malformed identifiers in every route part, by a caller who may use the
        // route: always 400 before storage is touched (or 404 where the server resolves "..").
        string[] badYears = ["..", "../2024", "2024/..", "%2e%2e", "2024%2F..", "20 24", "2024\u0000", "٢٠٢٤", "1999", "24"];
        string[] badCounties = ["..", "../130102", "130102/../130103", "%2e%2e%2f130103", "13010\u0000", "１３０１０２", "1301020", "13010"];
        string[] badFormats = ["../../status/2024/130102", "json/../../x", "json%00", "JSON "];
        string[] yearRoutes = ["upload", "status", "validation", "scorecard", "counties", "rollup", "run-rollup"];
        string[] countyRoutes = ["upload", "status", "validation", "scorecard"];
        string[] formatRoutes = ["validation", "scorecard", "rollup"];
        foreach (var route in yearRoutes)
        {
            foreach (var y in badYears)
            {
                yield return new AccessCase(route == "upload" ? "own" : "evaluator", route, y, Own, "json", 400, y == ".." ? 404 : null);
            }
        }

        foreach (var route in countyRoutes)
        {
            foreach (var c in badCounties)
            {
                yield return new AccessCase(route == "upload" ? "own" : "evaluator", route, ReadYear, c, "json", 400, c == ".." ? 404 : null);
            }
        }

        foreach (var route in formatRoutes)
        {
            foreach (var f in badFormats)
            {
                yield return new AccessCase("evaluator", route, ReadYear, Own, f, 400);
            }
        }

        // The template's optional year is a route part too.
        foreach (var y in badYears.Where(y => y != ".."))
        {
            yield return new AccessCase("own", "template", y, Own, null, 400);
        }
    }

    /// <summary>xUnit member data: every case.</summary>
    public static IEnumerable<object[]> Data() => Cases().Select(c => new object[] { c });

    /// <summary>The request line of a case over HTTP: each route value escaped as one segment or query value.</summary>
    public static (string Method, string Url) Http(AccessCase c)
    {
        var route = Routes[c.Route];
        var url = route.Url
            .Replace("{year}", Uri.EscapeDataString(c.Year), StringComparison.Ordinal)
            .Replace("{county}", Uri.EscapeDataString(c.County), StringComparison.Ordinal)
            .Replace("{format}", Uri.EscapeDataString(c.Format ?? ""), StringComparison.Ordinal);
        return (route.Method, url);
    }

    /// <summary>The same case as one call into the shared API, with the caller resolved by the same authenticator the hosts use.</summary>
    public static Task<ApiResult> CallAsync(MetricsApi api, ApiKeyAuthenticator keys, AccessCase c, CancellationToken ct)
    {
        var who = keys.Authenticate(Keys[c.Caller]);
        return c.Route switch
        {
            "portal" => Task.FromResult(api.Portal()),
            "me" => Task.FromResult(api.Me(who)),
            "template" => api.TemplateAsync(who, c.Year, null, ct),
            "upload" => api.UploadAsync(who, c.Year, c.County, new MemoryStream(UploadBody, writable: false), ct),
            "status" => api.StatusAsync(who, c.Year, c.County, ct),
            "validation" => api.ValidationAsync(who, c.Year, c.County, c.Format, ct),
            "scorecard" => api.ScorecardAsync(who, c.Year, c.County, c.Format, ct),
            "counties" => api.CountiesAsync(who, c.Year, ct),
            "rollup" => api.RollupAsync(who, c.Year, c.Format, ct),
            "run-rollup" => api.RunRollupAsync(who, c.Year, ct),
            _ => throw new ArgumentOutOfRangeException(nameof(c), c.Route, "unknown route"),
        };
    }

    /// <summary>What the matrix uploads: the start of a zip, enough for the upload route (ingestion is not part of the matrix).</summary>
    public static byte[] UploadBody { get; } = "PK\u0003\u0004 access matrix"u8.ToArray();

    /// <summary>Every stored path that no allowed request of the matrix should have written.</summary>
    public static IEnumerable<string> Unexpected(IEnumerable<string> stored) =>
        stored.Where(p => !AllowedWrites.Any(a => p.StartsWith(a, StringComparison.Ordinal)));
}
