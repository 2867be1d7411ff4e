using System.IO.Compression;
using System.Xml.Linq;
using AngleSharp.Html.Parser;
using Metrics.Core.Model;
using Metrics.Core.Profiles;
using Metrics.Excel.Reading;
using Metrics.Excel.Template;
using Metrics.Pipeline.Ingest;
using Metrics.Pipeline.Storage;
using Metrics.Samples;
using Metrics.TestSupport;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace Metrics.Pipeline.Tests.Ingest;

/// <summary>
/// No output executes what a county typed: a county whose every text field (county name, school
/// names, school codes, paired codes) holds a formula or a script goes through the whole pipeline, and
/// every xlsx it produces (the template-filled upload, scorecard, marked and plain feedback, rollup)
/// holds that text as a string cell with no formula anywhere, and every HTML output shows it as
/// escaped text with no script element.
/// </summary>
public sealed class OutputSafetyTests : IDisposable
{
    private readonly DirectoryInfo root = Directory.CreateTempSubdirectory("metrics-safety-");

    public void Dispose() => root.Delete(recursive: true);

    [Theory]
    [InlineData("=cmd|' /C calc'!A0")]
    [InlineData("=HYPERLINK(\"http://x\",\"y\")")]
    [InlineData("<script>alert(1)</script>")]
    [InlineData("@SUM(1+1)*cmd|'/C calc'!A0")]
    [InlineData("+1+cmd|' /C calc'!A0")]
    [InlineData("-1+cmd|' /C calc'!A0")]
    public async Task EveryOutput_HostileTextInEveryField_IsWrittenInert(string payload)
    {
        const int year = 2031;
        const string county = "130199";
        var upload = HostileWorkbook(payload, county, year);
        AssertXlsxInert(upload, payload, "the template-filled upload");

        var store = new FolderBlobStore(root.FullName, flushToDisk: false);
        await store.WriteAsync($"submissions/{year}/{county}/upload.xlsx", upload, ContentTypes.Xlsx);
        var outcome = await new IngestService(store, new SubmissionProcessor(ProfileCatalog.Default), NullLogger<IngestService>.Instance)
            .IngestAsync($"submissions/{year}/{county}/upload.xlsx", default);
        Assert.Equal(IngestResult.Accepted, outcome.Result);
        var clock = new FakeTimeProvider(new DateTimeOffset(2032, 9, 1, 0, 0, 0, TimeSpan.Zero));
        await new RollupService(store, clock, NullLogger<RollupService>.Instance).RunAsync(year, default);

        AssertXlsxInert((await store.ReadAllBytesAsync(StorageLayout.Report(year, county, "scorecard.xlsx")))!, payload, "scorecard.xlsx");
        AssertHtmlInert((await store.ReadAllBytesAsync(StorageLayout.Report(year, county, "scorecard.html")))!, payload, "scorecard.html");
        AssertXlsxInert((await store.ReadAllBytesAsync($"rollups/{year}/rollup.xlsx"))!, payload, "rollup.xlsx");
        AssertHtmlInert((await store.ReadAllBytesAsync($"rollups/{year}/rollup.html"))!, payload, "rollup.html");

        // Feedback quoting the text at every name cell: the marked copy, and the plain list.
        var read = WorkbookReader.Read(upload);
        var issues = read.Submission!.Schools.Select(s => new ValidationIssue(Severity.Warning, IssueCodes.ImplausibleValue, "学校", s.SourceRow, "school_name",
            "B" + s.SourceRow, $"名称“{s.Name}”", $"Name “{s.Name}”")).ToList();
        var marked = SubmissionProcessor.ValidationFiles(upload, issues, year, county);
        AssertXlsxInert(marked.Single(f => f.Name == "validation.xlsx").Content.ToArray(), payload, "marked validation.xlsx");
        var plain = SubmissionProcessor.ValidationFiles(Workbooks.RenameSheet(upload, "填表说明", new string('长', 40)), issues, year, county);
        Assert.Contains("\"feedbackWorkbook\": \"plain\"", System.Text.Encoding.UTF8.GetString(plain[0].Content.Span), StringComparison.Ordinal);
        AssertXlsxInert(plain.Single(f => f.Name == "validation.xlsx").Content.ToArray(), payload, "plain validation.xlsx");
    }

