using System.Globalization;

namespace Metrics.Pipeline.Ingest;

/// <summary>A county upload's path, <c>submissions/{year}/{county}/{name}</c>, read by <see cref="StorageLayout.TryParse"/>.</summary>
public sealed record SubmissionPath(int Year, string County, string FileName)
{
    /// <summary>The blob path this was parsed from (or would be).</summary>
    public string Path => StorageLayout.Submission(Year, County, FileName);

    /// <summary>Parses a blob path, with or without the container prefix; null when it is not a county submission.</summary>
    public static SubmissionPath? TryParse(string blobPath) =>
        StorageLayout.TryParse(StorageLayout.SubmissionBlob(blobPath)) is { Kind: StorageKind.Submission, Year: { } year, County: { } county, Name: { } name }
            ? new SubmissionPath(year, county, name)
            : null;
}

/// <summary>Validation of the identifiers that appear in paths and routes (a guard against path traversal).</summary>
public static class Identifiers
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
