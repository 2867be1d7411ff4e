using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Metrics.Pipeline.Storage;

namespace Metrics.Pipeline.Api;

/// <summary>
/// Who is calling: an evaluator (reads everything) and/or the counties the caller may act for.
/// </summary>
public sealed record MetricsPrincipal(string Name, bool IsEvaluator, IReadOnlySet<string> Counties)
{
    public bool CanRead(string county) => IsEvaluator || Counties.Contains(county);

    /// <summary>Only a county's own principal uploads for it; evaluators read but do not submit.</summary>
    public bool CanWrite(string county) => Counties.Contains(county);

    /// <summary>
    /// Whether a role grants something: <c>evaluator</c>, or <c>county:{code}</c> / <c>county.{code}</c>
    /// with a 6-digit county code. Anything else (<c>admin</c>, <c>county:12</c>) is ignored by
    /// <see cref="FromRoles"/>, so a key or an assignment holding only such roles can do nothing.
    /// </summary>
    public static bool IsRole(string role)
    {
        ArgumentNullException.ThrowIfNull(role);
        var r = role.Trim();
        return string.Equals(r, "evaluator", StringComparison.OrdinalIgnoreCase)
            || ((r.StartsWith("county:", StringComparison.OrdinalIgnoreCase) || r.StartsWith("county.", StringComparison.OrdinalIgnoreCase))
                && Ingest.Identifiers.IsCounty(r[7..]));
    }

    /// <summary>Roles: <c>evaluator</c>, and <c>county:{code}</c> or <c>county.{code}</c> (Entra app-role values cannot hold ':').</summary>
    public static MetricsPrincipal FromRoles(string name, IEnumerable<string> roles)
    {
        var evaluator = false;
        var counties = new HashSet<string>(StringComparer.Ordinal);
        foreach (var raw in roles)
        {
            var role = raw.Trim();
            if (string.Equals(role, "evaluator", StringComparison.OrdinalIgnoreCase))
            {
                evaluator = true;
            }
            else if ((role.StartsWith("county:", StringComparison.OrdinalIgnoreCase) || role.StartsWith("county.", StringComparison.OrdinalIgnoreCase))
                     && Ingest.Identifiers.IsCounty(role[7..]))
            {
                counties.Add(role[7..]);
            }
        }

        return new MetricsPrincipal(name, evaluator, counties);
    }
}

/// <summary>
/// Parses the <c>X-MS-CLIENT-PRINCIPAL</c> header that App Service authentication (Easy Auth) adds
/// in Azure: base64 of <c>{"auth_typ", "name_typ", "role_typ", "claims": [{"typ", "val"}]}</c>.
/// </summary>
public static class ClientPrincipal
{
    private const string DefaultRoleType = "http://schemas.microsoft.com/ws/2008/06/identity/claims/role";

    /// <summary>The principal, or null when the header is absent or malformed (treated as anonymous).</summary>
    public static MetricsPrincipal? Parse(string? header)
    {
        if (string.IsNullOrWhiteSpace(header))
        {
            return null;
        }

        try
        {
            using var doc = JsonDocument.Parse(Convert.FromBase64String(header.Trim()));
            var root = doc.RootElement;
            var roleType = root.TryGetProperty("role_typ", out var rt) && rt.ValueKind == JsonValueKind.String ? rt.GetString()! : DefaultRoleType;
            var nameType = root.TryGetProperty("name_typ", out var nt) && nt.ValueKind == JsonValueKind.String ? nt.GetString()! : "name";
            var name = "";
            var roles = new List<string>();
            if (root.TryGetProperty("claims", out var claims) && claims.ValueKind == JsonValueKind.Array)
            {
                foreach (var c in claims.EnumerateArray())
                {
                    var typ = c.TryGetProperty("typ", out var t) ? t.GetString() : null;
                    var val = c.TryGetProperty("val", out var v) ? v.GetString() : null;
                    if (val is null)
                    {
                        continue;
                    }

                    if (typ == roleType || typ == "roles")
                    {
                        roles.Add(val);
                    }
                    else if (typ == nameType)
                    {
                        name = val;
                    }
                }
            }

            return MetricsPrincipal.FromRoles(name, roles);
        }
        catch (Exception e) when (e is FormatException or JsonException or InvalidOperationException)
        {
            return null;
        }
    }
}

/// <summary>One configured API key of <c>metrics serve</c>: only its SHA-256 is stored.</summary>
public sealed class ApiKeyOptions
{
    /// <summary>Lower-case hex SHA-256 of the key (generate with <c>metrics key</c>).</summary>
    public string Sha256 { get; set; } = "";

    public string Name { get; set; } = "";

    /// <summary>Roles as in Azure: <c>evaluator</c>, <c>county:{code}</c>.</summary>
    public List<string> Roles { get; set; } = [];
}

/// <summary>Maps an API key to a principal by comparing hashes in constant time.</summary>
public sealed class ApiKeyAuthenticator(IEnumerable<ApiKeyOptions> keys)
{
    private readonly (byte[] Hash, ApiKeyOptions Key)[] entries = keys
        .Where(k => k.Sha256.Length == 64)
        .Select(k => (Convert.FromHexString(k.Sha256), k))
        .ToArray();

    public static string Hash(string key) => Sha256.Hex(key);

    public MetricsPrincipal? Authenticate(string? key)
    {
        if (string.IsNullOrEmpty(key))
        {
            return null;
        }

        // Comparing digests, not keys, and every entry whether or not one matched: the time taken says
        // nothing about how much of a guess was right, nor which configured key it was.
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes(key.Trim()));
        ApiKeyOptions? match = null;
        foreach (var (expected, options) in entries)
        {
            if (CryptographicOperations.FixedTimeEquals(hash, expected))
            {
                match ??= options;
            }
        }

        return match is null ? null : MetricsPrincipal.FromRoles(match.Name, match.Roles);
    }
}