    /// <summary>A sample county whose name, school names, school codes and paired codes all hold <paramref name="payload"/>.</summary>
    private static byte[] HostileWorkbook(string payload, string county, int year)
    {
        var sample = SampleGenerator.County(0, new SampleOptions { Seed = 5, Year = year, Counties = 1, MinSchools = 10, MaxSchools = 12 }).Submission;
        var codes = sample.Schools.Select((s, i) => (s.Code, New: payload + i.ToString("00", System.Globalization.CultureInfo.InvariantCulture)))
            .ToDictionary(x => x.Code, x => x.New, StringComparer.Ordinal);
        var submission = sample with
        {
            County = sample.County with { Code = county, SchoolYear = year, Name = payload },
            Schools = [.. sample.Schools.Select(s => s with
            {
                Code = codes[s.Code],
                Name = payload,
                PairedSchoolCode = s.PairedSchoolCode is { } p && codes.TryGetValue(p, out var np) ? np : s.PairedSchoolCode,
            })],
            Rotation = [.. sample.Rotation.Select(r => r with { SchoolCode = codes[r.SchoolCode] })],
            Spending = [.. sample.Spending.Select(s => s with { SchoolCode = codes[s.SchoolCode] })],
        };
        using var buffer = new MemoryStream();
        SubmissionWorkbookWriter.Write(submission, buffer, []);
        return buffer.ToArray();
    }

    /// <summary>
    /// Reads the package's XML: no worksheet holds a formula (<c>&lt;f&gt;</c>), every cell whose text
    /// holds <paramref name="payload"/> is a string cell (shared or inline, not a formula's result), at
    /// least one does (the text arrived intact), and no relationship points at an external address.
    /// </summary>
    private static void AssertXlsxInert(byte[] xlsx, string payload, string what)
    {
        using var zip = new ZipArchive(new MemoryStream(xlsx), ZipArchiveMode.Read);
        XNamespace main = "http://schemas.openxmlformats.org/spreadsheetml/2006/main";
        var shared = zip.GetEntry("xl/sharedStrings.xml") is { } ss
            ? XDocument.Load(ss.Open()).Root!.Elements(main + "si").Select(si => string.Concat(si.Descendants(main + "t").Select(t => t.Value))).ToList()
            : [];
        var found = 0;
        foreach (var entry in zip.Entries.Where(e => e.FullName.StartsWith("xl/worksheets/sheet", StringComparison.Ordinal)))
        {
            var doc = XDocument.Load(entry.Open());
            Assert.False(doc.Descendants(main + "f").Any(), $"{what}: {entry.FullName} holds a formula");
            foreach (var c in doc.Descendants(main + "c"))
            {
                var type = (string?)c.Attribute("t");
                var text = type switch
                {
                    "s" when c.Element(main + "v") is { } v => shared[int.Parse(v.Value, System.Globalization.CultureInfo.InvariantCulture)],
                    "inlineStr" => string.Concat(c.Descendants(main + "t").Select(t => t.Value)),
                    _ => c.Element(main + "v")?.Value ?? string.Empty,
                };
                if (text.Contains(payload, StringComparison.Ordinal))
                {
                    Assert.True(type is "s" or "inlineStr", $"{what}: {entry.FullName} {(string?)c.Attribute("r")} has type {type ?? "n"}");
                    found++;
                }
            }
        }

        Assert.True(found > 0, $"{what}: the text is not there intact");
        foreach (var rels in zip.Entries.Where(e => e.FullName.EndsWith(".rels", StringComparison.Ordinal)))
        {
            using var reader = new StreamReader(rels.Open());
            Assert.DoesNotContain("http://x", reader.ReadToEnd(), StringComparison.Ordinal);
        }
    }

    /// <summary>Parses as a browser does: no script element, no link to the payload's address, the text shown intact.</summary>
    private static void AssertHtmlInert(byte[] bytes, string payload, string what)
    {
        var html = System.Text.Encoding.UTF8.GetString(bytes);
        var doc = new HtmlParser().ParseDocument(html);

        Assert.Empty(doc.QuerySelectorAll("script"));
        // The text may sit in a quoted attribute (a chart label's title, a data- value); it must never
        // become an event handler or an address a browser follows.
        Assert.DoesNotContain(doc.All, e => e.Attributes.Any(a => a.Name.StartsWith("on", StringComparison.OrdinalIgnoreCase)));
        Assert.DoesNotContain(doc.All, e => e.Attributes.Any(a => a.LocalName is "href" or "src" or "action" or "formaction" or "srcdoc" && a.Value.Contains("http://x", StringComparison.Ordinal)));
        Assert.Contains(payload, doc.Body!.TextContent, StringComparison.Ordinal);
        Assert.True(doc.Title is not null, what);
    }
}
