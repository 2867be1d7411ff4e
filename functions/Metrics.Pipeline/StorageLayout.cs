using System.Globalization;
using Metrics.Pipeline.Ingest;
using Metrics.Pipeline.Storage;

namespace Metrics.Pipeline;

/// <summary>
/// Where everything lives (the pipeline README ("One submission")): the one place that builds a
/// storage path and the one place that reads one back (<see cref="TryParse"/>), so no other code
/// spells a container, a folder or a file-name pattern. Outputs never go to the submissions
/// container, so writing them can never trigger another ingestion.
/// </summary>
/// <remarks>
/// <code>
/// submissions/{year}/{county}/{file}                      uploads (never written by the pipeline)
/// reports/{year}/{county}/{file}                          scorecards and validation files
/// reports/{year}/{county}/history/{utc}-{sha8}/{file}     every accepted version
/// data/{year}/{county}.json                               normalised input + scorecard
/// data/summaries/{year}/{county}.json                     the rollup's compact summary
/// rollups/{year}/rollup.{ext}                             yearly rollups
/// status/{year}/{county}.json                             submission status
/// status/current/{year}/{county}.json | .lock             current pointer and its lease
/// poison/{key}.json                                       a blob that failed every attempt
/// receipts/{key}/{key}.json | .attempts.json              one processed (or failing) version of a blob
/// </code>
/// A <c>{key}</c> is a hash of the blob path or ETag (<see cref="KeyOf"/>), since those may hold any character.
/// </remarks>
public static class StorageLayout
{
    /// <summary>County uploads: the trigger container; never written by the pipeline.</summary>
    public const string Submissions = "submissions";

    /// <summary>Per-county outputs: validation and scorecards, with history.</summary>
    public const string Reports = "reports";

    /// <summary>Canonical per-county JSON and the summaries that rollups read.</summary>
    public const string Data = "data";

    /// <summary>Yearly rollups.</summary>
    public const string Rollups = "rollups";

    /// <summary>Records of submissions that failed after all retries.</summary>
    public const string Poison = "poison";

    /// <summary>Receipts: one per processed blob version, and the attempts at one still failing.</summary>
    public const string Receipts = "receipts";

    /// <summary>Submission status documents and each county's current pointer.</summary>
    public const string Status = "status";

    /// <summary>Every container, in the order above.</summary>
    public static IReadOnlyList<string> Containers { get; } = [Submissions, Reports, Data, Rollups, Poison, Receipts, Status];

    private const string HistoryFolder = "history";
    private const string SummariesFolder = "summaries";
    private const string CurrentFolder = "current";
    private const string HistoryStampFormat = "yyyyMMdd'T'HHmmss'Z'";
    private const string UploadStampFormat = "yyyyMMdd'T'HHmmssfff'Z'";

    /// <summary>Everything under a container, for listing it whole.</summary>
    public static string ContainerPrefix(string container) => container + "/";

    public static string Submission(int year, string county, string fileName) => $"{SubmissionPrefix(year, county)}{fileName}";

    public static string SubmissionPrefix(int year, string county) => $"{Submissions}/{Y(year)}/{county}/";

    /// <summary>
    /// The name of an upload received at <paramref name="receivedUtc"/>, without its extension: UTC to the
    /// millisecond, so uploads sort in the order they came.
    /// </summary>
    public static string UploadStem(int year, string county, DateTimeOffset receivedUtc) =>
        SubmissionPrefix(year, county) + receivedUtc.UtcDateTime.ToString(UploadStampFormat, CultureInfo.InvariantCulture);

    /// <summary>A path in the submissions container, given with or without its container (a blob trigger gives it without).</summary>
    public static string SubmissionBlob(string pathOrName) =>
        pathOrName.StartsWith(Submissions + "/", StringComparison.Ordinal) ? pathOrName : $"{Submissions}/{pathOrName}";

    public static string Report(int year, string county, string file) => $"{Reports}/{Y(year)}/{county}/{file}";

    public static string HistoryPrefix(int year, string county) => $"{Reports}/{Y(year)}/{county}/{HistoryFolder}/";

