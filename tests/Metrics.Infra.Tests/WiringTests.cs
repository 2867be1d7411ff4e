using System.Text.Json;
using System.Text.RegularExpressions;
using System.Xml.Linq;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace Metrics.Infra.Tests;

/// <summary>
/// The names that tie the pieces together agree: trigger attributes in Metrics.Functions, app
/// settings and the Event Grid webhook in the Bicep, host.json, local settings and the solution.
/// </summary>
public partial class WiringTests
{
    [Fact]
    public void BlobTrigger_ListensWhereEventGridDelivers()
    {
        var ingest = FunctionsSource.FunctionMethods.Single(m => FunctionsSource.FunctionName(m) == "IngestSubmission");
        var trigger = FunctionsSource.ParameterAttribute(ingest, "BlobTrigger")!;
        var arguments = trigger.ArgumentList!.Arguments;

        Assert.Equal("\"submissions/{name}\"", arguments[0].ToString());
        Assert.Contains(arguments, a => a.ToString() == "Source = BlobTriggerSource.EventGrid");
        Assert.Contains(arguments, a => a.ToString() == "Connection = \"Storage\"");

        var url = Arm.StringAt(Arm.Single("Microsoft.EventGrid/systemTopics/eventSubscriptions"), "properties.destination.properties.endpointUrl");
        Assert.Contains("functionName=Host.Functions.IngestSubmission&", url, StringComparison.Ordinal);
    }

    [Fact]
    public void BlobTrigger_BindsAClientNotTheContent()
    {
        // IngestService reads the workbook itself; a Stream/byte[]/string parameter would download it here too.
        var ingest = FunctionsSource.FunctionMethods.Single(m => FunctionsSource.FunctionName(m) == "IngestSubmission");
        var triggered = ingest.ParameterList.Parameters.Single(p => FunctionsSource.HasAttribute(p.AttributeLists, "BlobTrigger"));

        Assert.Equal("BlobClient", triggered.Type!.ToString());
        Assert.Contains(ingest.ParameterList.Parameters, p => p.Identifier.Text == "name" && p.Type!.ToString() == "string");
    }

    [Fact]
    public void BlobTriggerConnection_IsConfiguredByIdentityInAzureAndByAzuriteLocally()
    {
        var settings = ArmTemplateTests.AppSettings();

        Assert.Contains("Storage__blobServiceUri", settings.Keys);
        Assert.Equal("UseDevelopmentStorage=true", LocalSetting("Storage"));
    }

    [Fact]
    public void TimerSchedule_ComesFromTheSettingTheBicepWrites()
    {
        var rollup = FunctionsSource.FunctionMethods.Single(m => FunctionsSource.FunctionName(m) == "YearlyRollup");
        var trigger = FunctionsSource.ParameterAttribute(rollup, "TimerTrigger")!;

        Assert.Equal("\"%Metrics:Rollup:Schedule%\"", trigger.ArgumentList!.Arguments[0].ToString());
        Assert.Equal("[parameters('rollupSchedule')]", ArmTemplateTests.AppSettings()["Metrics__Rollup__Schedule"]);
        Assert.Equal(Arm.StringAt(Bicep.Arm, "parameters.rollupSchedule.defaultValue"), LocalSetting("Metrics:Rollup:Schedule"));
    }

    [Fact]
    public void HttpRoutes_AreTheDesignsApi()
    {
        var routes = FunctionsSource.FunctionMethods
            .Select(m => (Name: FunctionsSource.FunctionName(m), Trigger: FunctionsSource.ParameterAttribute(m, "HttpTrigger")))
            .Where(x => x.Trigger is not null)
            .ToDictionary(x => x.Name, x => Describe(x.Trigger!));

        Assert.Equal("post rollups/{year}/run", routes["RunRollup"]);
        Assert.Equal("get template", routes["Template"]);
        Assert.Equal("post submissions/{year}/{county}", routes["UploadSubmission"]);
        Assert.Equal("get submissions/{year}/{county}/status", routes["SubmissionStatus"]);
        Assert.Equal("get scorecards/{year}/{county}", routes["DownloadScorecard"]);
        Assert.Equal("get rollups/{year}", routes["DownloadRollup"]);
        Assert.Equal("get counties/{year}", routes["ListCounties"]);
        Assert.Equal("get {page:regex(^index$)?}", routes["Portal"]);
        Assert.Equal("get me", routes["Me"]);
        Assert.Equal("get submissions/{year}/{county}/validation", routes["DownloadValidation"]);
        Assert.Equal("get openapi.json", routes["OpenApi"]);
        Assert.Equal(11, routes.Count);
    }

    [Fact]
    public void RouteParameters_AreFunctionParameters()
    {
        foreach (var method in FunctionsSource.FunctionMethods)
        {
            var trigger = FunctionsSource.ParameterAttribute(method, "HttpTrigger");
            var route = trigger?.ArgumentList!.Arguments.SingleOrDefault(a => a.NameEquals?.Name.Identifier.Text == "Route")?.Expression.ToString() ?? "";
            foreach (var name in RouteParameter().Matches(route).Select(m => m.Groups[1].Value).Where(n => n != "page"))
            {
                Assert.Contains(method.ParameterList.Parameters, p => p.Identifier.Text == name);
            }
        }
    }

