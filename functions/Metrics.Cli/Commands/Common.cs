using System.CommandLine;
using System.Globalization;
using Metrics.Pipeline;
using Metrics.Pipeline.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Spectre.Console;

namespace Metrics.Cli.Commands;

/// <summary>Options and plumbing shared by the commands.</summary>
internal static class Common
{
    public static Option<string> Storage() => new("--storage")
    {
        Description = "Storage: folder:PATH (default folder:./data), \"UseDevelopmentStorage=true\" (Azurite), a connection string, or https://ACCOUNT.blob.core.windows.net",
#pragma warning disable RS0030 // the command line's own default, read where the process starts
        DefaultValueFactory = _ => Environment.GetEnvironmentVariable("Metrics__Storage") ?? "folder:./data",
#pragma warning restore RS0030
    };

    public static Option<int> Year(string description = "School year (first calendar year, e.g. 2024 for 2024–25)") => new("--year")
    {
        Description = description,
        // The same default as the scheduled rollup: the school year that began last calendar year.
#pragma warning disable RS0030 // the command line's own default, read where the process starts
        DefaultValueFactory = _ => TimeProvider.System.GetUtcNow().Year - 1,
#pragma warning restore RS0030
    };

    public static Option<string?> Profile() => new("--profile") { Description = "Profile id: quality-2017 (default) or basic-2012, or a province profile" };

    /// <summary>The Pipeline services over one storage, composed as every host composes them.</summary>
    public static ServiceProvider Services(string storage, bool verbose = false, string? profilesFolder = null)
    {
        var settings = new Dictionary<string, string?>
        {
            ["Metrics:Storage"] = NormaliseStorage(storage),
            ["Metrics:ProfilesFolder"] = profilesFolder,
        };
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).AddEnvironmentVariables().Build();
        var services = new ServiceCollection();
        services.AddLogging(b => b.AddSimpleConsole(o => o.SingleLine = true).SetMinimumLevel(verbose ? LogLevel.Information : LogLevel.Warning).AddFilter("Azure", LogLevel.Warning));
        services.AddMetricsPipeline(configuration);
        var provider = services.BuildServiceProvider();
        var problems = provider.GetRequiredService<Microsoft.Extensions.Options.IOptions<PipelineOptions>>().Value.Problems().ToArray();
        if (problems.Length > 0)
        {
            throw new InvalidOperationException(string.Join(" ", problems));
        }

        return provider;
    }

    /// <summary>A bare folder path is taken as <c>folder:PATH</c>.</summary>
    public static string NormaliseStorage(string storage) =>
        storage.Contains('=') || storage.StartsWith("folder:", StringComparison.Ordinal) || storage.StartsWith("http", StringComparison.Ordinal)
            ? storage
            : "folder:" + storage;

    /// <summary>Whether to draw Spectre progress bars (only on a terminal; plain lines otherwise).</summary>
    public static bool Fancy => !Console.IsOutputRedirected && AnsiConsole.Profile.Capabilities.Interactive;

    public static string Inv(FormattableString s) => s.ToString(CultureInfo.InvariantCulture);
}
