using System.CommandLine;
using Metrics.Cli.Hosting;
using Metrics.Core.Profiles;
using Metrics.Excel.Template;

namespace Metrics.Cli.Commands;

/// <summary><c>metrics template --out FILE</c>: the blank county workbook.</summary>
internal sealed class TemplateCommand(ProfileCatalog profiles)
{
    public static Command Create()
    {
        var output = new Option<FileInfo>("--out") { Description = "Where to write the .xlsx", Required = true };
        var year = new Option<int?>("--year") { Description = "Pre-fill the school year" };
        var profile = Common.Profile();
        var command = new Command("template", "Write the county workbook template (填报模板).") { output, year, profile };
        command.SetAction(parse => CliHost.Run<TemplateCommand>(CliHost.Settings(), c => c.Run(parse.GetValue(output)!, parse.GetValue(year), parse.GetValue(profile))));
        return command;
    }

    private int Run(FileInfo file, int? year, string? profile)
    {
        var p = profiles.Get(profile);
        file.Directory?.Create();
        using (var stream = file.Create())
        {
            TemplateWriter.Write(stream, year, p.Id);
        }

        Console.WriteLine($"Template ({p.Id}) written to {file.FullName}");
        return 0;
    }
}
