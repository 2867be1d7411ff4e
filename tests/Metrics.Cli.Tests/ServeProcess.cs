using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Metrics.Cli.Tests;

/// <summary>A real <c>metrics serve</c> process on a free loopback port, for restart and browser tests.</summary>
public sealed class ServeProcess : IDisposable
{
    private readonly Process process;
    private readonly StringBuilder output = new();

    private ServeProcess(Process process, string url)
    {
        this.process = process;
        Url = url;
    }

    public string Url { get; }

    public string Output
    {
        get
        {
            lock (output)
            {
                return output.ToString();
            }
        }
    }

    public static int FreePort()
    {
        using var l = new TcpListener(IPAddress.Loopback, 0);
        l.Start();
        return ((IPEndPoint)l.LocalEndpoint).Port;
    }

    /// <summary>Starts <c>metrics serve</c> with the given environment and waits until it answers.</summary>
    public static async Task<ServeProcess> StartAsync(string storageFolder, IDictionary<string, string> environment, int? port = null)
    {
        var url = $"http://127.0.0.1:{port ?? FreePort()}";
        var dll = typeof(Metrics.Cli.Program).Assembly.Location;
        var info = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var a in new[] { dll, "serve", "--storage", "folder:" + storageFolder, "--urls", url })
        {
            info.ArgumentList.Add(a);
        }

        foreach (var (k, v) in environment)
        {
            info.Environment[k] = v;
        }

        var p = Process.Start(info) ?? throw new InvalidOperationException("Could not start dotnet.");
        var serve = new ServeProcess(p, url);
        p.OutputDataReceived += (_, e) => serve.Append(e.Data);
        p.ErrorDataReceived += (_, e) => serve.Append(e.Data);
        p.BeginOutputReadLine();
        p.BeginErrorReadLine();

        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(2) };
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (DateTime.UtcNow < deadline)
        {
            if (p.HasExited)
            {
                throw new InvalidOperationException($"metrics serve exited with {p.ExitCode}: {serve.Output}");
            }

            try
            {
                using var r = await http.GetAsync(url + "/");
                if (r.IsSuccessStatusCode)
                {
                    return serve;
                }
            }
            catch (HttpRequestException)
            {
            }
            catch (TaskCanceledException)
            {
            }

            await Task.Delay(200);
        }

        serve.Dispose();
        throw new TimeoutException($"metrics serve did not answer at {url} within 60 s: {serve.Output}");
    }

    /// <summary>Sends SIGTERM (what systemd, Docker and Kubernetes send to stop a service) and waits up to <paramref name="wait"/> for the exit.</summary>
    /// <returns>How long the process took to exit, or null when it was still running after <paramref name="wait"/>.</returns>
    public TimeSpan? Terminate(TimeSpan wait)
    {
        var clock = Stopwatch.StartNew();
        using (var kill = Process.Start("kill", ["-TERM", process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]))
        {
            kill.WaitForExit();
        }

        return process.WaitForExit(wait) ? clock.Elapsed : null;
    }

    /// <summary>The server's peak resident memory so far (Linux VmHWM), or null where /proc is not there.</summary>
    public long? PeakMemoryBytes()
    {
        var status = $"/proc/{process.Id}/status";
        if (!File.Exists(status))
        {
            return null;
        }

        var line = File.ReadLines(status).FirstOrDefault(l => l.StartsWith("VmHWM:", StringComparison.Ordinal));
        return line is null ? null : long.Parse(line["VmHWM:".Length..].Trim().Split(' ')[0], System.Globalization.CultureInfo.InvariantCulture) * 1024;
    }

    /// <summary>Ends the process abruptly, as a crash or a power cut would.</summary>
    public void Kill()
    {
        if (!process.HasExited)
        {
            process.Kill(entireProcessTree: true);
            process.WaitForExit(10_000);
        }
    }

    public void Dispose()
    {
        Kill();
        process.Dispose();
    }

    private void Append(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (output)
        {
            output.AppendLine(line);
        }
    }
}
