using System.Diagnostics;
using System.Security.Cryptography;
using System.Text.Json;
using System.Text.RegularExpressions;
using Metrics.Functions.Tests.Host;
using Metrics.Pipeline;
using Metrics.Pipeline.Ingest;
using Metrics.Pipeline.Storage;
using Metrics.TestSupport;
using Microsoft.Azure.Functions.Worker.Grpc.Messages;

namespace Metrics.Functions.Tests;

/// <summary>
/// <c>dotnet publish functions/Metrics.Functions</c> into a temporary folder: the folder azd zips and deploys to the
/// Flex Consumption app. A publish compiles the worker for linux-x64 ahead of time (ReadyToRun), a build of its own
/// beside this build's portable output (about a minute); the packages it needs were restored with the build.
/// </summary>
public sealed class PublishedOutput : IAsyncLifetime
{
    public string Folder { get; } = Path.Combine(Path.GetTempPath(), "metrics-publish-" + Guid.NewGuid().ToString("N"));

    public async Task InitializeAsync()
    {
        var info = new ProcessStartInfo("dotnet")
        {
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var arg in new[] { "publish", Paths.WorkerProject, "-c", Paths.Configuration, "--no-restore", "--nologo", "-o", Folder })
        {
            info.ArgumentList.Add(arg);
        }

        using var process = Process.Start(info)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync().WaitAsync(TimeSpan.FromMinutes(5));
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"dotnet publish failed ({process.ExitCode}): {await stdout} {await stderr}");
        }
    }

    public Task DisposeAsync()
    {
        Directory.Delete(Folder, recursive: true);
        return Task.CompletedTask;
    }
}

public partial class PublishedOutputTests(PublishedOutput published, AzuriteFixture azurite) : IClassFixture<PublishedOutput>, IClassFixture<AzuriteFixture>
{
    /// <summary>The functions the product has had since the worker was first built here; new ones may join them.</summary>
    private static readonly string[] Known =
    [
        "IngestSubmission", "YearlyRollup", "RunRollup", "Template", "UploadSubmission", "SubmissionStatus",
        "DownloadScorecard", "DownloadValidation", "DownloadRollup", "ListCounties", "Portal", "Me",
    ];

    private string PathOf(params string[] parts) => Path.Combine([published.Folder, .. parts]);

    /// <summary>Every [Function] in the source with its trigger type and route, read from the .cs files.</summary>
    private static Dictionary<string, (string Trigger, string? Route)> DeclaredInSource()
    {
        var declared = new Dictionary<string, (string, string?)>(StringComparer.Ordinal);
        foreach (var file in Directory.EnumerateFiles(Path.GetDirectoryName(Paths.WorkerProject)!, "*.cs", SearchOption.TopDirectoryOnly))
        {
            var text = File.ReadAllText(file);
            foreach (Match function in FunctionAttribute().Matches(text))
            {
                var trigger = TriggerAttribute().Match(text, function.Index);
                var route = RouteArgument().Match(trigger.Value);
                var type = char.ToLowerInvariant(trigger.Groups[1].Value[0]) + trigger.Groups[1].Value[1..] + "Trigger";
                declared[function.Groups[1].Success ? function.Groups[1].Value : function.Groups[2].Value] = (type, route.Success ? route.Groups[1].Value : null);
            }
        }

        return declared;
    }

    [Fact]
    public void FunctionsMetadata_ListsEveryDeclaredFunctionWithItsTriggerAndRoute()
    {
        using var metadata = JsonDocument.Parse(File.ReadAllBytes(PathOf("functions.metadata")));
        var published = metadata.RootElement.EnumerateArray().ToDictionary(
            f => f.GetProperty("name").GetString()!,
            f =>
            {
                var trigger = f.GetProperty("bindings").EnumerateArray().Single(b => b.GetProperty("type").GetString()!.EndsWith("Trigger", StringComparison.Ordinal));
                return (Trigger: trigger.GetProperty("type").GetString()!, Route: trigger.TryGetProperty("route", out var r) ? r.GetString() : null,
                    Script: f.GetProperty("scriptFile").GetString());
            });
        var declared = DeclaredInSource();

        Assert.Superset(Known.ToHashSet(), declared.Keys.ToHashSet());
        Assert.Equal(declared.Keys.Order(StringComparer.Ordinal), published.Keys.Order(StringComparer.Ordinal));
        foreach (var (name, (trigger, route)) in declared)
        {
            Assert.Equal((name, trigger, route), (name, published[name].Trigger, published[name].Route));
            Assert.Equal("Metrics.Functions.dll", published[name].Script);
        }

        Assert.Equal("blobTrigger", published["IngestSubmission"].Trigger);
        Assert.Equal("timerTrigger", published["YearlyRollup"].Trigger);
        Assert.Equal("scorecards/{year}/{county}", published["DownloadScorecard"].Route);
    }

    [Fact]
    public void HostJson_IsTheRepositoryOne()
    {
        var root = Path.GetFullPath(Path.Combine(Path.GetDirectoryName(Paths.WorkerProject)!, "..", ".."));

        Assert.Equal(File.ReadAllBytes(Path.Combine(root, "host.json")), File.ReadAllBytes(PathOf("host.json")));
    }

