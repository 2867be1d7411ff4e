using System.Text.Json;
using ClosedXML.Excel;
using Metrics.Core.Profiles;
using Metrics.Pipeline.Api;
using Metrics.Pipeline.Ingest;
using Metrics.Pipeline.Storage;
using Metrics.Samples;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace Metrics.Pipeline.Tests.Ingest;

/// <summary>A county uploads its statistics export: the scorecard of the resource part, and the pre-filled workbook to download.</summary>
public sealed class ExportUploadTests : IDisposable
{
    private static readonly MetricsPrincipal CountyA = MetricsPrincipal.FromRoles("A", ["county:130102"]);

    private readonly string root = Directory.CreateTempSubdirectory("metrics-export-").FullName;
    private readonly FolderBlobStore store;
    private readonly MetricsApi api;
    private readonly IngestService ingest;

    public ExportUploadTests()
    {
        store = new FolderBlobStore(root);
        var clock = new FakeTimeProvider(new DateTimeOffset(2025, 5, 1, 8, 0, 0, TimeSpan.Zero));
        api = new MetricsApi(store, ProfileCatalog.Default, new RollupService(store, clock, NullLogger<RollupService>.Instance), clock);
        ingest = new IngestService(store, new SubmissionProcessor(ProfileCatalog.Default), NullLogger<IngestService>.Instance);
    }

    public void Dispose() => Directory.Delete(root, recursive: true);

    [Fact]
    public async Task ExportUploaded_ScoredFromTheExport_PrefilledWorkbookOffered_ThenGoneAfterATemplateUpload()
    {
        var sample = SampleGenerator.County(0, new SampleOptions { Counties = 1, Seed = 5, Year = 2024 }).Submission;
        sample = sample with { County = sample.County with { Code = "130102" } };
        using var export = new MemoryStream();
        StatisticsExportWriter.WriteSchoolList(sample, export);

        var upload = await api.UploadAsync(CountyA, "2024", "130102", new MemoryStream(export.ToArray()), default);
        Assert.Equal(202, upload.StatusCode);
        await ingest.IngestAsync(JsonDocument.Parse(upload.Body).RootElement.GetProperty("blob").GetString()!, default);

        var status = JsonDocument.Parse((await api.StatusAsync(CountyA, "2024", "130102", default)).Body).RootElement;
        Assert.Equal("accepted", status.GetProperty("state").GetString());
        Assert.Contains(status.GetProperty("issues").EnumerateArray(), i => i.GetProperty("code").GetString() == "export_field_missing");

        var card = JsonDocument.Parse((await api.ScorecardAsync(CountyA, "2024", "130102", "json", default)).Body).RootElement;
        Assert.Equal("statistics_export", card.GetProperty("source").GetProperty("kind").GetString());
        Assert.Equal("not_assessed", card.GetProperty("checks").EnumerateArray().Single(c => c.GetProperty("id").GetString() == "music_art_rooms").GetProperty("status").GetString());

        var html = System.Text.Encoding.UTF8.GetString((await api.ScorecardAsync(CountyA, "2024", "130102", "html", default)).Body);
        Assert.Contains("<section id=\"export-source\">", html, StringComparison.Ordinal);

        var prefilled = await api.ScorecardAsync(CountyA, "2024", "130102", "prefilled", default);
        Assert.Equal((200, ContentTypes.Xlsx, "prefilled-130102-2024.xlsx"), (prefilled.StatusCode, prefilled.ContentType, prefilled.FileName));
        using (var wb = new XLWorkbook(new MemoryStream(prefilled.Body)))
        {
            Assert.Equal(sample.Schools.Count(s => s.Sections().Any()), wb.Worksheet("学校").RowsUsed().Count() - 3);
        }

        // A completed template upload replaces it: the pre-filled workbook of the export is no longer current.
        var template = await api.UploadAsync(CountyA, "2024", "130102", new MemoryStream(Metrics.TestSupport.Workbooks.Good("130102", 2024)), default);
        await ingest.IngestAsync(JsonDocument.Parse(template.Body).RootElement.GetProperty("blob").GetString()!, default);
        Assert.Equal(404, (await api.ScorecardAsync(CountyA, "2024", "130102", "prefilled", default)).StatusCode);
        var second = JsonDocument.Parse((await api.ScorecardAsync(CountyA, "2024", "130102", "json", default)).Body).RootElement;
        Assert.False(second.TryGetProperty("source", out _));
        var secondHtml = System.Text.Encoding.UTF8.GetString((await api.ScorecardAsync(CountyA, "2024", "130102", "html", default)).Body);
        Assert.DoesNotContain("export-source", secondHtml, StringComparison.Ordinal);
    }
}
