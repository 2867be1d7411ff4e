using System.Globalization;
using System.Text.RegularExpressions;

namespace Metrics.Pipeline.Ingest;

/// <summary>A parsed <c>submissions/{year}/{county}/{name}.xlsx</c> path.</summary>
public sealed partial record SubmissionPath(int Year, string County, string FileName)
{
    /// <summary>The blob path this was parsed from (or would be).</summary>
    public string Path => $"{StorageLayout.Submissions}/{Year.ToString(CultureInfo.InvariantCulture)}/{County}/{FileName}";

    /// <summary>Parses a blob path, with or without the container prefix; null when it is not a county submission.</summary>
    public static SubmissionPath? TryParse(string blobPath)
    {
        var m = Shape().Match(blobPath);
        return m.Success && Identifiers.TryYear(m.Groups["year"].Value, out var year)
            ? new SubmissionPath(year, m.Groups["county"].Value, m.Groups["name"].Value)
            : null;
    }

    [GeneratedRegex(@"^(submissions/)?(?<year>\d{4})/(?<county>\d{6})/(?<name>[^/]+)$", RegexOptions.CultureInvariant)]
    private static partial Regex Shape();
}

/// <summary>Validation of the identifiers that appear in paths and routes (a guard against path traversal).</summary>
public static partial class Identifiers
{
    public static bool TryYear(string? text, out int year)
    {
        year = 0;
        return text is { Length: 4 } && text.All(char.IsAsciiDigit)
            && int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out year) && year is >= 2000 and <= 2100;
    }

    /// <summary>A county is a six-digit administrative division code.</summary>
    public static bool IsCounty(string? text) => text is { Length: 6 } && text.All(char.IsAsciiDigit);
}
