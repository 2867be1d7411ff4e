using System.CommandLine;
using Metrics.Pipeline;
using Microsoft.Extensions.DependencyInjection;

namespace Metrics.Cli.Commands;

/// <summary><c>metrics rollup --year Y</c>: the yearly rollup over the stored county data.</summary>
internal static class RollupCommand
{
    public static Command Create()
    {
        var year = Common.Year("School year to roll up");
        var storage = Common.Storage();
        var command = new Command("rollup", "Rank every county of a year (rollups/{year}/rollup.{xlsx,json,html}).") { year, storage };
        command.SetAction((parse, ct) => RunAsync(parse.GetValue(year), parse.GetValue(storage)!, ct));
        return command;
    }

    internal static async Task<int> RunAsync(int year, string storage, CancellationToken ct)
    {
        using var services = Common.Services(storage);
        var outcome = await services.GetRequiredService<RollupService>().RunAsync(year, ct);
        Console.WriteLine($"Rollup {year}: {outcome.Counties} counties, {outcome.Passing} passing, {outcome.Missing} missing.");
        foreach (var path in outcome.Written)
        {
            Console.WriteLine($"  {path}");
        }

        return 0;
    }
}
