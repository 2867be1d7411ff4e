#!/bin/sh
# azd postdeploy hook (also usable by hand): create or update the Event Grid subscription that feeds
# IngestSubmission, once the deployed code has made the host create its blobs_extension system key.
# Reads the outputs of main.bicep that azd exports; needs the Azure CLI, signed in.
set -eu

: "${AZURE_RESOURCE_GROUP:?set by azd from main.bicep outputs}"
: "${AZURE_FUNCTION_APP_NAME:?set by azd from main.bicep outputs}"
: "${AZURE_STORAGE_ACCOUNT_NAME:?set by azd from main.bicep outputs}"
: "${AZURE_STORAGE_SYSTEM_TOPIC_NAME:?set by azd from main.bicep outputs}"
: "${AZURE_STORAGE_DEADLETTER_CONTAINER:=eventgrid-deadletter}"

here=$(CDPATH= cd -- "$(dirname -- "$0")" && pwd)

# The key appears when the host first starts with the Event Grid blob trigger; wait up to 5 minutes.
# Only its presence is checked: the key itself is never printed.
attempt=0
until [ -n "$(az functionapp keys list --resource-group "$AZURE_RESOURCE_GROUP" --name "$AZURE_FUNCTION_APP_NAME" \
        --query systemKeys.blobs_extension --output tsv 2>/dev/null || true)" ]; do
  attempt=$((attempt + 1))
  if [ "$attempt" -ge 30 ]; then
    echo "No blobs_extension key on $AZURE_FUNCTION_APP_NAME after 5 minutes: is the code deployed and the host running?" >&2
    exit 1
  fi
  sleep 10
done

az deployment group create \
  --resource-group "$AZURE_RESOURCE_GROUP" \
  --name blob-subscription \
  --template-file "$here/../modules/blob-subscription.bicep" \
  --parameters functionAppName="$AZURE_FUNCTION_APP_NAME" \
               systemTopicName="$AZURE_STORAGE_SYSTEM_TOPIC_NAME" \
               storageAccountName="$AZURE_STORAGE_ACCOUNT_NAME" \
               deadLetterContainerName="$AZURE_STORAGE_DEADLETTER_CONTAINER" \
  --output none

echo "Event Grid subscription submissions-to-ingest is in place on $AZURE_STORAGE_SYSTEM_TOPIC_NAME."
