using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;

namespace Metrics.Pipeline.Api;

/// <summary>
/// The security headers of the page. Its one script and one style block are inline (the page is a
/// single embedded file both hosts serve from one route), so the Content-Security-Policy allows
/// exactly those blocks by their SHA-256 hashes and nothing else: no 'unsafe-inline', no eval, no
/// other origin, and no framing (clickjacking).
/// </summary>
public static partial class PortalSecurity
{
    private static readonly Lazy<IReadOnlyDictionary<string, string>> Computed = new(() =>
    {
        var page = Encoding.UTF8.GetString(MetricsApi.PortalPage.Value);
        var csp = string.Join("; ",
            "default-src 'none'",
            "script-src " + Hashes(ScriptBlock().Matches(page)),
            "style-src " + Hashes(StyleBlock().Matches(page)),
            "connect-src 'self'",
            "img-src 'self' data:",
            "form-action 'none'",
            "base-uri 'none'",
            "frame-ancestors 'none'");
        return new Dictionary<string, string>
        {
            ["Content-Security-Policy"] = csp,
            ["X-Content-Type-Options"] = "nosniff",
            // For browsers that predate frame-ancestors.
            ["X-Frame-Options"] = "DENY",
            ["Referrer-Policy"] = "no-referrer",
        };
    });

    /// <summary>The headers sent with the page.</summary>
    public static IReadOnlyDictionary<string, string> Headers => Computed.Value;

    private static string Hashes(MatchCollection blocks)
    {
        var list = blocks.Select(m => $"'sha256-{Convert.ToBase64String(SHA256.HashData(Encoding.UTF8.GetBytes(m.Groups[1].Value)))}'").ToList();
        if (list.Count == 0)
        {
            throw new InvalidOperationException("portal.html: expected an inline block to hash.");
        }

        return string.Join(' ', list);
    }

    [GeneratedRegex("<script>(.*?)</script>", RegexOptions.Singleline)]
    private static partial Regex ScriptBlock();

    [GeneratedRegex("<style>(.*?)</style>", RegexOptions.Singleline)]
    private static partial Regex StyleBlock();
}
