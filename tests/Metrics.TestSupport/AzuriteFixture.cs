using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;

namespace Metrics.TestSupport;

/// <summary>
/// Runs a real Azurite blob service for the tests of one collection.
/// </summary>
/// <remarks>
/// <para>Azurite <see cref="AzuriteVersion"/> is installed once with npm into
/// <c>$METRICS_TEST_CACHE/azurite-3.35.0</c> (default <c>~/.cache/metrics-tests/azurite-3.35.0</c>) and reused;
/// a lock file keeps two test processes from installing at the same time, and a marker file written after a
/// successful install keeps a half-finished install from being used.</para>
/// <para>Each fixture starts <c>node …/azurite/dist/src/blob/main.js</c> (the package's <c>azurite-blob</c> bin) on
/// 127.0.0.1 and a free port with its data in a fresh temporary folder, waits until the port accepts connections,
/// and on dispose kills the process tree and deletes the folder. Missing Node.js/npm or a failed install or start
/// throws with the reason and the fix, so the tests fail rather than skip.</para>
/// </remarks>
public sealed class AzuriteFixture : IAsyncLifetime
{
    public const string AzuriteVersion = "3.35.0";

    /// <summary>The well-known, public Azurite development account key (not a secret).</summary>
    public const string DevAccountKey = "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==";

    public const string DevAccountName = "devstoreaccount1";

    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan InstallTimeout = TimeSpan.FromMinutes(5);

    private readonly bool _skipApiVersionCheck = true;
    private Process? _process;
    private string? _location;
    private readonly StringBuilder _stderr = new();
    private readonly StringBuilder _stdout = new();

    /// <summary>The collection fixture: Azurite started with <c>--skipApiVersionCheck</c>, as the tests of other projects need.</summary>
    public AzuriteFixture()
    {
    }

    private AzuriteFixture(bool skipApiVersionCheck) => _skipApiVersionCheck = skipApiVersionCheck;

    /// <summary>
    /// Starts an extra Azurite; with <paramref name="skipApiVersionCheck"/> false it rejects REST versions newer
    /// than it knows, as an Azurite started by hand does. Dispose it when done.
    /// </summary>
    public static async Task<AzuriteFixture> StartAsync(bool skipApiVersionCheck)
    {
        var fixture = new AzuriteFixture(skipApiVersionCheck);
        await fixture.InitializeAsync().ConfigureAwait(false);
        return fixture;
    }

    /// <summary>Port Azurite listens on (127.0.0.1).</summary>
    public int Port { get; private set; }

    /// <summary>Connection string for this Azurite instance.</summary>
    public string ConnectionString { get; private set; } = "";

    /// <summary>Folder Azurite was installed into.</summary>
    public string InstallFolder { get; private set; } = "";

    /// <summary>How long install (or the check that it is installed) and start took, for reporting.</summary>
    public TimeSpan InstallTime { get; private set; }

    public TimeSpan StartTime { get; private set; }

    /// <summary>Default install folder: <c>$METRICS_TEST_CACHE/azurite-{version}</c>, else <c>~/.cache/metrics-tests/azurite-{version}</c>.</summary>
    public static string DefaultInstallFolder()
    {
        var root = Environment.GetEnvironmentVariable("METRICS_TEST_CACHE");
        if (string.IsNullOrWhiteSpace(root))
        {
            var home = Environment.GetFolderPath(Environment.SpecialFolder.UserProfile);
            root = Path.Combine(home, ".cache", "metrics-tests");
        }

        return Path.Combine(Path.GetFullPath(root), "azurite-" + AzuriteVersion);
    }

