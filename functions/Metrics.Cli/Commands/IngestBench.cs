using System.Diagnostics;
using Metrics.Excel.Reading;

namespace Metrics.Cli.Commands;

/// <summary>
/// The ingest side of <c>metrics bench score --ingest</c>: the same workbooks placed as uploads in a
/// fresh folder storage and processed by <c>metrics ingest</c> (the code path <c>metrics serve</c>
/// runs for each upload, on as many submissions at once as there are cores), timed as a child process
/// like <c>metrics score</c>, so the two compare per workbook.
/// </summary>
internal static class IngestBench
{
    /// <summary>Where each workbook goes as an upload: submissions/{year}/{county}/{file}; read once per batch (setup).</summary>
    public static string[] UploadPaths(string[] files) =>
        files.AsParallel().AsOrdered().Select(f =>
        {
            var county = WorkbookReader.Read(File.ReadAllBytes(f)).Submission?.County
                ?? throw new InvalidOperationException(f + " is not an accepted county workbook");
            return FormattableString.Invariant($"submissions/{county.SchoolYear}/{county.Code}/{Path.GetFileName(f)}");
        }).ToArray();

    /// <summary>Copies the uploads into a new storage folder of the run's scratch (not timed), then times <c>metrics ingest</c> over it; returns the folder with what ingest stored.</summary>
    public static async Task<(double Seconds, int Exit, DirectoryInfo Storage)> RunAsync(string[] files, string[] uploads, BenchScratch scratch, CancellationToken ct)
    {
        var storage = scratch.Folder("metrics-bench-ingest-");
        for (var i = 0; i < files.Length; i++)
        {
            var target = Path.Combine(storage.FullName, uploads[i]);
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(files[i], target);
        }

        var host = Environment.ProcessPath!;
        var start = new ProcessStartInfo(host) { UseShellExecute = false, RedirectStandardOutput = true };
        if (Path.GetFileNameWithoutExtension(host) == "dotnet")
        {
            start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "metrics.dll"));
        }

        start.ArgumentList.Add("ingest");
        start.ArgumentList.Add("--storage");
        start.ArgumentList.Add("folder:" + storage.FullName);
        BenchScratch.Settle();
        var sw = Stopwatch.StartNew();
        using var process = Process.Start(start)!;
        await process.StandardOutput.ReadToEndAsync(ct);
        await process.WaitForExitAsync(ct);
        return (sw.Elapsed.TotalSeconds, process.ExitCode, storage);
    }
}
