using Metrics.Core.Profiles;
using Metrics.Pipeline.Ingest;
using Metrics.Pipeline.Storage;
using Metrics.Pipeline.Tests.Support;
using Metrics.TestSupport;
using Microsoft.Extensions.Logging.Abstractions;

namespace Metrics.Pipeline.Tests.Ingest;

/// <summary>
/// An accepted upload's files that do not depend on each other are written at once (their flushes or
/// uploads overlap), and the ones that do keep their order: the history entry is whole before any
/// current file changes, the data file before its summary, the status last.
/// </summary>
public sealed class ConcurrentWritesTests : IDisposable
{
    private const int Year = 2034;
    private const string County = "130177";

    // Long enough that every write started in one go is still waiting when the last of them starts.
    private static readonly TimeSpan Delay = TimeSpan.FromMilliseconds(300);

    private readonly DirectoryInfo root = Directory.CreateTempSubdirectory("metrics-concurrent-");

    public void Dispose() => root.Delete(recursive: true);

    private static IngestService Ingest(IBlobStore store) => new(store, new SubmissionProcessor(ProfileCatalog.Default), NullLogger<IngestService>.Instance);

    /// <summary>A county's upload in a folder store seen through a probe that delays every later write by <see cref="Delay"/>.</summary>
    private async Task<(ProbeStore Store, string Upload)> UploadedAsync()
    {
        var store = new ProbeStore(new FolderBlobStore(root.FullName, flushToDisk: false));
        var upload = $"submissions/{Year}/{County}/upload.xlsx";
        await store.WriteAsync(upload, Workbooks.Good(County, Year, seed: 3), ContentTypes.Xlsx);
        store.Clear();
        store.WriteDelay = Delay;
        return (store, upload);
    }

    [Fact]
    public async Task Ingest_AcceptedUpload_WritesEachIndependentSetAtOnceAndKeepsTheOrderedOnesInOrder()
    {
        var (store, upload) = await UploadedAsync();

        var outcome = await Ingest(store).IngestAsync(upload, default);

        Assert.Equal(IngestResult.Accepted, outcome.Result);
        var starts = store.WriteStarts;
        var report = StorageLayout.Report(Year, County, "");
        // The history entry: submission.xlsx and the three scorecard files, all four in flight together
        // (one at a time before: the largest count was 1).
        var history = starts.Where(s => s.Path.StartsWith(report + "history/", StringComparison.Ordinal)).ToList();
        Assert.Equal(4, history.Count);
        Assert.Equal(4, history.Max(s => s.InFlight));
        // The current scorecard.json, .xlsx and .html: three at once.
        var current = starts.Where(s => s.Path.StartsWith(report + "scorecard.", StringComparison.Ordinal)).ToList();
        Assert.Equal(3, current.Count);
        Assert.Equal(3, current.Max(s => s.InFlight));

        var ends = store.WriteEnds.ToList();
        var lastHistory = history.Max(h => ends.IndexOf(h.Path));
        Assert.True(current.All(c => ends.IndexOf(c.Path) > lastHistory), "a current file was written before the history entry was whole");
        var data = ends.IndexOf(StorageLayout.CountyData(Year, County));
        var summary = ends.IndexOf(StorageLayout.CountySummary(Year, County));
        Assert.True(current.All(c => ends.IndexOf(c.Path) < data) && data < summary, "the data file must follow the current files, and its summary follow it");
        Assert.Equal(StorageLayout.StatusFile(Year, County), ends[^1]);
    }

    [Fact]
    public async Task Ingest_OneOfTheHistoryFilesFails_TheOthersFinishBeforeTheErrorComesBack()
    {
        // The outputs' buffers are pooled and go back when ingest returns: a write still running then would read
        // a buffer already given to someone else. So a failure is reported only once every started write ended.
        var (store, upload) = await UploadedAsync();
        store.Fault = (op, path) => op == "create" && path.EndsWith("/scorecard.json", StringComparison.Ordinal) ? new IOException("disk full") : null;

        var error = await Assert.ThrowsAsync<IOException>(() => Ingest(store).IngestAsync(upload, default));

        Assert.Equal("disk full", error.Message);
        var started = store.WriteStarts.Select(s => s.Path).ToHashSet();
        Assert.Subset(store.WriteEnds.ToHashSet(), started);
        Assert.Equal(started.Count, store.WriteEnds.Count);
        // Nothing current was touched: the scorecard files were never written outside history.
        Assert.DoesNotContain(started, p => p.StartsWith(StorageLayout.Report(Year, County, "scorecard."), StringComparison.Ordinal));
    }
}
