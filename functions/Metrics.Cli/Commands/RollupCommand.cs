using System.CommandLine;
using Metrics.Cli.Hosting;
using Metrics.Pipeline;

namespace Metrics.Cli.Commands;

/// <summary><c>metrics rollup --year Y</c>: the yearly rollup over the stored county data.</summary>
internal sealed class RollupCommand(RollupService rollups)
{
    public static Command Create()
    {
        var year = Common.Year("School year to roll up");
        var storage = Common.Storage();
        var command = new Command("rollup", "Rank every county of a year (rollups/{year}/rollup.{xlsx,json,html}).") { year, storage };
        command.SetAction((parse, ct) => CliHost.RunAsync<RollupCommand>(CliHost.Settings(parse.GetValue(storage)!), c => c.RunAsync(parse.GetValue(year), ct)));
        return command;
    }

    private async Task<int> RunAsync(int year, CancellationToken ct)
    {
        var outcome = await rollups.RunAsync(year, ct);
        Console.WriteLine($"Rollup {year}: {outcome.Counties} counties, {outcome.Passing} passing, {outcome.Missing} missing.");
        foreach (var path in outcome.Written)
        {
            Console.WriteLine($"  {path}");
        }

        return 0;
    }
}
