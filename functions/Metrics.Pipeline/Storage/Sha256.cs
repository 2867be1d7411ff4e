using System.Security.Cryptography;
using System.Text;

namespace Metrics.Pipeline.Storage;

/// <summary>
/// SHA-256 as the pipeline writes it everywhere (status, scorecards, history names, API keys): 64
/// lower-case hex digits.
/// </summary>
public static class Sha256
{
    public static string Hex(ReadOnlySpan<byte> bytes) => Convert.ToHexStringLower(SHA256.HashData(bytes));

    /// <summary>The hash of the UTF-8 bytes of <paramref name="text"/>.</summary>
    public static string Hex(string text) => Hex(Encoding.UTF8.GetBytes(text));
}
