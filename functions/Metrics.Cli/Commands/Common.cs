using System.CommandLine;
using System.Globalization;
using Metrics.Cli.Hosting;
using Spectre.Console;

namespace Metrics.Cli.Commands;

/// <summary>Options and plumbing shared by the commands.</summary>
internal static class Common
{
    public static Option<string> Storage() => new("--storage")
    {
        Description = "Storage: folder:PATH (default folder:./data), \"UseDevelopmentStorage=true\" (Azurite), a connection string, or https://ACCOUNT.blob.core.windows.net",
        DefaultValueFactory = _ => CliHost.DefaultStorage(),
    };

    public static Option<int> Year(string description = "School year (first calendar year, e.g. 2024 for 2024–25)") => new("--year")
    {
        Description = description,
        // The same default as the scheduled rollup: the school year that began last calendar year.
        DefaultValueFactory = _ => CliHost.DefaultYear(),
    };

    public static Option<string?> Profile() => new("--profile") { Description = "Profile id: quality-2017 (default) or basic-2012, or a province profile" };

    /// <summary>
    /// The services <see cref="CliHost"/> builds over <paramref name="storage"/>, for a
    /// command that asks for them instead of taking them by constructor (the older shape of a command;
    /// functions/Metrics.Cli/README.md shows the current one). Disposing it disposes them.
    /// </summary>
    public static CliServices Services(string storage, bool verbose = false, string? profilesFolder = null)
    {
        var settings = CliHost.Settings(storage, profilesFolder);
        if (verbose)
        {
            settings["Logging:LogLevel:Default"] = "Information";
        }

        return CliHost.Start(settings);
    }

    /// <summary>Whether to draw Spectre progress bars (only on a terminal; plain lines otherwise).</summary>
    public static bool Fancy => !Console.IsOutputRedirected && AnsiConsole.Profile.Capabilities.Interactive;

    public static string Inv(FormattableString s) => s.ToString(CultureInfo.InvariantCulture);
}
