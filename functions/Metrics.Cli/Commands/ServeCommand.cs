using System.CommandLine;
using Metrics.Cli.Hosting;
using Metrics.Cli.Serve;
using Metrics.Pipeline.Hosting;
using Microsoft.Extensions.Configuration;
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
        var command = new Command("serve", "Serve the API and web page, ingest uploads as they arrive, and run the yearly rollup on schedule. API keys come from Metrics:ApiKeys (see `metrics key`); a key that is malformed or grants nothing stops the server (exit 64). " + ExitCodes.Help)
        {
            storage, urls, profiles,
        };
        command.SetAction(async (parse, ct) =>
        {
            var app = ServeHost.Build([], new Dictionary<string, string?>
            {
                ["Metrics:Storage"] = CliHost.NormaliseStorage(parse.GetValue(storage)!),
                ["Metrics:ProfilesFolder"] = parse.GetValue(profiles)?.FullName,
                ["urls"] = parse.GetValue(urls),
            });
            if (!KeysUsable(app.Configuration, Console.Error))
            {
                return ExitCodes.Usage;
            }

            Console.WriteLine($"metrics serve: {parse.GetValue(urls)} (storage {parse.GetValue(storage)}); Ctrl+C to stop.");
            await app.StartAsync(ct);
            await app.WaitForShutdownAsync(ct);
            return ExitCodes.Ok;
        });
        return command;
    }

    /// <summary>
    /// A configured key that is malformed or grants nothing is a mistake that would lock its holder
    /// out without a word, so the server refuses to start and names it. No keys at all is allowed
    /// (the server then only ingests files placed in storage, e.g. by another program) but is said
    /// loudly, since every API call will answer 401.
    /// </summary>
    internal static bool KeysUsable(IConfiguration configuration, TextWriter error)
    {
        var options = new PipelineOptions();
        configuration.GetSection(PipelineOptions.Section).Bind(options);
        var problems = options.Problems().ToArray();
        if (problems.Length > 0)
        {
            error.WriteLine("metrics serve: the configuration is not usable; nothing was started:");
            foreach (var p in problems)
            {
                error.WriteLine("  - " + p);
            }

            return false;
        }

        if (options.ApiKeys.Count == 0)
        {
            error.WriteLine("metrics serve: WARNING: no API keys are configured (Metrics:ApiKeys). Every API call will answer 401 and nobody can upload;");
            error.WriteLine("  only workbooks placed directly in storage (submissions/{year}/{county}/) are processed. Create a key with");
            error.WriteLine("  `metrics key --role county:130102 --name \"某某县教育局\"` and set the lines it prints, then restart.");
        }

        return true;
    }
}
