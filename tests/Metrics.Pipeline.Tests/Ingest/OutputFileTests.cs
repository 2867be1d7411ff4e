using System.Buffers;
using System.IO.Compression;
using System.Runtime.InteropServices;
using System.Text.RegularExpressions;
using Metrics.Core.Json;
using Metrics.Core.Profiles;
using Metrics.Core.Scoring;
using Metrics.Excel.Template;
using Metrics.Pipeline.Ingest;
using Metrics.Reports;
using Metrics.Samples;

namespace Metrics.Pipeline.Tests.Ingest;

/// <summary>
/// The scorecard page and workbook are handed over in the pooled buffers they were written into
/// (<see cref="PooledBytes"/>): their bytes must be the very bytes of the copying renderers, and a
/// disposed file must neither be readable nor give its buffer back twice (two later outputs would then
/// be written into one array, a silent corruption).
/// </summary>
public sealed partial class OutputFileTests
{
    private static Scorecard Card()
    {
        var sample = SampleGenerator.County(0, new SampleOptions { Seed = 5, Year = 2031, Counties = 1, MinSchools = 20, MaxSchools = 24 }).Submission;
        using var upload = new MemoryStream();
        SubmissionWorkbookWriter.Write(sample, upload, []);
        var evaluation = new SubmissionProcessor(ProfileCatalog.Default)
            .Evaluate(upload.ToArray(), new SubmissionRef(new string('a', 64), new DateTimeOffset(2031, 9, 1, 8, 0, 0, TimeSpan.Zero)));
        return evaluation.Card ?? throw new InvalidOperationException("the sample county was not accepted");
    }

    [Fact]
    public void ScorecardFiles_PooledPageAndWorkbook_HoldTheRenderersBytes()
    {
        var card = Card();
        var files = SubmissionProcessor.ScorecardFiles(card);
        try
        {
            Assert.Equal(["scorecard.json", "scorecard.xlsx", "scorecard.html"], files.Select(f => f.Name));
            Assert.Equal(ScorecardJson.Serialize(card), files[0].Content.ToArray());
            AssertSameWorkbook(ExcelScorecard.Write(card), files[1].Content.ToArray());
            Assert.Equal(HtmlScorecard.RenderUtf8(card), files[2].Content.ToArray());
        }
        finally
        {
            OutputFile.DisposeAll(files);
        }

        // Disposed: the pooled ones refuse to be read; the JSON, an array of its own, is still there.
        Assert.Throws<ObjectDisposedException>(() => files[2].Content);
        Assert.Throws<ObjectDisposedException>(() => files[1].Content);
        Assert.False(files[0].Content.IsEmpty);
    }

    /// <summary>
    /// The same parts in the same order with the same bytes. SpreadCheetah stamps two clock readings into a
    /// workbook, each zip entry's time (2 s steps) and docProps/core.xml's creation time (1 s steps), so two
    /// writes of one scorecard differ in those whenever a second ticks between them; only those are set aside.
    /// </summary>
    private static void AssertSameWorkbook(byte[] expected, byte[] actual)
    {
        using var a = new ZipArchive(new MemoryStream(expected), ZipArchiveMode.Read);
        using var b = new ZipArchive(new MemoryStream(actual), ZipArchiveMode.Read);
        Assert.Equal(a.Entries.Select(e => e.FullName), b.Entries.Select(e => e.FullName));
        foreach (var (x, y) in a.Entries.Zip(b.Entries))
        {
            Assert.Equal(Timeless(x), Timeless(y));
        }

        static string Timeless(ZipArchiveEntry entry)
        {
            using var reader = new StreamReader(entry.Open());
            var text = reader.ReadToEnd();
            return entry.FullName == "docProps/core.xml" ? Created().Replace(text, "") : text;
        }
    }

    [GeneratedRegex("<dcterms:created [^>]*>[^<]*</dcterms:created>")]
    private static partial Regex Created();

    [Fact]
    public void PooledBytes_DisposedTwice_GoesBackToThePoolOnce()
    {
        var page = HtmlScorecard.RenderPooled(Card());
        Assert.True(MemoryMarshal.TryGetArray(page.Memory, out var segment));
        var array = segment.Array!;
        Assert.True(array.Length >= page.Length);
        page.Dispose();
        page.Dispose();

        // Returned once, the array comes back from at most one of two rents of its size; returned twice,
        // both rents would be handed the same array.
        var first = ArrayPool<byte>.Shared.Rent(array.Length);
        var second = ArrayPool<byte>.Shared.Rent(array.Length);
        try
        {
            Assert.NotSame(first, second);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(first);
            ArrayPool<byte>.Shared.Return(second);
        }
    }
}
