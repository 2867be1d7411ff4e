using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text;

namespace Metrics.Pipeline.Storage;

/// <summary>
/// The one place that decides what a blob path is. A path is "container/name/with/slashes":
/// the first segment is an Azure container name, the rest is the blob name.
/// </summary>
/// <remarks>
/// The rules are the intersection of what Azure Blob Storage and a local folder (Linux or Windows) can
/// store identically, so that both <see cref="IBlobStore"/> adapters behave the same:
/// <list type="bullet">
/// <item>container: 3–63 characters, lowercase letters, digits and single hyphens, starting and ending with a letter or digit;</item>
/// <item>name: at least one segment, at most 1024 characters and 254 segments; separator '/' only (no backslash),
/// no leading '/', no empty segment (so no "//" and no trailing '/');</item>
/// <item>segment: not "." or "..", does not start with '.' (reserved: the folder adapter keeps temporary files
/// there and ignores OS dotfiles), does not end with '.' or ' ' (Windows drops them), at most 255 UTF-8 bytes,
/// no control characters, none of <c>&lt; &gt; : " | ? *</c>, no unpaired surrogate.</item>
/// </list>
/// Violations throw <see cref="ArgumentException"/> naming the path and the rule.
/// </remarks>
public static class BlobPath
{
    /// <summary>Longest blob name (after the container) Azure accepts.</summary>
    public const int MaxNameLength = 1024;

    /// <summary>Most '/'-separated segments Azure accepts in a blob name.</summary>
    public const int MaxNameSegments = 254;

    /// <summary>Longest segment in UTF-8 bytes (common file system limit).</summary>
    public const int MaxSegmentBytes = 255;

    private const string ForbiddenChars = "<>:\"|?*\\";

    /// <summary>Returns <paramref name="path"/> when it is a valid blob path, otherwise throws.</summary>
    /// <exception cref="ArgumentException">The path breaks a rule; the message says which.</exception>
    public static string Validate(string path, [CallerArgumentExpression(nameof(path))] string? paramName = null)
    {
        ArgumentNullException.ThrowIfNull(path, paramName);
        var problem = Check(path);
        return problem is null ? path : throw new ArgumentException(Message(path, problem), paramName);
    }

    /// <summary>Whether <paramref name="path"/> is a valid blob path.</summary>
    public static bool IsValid([NotNullWhen(true)] string? path) => path is not null && Check(path) is null;

    /// <summary>Splits a valid path into its container and blob name.</summary>
    public static (string Container, string Name) Split(string path)
    {
        Validate(path);
        var slash = path.IndexOf('/', StringComparison.Ordinal);
        return (path[..slash], path[(slash + 1)..]);
    }

    /// <summary>Whether <paramref name="name"/> is a valid Azure container name.</summary>
    public static bool IsValidContainerName([NotNullWhen(true)] string? name) => name is not null && CheckContainer(name) is null;

    /// <summary>Whether one name segment (a file or folder name) is allowed.</summary>
    internal static bool IsValidSegment(string segment) => CheckSegment(segment) is null;

    /// <summary>Validates a listing prefix (see <see cref="IBlobStore.ListAsync"/>) and splits it.</summary>
    /// <summary>A prefix that names a container and a folder in it ("data/" or "data/summaries/"): what <see cref="IBlobStore.ListFoldersAsync"/> takes.</summary>
    internal static BlobPrefix ParseFolderPrefix(string prefix, [CallerArgumentExpression(nameof(prefix))] string? paramName = null)
    {
        var parsed = ParsePrefix(prefix, paramName);
        return parsed.NamePrefix is { } name && (name.Length == 0 || name[^1] == '/')
            ? parsed
            : throw new ArgumentException(Message(prefix, "a folder prefix names a container and ends in '/'"), paramName);
    }

    internal static BlobPrefix ParsePrefix(string prefix, [CallerArgumentExpression(nameof(prefix))] string? paramName = null)
    {
        ArgumentNullException.ThrowIfNull(prefix, paramName);
        var slash = prefix.IndexOf('/', StringComparison.Ordinal);
        if (slash < 0)
        {
            // A prefix of container names.
            if (prefix.Length > 63 || !prefix.All(c => c is (>= 'a' and <= 'z') or (>= '0' and <= '9') or '-'))
            {
                throw new ArgumentException(
                    Message(prefix, "a prefix without '/' is a prefix of container names (lowercase letters, digits, hyphens)"), paramName);
            }

            return new BlobPrefix(prefix, prefix, null);
        }

        var container = prefix[..slash];
        var problem = CheckContainer(container);
        var name = prefix[(slash + 1)..];
        if (problem is null && name.Length > MaxNameLength)
        {
            problem = $"the name part is longer than {MaxNameLength.ToString(CultureInfo.InvariantCulture)} characters";
        }

        if (problem is null)
        {
            var segments = name.Split('/');
            for (var i = 0; i < segments.Length - 1 && problem is null; i++)
            {
                problem = CheckSegment(segments[i]);
            }

            // The last segment may be partial ("scorecard." matches "scorecard.json") or empty (trailing '/').
            var last = segments[^1];
            if (problem is null && last.Length > 0)
            {
                problem = last[0] == '.' ? "a segment may not start with '.'" : CheckCharacters(last);
            }
        }

        return problem is null
            ? new BlobPrefix(prefix, container, name)
            : throw new ArgumentException(Message(prefix, problem), paramName);
    }