    /// <summary>History folder of one accepted version: UTC time (sortable) and the first 8 hex of its SHA-256.</summary>
    public static string History(int year, string county, DateTimeOffset receivedUtc, string sha256) =>
        HistoryPrefix(year, county) + receivedUtc.UtcDateTime.ToString(HistoryStampFormat, CultureInfo.InvariantCulture) + "-" + sha256[..8] + "/";

    public static string CountyData(int year, string county) => $"{DataPrefix(year)}{county}.json";

    public static string DataPrefix(int year) => $"{Data}/{Y(year)}/";

    /// <summary>
    /// The county's compact rollup summary (built once from the scorecard at ingest, written right after
    /// <see cref="CountyData"/>), so a rollup never parses whole county data files. Outside
    /// <see cref="DataPrefix"/>, so listing a year's data files never meets it.
    /// </summary>
    public static string CountySummary(int year, string county) => $"{SummaryPrefix(year)}{county}.json";

    public static string SummaryPrefix(int year) => $"{SummariesRoot}{Y(year)}/";

    /// <summary>Above every year's <see cref="SummaryPrefix"/>: listing it finds the summaries of all years.</summary>
    public static string SummariesRoot => $"{Data}/{SummariesFolder}/";

    public static string RollupFile(int year, string extension) => $"{Rollups}/{Y(year)}/rollup.{extension}";

    public static string StatusFile(int year, string county) => $"{StatusPrefix(year)}{county}.json";

    public static string StatusPrefix(int year) => $"{Status}/{Y(year)}/";

    /// <summary>Poison record of a blob that failed every attempt; named after the blob so it is found again.</summary>
    public static string PoisonFile(string blobPath) => $"{Poison}/{KeyOf(blobPath)}.json";

    /// <summary>Receipt of one version (ETag) of one blob: present once that version was processed.</summary>
    public static string Receipt(string blobPath, string etag) => $"{Receipts}/{KeyOf(blobPath)}/{KeyOf(etag)}.json";

    public static string AttemptsFile(string blobPath, string etag) => $"{Receipts}/{KeyOf(blobPath)}/{KeyOf(etag)}.attempts.json";

    /// <summary>
    /// The county's current pointer: which upload (blob and its own time) the current outputs belong to.
    /// Only written under <see cref="CurrentLease"/>; see <see cref="Ingest.IngestService"/> for the ordering guard.
    /// Kept beside the status documents but outside <see cref="StatusPrefix"/>, so listing a year's statuses never meets it.
    /// </summary>
    public static string CurrentPointer(int year, string county) => $"{Status}/{CurrentFolder}/{Y(year)}/{county}.json";

    /// <summary>The per-county lease that serialises changes to the county's current outputs.</summary>
    public static string CurrentLease(int year, string county) => $"{Status}/{CurrentFolder}/{Y(year)}/{county}.lock";

    /// <summary>A short, path-safe, stable key for arbitrary text (blob names may hold any character).</summary>
    public static string KeyOf(string text) => Sha256.Hex(text)[..32];

