using System.Diagnostics;
using System.Globalization;

namespace Metrics.Cli.Tests;

/// <summary>
/// Finds the Chromium the browser test drives, installing Debian's package when it is missing and
/// the tests run as root (as the Azurite fixture installs Azurite), so that the README's
/// <c>dotnet test Metrics.sln</c> alone passes on a machine that has only the .NET SDK.
/// </summary>
/// <remarks>
/// <c>CHROMIUM</c> names another executable. Otherwise <c>/usr/bin/chromium</c> is used, and when it is
/// absent and the process is root with apt-get available, <c>apt-get update</c> +
/// <c>apt-get install -y chromium</c> runs once, under a lock file so that parallel test processes do not
/// install twice (apt waits for dpkg's own lock too). Never a downloaded browser.
/// </remarks>
internal static class Chromium
{
    public const string DebianPath = "/usr/bin/chromium";

    private static readonly TimeSpan InstallTimeout = TimeSpan.FromMinutes(10);

    /// <summary>The executable to drive; throws with the exact fix when there is none and it cannot be installed here.</summary>
    public static async Task<string> EnsureAsync()
    {
        var configured = Environment.GetEnvironmentVariable("CHROMIUM");
        return await EnsureAsync(configured, DebianPath, Environment.IsPrivilegedProcess, FindOnPath("apt-get"), InstallAsync);
    }

    /// <summary>The decision, apart from the machine: which path, whether to install, what to say.</summary>
    internal static async Task<string> EnsureAsync(
        string? configured, string debianPath, bool isRoot, string? aptGet, Func<string, Task<string>> install)
    {
        if (!string.IsNullOrWhiteSpace(configured))
        {
            return File.Exists(configured)
                ? configured
                : throw new InvalidOperationException($"CHROMIUM is set to '{configured}', which does not exist. Point it at a Chromium or Chrome executable, or unset it to use {debianPath}.");
        }

        if (File.Exists(debianPath))
        {
            return debianPath;
        }

        if (!isRoot || aptGet is null)
        {
            throw new InvalidOperationException(
                $"Chromium not found at {debianPath}, and it can be installed automatically only by root on Debian/Ubuntu ({(isRoot ? "apt-get is missing" : "this test process is not root")}). "
                + "Fix: run 'sudo apt-get update && sudo apt-get install -y chromium' once (the test then finds it), "
                + "or set CHROMIUM=/path/to/chromium-or-chrome.");
        }

        var output = await install(aptGet);
        return File.Exists(debianPath)
            ? debianPath
            : throw new InvalidOperationException($"apt-get install chromium finished but {debianPath} is missing. apt output: {output}");
    }

    private static async Task<string> InstallAsync(string aptGet)
    {
        var lockFile = Path.Combine(Path.GetTempPath(), "metrics-tests-chromium-install.lock");
        await using var gate = await AcquireLockAsync(lockFile);
        if (File.Exists(DebianPath))
        {
            return "installed by another test process";
        }

        var update = await RunAsync(aptGet, ["-qq", "update"]);
        var install = await RunAsync(aptGet, ["-y", "-qq", "-o", "DPkg::Lock::Timeout=300", "install", "chromium"]);
        if (install.ExitCode != 0)
        {
            throw new InvalidOperationException(
                $"'apt-get install -y chromium' failed with exit code {install.ExitCode}: {Tail(update.Output + install.Output)} "
                + "Fix: check that the apt sources are reachable ('apt-get update'), install it yourself, or set CHROMIUM.");
        }

        return install.Output;
    }

    private static async Task<(int ExitCode, string Output)> RunAsync(string file, string[] args)
    {
        var info = new ProcessStartInfo(file) { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var arg in args)
        {
            info.ArgumentList.Add(arg);
        }

        info.Environment["DEBIAN_FRONTEND"] = "noninteractive";
        using var process = Process.Start(info)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        try
        {
            await process.WaitForExitAsync().WaitAsync(InstallTimeout);
        }
        catch (TimeoutException)
        {
            process.Kill(entireProcessTree: true);
            return (-1, $"timed out after {InstallTimeout.TotalMinutes.ToString(CultureInfo.InvariantCulture)} min. " + await stdout + await stderr);
        }

        return (process.ExitCode, await stdout + await stderr);
    }

    private static async Task<FileStream> AcquireLockAsync(string lockFile)
    {
        var waited = Stopwatch.StartNew();
        while (true)
        {
            try
            {
                return new FileStream(lockFile, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
            }
            catch (IOException) when (waited.Elapsed < InstallTimeout)
            {
                await Task.Delay(500);
            }
        }
    }

    private static string? FindOnPath(string command) =>
        (Environment.GetEnvironmentVariable("PATH") ?? "")
            .Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Select(dir => Path.Combine(dir, command))
            .FirstOrDefault(File.Exists);

    private static string Tail(string text) => text.Length <= 2000 ? text.Trim() : "…" + text[^2000..].Trim();
}
