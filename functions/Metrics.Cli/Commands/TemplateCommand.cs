using System.CommandLine;
using Metrics.Core.Profiles;
using Metrics.Excel.Template;

namespace Metrics.Cli.Commands;

/// <summary><c>metrics template --out FILE</c>: the blank county workbook.</summary>
internal static class TemplateCommand
{
    public static Command Create()
    {
        var output = new Option<FileInfo>("--out") { Description = "Where to write the .xlsx", Required = true };
        var year = new Option<int?>("--year") { Description = "Pre-fill the school year" };
        var profile = Common.Profile();
        var command = new Command("template", "Write the county workbook template (填报模板).") { output, year, profile };
        command.SetAction(parse =>
        {
            var p = ProfileCatalog.Default.Get(parse.GetValue(profile));
            var file = parse.GetValue(output)!;
            file.Directory?.Create();
            using (var stream = file.Create())
            {
                TemplateWriter.Write(stream, parse.GetValue(year), p.Id);
            }

            Console.WriteLine($"Template ({p.Id}) written to {file.FullName}");
            return 0;
        });
        return command;
    }
}
