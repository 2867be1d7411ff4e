namespace Metrics.Pipeline.Storage;

/// <summary>The containers the pipeline uses (first segment of a <see cref="BlobPath"/>).</summary>
public static class BlobContainers
{
    /// <summary>County uploads: submissions/{year}/{county}/{name}.xlsx. The trigger container; never written by the pipeline.</summary>
    public const string Submissions = "submissions";
    /// <summary>Per-county outputs: validation and scorecards, with history.</summary>
    public const string Reports = "reports";
    /// <summary>Canonical per-county JSON that rollups read.</summary>
    public const string Data = "data";
    /// <summary>Yearly rollups.</summary>
    public const string Rollups = "rollups";
    /// <summary>Records of submissions that failed after all retries.</summary>
    public const string Poison = "poison";
    /// <summary>Receipts: one per processed blob version.</summary>
    public const string Receipts = "receipts";
    /// <summary>Submission status documents.</summary>
    public const string Status = "status";
}
