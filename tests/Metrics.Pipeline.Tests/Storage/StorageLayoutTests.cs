using Metrics.Pipeline.Ingest;
using Metrics.Pipeline.Storage;

namespace Metrics.Pipeline.Tests.Storage;

/// <summary>Every path <see cref="StorageLayout"/> builds parses back to what it was built from, and nothing else parses.</summary>
public class StorageLayoutTests
{
    private const string Blob = "submissions/2024/130102/20250501T080000250Z.xlsx";
    private const string ETag = "\"0x8DC1A2B3C4D5E6F\"";
    private static readonly DateTimeOffset Received = new(2025, 5, 1, 8, 0, 7, TimeSpan.Zero);

    /// <summary>One built path of every kind, with what it must parse to.</summary>
    public static TheoryData<string, StoragePath> Built => new()
    {
        { StorageLayout.Submission(2024, "130102", "a.xlsx"), new(StorageKind.Submission) { Year = 2024, County = "130102", Name = "a.xlsx" } },
        { StorageLayout.UploadStem(2024, "130102", Received.AddMilliseconds(250)) + ".xlsx", new(StorageKind.Submission) { Year = 2024, County = "130102", Name = "20250501T080007250Z.xlsx" } },
        { StorageLayout.Report(2024, "130102", "scorecard.json"), new(StorageKind.Report) { Year = 2024, County = "130102", Name = "scorecard.json" } },
        { StorageLayout.History(2024, "130102", Received, "0123456789abcdef"), new(StorageKind.History) { Year = 2024, County = "130102", ReceivedUtc = Received, Sha8 = "01234567" } },
        { StorageLayout.History(2024, "130102", Received, "0123456789abcdef") + "submission.xlsx", new(StorageKind.History) { Year = 2024, County = "130102", ReceivedUtc = Received, Sha8 = "01234567", Name = "submission.xlsx" } },
        { StorageLayout.CountyData(2024, "130102"), new(StorageKind.CountyData) { Year = 2024, County = "130102" } },
        { StorageLayout.CountySummary(2024, "130102"), new(StorageKind.CountySummary) { Year = 2024, County = "130102" } },
        { StorageLayout.RollupFile(2024, "xlsx"), new(StorageKind.Rollup) { Year = 2024, Name = "xlsx" } },
        { StorageLayout.StatusFile(2024, "130102"), new(StorageKind.Status) { Year = 2024, County = "130102" } },
        { StorageLayout.CurrentPointer(2024, "130102"), new(StorageKind.CurrentPointer) { Year = 2024, County = "130102" } },
        { StorageLayout.CurrentLease(2024, "130102"), new(StorageKind.CurrentLease) { Year = 2024, County = "130102" } },
        { StorageLayout.PoisonFile(Blob), new(StorageKind.Poison) { BlobKey = StorageLayout.KeyOf(Blob) } },
        { StorageLayout.Receipt(Blob, ETag), new(StorageKind.Receipt) { BlobKey = StorageLayout.KeyOf(Blob), VersionKey = StorageLayout.KeyOf(ETag) } },
        { StorageLayout.AttemptsFile(Blob, ETag), new(StorageKind.Attempts) { BlobKey = StorageLayout.KeyOf(Blob), VersionKey = StorageLayout.KeyOf(ETag) } },
    };

    [Theory]
    [MemberData(nameof(Built))]
    public void TryParse_EveryBuiltPath_GivesBackItsParts(string path, StoragePath expected)
    {
        // A history folder ends with '/': a prefix to list, not a blob.
        Assert.True(path.EndsWith('/') ? BlobPath.IsValid(path + "x") : BlobPath.IsValid(path), path);
        Assert.Equal(expected, StorageLayout.TryParse(path));
    }

    [Fact]
    public void Built_CoversEveryKind()
    {
        var kinds = Built.Select(row => ((StoragePath)row[1]).Kind).ToHashSet();
        Assert.Equal(Enum.GetValues<StorageKind>().ToHashSet(), kinds);
    }

