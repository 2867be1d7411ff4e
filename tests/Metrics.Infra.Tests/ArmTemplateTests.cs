using System.Text.Json;

namespace Metrics.Infra.Tests;

/// <summary>Assertions on the ARM JSON that infra/main.bicep compiles to.</summary>
public class ArmTemplateTests
{
    private const string StorageBlobDataOwner = "b7e6dc6d-f1e8-4753-8033-0f276bb0955b";
    private const string StorageQueueDataContributor = "974c5e8b-45b9-4653-ba55-5f855dd0fb88";
    private const string StorageTableDataContributor = "0a9a7e1f-b9d0-4cc4-a60d-0319b160aaa3";

    [Fact]
    public void Main_TargetsResourceGroup()
    {
        Assert.Contains("deploymentTemplate.json", Arm.StringAt(Bicep.Arm, "$schema"), StringComparison.Ordinal);
        Assert.DoesNotContain("subscriptionDeploymentTemplate", Arm.StringAt(Bicep.Arm, "$schema"), StringComparison.Ordinal);
    }

    [Fact]
    public void Storage_AllowsNoSharedKeyAndOnlyTls12OverHttps()
    {
        var storage = Arm.Single("Microsoft.Storage/storageAccounts");

        Assert.False(Arm.At(storage, "properties.allowSharedKeyAccess")!.Value.GetBoolean());
        Assert.Equal("TLS1_2", Arm.StringAt(storage, "properties.minimumTlsVersion"));
        Assert.True(Arm.At(storage, "properties.supportsHttpsTrafficOnly")!.Value.GetBoolean());
        Assert.False(Arm.At(storage, "properties.allowBlobPublicAccess")!.Value.GetBoolean());
    }

    [Fact]
    public void Storage_HasEveryProductContainer()
    {
        var template = Arm.TemplateDeclaring("Microsoft.Storage/storageAccounts/blobServices/containers");
        var names = Arm.At(template, "variables.productContainers")!.Value.EnumerateArray().Select(e => e.GetString()!).ToArray();

        Assert.Equal(new[] { "submissions", "reports", "data", "rollups", "poison", "receipts", "status" }, names);
    }

    [Fact]
    public void FunctionApp_RunsOnFlexConsumptionWithSystemAssignedIdentity()
    {
        var site = Arm.Single("Microsoft.Web/sites");
        var plan = Arm.Single("Microsoft.Web/serverfarms");

        Assert.Equal("SystemAssigned", Arm.StringAt(site, "identity.type"));
        Assert.Contains("functionapp", Arm.StringAt(site, "kind"), StringComparison.Ordinal);
        Assert.Equal("FC1", Arm.StringAt(plan, "sku.name"));
        Assert.Equal("FlexConsumption", Arm.StringAt(plan, "sku.tier"));
        Assert.Equal("dotnet-isolated", Arm.StringAt(site, "properties.functionAppConfig.runtime.name"));
        Assert.Equal("10.0", Arm.StringAt(site, "properties.functionAppConfig.runtime.version"));
        Assert.Equal(2048, Arm.At(site, "properties.functionAppConfig.scaleAndConcurrency.instanceMemoryMB")!.Value.GetInt32());
        Assert.Equal("SystemAssignedIdentity", Arm.StringAt(site, "properties.functionAppConfig.deployment.storage.authentication.type"));
        Assert.True(Arm.At(site, "properties.httpsOnly")!.Value.GetBoolean());
    }

    [Theory]
    [InlineData(StorageBlobDataOwner)]
    [InlineData(StorageQueueDataContributor)]
    [InlineData(StorageTableDataContributor)]
    public void RoleAssignments_GrantTheAppItsStorageRoles(string roleDefinitionGuid)
    {
        var assignments = Arm.OfType("Microsoft.Authorization/roleAssignments");

        Assert.Contains(assignments, a =>
            Arm.StringAt(a, "properties.roleDefinitionId").Contains(roleDefinitionGuid, StringComparison.OrdinalIgnoreCase)
            && Arm.StringAt(a, "properties.principalType") == "ServicePrincipal");
    }

