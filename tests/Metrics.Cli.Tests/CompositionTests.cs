using System.CommandLine;
using System.Reflection;
using Metrics.Cli.Commands;
using Metrics.Cli.Hosting;
using Metrics.Cli.Serve;
using Metrics.Pipeline.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Metrics.Cli.Tests;

/// <summary>
/// One composition root for <c>metrics</c> (Hosting/CliHost): every command takes its services from a
/// container built there over AddMetricsPipeline, and bad options name every problem at start-up.
/// </summary>
public sealed class CompositionTests
{
    private static readonly Dictionary<string, string?> TwoBadSettings = new()
    {
        ["Metrics:Storage"] = "folder:" + Path.GetTempPath(),
        ["Metrics:Ingest:PollSeconds"] = "0",
        ["Metrics:ApiKeys:0:Name"] = "ops",
        ["Metrics:ApiKeys:0:Sha256"] = new string('a', 64),
        ["Metrics:ApiKeys:0:Roles:0"] = "admin",
    };

    [Fact]
    public void CommandHost_WithTwoBadSettings_NamesBothBeforeAnythingRuns()
    {
        var e = Assert.Throws<OptionsValidationException>(() => CliHost.Start(TwoBadSettings));

        Assert.Equal(2, e.Failures.Count());
        Assert.Contains(e.Failures, f => f.Contains("Metrics:Ingest:PollSeconds", StringComparison.Ordinal));
        Assert.Contains(e.Failures, f => f.Contains("'admin'", StringComparison.Ordinal) && f.Contains("不授予任何权限", StringComparison.Ordinal));
    }

    [Fact]
    public void CommandServices_DisposeWhatTheyResolved_AsAHostDoes_EvenWhenItIsOnlyAsyncDisposable()
    {
        var folder = Path.Combine(Path.GetTempPath(), "metrics-composition-" + Guid.NewGuid().ToString("N"));
        var services = CliHost.Start(CliHost.Settings(folder), s => s.AddSingleton<AsyncOnly>());
        var resolved = services.GetRequiredService<AsyncOnly>();

        // A container disposed synchronously refuses a service that is only IAsyncDisposable
        // (InvalidOperationException); a host disposes its container asynchronously.
        services.Dispose();

        Assert.True(resolved.Disposed);
    }

    private sealed class AsyncOnly : IAsyncDisposable
    {
        public bool Disposed { get; private set; }

        public ValueTask DisposeAsync()
        {
            Disposed = true;
            return ValueTask.CompletedTask;
        }
    }

