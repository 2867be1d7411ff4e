using System.Text.Json;
using System.Text.RegularExpressions;

namespace Metrics.Infra.Tests;

/// <summary>The Azure Developer CLI project in infra/ points at what exists and passes what main.bicep takes.</summary>
public partial class AzdProjectTests
{
    [Fact]
    public void AzureYaml_DeploysTheFunctionsProjectWithMainBicep()
    {
        var yaml = Repository.ReadText("infra", "azure.yaml");

        Assert.Contains("module: main", yaml, StringComparison.Ordinal);
        Assert.Contains("project: ../functions/Metrics.Functions", yaml, StringComparison.Ordinal);
        Assert.Contains("host: function", yaml, StringComparison.Ordinal);
        Assert.True(Directory.Exists(Repository.PathOf("functions", "Metrics.Functions")));
        Assert.False(File.Exists(Repository.PathOf("azure.yaml")), "The top level is fixed: azure.yaml belongs in infra/.");
    }

    [Fact]
    public void AzureYaml_DeploysThePublishedProjectIntoTheContainerTheAppRunsFrom()
    {
        // azd's dotnet + function host publishes the project (the folder tests/Metrics.Functions.Tests
        // checks), zips it and uploads it where functionAppConfig.deployment says the app reads it.
        var yaml = Repository.ReadText("infra", "azure.yaml");
        Assert.Contains("language: dotnet", yaml, StringComparison.Ordinal);

        var site = Arm.Single("Microsoft.Web/sites");
        Assert.Equal("blobContainer", Arm.StringAt(site, "properties.functionAppConfig.deployment.storage.type"));
        Assert.Contains("parameters('deploymentContainerName')", Arm.StringAt(site, "properties.functionAppConfig.deployment.storage.value"), StringComparison.Ordinal);
        var module = Arm.OfType("Microsoft.Resources/deployments").Single(d => Arm.Name(d) == "functionapp");
        Assert.Equal("[variables('deploymentContainerName')]", Arm.StringAt(module, "properties.parameters.deploymentContainerName.value"));
        Assert.Equal("app-package", Arm.StringAt(Bicep.Arm, "variables.deploymentContainerName"));
    }

    [Fact]
    public void AzureYaml_ServiceNameMatchesTheTagOnTheFunctionApp()
    {
        var yaml = Repository.ReadText("infra", "azure.yaml");
        var site = Arm.Single("Microsoft.Web/sites");

        Assert.Matches(new Regex(@"^services:\s*\n\s+api:", RegexOptions.Multiline), yaml);
        Assert.Contains("'azd-service-name', 'api'", Arm.StringAt(site, "tags"), StringComparison.Ordinal);
    }

    [Fact]
    public void MainParameters_NameOnlyParametersOfMainBicep()
    {
        using var parameters = JsonDocument.Parse(Repository.ReadText("infra", "main.parameters.json"));
        var declared = Arm.At(Bicep.Arm, "parameters")!.Value.EnumerateObject().Select(p => p.Name).ToHashSet();

        Assert.All(parameters.RootElement.GetProperty("parameters").EnumerateObject(), p => Assert.Contains(p.Name, declared));
    }

    [Fact]
    public void SubscribeHook_UsesOutputsThatMainBicepDeclares()
    {
        var script = Repository.ReadText("infra", "scripts", "subscribe-blob-events.sh");
        var outputs = Arm.At(Bicep.Arm, "outputs")!.Value.EnumerateObject().Select(p => p.Name).ToHashSet();
        var used = AzureVariable().Matches(script).Select(m => m.Groups[1].Value).Distinct().ToArray();

        Assert.NotEmpty(used);
        Assert.All(used, name => Assert.Contains(name, outputs));
        Assert.Contains("modules/blob-subscription.bicep", script, StringComparison.Ordinal);
    }

    [GeneratedRegex(@"\$\{(AZURE_[A-Z_]+)")]
    private static partial Regex AzureVariable();
}
