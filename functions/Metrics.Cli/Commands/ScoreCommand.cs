using System.Collections.Concurrent;
using System.CommandLine;
using Metrics.Cli.Hosting;
using Metrics.Core.Profiles;
using Metrics.Core.Scoring;
using Metrics.Pipeline.Ingest;
using Metrics.Pipeline.Storage;

namespace Metrics.Cli.Commands;

/// <summary><c>metrics score FILE... --out DIR</c>: scorecards or validation files per workbook, no storage involved.</summary>
internal sealed class ScoreCommand(SubmissionProcessor processor, ProfileCatalog catalog)
{
    public static Command Create()
    {
        var files = new Argument<FileInfo[]>("files") { Description = "County workbooks (.xlsx)", Arity = ArgumentArity.OneOrMore };
        var output = new Option<DirectoryInfo>("--out") { Description = "Output folder; one subfolder per workbook", Required = true };
        var profile = Common.Profile();
        var profiles = new Option<DirectoryInfo?>("--profiles") { Description = "Folder of province profile files (*.json)" };
        var command = new Command("score", "Score county workbooks: writes scorecard.{json,xlsx,html}, or validation.{json,xlsx} when a workbook has errors, into one subfolder per workbook named after it (numbered -2, -3… when two workbooks share a name). " + ExitCodes.Help)
        {
            files, output, profile, profiles,
        };
        command.SetAction(parse => Run(parse.GetValue(files)!, parse.GetValue(output)!, parse.GetValue(profile), parse.GetValue(profiles)));
        return command;
    }

    /// <summary>Scores <paramref name="files"/> with the services of a host whose profiles include <paramref name="profilesFolder"/>.</summary>
    internal static int Run(FileInfo[] files, DirectoryInfo output, string? profile, DirectoryInfo? profilesFolder) =>
        CliHost.Run<ScoreCommand>(CliHost.Settings(profilesFolder: profilesFolder?.FullName), c => c.Run(files, output, profile));

    private int Run(FileInfo[] files, DirectoryInfo output, string? profile)
    {
        if (profile is not null && !catalog.TryGet(profile, out _))
        {
            Console.Error.WriteLine($"metrics: unknown profile '{profile}'. Known: {string.Join(", ", catalog.Ids.Order(StringComparer.Ordinal))}.");
            return ExitCodes.Usage;
        }

        // A file that is not there is the caller's mistake, not a county's rejected workbook: nothing is scored.
        if (files.Where(f => !f.Exists).Select(f => f.FullName).ToArray() is { Length: > 0 } absent)
        {
            Console.Error.WriteLine($"metrics: file not found: {string.Join(", ", absent)}");
            return ExitCodes.Usage;
        }

        var names = OutputNames(files);
        // Files are independent: both cores score them, and the lines are printed in the order the
        // files were given (each as soon as it and every file before it are done), so the output is
        // the same whatever order the threads finish in.
        var lines = new string?[files.Length];
        var rejected = new bool[files.Length];
        var printed = 0;
        var gate = new Lock();
        try
        {
            // One workbook at a time to whichever core is free (not ranges of them): a batch then ends
            // with both cores busy until its last workbook, not one core finishing another's range.
            var next = Partitioner.Create(Enumerable.Range(0, files.Length), EnumerablePartitionerOptions.NoBuffering);
            Parallel.ForEach(next, new ParallelOptions { MaxDegreeOfParallelism = Environment.ProcessorCount }, i =>
            {
                (lines[i], rejected[i]) = ScoreOne(processor, files[i], Path.Combine(output.FullName, names[i]), profile);
                lock (gate)
                {
                    while (printed < lines.Length && lines[printed] is { } line)
                    {
                        Console.WriteLine(line);
                        printed++;
                    }
                }
            });
        }
        catch (AggregateException e) when (e.InnerExceptions.Count > 0)
        {
            System.Runtime.ExceptionServices.ExceptionDispatchInfo.Capture(e.InnerExceptions[0]).Throw();
        }

        return rejected.Any(r => r) ? ExitCodes.Rejected : ExitCodes.Ok;
    }

    private static (string Line, bool Rejected) ScoreOne(SubmissionProcessor processor, FileInfo file, string folder, string? profile)
    {
        var target = Directory.CreateDirectory(folder);
        var bytes = File.ReadAllBytes(file.FullName);
        var sha = Sha256.Hex(bytes);
        var evaluation = processor.Evaluate(bytes, new SubmissionRef(sha, new DateTimeOffset(file.LastWriteTimeUtc, TimeSpan.Zero)), profileOverride: profile);
        if (evaluation.Card is { } card)
        {
            Write(target, SubmissionProcessor.ScorecardFiles(card));
            Write(target, SubmissionProcessor.ValidationFiles(bytes, evaluation.Issues, card.SchoolYear, card.CountyCode));
            if (evaluation.PrefilledWorkbook is { } prefilled)
            {
                // A statistics export: the county workbook pre-filled from it, to complete and upload.
                File.WriteAllBytes(Path.Combine(target.FullName, ExportEvaluation.PrefilledName), prefilled);
            }
            return ($"ACCEPTED {file.Name}: {card.CountyName} ({card.CountyCode}) {card.SchoolYear} — overall {Metrics.Core.Json.ScorecardJson.Name(card.Overall.Status)}, {evaluation.Issues.Count} warning(s) → {target.FullName}", false);
        }

        Write(target, SubmissionProcessor.ValidationFiles(bytes, evaluation.Issues, null, null));
        var first = evaluation.Issues.First(i => i.Severity == Metrics.Core.Model.Severity.Error);
        return ($"REJECTED {file.Name}: {evaluation.Errors} error(s); first at {first.Location}: {first.MessageEn} → {target.FullName}", true);
    }

    /// <summary>
    /// One output folder per workbook, named after it; workbooks of the same name (from different
    /// folders, compared case-insensitively for case-insensitive file systems) are numbered in the
    /// order given: county, county-2, county-3.
    /// </summary>
    internal static string[] OutputNames(IReadOnlyList<FileInfo> files)
    {
        var names = new string[files.Count];
        var taken = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        for (var i = 0; i < files.Count; i++)
        {
            var stem = Path.GetFileNameWithoutExtension(files[i].Name);
            var name = stem;
            for (var n = 2; !taken.Add(name); n++)
            {
                name = $"{stem}-{n}";
            }

            names[i] = name;
        }

        return names;
    }

    /// <summary>Writes each file, then disposes it (the page and workbook give their pooled buffers back).</summary>
    private static void Write(DirectoryInfo folder, IReadOnlyList<OutputFile> files)
    {
        try
        {
            foreach (var f in files)
            {
                File.WriteAllBytes(Path.Combine(folder.FullName, f.Name), f.Content.Span);
            }
        }
        finally
        {
            OutputFile.DisposeAll(files);
        }
    }
}