    [Fact]
    public async Task ServeHost_WithTwoBadSettings_DoesNotStart_AndNamesBoth()
    {
        var settings = new Dictionary<string, string?>(TwoBadSettings) { ["urls"] = "http://127.0.0.1:0" };
        await using var app = ServeHost.Build([], settings, background: false);

        var e = await Assert.ThrowsAsync<OptionsValidationException>(() => app.StartAsync());

        Assert.Equal(2, e.Failures.Count());
        Assert.Contains("PollSeconds", e.Message, StringComparison.Ordinal);
        Assert.Contains("'admin'", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ProfileProblems_AreUsageErrors()
    {
        // Both used to escape to System.CommandLine's handler: a stack trace and exit 1.
        var work = Directory.CreateTempSubdirectory("metrics-composition-");
        try
        {
            Assert.Equal(ExitCodes.Usage, Program.Main(["template", "--out", Path.Combine(work.FullName, "t.xlsx"), "--profile", "quality-2099"]));
            var workbook = Path.Combine(work.FullName, "county.xlsx");
            File.WriteAllBytes(workbook, Metrics.TestSupport.Workbooks.Good("130102", 2024));
            Assert.Equal(ExitCodes.Usage, Program.Main(["score", workbook, "--out", work.FullName, "--profiles", Path.Combine(work.FullName, "no-such-folder")]));
        }
        finally
        {
            work.Delete(recursive: true);
        }
    }

    [Fact]
    public void CommandSettings_WinOverTheDefaults()
    {
        var folder = Path.Combine(Path.GetTempPath(), "metrics-composition-" + Guid.NewGuid().ToString("N"));
        using var host = CliHost.Start(CliHost.Settings(folder));

        Assert.Equal("folder:" + folder, host.GetRequiredService<IOptions<PipelineOptions>>().Value.Storage);
    }

    [Fact]
    public void CommonServices_IsTheSameComposition_QuietUnlessVerbose()
    {
        var folder = Path.Combine(Path.GetTempPath(), "metrics-composition-" + Guid.NewGuid().ToString("N"));
        using (var quiet = Common.Services(folder))
        {
            Assert.Equal("folder:" + folder, quiet.GetRequiredService<IOptions<PipelineOptions>>().Value.Storage);
            Assert.NotNull(quiet.GetRequiredService<Metrics.Pipeline.RollupService>());
            var logger = quiet.GetRequiredService<Microsoft.Extensions.Logging.ILoggerFactory>().CreateLogger("Metrics.Pipeline.RollupService");
            Assert.False(logger.IsEnabled(Microsoft.Extensions.Logging.LogLevel.Information));
            Assert.True(logger.IsEnabled(Microsoft.Extensions.Logging.LogLevel.Warning));
        }

        using var verbose = Common.Services(folder, verbose: true);
        Assert.True(verbose.GetRequiredService<Microsoft.Extensions.Logging.ILoggerFactory>().CreateLogger("Metrics.Pipeline.RollupService").IsEnabled(Microsoft.Extensions.Logging.LogLevel.Information));
    }

    [Fact]
    public void EveryCommandClass_IsBuiltFromTheContainer()
    {
        var commands = typeof(Program).Assembly.GetTypes()
            .Where(t => t.Namespace == "Metrics.Cli.Commands"
                && t.GetMethod("Create", BindingFlags.Public | BindingFlags.Static, Type.EmptyTypes)?.ReturnType == typeof(Command)
                && !(t.IsAbstract && t.IsSealed))
            .ToArray();
        using var host = CliHost.Start(CliHost.Settings(Path.Combine(Path.GetTempPath(), "metrics-composition-" + Guid.NewGuid().ToString("N"))));

        // The commands that run over pipeline services or configuration (serve composes its web host
        // through the same CliHost.Compose; bench times library calls and composes only its rollup).
        Assert.All(
            new[] { typeof(IngestCommand), typeof(RollupCommand), typeof(ScoreCommand), typeof(TemplateCommand), typeof(SampleCommand), typeof(KeyCommand), typeof(DemoCommand) },
            t => Assert.Contains(t, commands));
        Assert.All(commands, t => Assert.NotNull(ActivatorUtilities.CreateInstance(host, t)));
    }

    [Fact]
    public void NoCommand_ComposesServicesOfItsOwn()
    {
        // Composition happens in Hosting/ (CliHost) and in serve's web host, which calls CliHost.Compose.
        var cli = Path.Combine(FindRoot(), "functions", "Metrics.Cli");
        string[] composing =
        [
            "new ServiceCollection", "BuildServiceProvider(", "new ConfigurationBuilder", "AddMetricsPipeline(", "LoadProfiles(", "BlobStoreFactory.",
            "new SubmissionProcessor(", "new IngestService(", "new RollupService(", "new Metrics.Pipeline.RollupService(", "new MetricsApi(",
            "new SubmissionWatcher(", "new IngestAttempts(", "new ApiKeyAuthenticator(",
        ];
        var offenders = Directory.EnumerateFiles(cli, "*.cs", SearchOption.AllDirectories)
            .Where(p => !p.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal)
                && !p.Contains($"{Path.DirectorySeparatorChar}bin{Path.DirectorySeparatorChar}", StringComparison.Ordinal)
                && !p.Contains($"{Path.DirectorySeparatorChar}Hosting{Path.DirectorySeparatorChar}", StringComparison.Ordinal))
            .SelectMany(p => composing.Where(File.ReadAllText(p).Contains).Select(c => $"{Path.GetRelativePath(cli, p)}: {c}"))
            .ToArray();

        Assert.Empty(offenders);
    }

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Metrics.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("Metrics.sln not found above " + AppContext.BaseDirectory);
    }
}
