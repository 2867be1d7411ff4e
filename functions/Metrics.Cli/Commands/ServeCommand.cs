using System.CommandLine;
using Metrics.Cli.Serve;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Hosting;

namespace Metrics.Cli.Commands;

/// <summary><c>metrics serve</c>: the full product on one machine.</summary>
internal static class ServeCommand
{
    public static Command Create()
    {
        var storage = Common.Storage();
        var urls = new Option<string>("--urls") { Description = "Where to listen", DefaultValueFactory = _ => "http://127.0.0.1:7071" };
        var profiles = new Option<DirectoryInfo?>("--profiles") { Description = "Folder of province profile files (*.json)" };
        var command = new Command("serve", "Serve the API and web page, ingest uploads as they arrive, and run the yearly rollup on schedule.") { storage, urls, profiles };
        command.SetAction(async (parse, ct) =>
        {
            var app = ServeHost.Build([], new Dictionary<string, string?>
            {
                ["Metrics:Storage"] = Common.NormaliseStorage(parse.GetValue(storage)!),
                ["Metrics:ProfilesFolder"] = parse.GetValue(profiles)?.FullName,
                ["urls"] = parse.GetValue(urls),
            });
            Console.WriteLine($"metrics serve: {parse.GetValue(urls)} (storage {parse.GetValue(storage)}); Ctrl+C to stop.");
            await app.StartAsync(ct);
            await app.WaitForShutdownAsync(ct);
            return 0;
        });
        return command;
    }
}
