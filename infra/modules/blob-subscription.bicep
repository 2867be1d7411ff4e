// The Event Grid subscription that feeds the IngestSubmission blob trigger (Source = EventGrid):
// BlobCreated events under submissions/ go to the Functions blob extension's webhook.
//
// Deploy this only after the function code is deployed: the blobs_extension system key exists
// once the host has started with an Event Grid blob trigger, and Event Grid validates the endpoint
// when the subscription is created. main.bicep includes it when subscribeToBlobEvents is true;
// the azd postdeploy hook deploys this file on its own (it needs only names).

@description('Name of the function app that hosts IngestSubmission.')
param functionAppName string

@description('Name of the storage account\'s Event Grid system topic.')
param systemTopicName string

@description('Storage account that receives dead-lettered events.')
param storageAccountName string

@description('Container for dead-lettered events.')
param deadLetterContainerName string = 'eventgrid-deadletter'

resource site 'Microsoft.Web/sites@2025-03-01' existing = {
  name: functionAppName
}

resource storage 'Microsoft.Storage/storageAccounts@2025-01-01' existing = {
  name: storageAccountName
}

resource topic 'Microsoft.EventGrid/systemTopics@2025-02-15' existing = {
  name: systemTopicName
}

// Microsoft.Web/sites/host has no Bicep type definitions, so the key is read with listKeys on its id.
var blobsExtensionKey = listKeys('${site.id}/host/default', '2025-03-01').systemKeys.blobs_extension

resource submissionsCreated 'Microsoft.EventGrid/systemTopics/eventSubscriptions@2025-02-15' = {
  parent: topic
  name: 'submissions-to-ingest'
  properties: {
    destination: {
      endpointType: 'WebHook'
      properties: {
        // The blob extension's webhook, addressed to Host.Functions.<function name>.
        endpointUrl: 'https://${site.properties.defaultHostName}/runtime/webhooks/blobs?functionName=Host.Functions.IngestSubmission&code=${blobsExtensionKey}'
        maxEventsPerBatch: 1
        preferredBatchSizeInKilobytes: 64
      }
    }
    eventDeliverySchema: 'EventGridSchema'
    filter: {
      includedEventTypes: [
        'Microsoft.Storage.BlobCreated'
      ]
      subjectBeginsWith: '/blobServices/default/containers/submissions/'
      // Only workbooks: anything else dropped in the container is not a submission.
      subjectEndsWith: '.xlsx'
      // One event per upload. BlobCreated also fires for Data Lake operations on the way to a file
      // (CreateFile makes it empty, before any content is flushed); only these four APIs mark a blob
      // whose content is complete, whichever client wrote it (PutBlockList: one event for the whole
      // staged upload, never one per committed block).
      advancedFilters: [
        {
          operatorType: 'StringIn'
          key: 'data.api'
          values: [
            'PutBlob'
            'PutBlockList'
            'CopyBlob'
            'FlushWithClose'
          ]
        }
      ]
    }
    // Event Grid retries a delivery the webhook did not accept (the host answers 202 once the blob
    // extension has queued the blob, so this covers a host that is down or cold) for up to 24 h, then
    // dead-letters the event to the container below. See infra/README.md for what follows a failure
    // inside the function.
    retryPolicy: {
      maxDeliveryAttempts: 30
      eventTimeToLiveInMinutes: 1440
    }
    deadLetterWithResourceIdentity: {
      identity: {
        type: 'SystemAssigned'
      }
      deadLetterDestination: {
        endpointType: 'StorageBlob'
        properties: {
          resourceId: storage.id
          blobContainerName: deadLetterContainerName
        }
      }
    }
  }
}

output name string = submissionsCreated.name
