using System.CommandLine;
using Metrics.Cli.Hosting;
using Metrics.Core.Profiles;
using Metrics.Excel.Statistics;

namespace Metrics.Cli.Commands;

/// <summary><c>metrics import SOURCE... --out DIR</c>: the education-statistics export → one pre-filled county workbook per county.</summary>
internal sealed class ImportCommand(ProfileCatalog catalog)
{
    internal const string Workflow =
        "Workflow: 1. export the annual statistics (教育事业统计: the county school list, or the per-school forms 基础基/教基 as files, a folder or a zip); "
        + "2. metrics import EXPORT... --out DIR writes DIR/{county code}.xlsx, the county workbook with the 学校 sheet filled; "
        + "3. complete the yellow cells (listed on its 导入说明 sheet), the county inputs, Rotation and Spending; "
        + "4. upload it (or metrics score it). metrics score also scores an export directly: the resource part, other checks not assessed.";

    public static Command Create()
    {
        var sources = new Argument<FileSystemInfo[]>("sources") { Description = "Export files (.xlsx), zips of form workbooks, or folders of them", Arity = ArgumentArity.OneOrMore };
        var output = new Option<DirectoryInfo>("--out") { Description = "Output folder: one {county code}.xlsx per county", Required = true };
        var county = new Option<string?>("--county") { Description = "6-digit county code, when the export has no division-code column" };
        var year = new Option<int?>("--year") { Description = "School year (first calendar year), when no title of the export states it" };
        var profile = Common.Profile();
        var profiles = new Option<DirectoryInfo?>("--profiles") { Description = "Folder of province profile files (*.json), for a --profile of a province" };
        var command = new Command("import", "Import the education-statistics export (教育事业统计) into pre-filled county workbooks. " + Workflow + " " + ExitCodes.Help)
        {
            sources, output, county, year, profile, profiles,
        };
        command.SetAction(parse => Run(parse.GetValue(sources)!, parse.GetValue(output)!, parse.GetValue(county), parse.GetValue(year), parse.GetValue(profile), parse.GetValue(profiles)));
        return command;
    }

    internal static int Run(FileSystemInfo[] sources, DirectoryInfo output, string? county, int? year, string? profile, DirectoryInfo? profilesFolder = null) =>
        CliHost.Run<ImportCommand>(CliHost.Settings(profilesFolder: profilesFolder?.FullName), c => c.Run(sources, output, county, year, profile));

    private int Run(FileSystemInfo[] sources, DirectoryInfo output, string? county, int? year, string? profile)
    {
        if (profile is not null && !catalog.TryGet(profile, out _))
        {
            Console.Error.WriteLine($"metrics: unknown profile '{profile}'. Known: {string.Join(", ", catalog.Ids.Order(StringComparer.Ordinal))}.");
            return ExitCodes.Usage;
        }

        if (county is not null && (county.Length != 6 || !county.All(char.IsAsciiDigit)))
        {
            Console.Error.WriteLine($"metrics: --county must be a 6-digit division code, not '{county}'.");
            return ExitCodes.Usage;
        }

        var files = new List<ExportFile>();
        foreach (var source in sources)
        {
            if (source is DirectoryInfo dir && dir.Exists)
            {
                files.AddRange(dir.EnumerateFiles("*", SearchOption.AllDirectories)
                    .Where(f => f.Extension is ".xlsx" or ".zip" && !f.Name.StartsWith("~$", StringComparison.Ordinal))
                    .OrderBy(f => f.FullName, StringComparer.Ordinal)
                    .Select(f => new ExportFile(f.Name, File.ReadAllBytes(f.FullName))));
            }
            else if (source is FileInfo { Exists: true } file || (source is DirectoryInfo && File.Exists(source.FullName)))
            {
                files.Add(new ExportFile(source.Name, File.ReadAllBytes(source.FullName)));
            }
            else
            {
                Console.Error.WriteLine($"metrics: not found: {source.FullName}");
                return ExitCodes.Usage;
            }
        }

        var result = StatisticsImport.Read(files);
        var (counties, resolvedYear, problems) = ExportCounties.Resolve(result, county, year);
        var issues = result.Issues.Concat(problems).ToArray();
        foreach (var i in issues)
        {
            Console.Error.WriteLine($"{(i.Severity == Core.Model.Severity.Error ? "ERROR" : "warning")} {i.Location} [{i.Code}] {i.MessageZh} / {i.MessageEn}");
        }

        if (issues.Any(i => i.Severity == Core.Model.Severity.Error) || resolvedYear is null)
        {
            return ExitCodes.Rejected;
        }

        output.Create();
        foreach (var (c, code) in counties)
        {
            var path = Path.Combine(output.FullName, code + ".xlsx");
            using (var stream = File.Create(path))
            {
                ExportWorkbook.WritePrefilled(c, code, resolvedYear.Value, profile, result.Filled, stream);
            }

            var toComplete = ExportWorkbook.FieldsToComplete(c, result.Filled);
            Console.WriteLine($"{c.Name} ({code}) {resolvedYear}: {c.Schools.Count} schools from {result.Mapping!.Id} → {path}; to complete: {string.Join(", ", toComplete)}");
        }

        return ExitCodes.Ok;
    }
}