    [Fact]
    public void ExtensionFiles_LetTheHostLoadTheBlobExtension()
    {
        using var extensions = JsonDocument.Parse(File.ReadAllBytes(PathOf("extensions.json")));
        var hints = extensions.RootElement.GetProperty("extensions").EnumerateArray()
            .ToDictionary(e => e.GetProperty("name").GetString()!, e => e.GetProperty("hintPath").GetString()!);

        Assert.Equal("./.azurefunctions/Microsoft.Azure.WebJobs.Extensions.Storage.Blobs.dll", hints["AzureStorageBlobs"]);
        foreach (var hint in hints.Values)
        {
            Assert.StartsWith("./", hint, StringComparison.Ordinal);
            Assert.True(File.Exists(PathOf(hint[2..])), $"{hint} is not in the published output.");
        }

        Assert.True(File.Exists(PathOf(".azurefunctions", "function.deps.json")));
        Assert.True(File.Exists(PathOf(".azurefunctions", "Microsoft.Azure.Functions.Worker.Extensions.dll")));
    }

    [Fact]
    public void WorkerConfig_StartsThePublishedWorker_AndNoLocalSettingsShip()
    {
        using var config = JsonDocument.Parse(File.ReadAllBytes(PathOf("worker.config.json")));
        var description = config.RootElement.GetProperty("description");

        Assert.Equal("dotnet-isolated", description.GetProperty("language").GetString());
        var entry = description.GetProperty("defaultWorkerPath").GetString()!;
        Assert.Equal("Metrics.Functions.dll", entry);
        Assert.True(File.Exists(PathOf(entry)));
        Assert.False(File.Exists(PathOf("local.settings.json")));
        Assert.False(File.Exists(PathOf("local.settings.example.json")));
    }

    /// <summary>
    /// Azure's Flex Consumption runs Linux: the publish is for linux-x64 and precompiled (ReadyToRun), still on the shared
    /// framework. A ReadyToRun assembly carries native code behind the CLI header's managed-native-header directory; a
    /// portable one has none there.
    /// </summary>
    [Fact]
    public void PublishedAssemblies_AreCompiledAheadOfTimeForLinux()
    {
        using var deps = JsonDocument.Parse(File.ReadAllBytes(PathOf("Metrics.Functions.deps.json")));
        Assert.Equal(".NETCoreApp,Version=v10.0/linux-x64", deps.RootElement.GetProperty("runtimeTarget").GetProperty("name").GetString());
        using var config = JsonDocument.Parse(File.ReadAllBytes(PathOf("Metrics.Functions.runtimeconfig.json")));
        Assert.True(config.RootElement.GetProperty("runtimeOptions").TryGetProperty("framework", out _)
            || config.RootElement.GetProperty("runtimeOptions").TryGetProperty("frameworks", out _), "the publish must stay framework-dependent");
        foreach (var assembly in new[] { "Metrics.Functions.dll", "Metrics.Pipeline.dll", "Metrics.Core.dll", "Metrics.Excel.dll", "Metrics.Reports.dll" })
        {
            Assert.True(IsReadyToRun(PathOf(assembly)), $"{assembly} was published without ReadyToRun code.");
        }

        // The same check on this build's portable output, so the test cannot pass on a check that is always true.
        Assert.False(IsReadyToRun(Path.Combine(Paths.WorkerOutput, "Metrics.Functions.dll")));
    }

    /// <summary>What Azure starts is the published folder, not the build's output: it must run and ingest an upload.</summary>
    [Fact]
    public async Task PublishedWorker_IngestsAnUpload()
    {
        var store = AzureBlobStore.FromConnectionString(azurite.ConnectionString);
        var year = Workbooks.UniqueYear();
        var bytes = Workbooks.Good("130104", year);
        await store.WriteAsync($"submissions/{year}/130104/good.xlsx", bytes, ContentTypes.Xlsx);
        var decoy = Directory.CreateTempSubdirectory("metrics-decoy-");
        try
        {
            await using var worker = await WorkerHost.StartAsync(new Dictionary<string, string>
            {
                ["Storage"] = azurite.ConnectionString,
                ["Metrics__Storage"] = "folder:" + decoy.FullName,
                ["Metrics__Rollup__Schedule"] = "0 0 2 1 9 *",
                ["AzureWebJobsStorage"] = azurite.ConnectionString,
            }, published.Folder);
            var name = $"{year}/130104/good.xlsx";

            var response = await worker.InvokeAsync("IngestSubmission", [Inputs.Blob("blob", "Storage", "submissions", name)],
                new Dictionary<string, TypedData> { ["name"] = new() { String = name } });

            Assert.True(response.Result.Status == StatusResult.Types.Status.Success, $"{response.Result.Exception?.Message}\n{worker.Output}");
            using var card = JsonDocument.Parse((await store.ReadAllBytesAsync(StorageLayout.Report(year, "130104", "scorecard.json")))!);
            Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(bytes)), card.RootElement.GetProperty("submission").GetProperty("sha256").GetString());
            Assert.Equal(SubmissionState.Accepted, (await new StatusStore(store).ReadAsync(year, "130104", default))!.State);
        }
        finally
        {
            decoy.Delete(recursive: true);
        }
    }

    private static bool IsReadyToRun(string assembly)
    {
        using var pe = new System.Reflection.PortableExecutable.PEReader(File.OpenRead(assembly));
        return pe.PEHeaders.CorHeader is { ManagedNativeHeaderDirectory.Size: > 0 };
    }

    [GeneratedRegex(@"\[Function\((?:nameof\((\w+)\)|""(\w+)"")\)\]")]
    private static partial Regex FunctionAttribute();

    [GeneratedRegex(@"\[(Blob|Timer|Http|Queue|EventGrid)Trigger\((?:[^()]|\([^()]*\))*\)\]")]
    private static partial Regex TriggerAttribute();

    [GeneratedRegex(@"Route\s*=\s*""([^""]*)""")]
    private static partial Regex RouteArgument();
}
