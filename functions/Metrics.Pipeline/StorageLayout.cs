using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Metrics.Pipeline.Storage;

namespace Metrics.Pipeline;

/// <summary>
/// Where everything lives (the pipeline README ("One submission")). Outputs never go to the
/// submissions container, so writing them can never trigger another ingestion.
/// </summary>
public static class StorageLayout
{
    public const string Submissions = BlobContainers.Submissions;
    public const string Reports = BlobContainers.Reports;
    public const string Data = BlobContainers.Data;
    public const string Rollups = BlobContainers.Rollups;
    public const string Poison = BlobContainers.Poison;
    public const string Receipts = BlobContainers.Receipts;
    public const string Status = BlobContainers.Status;

    public static string Report(int year, string county, string file) => $"{Reports}/{Y(year)}/{county}/{file}";

    public static string HistoryPrefix(int year, string county) => $"{Reports}/{Y(year)}/{county}/history/";

    /// <summary>History folder of one accepted version: UTC time (sortable) and the first 8 hex of its SHA-256.</summary>
    public static string History(int year, string county, DateTimeOffset receivedUtc, string sha256) =>
        HistoryPrefix(year, county) + receivedUtc.UtcDateTime.ToString("yyyyMMdd'T'HHmmss'Z'", CultureInfo.InvariantCulture) + "-" + sha256[..8] + "/";

    public static string CountyData(int year, string county) => $"{Data}/{Y(year)}/{county}.json";

    public static string DataPrefix(int year) => $"{Data}/{Y(year)}/";

    /// <summary>
    /// The county's compact rollup summary (built once from the scorecard at ingest, written right after
    /// <see cref="CountyData"/>), so a rollup never parses whole county data files. Outside
    /// <see cref="DataPrefix"/>, so listing a year's data files never meets it.
    /// </summary>
    public static string CountySummary(int year, string county) => $"{Data}/summaries/{Y(year)}/{county}.json";

    public static string SummaryPrefix(int year) => $"{Data}/summaries/{Y(year)}/";

    public static string RollupFile(int year, string extension) => $"{Rollups}/{Y(year)}/rollup.{extension}";

    public static string StatusFile(int year, string county) => $"{Status}/{Y(year)}/{county}.json";

    public static string StatusPrefix(int year) => $"{Status}/{Y(year)}/";

    public static string SubmissionPrefix(int year, string county) => $"{Submissions}/{Y(year)}/{county}/";

    /// <summary>Poison record of a blob that failed every attempt; named after the blob so it is found again.</summary>
    public static string PoisonFile(string blobPath) => $"{Poison}/{Key(blobPath)}.json";

    /// <summary>Receipt of one version (ETag) of one blob: present once that version was processed.</summary>
    public static string Receipt(string blobPath, string etag) => $"{Receipts}/{Key(blobPath)}/{Key(etag)}.json";

    public static string AttemptsFile(string blobPath, string etag) => $"{Receipts}/{Key(blobPath)}/{Key(etag)}.attempts.json";

    /// <summary>
    /// The county's current pointer: which upload (blob and its own time) the current outputs belong to.
    /// Only written under <see cref="CurrentLease"/>; see <see cref="Ingest.IngestService"/> for the ordering guard.
    /// Kept beside the status documents but outside <see cref="StatusPrefix"/>, so listing a year's statuses never meets it.
    /// </summary>
    public static string CurrentPointer(int year, string county) => $"{Status}/current/{Y(year)}/{county}.json";

    /// <summary>The per-county lease that serialises changes to the county's current outputs.</summary>
    public static string CurrentLease(int year, string county) => $"{Status}/current/{Y(year)}/{county}.lock";

    private static string Y(int year) => year.ToString(CultureInfo.InvariantCulture);

    /// <summary>A short, path-safe, stable key for arbitrary text (blob names may hold any character).</summary>
    private static string Key(string text) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)))[..32];
}