    [Fact]
    public void HostJson_SetsVersionTimeoutLoggingAndBlobRetries()
    {
        using var host = JsonDocument.Parse(Repository.ReadText("host.json"));
        var root = host.RootElement;

        Assert.Equal("2.0", Arm.StringAt(root, "version"));
        Assert.Equal("00:10:00", Arm.StringAt(root, "functionTimeout"));
        Assert.Equal("Warning", Arm.StringAt(root, "logging.logLevel.Azure"));
        Assert.Equal("Information", Arm.StringAt(root, "logging.logLevel.Function"));
        Assert.Equal(4, Arm.At(root, "extensions.blobs.maxDegreeOfParallelism")!.Value.GetInt32());
        Assert.Equal(5, Arm.At(root, "extensions.blobs.poisonBlobThreshold")!.Value.GetInt32());
        Assert.Null(Arm.At(root, "extensionBundle"));
    }

    [Fact]
    public void FunctionsProject_LinksTheRootHostJson()
    {
        var project = XDocument.Load(Path.Combine(FunctionsSource.ProjectDirectory, "Metrics.Functions.csproj"));

        Assert.Contains(project.Descendants("None"), e =>
            (string?)e.Attribute("Include") == @"..\..\host.json"
            && (string?)e.Attribute("Link") == "host.json"
            && (string?)e.Attribute("CopyToOutputDirectory") == "PreserveNewest");
        Assert.False(File.Exists(Path.Combine(FunctionsSource.ProjectDirectory, "host.json")));
    }

    [Fact]
    public void LocalSettingsExample_RunsTheIsolatedWorkerOnAzurite()
    {
        Assert.Equal("dotnet-isolated", LocalSetting("FUNCTIONS_WORKER_RUNTIME"));
        Assert.Equal("UseDevelopmentStorage=true", LocalSetting("AzureWebJobsStorage"));
        // One storage setting: the pipeline uses the trigger's connection "Storage"; Metrics:Storage is not read by the Functions app.
        Assert.Null(LocalSetting("Metrics:Storage"));
        Assert.False(File.Exists(Path.Combine(FunctionsSource.ProjectDirectory, "local.settings.json")), "local.settings.json must not be committed.");
    }

    [Theory]
    [InlineData("Metrics.Functions", @"functions\Metrics.Functions\Metrics.Functions.csproj")]
    [InlineData("Metrics.Functions.Tests", @"tests\Metrics.Functions.Tests\Metrics.Functions.Tests.csproj")]
    public void Solution_BuildsTheFunctionsAppAndItsWorkerTests(string name, string path)
    {
        var solution = Repository.ReadText("Metrics.sln");
        var declaration = Regex.Match(solution, $@"""{Regex.Escape(name)}"", ""{Regex.Escape(path)}"", ""(\{{[0-9A-F-]+\}})""");
        Assert.True(declaration.Success, $"Metrics.sln does not list {path}.");

        var guid = declaration.Groups[1].Value;
        foreach (var configuration in new[] { "Debug|Any CPU", "Release|Any CPU" })
        {
            Assert.Contains($"{guid}.{configuration}.Build.0", solution, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Solution_BuildsThisTestProject()
    {
        var solution = Repository.ReadText("Metrics.sln");
        var declaration = Regex.Match(solution, @"""Metrics\.Infra\.Tests"", ""tests\\Metrics\.Infra\.Tests\\Metrics\.Infra\.Tests\.csproj"", ""(\{[0-9A-F-]+\})""");
        Assert.True(declaration.Success);

        Assert.Contains(declaration.Groups[1].Value + ".Debug|Any CPU.Build.0", solution, StringComparison.Ordinal);
    }

    [Fact]
    public void HttpRoutes_AreEachInTheOpenApiDocument()
    {
        using var doc = JsonDocument.Parse(Repository.ReadText("functions", "Metrics.Pipeline", "Web", "openapi.json"));
        var paths = doc.RootElement.GetProperty("paths");
        var undocumented = FunctionsSource.FunctionMethods
            .Select(m => FunctionsSource.ParameterAttribute(m, "HttpTrigger"))
            .Where(t => t is not null)
            .Select(t => Describe(t!).Split(' '))
            // The page's optional "index" segment is the Functions form of the page route "/" (served at /api/).
            .Select(x => (Method: x[0], Path: x[1].StartsWith("{page", StringComparison.Ordinal) ? "/" : "/api/" + x[1]))
            .Where(x => !paths.TryGetProperty(x.Path, out var item) || !item.TryGetProperty(x.Method, out _))
            .Select(x => $"{x.Method} {x.Path}");

        Assert.Empty(undocumented);
    }

    private static string Describe(AttributeSyntax trigger)
    {
        var arguments = trigger.ArgumentList!.Arguments;
        var method = arguments[1].Expression.ToString().Trim('"');
        var route = arguments.Single(a => a.NameEquals?.Name.Identifier.Text == "Route").Expression.ToString().Trim('"');
        return $"{method} {route}";
    }

    private static string? LocalSetting(string name)
    {
        using var settings = JsonDocument.Parse(File.ReadAllText(Path.Combine(FunctionsSource.ProjectDirectory, "local.settings.example.json")));
        return settings.RootElement.GetProperty("Values").TryGetProperty(name, out var value) ? value.GetString() : null;
    }

    [GeneratedRegex(@"\{([A-Za-z_][A-Za-z0-9_]*)")]
    private static partial Regex RouteParameter();
}