    [Fact]
    public void Prefixes_AreThePrefixesOfTheirPaths()
    {
        Assert.StartsWith(StorageLayout.SubmissionPrefix(2024, "130102"), StorageLayout.Submission(2024, "130102", "a.xlsx"), StringComparison.Ordinal);
        Assert.StartsWith(StorageLayout.HistoryPrefix(2024, "130102"), StorageLayout.History(2024, "130102", Received, new string('a', 64)), StringComparison.Ordinal);
        Assert.StartsWith(StorageLayout.DataPrefix(2024), StorageLayout.CountyData(2024, "130102"), StringComparison.Ordinal);
        Assert.StartsWith(StorageLayout.SummaryPrefix(2024), StorageLayout.CountySummary(2024, "130102"), StringComparison.Ordinal);
        Assert.StartsWith(StorageLayout.StatusPrefix(2024), StorageLayout.StatusFile(2024, "130102"), StringComparison.Ordinal);
        // Listing a year's data files or statuses never meets the summaries or the current pointers.
        Assert.False(StorageLayout.CountySummary(2024, "130102").StartsWith(StorageLayout.DataPrefix(2024), StringComparison.Ordinal));
        Assert.False(StorageLayout.CurrentPointer(2024, "130102").StartsWith(StorageLayout.StatusPrefix(2024), StringComparison.Ordinal));
        Assert.All(StorageLayout.Containers, c => Assert.Equal(c + "/", StorageLayout.ContainerPrefix(c)));
    }

    [Theory]
    [InlineData("")]
    [InlineData("submissions/2024/130102")]
    [InlineData("submissions/2024/130102/")]
    [InlineData("submissions/24/130102/a.xlsx")]
    [InlineData("submissions/1999/130102/a.xlsx")]
    [InlineData("submissions/2024/13010/a.xlsx")]
    [InlineData("submissions/2024/130102/x/a.xlsx")]
    [InlineData("reports/2024/130102/history")]
    [InlineData("reports/2024/130102/history/20250501T080007Z-0123456/x")]
    [InlineData("reports/2024/130102/history/2025-05-01T08:00-01234567/x")]
    [InlineData("data/2024/130102.xml")]
    [InlineData("data/summaries/2024/abc.json")]
    [InlineData("rollups/2024/rollup.")]
    [InlineData("rollups/2024/summary.json")]
    [InlineData("status/current/2024/130102.txt")]
    [InlineData("poison/abc.json")]
    [InlineData("receipts/0123456789abcdef0123456789abcdef/ABCDEF0123456789ABCDEF0123456789.json")]
    [InlineData("other/2024/130102.json")]
    public void TryParse_AnyOtherPath_IsNull(string path)
    {
        Assert.Null(StorageLayout.TryParse(path));
    }

    [Fact]
    public void SubmissionPath_ReadsWithOrWithoutTheContainer_AndBuildsTheSamePath()
    {
        var expected = new SubmissionPath(2024, "130102", "a.xlsx");

        Assert.Equal(expected, SubmissionPath.TryParse("submissions/2024/130102/a.xlsx"));
        Assert.Equal(expected, SubmissionPath.TryParse("2024/130102/a.xlsx"));
        Assert.Equal("submissions/2024/130102/a.xlsx", expected.Path);
        Assert.Null(SubmissionPath.TryParse("reports/2024/130102/a.xlsx"));
    }

    [Fact]
    public void KeyOf_Is32HexOfTheSha256OfTheUtf8Text()
    {
        // SHA-256("abc") = ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad (FIPS 180-2 example).
        Assert.Equal("ba7816bf8f01cfea414140de5dae2223", StorageLayout.KeyOf("abc"));
        Assert.Equal("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad", Sha256.Hex("abc"u8));
    }
}