    public async Task InitializeAsync()
    {
        var clock = Stopwatch.StartNew();
        InstallFolder = DefaultInstallFolder();
        var node = FindOnPath("node")
            ?? throw new InvalidOperationException(
                "node not found on PATH: install Node.js 20 (apt-get install nodejs npm, or https://nodejs.org) to run the Azurite tests.");
        var entry = await EnsureInstalledAsync(InstallFolder).ConfigureAwait(false);
        InstallTime = clock.Elapsed;

        clock.Restart();
        const int attempts = 3;
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await StartAsync(node, entry).ConfigureAwait(false);
                break;
            }
            catch (AzuriteStartException e) when (attempt < attempts && e.PortInUse)
            {
                // Someone took the free port between our probe and Azurite's bind: try another.
            }
        }

        StartTime = clock.Elapsed;
        ConnectionString = string.Create(CultureInfo.InvariantCulture,
            $"DefaultEndpointsProtocol=http;AccountName={DevAccountName};AccountKey={DevAccountKey};BlobEndpoint=http://127.0.0.1:{Port}/{DevAccountName};");
    }

    public async Task DisposeAsync()
    {
        if (_process is { } process)
        {
            try
            {
                if (!process.HasExited)
                {
                    process.Kill(entireProcessTree: true);
                }

                await process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(10)).ConfigureAwait(false);
            }
            catch (Exception e) when (e is InvalidOperationException or TimeoutException or System.ComponentModel.Win32Exception)
            {
                // Already gone, or not dying: nothing more we can do from here.
            }

            process.Dispose();
            _process = null;
        }

        if (_location is not null)
        {
            for (var attempt = 0; attempt < 5 && Directory.Exists(_location); attempt++)
            {
                try
                {
                    Directory.Delete(_location, recursive: true);
                }
                catch (Exception e) when (e is IOException or UnauthorizedAccessException)
                {
                    await Task.Delay(200).ConfigureAwait(false); // files still held by the dying process
                }
            }
        }
    }

    /// <summary>
    /// Stops Azurite, keeping its data folder and port for <see cref="RestartAsync"/>: clients get
    /// "connection refused" as in an outage. SIGTERM, so Azurite saves its metadata first (it keeps
    /// blob metadata in memory and saves it every few seconds; a SIGKILL could lose what it
    /// acknowledged, which Azure itself never does).
    /// </summary>
    public async Task StopAsync()
    {
        if (_process is { } process)
        {
            using (var kill = Process.Start("kill", ["-TERM", process.Id.ToString(CultureInfo.InvariantCulture)]))
            {
                await kill.WaitForExitAsync().ConfigureAwait(false);
            }
            await process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(10)).ConfigureAwait(false);
            process.Dispose();
            _process = null;
        }
    }

    /// <summary>Starts Azurite again after <see cref="StopAsync"/>, on the same port and over the same data.</summary>
    public Task RestartAsync() => StartAsync(_node!, _entry!, reuse: true);

    private string? _node;
    private string? _entry;

    private async Task StartAsync(string node, string entry, bool reuse = false)
    {
        (_node, _entry) = (node, entry);
        if (!reuse)
        {
            Port = FreePort();
            _location = Path.Combine(Path.GetTempPath(), "metrics-azurite-" + Guid.NewGuid().ToString("N"));
            Directory.CreateDirectory(_location);
        }

        _stderr.Clear();
        _stdout.Clear();

        var info = new ProcessStartInfo(node)
        {
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            CreateNoWindow = true,
            WorkingDirectory = _location,
        };
        List<string> args = [entry, "--silent", "--disableTelemetry", "--loose"];
        if (_skipApiVersionCheck)
        {
            args.Add("--skipApiVersionCheck");
        }

        args.AddRange(["--location", _location!, "--blobHost", "127.0.0.1", "--blobPort", Port.ToString(CultureInfo.InvariantCulture)]);
        foreach (var arg in args)
        {
            info.ArgumentList.Add(arg);
        }

        var process = new Process { StartInfo = info };
        process.OutputDataReceived += (_, e) => Append(_stdout, e.Data);
        process.ErrorDataReceived += (_, e) => Append(_stderr, e.Data);
        if (!process.Start())
        {
            throw new InvalidOperationException($"Could not start {node} {entry}.");
        }

        _process = process;
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();

        var deadline = Stopwatch.StartNew();
        while (true)
        {
            if (process.HasExited)
            {
                await process.WaitForExitAsync().ConfigureAwait(false); // flush the output readers
                var stderr = Snapshot(_stderr);
                var message = $"Azurite exited early with code {process.ExitCode} (node {entry}, port {Port}). stderr: {Tail(stderr)} stdout: {Tail(Snapshot(_stdout))}";
                process.Dispose();
                _process = null;
                await DisposeAsync().ConfigureAwait(false);
                throw new AzuriteStartException(message, stderr.Contains("EADDRINUSE", StringComparison.Ordinal));
            }

            if (await AcceptsConnectionsAsync(Port).ConfigureAwait(false))
            {
                return;
            }

            if (deadline.Elapsed > StartTimeout)
            {
                var message = $"Azurite did not accept connections on 127.0.0.1:{Port} within {StartTimeout.TotalSeconds.ToString(CultureInfo.InvariantCulture)} s. stderr: {Tail(Snapshot(_stderr))} stdout: {Tail(Snapshot(_stdout))}";
                await DisposeAsync().ConfigureAwait(false);
                throw new InvalidOperationException(message);
            }

            await Task.Delay(50).ConfigureAwait(false);
        }
    }

    /// <summary>Installs Azurite unless a complete install is there; returns the blob entry point (main.js).</summary>
    private static async Task<string> EnsureInstalledAsync(string folder)
    {
        var marker = Path.Combine(folder, ".installed-ok");
        if (File.Exists(marker) && BlobEntryPoint(folder) is { } ready)
        {
            return ready;
        }

        Directory.CreateDirectory(folder);
        await using var gate = await AcquireLockAsync(Path.Combine(folder, ".install.lock")).ConfigureAwait(false);

        // Another process may have finished the install while we waited for the lock.
        if (File.Exists(marker) && BlobEntryPoint(folder) is { } installed)
        {
            return installed;
        }

        var npm = FindOnPath("npm")
            ?? throw new InvalidOperationException(
                $"npm not found on PATH: install Node.js 20 with npm (apt-get install nodejs npm, or https://nodejs.org); it is needed once to install azurite@{AzuriteVersion} into {folder}.");

        var (exitCode, output) = await RunAsync(npm, folder,
            ["install", "--no-audit", "--no-fund", "--no-update-notifier", "--prefix", folder, "azurite@" + AzuriteVersion],
            InstallTimeout).ConfigureAwait(false);
        if (exitCode != 0)
        {
            throw new InvalidOperationException(
                $"'npm install azurite@{AzuriteVersion}' into {folder} failed with exit code {exitCode}: {Tail(output)} "
                + "Fix: check that the npm registry is reachable ('npm config get registry', 'npm ping'), or install it yourself with "
                + $"'npm install --prefix \"{folder}\" azurite@{AzuriteVersion}' and create an empty '{marker}', or point METRICS_TEST_CACHE at a folder that has it.");
        }

        var entry = BlobEntryPoint(folder)
            ?? throw new InvalidOperationException(
                $"npm installed azurite@{AzuriteVersion} into {folder}, but its blob entry point (bin 'azurite-blob') is missing. Delete {folder} and run the tests again.");
        await File.WriteAllTextAsync(marker, AzuriteVersion).ConfigureAwait(false);
        return entry;
    }

    /// <summary>The blob-only entry point from the package's "bin" map ("azurite-blob": "./dist/src/blob/main.js").</summary>
    private static string? BlobEntryPoint(string folder)
    {
        var package = Path.Combine(folder, "node_modules", "azurite");
        var manifest = Path.Combine(package, "package.json");
        if (!File.Exists(manifest))
        {
            return null;
        }

        using var json = JsonDocument.Parse(File.ReadAllBytes(manifest));
        if (json.RootElement.GetProperty("version").GetString() != AzuriteVersion)
        {
            return null;
        }

        var relative = json.RootElement.TryGetProperty("bin", out var bin) && bin.TryGetProperty("azurite-blob", out var blob)
            ? blob.GetString()
            : null;
        var entry = Path.GetFullPath(Path.Combine(package, relative ?? "dist/src/blob/main.js"));
        return File.Exists(entry) ? entry : null;
    }

    /// <summary>An exclusive lock across processes: a file opened with no sharing, retried until free.</summary>
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
                await Task.Delay(250).ConfigureAwait(false);
            }
            catch (IOException e)
            {
                throw new InvalidOperationException(
                    $"Waited {InstallTimeout.TotalMinutes.ToString(CultureInfo.InvariantCulture)} min for another process installing Azurite (lock {lockFile}). If none is running, delete the lock file.", e);
            }
        }
    }

    private static async Task<(int ExitCode, string Output)> RunAsync(string file, string workingDirectory, IEnumerable<string> args, TimeSpan timeout)
    {
        var info = new ProcessStartInfo(file)
        {
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            CreateNoWindow = true,
            WorkingDirectory = workingDirectory,
        };
        foreach (var arg in args)
        {
            info.ArgumentList.Add(arg);
        }

        var output = new StringBuilder();
        using var process = new Process { StartInfo = info };
        process.OutputDataReceived += (_, e) => Append(output, e.Data);
        process.ErrorDataReceived += (_, e) => Append(output, e.Data);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        try
        {
            await process.WaitForExitAsync().WaitAsync(timeout).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            process.Kill(entireProcessTree: true);
            return (-1, $"timed out after {timeout.TotalMinutes.ToString(CultureInfo.InvariantCulture)} min. " + Snapshot(output));
        }

        return (process.ExitCode, Snapshot(output));
    }

    private static string? FindOnPath(string command)
    {
        var names = OperatingSystem.IsWindows() ? new[] { command + ".exe", command + ".cmd" } : new[] { command };
        var path = Environment.GetEnvironmentVariable("PATH") ?? "";
        foreach (var dir in path.Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries))
        {
            foreach (var name in names)
            {
                var candidate = Path.Combine(dir.Trim('"'), name);
                if (File.Exists(candidate))
                {
                    return candidate;
                }
            }
        }

        return null;
    }

    private static int FreePort()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        try
        {
            return ((IPEndPoint)listener.LocalEndpoint).Port;
        }
        finally
        {
            listener.Stop();
        }
    }

    private static async Task<bool> AcceptsConnectionsAsync(int port)
    {
        using var client = new TcpClient();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMilliseconds(500));
        try
        {
            await client.ConnectAsync(IPAddress.Loopback, port, timeout.Token).ConfigureAwait(false);
            return true;
        }
        catch (Exception e) when (e is SocketException or OperationCanceledException)
        {
            return false;
        }
    }

    private static void Append(StringBuilder into, string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (into)
        {
            into.AppendLine(line);
        }
    }

    private static string Snapshot(StringBuilder from)
    {
        lock (from)
        {
            return from.ToString();
        }
    }

    private static string Tail(string text, int max = 2000)
    {
        var trimmed = text.Trim();
        if (trimmed.Length == 0)
        {
            return "(empty)";
        }

        return trimmed.Length <= max ? trimmed : "…" + trimmed[^max..];
    }

    private sealed class AzuriteStartException(string message, bool portInUse) : InvalidOperationException(message)
    {
        public bool PortInUse { get; } = portInUse;
    }
}
