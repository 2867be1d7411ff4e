using System.CommandLine;
using System.Globalization;
using Metrics.Cli.Hosting;
using Metrics.Excel.Template;
using Metrics.Samples;
using Spectre.Console;

namespace Metrics.Cli.Commands;

/// <summary><c>metrics sample --out DIR</c>: realistic synthetic county workbooks.</summary>
internal sealed class SampleCommand
{
    public static Command Create()
    {
        var output = new Option<DirectoryInfo>("--out") { Description = "Output folder", Required = true };
        var counties = new Option<int>("--counties") { Description = "How many counties", DefaultValueFactory = _ => 5 };
        var seed = new Option<int>("--seed") { Description = "Random seed (same seed, same workbooks)", DefaultValueFactory = _ => 1 };
        var year = Common.Year();
        var profile = Common.Profile();
        var errors = new Option<bool>("--with-errors") { Description = "Inject data errors into about one county in four" };
        var exports = new Option<bool>("--exports") { Description = "Also write each county's education-statistics exports (school list; per-school forms 教基 and 基础基, zipped) into DIR/exports, for metrics import" };
        var command = new Command("sample", "Write synthetic county workbooks (10–600 schools, all school types; some counties pass, some fail).")
        {
            output, counties, seed, year, profile, errors, exports,
        };
        command.SetAction(parse => CliHost.Run<SampleCommand>(CliHost.Settings(), c => c.Run(
            new SampleOptions
            {
                Counties = parse.GetValue(counties),
                Seed = parse.GetValue(seed),
                Year = parse.GetValue(year),
                Profile = parse.GetValue(profile) ?? "quality-2017",
                WithErrors = parse.GetValue(errors),
            },
            parse.GetValue(output)!,
            parse.GetValue(exports))));
        return command;
    }

    // The generator needs nothing from the container; the command is composed like every other one
    // so that a service it comes to need is one constructor parameter away.
    private int Run(SampleOptions options, DirectoryInfo folder, bool exports)
    {
        var written = Write(options, index => Path.Combine(folder.FullName, "{0}-{1}.xlsx"));
        Console.WriteLine($"{written} workbook(s) written to {folder.FullName}");
        if (exports)
        {
            var files = StatisticsExportFiles.Write(options, Path.Combine(folder.FullName, "exports"));
            Console.WriteLine($"{files.Count} statistics export(s) written to {Path.Combine(folder.FullName, "exports")}");
        }

        return 0;
    }

    /// <summary>
    /// Generates and writes the workbooks of <paramref name="options"/>; <paramref name="pathFormat"/>
    /// gives, per county index, a format with {0} = county code and {1} = year. Shows progress.
    /// </summary>
    internal static int Write(SampleOptions options, Func<int, string> pathFormat)
    {
        void WriteOne(int i)
        {
            var county = SampleGenerator.County(i, options);
            var code = county.Submission.County.Code;
            var path = string.Format(CultureInfo.InvariantCulture, pathFormat(i), code, options.Year);
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            using var stream = File.Create(path);
            SubmissionWorkbookWriter.Write(county.Submission, stream, county.Defects);
        }

        if (Common.Fancy && options.Counties > 1)
        {
            AnsiConsole.Progress().Start(ctx =>
            {
                var task = ctx.AddTask($"Writing {options.Counties} workbooks", maxValue: options.Counties);
                Parallel.For(0, options.Counties, i =>
                {
                    WriteOne(i);
                    task.Increment(1);
                });
            });
        }
        else
        {
            var done = 0;
            Parallel.For(0, options.Counties, i =>
            {
                WriteOne(i);
                var n = Interlocked.Increment(ref done);
                if (n % 50 == 0 || n == options.Counties)
                {
                    Console.WriteLine($"  {n}/{options.Counties} workbooks");
                }
            });
        }

        return options.Counties;
    }
}
