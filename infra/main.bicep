// Azure deployment of Metrics: a Flex Consumption function app (functions/Metrics.Functions) over
// one keyless storage account, fed by Event Grid, observed by Application Insights, behind
// App Service authentication with Microsoft Entra ID. See infra/README.md.
targetScope = 'resourceGroup'

@description('Short prefix for every resource name: 3-11 lowercase letters and digits, starting with a letter.')
@minLength(3)
@maxLength(11)
param namePrefix string

@description('Azure region (one where the Flex Consumption plan is offered).')
param location string = resourceGroup().location

@description('NCRONTAB schedule (six fields: second minute hour day month weekday, UTC) of the yearly rollup. Default: 02:00 on 1 September, after the submission deadline.')
param rollupSchedule string = '0 0 2 1 9 *'

@description('Application (client) id of the Microsoft Entra app registration used for sign-in; it defines the app roles evaluator and county:{code}.')
param authClientId string

@description('Directory (tenant) id of that app registration.')
param authTenantId string = tenant().tenantId

@description('Create the Event Grid subscription that feeds IngestSubmission. Leave false on the first deployment; set true once the function code is deployed (the blobs_extension key exists only then).')
param subscribeToBlobEvents bool = false

@description('Always-ready instances of the blob trigger and of the HTTP functions; 0 scales from zero. Raise to 1 or more for the submission season (a cold instance can fail the first delivery; Event Grid then retries).')
@minValue(0)
@maxValue(20)
param alwaysReadyInstances int = 0

@description('Tags applied to every resource.')
param tags object = {}

var token = uniqueString(resourceGroup().id, namePrefix)
var storageAccountName = take('${namePrefix}${token}', 24)
var functionAppName = '${namePrefix}-func-${token}'
var deploymentContainerName = 'app-package'
var systemTopicName = '${namePrefix}-storage-events'
var appInsightsName = '${namePrefix}-appi'
var deadLetterContainerName = 'eventgrid-deadletter'

// Modules get names computed here rather than other modules' outputs, so that what-if can predict
// every resource id; the order that outputs would have implied is written out with dependsOn.

module storage 'modules/storage.bicep' = {
  name: 'storage'
  params: {
    name: storageAccountName
    location: location
    tags: tags
    deploymentContainerName: deploymentContainerName
    deadLetterContainerName: deadLetterContainerName
  }
}

module monitoring 'modules/monitoring.bicep' = {
  name: 'monitoring'
  params: {
    namePrefix: namePrefix
    appInsightsName: appInsightsName
    location: location
    tags: tags
  }
}

module functionApp 'modules/functionapp.bicep' = {
  name: 'functionapp'
  params: {
    name: functionAppName
    location: location
    tags: tags
    storageAccountName: storageAccountName
    deploymentContainerName: deploymentContainerName
    appInsightsConnectionString: monitoring.outputs.connectionString
    rollupSchedule: rollupSchedule
    authClientId: authClientId
    authTenantId: authTenantId
    alwaysReadyInstances: alwaysReadyInstances
  }
  dependsOn: [
    storage
  ]
}

module rbac 'modules/rbac.bicep' = {
  name: 'rbac'
  params: {
    functionAppName: functionAppName
    storageAccountName: storageAccountName
    appInsightsName: appInsightsName
  }
  dependsOn: [
    functionApp
    monitoring
  ]
}

module events 'modules/events.bicep' = {
  name: 'events'
  params: {
    name: systemTopicName
    location: location
    tags: tags
    storageAccountName: storageAccountName
  }
  dependsOn: [
    storage
  ]
}

module blobSubscription 'modules/blob-subscription.bicep' = if (subscribeToBlobEvents) {
  name: 'blob-subscription'
  params: {
    functionAppName: functionAppName
    systemTopicName: systemTopicName
    storageAccountName: storageAccountName
    deadLetterContainerName: deadLetterContainerName
  }
  dependsOn: [
    functionApp
    events
    rbac
  ]
}

output AZURE_LOCATION string = location
output AZURE_TENANT_ID string = authTenantId
output AZURE_RESOURCE_GROUP string = resourceGroup().name
output AZURE_FUNCTION_APP_NAME string = functionApp.outputs.name
output AZURE_STORAGE_ACCOUNT_NAME string = storage.outputs.name
output AZURE_STORAGE_SYSTEM_TOPIC_NAME string = events.outputs.name
output AZURE_STORAGE_DEADLETTER_CONTAINER string = deadLetterContainerName
output SERVICE_API_URI string = 'https://${functionApp.outputs.defaultHostName}'