    [Fact]
    public void AppSettings_AreIdentityBasedWithNoSecrets()
    {
        var settings = AppSettings();

        Assert.Equal("managedidentity", settings["AzureWebJobsStorage__credential"]);
        Assert.Contains("AzureWebJobsStorage__accountName", settings.Keys);
        Assert.Equal("managedidentity", settings["Storage__credential"]);
        Assert.Contains("Storage__blobServiceUri", settings.Keys);
        Assert.Contains("Storage__queueServiceUri", settings.Keys);
        // One storage setting: the pipeline follows the trigger's connection; a second one could point elsewhere.
        Assert.DoesNotContain("Metrics__Storage", settings.Keys);
        Assert.Contains("APPLICATIONINSIGHTS_CONNECTION_STRING", settings.Keys);
        Assert.DoesNotContain("AzureWebJobsStorage", settings.Keys);
        Assert.DoesNotContain("APPINSIGHTS_INSTRUMENTATIONKEY", settings.Keys);

        // Flex Consumption takes the runtime from functionAppConfig and rejects these settings.
        Assert.DoesNotContain("FUNCTIONS_WORKER_RUNTIME", settings.Keys);
        Assert.DoesNotContain("FUNCTIONS_EXTENSION_VERSION", settings.Keys);

        var arm = Bicep.Build.StdOut;
        Assert.DoesNotContain("AccountKey=", arm, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("SharedAccessSignature", arm, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("listKeys(resourceId('Microsoft.Storage", arm, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public void ApplicationInsights_AcceptsOnlyEntraAuthenticatedTelemetry()
    {
        var component = Arm.Single("Microsoft.Insights/components");

        Assert.True(Arm.At(component, "properties.DisableLocalAuth")!.Value.GetBoolean());
        Assert.Equal("Authorization=AAD", AppSettings()["APPLICATIONINSIGHTS_AUTHENTICATION_STRING"]);
    }

    [Fact]
    public void EventGridSubscription_SendsBlobCreatedUnderSubmissionsToTheIngestWebhook()
    {
        var subscription = Arm.Single("Microsoft.EventGrid/systemTopics/eventSubscriptions");

        Assert.Equal("/blobServices/default/containers/submissions/", Arm.StringAt(subscription, "properties.filter.subjectBeginsWith"));
        var eventTypes = Arm.At(subscription, "properties.filter.includedEventTypes")!.Value.EnumerateArray().Select(e => e.GetString()!);
        Assert.Equal(new[] { "Microsoft.Storage.BlobCreated" }, eventTypes);
        Assert.Equal("WebHook", Arm.StringAt(subscription, "properties.destination.endpointType"));
        var url = Arm.StringAt(subscription, "properties.destination.properties.endpointUrl");
        Assert.Contains("/runtime/webhooks/blobs?functionName=Host.Functions.IngestSubmission&code=", url, StringComparison.Ordinal);
        Assert.Contains("blobs_extension", url, StringComparison.Ordinal);
    }

    [Fact]
    public void EventGridSubscription_TakesOneEventPerFinishedWorkbookUpload()
    {
        var subscription = Arm.Single("Microsoft.EventGrid/systemTopics/eventSubscriptions");

        Assert.Equal(".xlsx", Arm.StringAt(subscription, "properties.filter.subjectEndsWith"));
        var filter = Assert.Single(Arm.At(subscription, "properties.filter.advancedFilters")!.Value.EnumerateArray());
        Assert.Equal("StringIn", Arm.StringAt(filter, "operatorType"));
        Assert.Equal("data.api", Arm.StringAt(filter, "key"));
        Assert.Equal(
            new[] { "CopyBlob", "FlushWithClose", "PutBlob", "PutBlockList" },
            filter.GetProperty("values").EnumerateArray().Select(v => v.GetString()!).Order(StringComparer.Ordinal));
    }

    [Fact]
    public void EventGridSubscription_RetriesForADayThenDeadLettersIntoAnExistingContainer()
    {
        var subscription = Arm.Single("Microsoft.EventGrid/systemTopics/eventSubscriptions");

        Assert.Equal(30, Arm.At(subscription, "properties.retryPolicy.maxDeliveryAttempts")!.Value.GetInt32());
        Assert.Equal(1440, Arm.At(subscription, "properties.retryPolicy.eventTimeToLiveInMinutes")!.Value.GetInt32());
        Assert.Equal("StorageBlob", Arm.StringAt(subscription, "properties.deadLetterWithResourceIdentity.deadLetterDestination.endpointType"));
        Assert.Equal("[parameters('deadLetterContainerName')]", Arm.StringAt(subscription, "properties.deadLetterWithResourceIdentity.deadLetterDestination.properties.blobContainerName"));
        // The same name goes to the storage module, which creates the container (Storage_HasEveryProductContainer).
        var storage = Arm.OfType("Microsoft.Resources/deployments").Single(d => Arm.Name(d) == "storage");
        Assert.Equal("[variables('deadLetterContainerName')]", Arm.StringAt(storage, "properties.parameters.deadLetterContainerName.value"));
    }

    [Fact]
    public void AlwaysReadyInstances_AreAParameterForTheBlobAndHttpGroups()
    {
        Assert.Equal(0, Arm.At(Bicep.Arm, "parameters.alwaysReadyInstances.defaultValue")!.Value.GetInt32());
        var site = Arm.Single("Microsoft.Web/sites");
        var alwaysReady = Arm.StringAt(site, "properties.functionAppConfig.scaleAndConcurrency.alwaysReady");

        Assert.Contains("createObject('name', 'blob', 'instanceCount', parameters('alwaysReadyInstances'))", alwaysReady, StringComparison.Ordinal);
        Assert.Contains("createObject('name', 'http', 'instanceCount', parameters('alwaysReadyInstances'))", alwaysReady, StringComparison.Ordinal);
        var module = Arm.OfType("Microsoft.Resources/deployments").Single(d => Arm.Name(d) == "functionapp");
        Assert.Equal("[parameters('alwaysReadyInstances')]", Arm.StringAt(module, "properties.parameters.alwaysReadyInstances.value"));
    }

    [Fact]
    public void EventGridSubscription_IsDeployedOnlyOnRequest()
    {
        // Its endpoint needs the blobs_extension key, which exists only once the code is deployed.
        var module = Arm.OfType("Microsoft.Resources/deployments").Single(d => Arm.Name(d) == "blob-subscription");

        Assert.Equal("[parameters('subscribeToBlobEvents')]", Arm.StringAt(module, "condition"));
        Assert.False(Arm.At(Bicep.Arm, "parameters.subscribeToBlobEvents.defaultValue")!.Value.GetBoolean());
    }

    [Fact]
    public void AuthSettings_RequireAuthenticationAndAnswer401()
    {
        var auth = Assert.Single(Arm.OfType("Microsoft.Web/sites/config"), c => Arm.Name(c).Contains("authsettingsV2", StringComparison.Ordinal));

        Assert.True(Arm.At(auth, "properties.platform.enabled")!.Value.GetBoolean());
        Assert.True(Arm.At(auth, "properties.globalValidation.requireAuthentication")!.Value.GetBoolean());
        Assert.Equal("Return401", Arm.StringAt(auth, "properties.globalValidation.unauthenticatedClientAction"));
        Assert.True(Arm.At(auth, "properties.identityProviders.azureActiveDirectory.enabled")!.Value.GetBoolean());
        var excluded = Arm.At(auth, "properties.globalValidation.excludedPaths")!.Value.EnumerateArray().Select(e => e.GetString()!);
        Assert.Equal(new[] { "/runtime/webhooks/blobs" }, excluded);
    }

    [Fact]
    public void RollupSchedule_DefaultsToOnceAYearAfterTheDeadline()
    {
        Assert.Equal("0 0 2 1 9 *", Arm.StringAt(Bicep.Arm, "parameters.rollupSchedule.defaultValue"));
        Assert.Contains("Metrics__Rollup__Schedule", AppSettings().Keys);
    }

    /// <summary>The function app's app settings (values as ARM expressions or literals).</summary>
    internal static Dictionary<string, string> AppSettings()
    {
        var config = Assert.Single(Arm.OfType("Microsoft.Web/sites/config"), c => Arm.Name(c).Contains("'appsettings'", StringComparison.Ordinal));
        return config.GetProperty("properties").EnumerateObject()
            .ToDictionary(p => p.Name, p => p.Value.ValueKind == JsonValueKind.String ? p.Value.GetString()! : p.Value.GetRawText());
    }
}
