using System.Diagnostics;
using System.Reflection;
using System.Text.Json;

namespace Metrics.Infra.Tests;

/// <summary>Runs the Bicep CLI that the Azure.Bicep.CommandLine package brings, once per test run.</summary>
internal static class Bicep
{
    public const string MainFile = "infra/main.bicep";

    private static readonly Lazy<Run> BuildRun = new(() => Execute("build", MainFile, "--stdout"));
    private static readonly Lazy<Run> LintRun = new(() => Execute("lint", MainFile));
    private static readonly Lazy<JsonDocument> Template = new(() => JsonDocument.Parse(Build.StdOut));

    public static Run Build => BuildRun.Value;

    public static Run Lint => LintRun.Value;

    /// <summary>The compiled ARM template of <see cref="MainFile"/>.</summary>
    public static JsonElement Arm => Template.Value.RootElement;

    /// <summary>
    /// The executable: the path the package's build props put in <c>$(BicepPath)</c> (stamped into
    /// this assembly at build time), else <c>tools/bicep</c> of the package in the NuGet folder.
    /// </summary>
    public static string ExecutablePath()
    {
        var stamped = typeof(Bicep).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
            .FirstOrDefault(a => a.Key == "BicepPath")?.Value;
        if (!string.IsNullOrEmpty(stamped) && File.Exists(stamped))
        {
            return stamped;
        }

        var packages = Environment.GetEnvironmentVariable("NUGET_PACKAGES")
            ?? Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".nuget", "packages");
        var package = new DirectoryInfo(Path.Combine(packages, "azure.bicep.commandline.linux-x64"));
        var found = package.Exists
            ? package.GetDirectories().OrderByDescending(d => d.Name, StringComparer.Ordinal)
                .Select(d => Path.Combine(d.FullName, "tools", "bicep")).FirstOrDefault(File.Exists)
            : null;
        return found ?? throw new FileNotFoundException(
            $"No bicep executable: $(BicepPath) was '{stamped}' and nothing is under {package.FullName}.");
    }

    private static Run Execute(params string[] arguments)
    {
        var start = new ProcessStartInfo(ExecutablePath())
        {
            WorkingDirectory = Repository.Root,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException("bicep did not start.");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(TimeSpan.FromMinutes(3)))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"bicep {string.Join(' ', arguments)} took more than 3 minutes.");
        }

        return new Run(process.ExitCode, stdout.Result, stderr.Result);
    }

    /// <summary>One CLI run.</summary>
    public sealed record Run(int ExitCode, string StdOut, string StdErr)
    {
        /// <summary>Diagnostic lines (<c>file(line,col) : Warning|Error code: text</c>) from either stream.</summary>
        public IReadOnlyList<string> Diagnostics =>
            (StdErr + "\n" + StdOut).Split('\n')
                .Where(line => line.Contains(" : Warning ", StringComparison.Ordinal) || line.Contains(" : Error ", StringComparison.Ordinal))
                .Select(line => line.Trim())
                .ToArray();
    }
}
