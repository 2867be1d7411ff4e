// The Event Grid system topic of the storage account. Its system-assigned identity lets Event Grid
// dead-letter undeliverable events into the (keyless) storage account.

param name string
param location string
param tags object
param storageAccountName string

resource storage 'Microsoft.Storage/storageAccounts@2025-01-01' existing = {
  name: storageAccountName
}

resource topic 'Microsoft.EventGrid/systemTopics@2025-02-15' = {
  name: name
  location: location
  tags: tags
  identity: {
    type: 'SystemAssigned'
  }
  properties: {
    source: storage.id
    topicType: 'Microsoft.Storage.StorageAccounts'
  }
}

// Storage Blob Data Contributor for the topic's identity: it writes dead-lettered events as blobs.
resource deadLetterWriter 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  scope: storage
  name: guid(storage.id, topic.id, 'ba92f5b4-2d11-453d-a403-e96b0029c9fe')
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', 'ba92f5b4-2d11-453d-a403-e96b0029c9fe')
    principalId: topic.identity.principalId
    principalType: 'ServicePrincipal'
  }
}

output name string = topic.name
