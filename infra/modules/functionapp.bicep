// The Flex Consumption function app running functions/Metrics.Functions (.NET isolated worker),
// with a system-assigned managed identity and App Service authentication (Easy Auth) in front.
// Every storage connection is identity-based: no account key and no connection string with a
// secret appears in any setting.

param name string
param location string
param tags object

@description('Storage account that holds the product containers, host state and the deployment package.')
param storageAccountName string

@description('Container (in that account) holding the deployment package.')
param deploymentContainerName string

@description('Application Insights connection string (an address; local auth is off on the component).')
param appInsightsConnectionString string

@description('NCRONTAB schedule (six fields, UTC) of the yearly rollup: Metrics:Rollup:Schedule.')
param rollupSchedule string

@description('Application (client) id of the Microsoft Entra app registration that signs users in.')
param authClientId string

@description('Directory (tenant) id of that app registration.')
param authTenantId string

@description('Maximum instances the app scales out to.')
@minValue(1)
@maxValue(1000)
param maximumInstanceCount int = 100

@description('Always-ready instances for the blob trigger and the HTTP functions (0 = scale from zero). Set 1 or more during the submission season: a cold Flex Consumption instance can miss the first Event Grid delivery\'s deadline.')
@minValue(0)
@maxValue(20)
param alwaysReadyInstances int = 0

resource storage 'Microsoft.Storage/storageAccounts@2025-01-01' existing = {
  name: storageAccountName
}

resource plan 'Microsoft.Web/serverfarms@2025-03-01' = {
  name: '${name}-plan'
  location: location
  tags: tags
  kind: 'functionapp'
  sku: {
    name: 'FC1'
    tier: 'FlexConsumption'
  }
  properties: {
    reserved: true
  }
}

resource site 'Microsoft.Web/sites@2025-03-01' = {
  name: name
  location: location
  tags: union(tags, { 'azd-service-name': 'api' })
  kind: 'functionapp,linux'
  identity: {
    type: 'SystemAssigned'
  }
  properties: {
    serverFarmId: plan.id
    httpsOnly: true
    siteConfig: {
      minTlsVersion: '1.2'
      ftpsState: 'Disabled'
      http20Enabled: true
    }
    functionAppConfig: {
      deployment: {
        storage: {
          type: 'blobContainer'
          value: '${storage.properties.primaryEndpoints.blob}${deploymentContainerName}'
          authentication: {
            type: 'SystemAssignedIdentity'
          }
        }
      }
      scaleAndConcurrency: {
        instanceMemoryMB: 2048
        maximumInstanceCount: maximumInstanceCount
        // Per-group always-ready instances: 'blob' is the group of Event Grid blob triggers, 'http' of HTTP triggers.
        alwaysReady: alwaysReadyInstances == 0 ? [] : [
          {
            name: 'blob'
            instanceCount: alwaysReadyInstances
          }
          {
            name: 'http'
            instanceCount: alwaysReadyInstances
          }
        ]
      }
      runtime: {
        name: 'dotnet-isolated'
        version: '10.0'
      }
    }
  }
}

// Flex Consumption takes the worker runtime from functionAppConfig.runtime: FUNCTIONS_WORKER_RUNTIME
// and FUNCTIONS_EXTENSION_VERSION must not be set here. Hierarchical keys use "__" (Linux).
resource appSettings 'Microsoft.Web/sites/config@2025-03-01' = {
  parent: site
  name: 'appsettings'
  properties: {
    // Host state (leases, timers, blob-trigger bookkeeping): identity-based host storage.
    AzureWebJobsStorage__accountName: storage.name
    AzureWebJobsStorage__credential: 'managedidentity'
    // Connection "Storage" of the IngestSubmission blob trigger, and the one storage setting of the
    // app: the pipeline stores everything in this same account (Program.cs, AddTriggerStorage), so
    // the function always writes where the blob that fired it lives. The blob extension also writes
    // to a queue (poison blobs), so it needs the queue endpoint as well.
    Storage__blobServiceUri: storage.properties.primaryEndpoints.blob
    Storage__queueServiceUri: storage.properties.primaryEndpoints.queue
    Storage__credential: 'managedidentity'
    Metrics__Rollup__Schedule: rollupSchedule
    APPLICATIONINSIGHTS_CONNECTION_STRING: appInsightsConnectionString
    APPLICATIONINSIGHTS_AUTHENTICATION_STRING: 'Authorization=AAD'
  }
}

// App Service authentication: Entra ID signs users in; the X-MS-CLIENT-PRINCIPAL header it adds
// carries the app roles (evaluator, county:{code}) that Metrics.Pipeline authorises with.
resource auth 'Microsoft.Web/sites/config@2025-03-01' = {
  parent: site
  name: 'authsettingsV2'
  properties: {
    platform: {
      enabled: true
      runtimeVersion: '~1'
    }
    globalValidation: {
      requireAuthentication: true
      unauthenticatedClientAction: 'Return401'
      excludedPaths: [
        // Event Grid delivers BlobCreated events here; the blobs_extension system key in the
        // subscription's URL is what authorises it (Event Grid cannot sign in to Easy Auth).
        // Nothing else is excluded: an excluded path would also be one where a caller's own
        // X-MS-CLIENT-PRINCIPAL header is not vouched for. Browsers sign in at
        // /.auth/login/aad?post_login_redirect_uri=/api/ (see infra/README.md).
        '/runtime/webhooks/blobs'
      ]
    }
    httpSettings: {
      requireHttps: true
      forwardProxy: {
        convention: 'NoProxy'
      }
    }
    login: {
      // The app needs only the X-MS-CLIENT-PRINCIPAL header, not users' tokens; a token store
      // would also need a shared backing store across Flex Consumption instances.
      tokenStore: {
        enabled: false
      }
      preserveUrlFragmentsForLogins: true
    }
    identityProviders: {
      azureActiveDirectory: {
        enabled: true
        registration: {
          clientId: authClientId
          openIdIssuer: '${environment().authentication.loginEndpoint}${authTenantId}/v2.0'
        }
        validation: {
          allowedAudiences: [
            authClientId
            'api://${authClientId}'
          ]
        }
      }
    }
  }
}

output name string = site.name
output id string = site.id
output defaultHostName string = site.properties.defaultHostName
output principalId string = site.identity.principalId