    private static string Message(string path, string problem)
    {
        // Show control characters visibly; paths are not secrets.
        var shown = new StringBuilder(path.Length);
        foreach (var c in path)
        {
            if (char.IsControl(c))
            {
                shown.Append(CultureInfo.InvariantCulture, $"\\u{(int)c:x4}");
            }
            else
            {
                shown.Append(c);
            }
        }

        return $"Invalid blob path \"{shown}\": {problem}. A blob path is \"container/name/with/slashes\".";
    }

    private static string? Check(string path)
    {
        if (path.Length == 0)
        {
            return "it is empty";
        }

        if (path[0] == '/' || path.Contains('\\', StringComparison.Ordinal)
            || (path.Length >= 2 && path[1] == ':' && char.IsAsciiLetter(path[0])))
        {
            return path.Contains('\\', StringComparison.Ordinal)
                ? "it contains a backslash (use '/')"
                : "it is absolute (it must start with a container name)";
        }

        var slash = path.IndexOf('/', StringComparison.Ordinal);
        if (slash < 0)
        {
            return "it has no blob name after the container";
        }

        var problem = CheckContainer(path[..slash]);
        if (problem is not null)
        {
            return problem;
        }

        var name = path.AsSpan(slash + 1);
        if (name.Length > MaxNameLength)
        {
            return $"the name is longer than {MaxNameLength.ToString(CultureInfo.InvariantCulture)} characters";
        }

        var count = 0;
        foreach (var range in name.Split('/'))
        {
            if (++count > MaxNameSegments)
            {
                return $"the name has more than {MaxNameSegments.ToString(CultureInfo.InvariantCulture)} segments";
            }

            problem = CheckSegment(name[range].ToString());
            if (problem is not null)
            {
                return problem;
            }
        }

        return null;
    }

    private static string? CheckContainer(string container)
    {
        if (container.Length is < 3 or > 63)
        {
            return $"container \"{container}\" must be 3 to 63 characters long";
        }

        foreach (var c in container)
        {
            if (c is not ((>= 'a' and <= 'z') or (>= '0' and <= '9') or '-'))
            {
                return $"container \"{container}\" may contain only lowercase letters, digits and hyphens";
            }
        }

        if (container[0] == '-' || container[^1] == '-' || container.Contains("--", StringComparison.Ordinal))
        {
            return $"container \"{container}\" must start and end with a letter or digit and not contain \"--\"";
        }

        return null;
    }

    private static string? CheckSegment(string segment)
    {
        if (segment.Length == 0)
        {
            return "it has an empty segment (\"//\", or a trailing '/')";
        }

        if (segment is "." or "..")
        {
            return "'.' and '..' segments are not allowed";
        }

        if (segment[0] == '.')
        {
            return $"segment \"{segment}\" starts with '.' (reserved for temporary files)";
        }

        if (segment[^1] is '.' or ' ')
        {
            return $"segment \"{segment}\" ends with '.' or a space";
        }

        if (Encoding.UTF8.GetByteCount(segment) > MaxSegmentBytes)
        {
            return $"a segment is longer than {MaxSegmentBytes.ToString(CultureInfo.InvariantCulture)} UTF-8 bytes";
        }

        return CheckCharacters(segment);
    }

    private static string? CheckCharacters(string segment)
    {
        for (var i = 0; i < segment.Length; i++)
        {
            var c = segment[i];
            if (char.IsControl(c))
            {
                return "it contains a control character";
            }

            if (ForbiddenChars.Contains(c, StringComparison.Ordinal))
            {
                return c == '\\'
                    ? "it contains a backslash (use '/')"
                    : $"it contains '{c}' (not allowed: < > : \" | ? *)";
            }

            if (char.IsHighSurrogate(c) && i + 1 < segment.Length && char.IsLowSurrogate(segment[i + 1]))
            {
                i++;
            }
            else if (char.IsSurrogate(c))
            {
                return "it contains an unpaired surrogate";
            }
        }

        return null;
    }
}

/// <summary>A validated listing prefix.</summary>
/// <param name="Value">The prefix as given.</param>
/// <param name="Container">The container, or a prefix of container names when <paramref name="NamePrefix"/> is null.</param>
/// <param name="NamePrefix">The prefix of blob names inside <paramref name="Container"/> (may be empty); null when the prefix has no '/'.</param>
internal readonly record struct BlobPrefix(string Value, string Container, string? NamePrefix)
{
    public bool HasContainer => NamePrefix is not null;
}