    /// <summary>
    /// What a path built by this class is; null for any other path (another shape, a year outside
    /// 2000–2100, a county that is not six digits, an empty name).
    /// </summary>
    public static StoragePath? TryParse(string? path)
    {
        if (string.IsNullOrEmpty(path))
        {
            return null;
        }

        var s = path.Split('/');
        return s[0] switch
        {
            Submissions when s.Length == 4 && Year(s[1]) is { } y && County(s[2]) is { } c && s[3].Length > 0 =>
                new StoragePath(StorageKind.Submission) { Year = y, County = c, Name = s[3] },
            Reports when s.Length == 4 && Year(s[1]) is { } y && County(s[2]) is { } c && s[3].Length > 0 && s[3] != HistoryFolder =>
                new StoragePath(StorageKind.Report) { Year = y, County = c, Name = s[3] },
            Reports when s.Length == 6 && Year(s[1]) is { } y && County(s[2]) is { } c && s[3] == HistoryFolder && Version(s[4]) is var (at, sha) =>
                new StoragePath(StorageKind.History) { Year = y, County = c, ReceivedUtc = at, Sha8 = sha, Name = s[5].Length > 0 ? s[5] : null },
            Data when s.Length == 3 && Year(s[1]) is { } y && Json(s[2]) is { } c =>
                new StoragePath(StorageKind.CountyData) { Year = y, County = c },
            Data when s.Length == 4 && s[1] == SummariesFolder && Year(s[2]) is { } y && Json(s[3]) is { } c =>
                new StoragePath(StorageKind.CountySummary) { Year = y, County = c },
            Rollups when s.Length == 3 && Year(s[1]) is { } y && s[2].StartsWith("rollup.", StringComparison.Ordinal) && s[2].Length > "rollup.".Length =>
                new StoragePath(StorageKind.Rollup) { Year = y, Name = s[2]["rollup.".Length..] },
            Status when s.Length == 3 && Year(s[1]) is { } y && Json(s[2]) is { } c =>
                new StoragePath(StorageKind.Status) { Year = y, County = c },
            Status when s.Length == 4 && s[1] == CurrentFolder && Year(s[2]) is { } y && Json(s[3]) is { } c =>
                new StoragePath(StorageKind.CurrentPointer) { Year = y, County = c },
            Status when s.Length == 4 && s[1] == CurrentFolder && Year(s[2]) is { } y && Ending(s[3], ".lock") is { } county && County(county) is { } c =>
                new StoragePath(StorageKind.CurrentLease) { Year = y, County = c },
            Poison when s.Length == 2 && Ending(s[1], ".json") is { } key && IsKey(key) =>
                new StoragePath(StorageKind.Poison) { BlobKey = key },
            Receipts when s.Length == 3 && IsKey(s[1]) && Ending(s[2], ".attempts.json") is { } key && IsKey(key) =>
                new StoragePath(StorageKind.Attempts) { BlobKey = s[1], VersionKey = key },
            Receipts when s.Length == 3 && IsKey(s[1]) && Ending(s[2], ".json") is { } key && IsKey(key) =>
                new StoragePath(StorageKind.Receipt) { BlobKey = s[1], VersionKey = key },
            _ => null,
        };

        static int? Year(string text) => Identifiers.TryYear(text, out var y) ? y : null;
        static string? County(string text) => Identifiers.IsCounty(text) ? text : null;
        static string? Ending(string text, string suffix) => text.EndsWith(suffix, StringComparison.Ordinal) ? text[..^suffix.Length] : null;
        static string? Json(string text) => Ending(text, ".json") is { } c ? County(c) : null;
        static bool IsKey(string text) => text.Length == 32 && text.All(char.IsAsciiHexDigitLower);

        static (DateTimeOffset, string)? Version(string text) =>
            text.Length == 16 + 1 + 8 && text[16] == '-' && text[17..].All(char.IsAsciiHexDigitLower)
            && DateTime.TryParseExact(text[..16], HistoryStampFormat, CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal, out var at)
                ? (new DateTimeOffset(at, TimeSpan.Zero), text[17..])
                : null;
    }

    private static string Y(int year) => year.ToString(CultureInfo.InvariantCulture);
}

/// <summary>The kinds of path <see cref="StorageLayout"/> builds.</summary>
public enum StorageKind
{
    Submission,
    Report,
    History,
    CountyData,
    CountySummary,
    Rollup,
    Status,
    CurrentPointer,
    CurrentLease,
    Poison,
    Receipt,
    Attempts,
}

/// <summary>A storage path read back by <see cref="StorageLayout.TryParse"/>: its kind and the parts that kind has.</summary>
/// <param name="Kind">Which builder made it.</param>
public sealed record StoragePath(StorageKind Kind)
{
    public int? Year { get; init; }

    public string? County { get; init; }

    /// <summary>The file name (a submission, a report or a history file; null for a history folder), or a rollup's extension.</summary>
    public string? Name { get; init; }

    /// <summary>A history version's time, to the second.</summary>
    public DateTimeOffset? ReceivedUtc { get; init; }

    /// <summary>A history version's first 8 hex digits of SHA-256.</summary>
    public string? Sha8 { get; init; }

    /// <summary><see cref="StorageLayout.KeyOf"/> of the blob a poison record, receipt or attempts file is about.</summary>
    public string? BlobKey { get; init; }

    /// <summary><see cref="StorageLayout.KeyOf"/> of the blob version (ETag) a receipt or attempts file is about.</summary>
    public string? VersionKey { get; init; }
}
