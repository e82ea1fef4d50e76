// The portal's Functions app on the Flex Consumption plan: Java 17, the app's user-assigned identity for
// everything (its package, the host's storage, Cosmos DB, Key Vault, Storage, telemetry), app settings
// without a single key, and the host key the gateway calls the verify and usage routes with.
param name string
param planName string
param location string
param tags object

@description('Resource id of the app identity.')
param identityId string

@description('Client id of the app identity (AZURE_CLIENT_ID, AzureWebJobsStorage__clientId).')
param identityClientId string

@description('The storage account of the host (AzureWebJobsStorage), reached with the identity.')
param storageAccountName string

@description('Blob container URL the Flex Consumption plan reads the app package from.')
param deploymentContainerUrl string

param applicationInsightsConnectionString string

@description('The portal\'s own settings (main.bicep), merged with the host settings below.')
param portalSettings object

@description('Origins the platform CORS allows, with credentials (PORTAL_CORS_ALLOWED_ORIGINS).')
param corsAllowedOrigins array

param alwaysReadyHttpInstances int
param maximumInstanceCount int

@secure()
@description('Value of the host key named "apim", read from Key Vault by main.bicep.')
param gatewayFunctionKey string

// Settings the Functions host reads. AzureWebJobsStorage as an identity-based connection: account name,
// credential and which identity, never a connection string. The Flex Consumption plan takes the runtime
// from functionAppConfig, so FUNCTIONS_WORKER_RUNTIME and FUNCTIONS_EXTENSION_VERSION are not set.
var hostSettings = {
  AzureWebJobsStorage__accountName: storageAccountName
  AzureWebJobsStorage__credential: 'managedidentity'
  AzureWebJobsStorage__clientId: identityClientId
  APPLICATIONINSIGHTS_CONNECTION_STRING: applicationInsightsConnectionString
  APPLICATIONINSIGHTS_AUTHENTICATION_STRING: 'ClientId=${identityClientId};Authorization=AAD'
}

resource plan 'Microsoft.Web/serverfarms@2024-04-01' = {
  name: planName
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

resource site 'Microsoft.Web/sites@2024-04-01' = {
  name: name
  location: location
  tags: tags
  kind: 'functionapp,linux'
  identity: {
    type: 'UserAssigned'
    userAssignedIdentities: {
      '${identityId}': {}
    }
  }
  properties: {
    serverFarmId: plan.id
    httpsOnly: true
    keyVaultReferenceIdentity: identityId
    siteConfig: {
      minTlsVersion: '1.2'
      ftpsState: 'Disabled'
      http20Enabled: true
      cors: {
        allowedOrigins: corsAllowedOrigins
        supportCredentials: true
      }
    }
    functionAppConfig: {
      deployment: {
        storage: {
          type: 'blobContainer'
          value: deploymentContainerUrl
          authentication: {
            type: 'UserAssignedIdentity'
            userAssignedIdentityResourceId: identityId
          }
        }
      }
      scaleAndConcurrency: {
        maximumInstanceCount: maximumInstanceCount
        instanceMemoryMB: 2048
        alwaysReady: alwaysReadyHttpInstances > 0 ? [
          {
            name: 'http'
            instanceCount: alwaysReadyHttpInstances
          }
        ] : []
      }
      runtime: {
        name: 'java'
        version: '17'
      }
    }
  }
}

resource appSettings 'Microsoft.Web/sites/config@2024-04-01' = {
  parent: site
  name: 'appsettings'
  properties: union(hostSettings, portalSettings)
}

// A host key (valid for every FUNCTION-level route) for API Management alone, so that it can be
// replaced without touching other callers. Its value is the vault's: see secrets.bicep.
resource gatewayKey 'Microsoft.Web/sites/host/functionKeys@2024-04-01' = {
  name: '${site.name}/default/apim'
  properties: {
    name: 'apim'
    value: gatewayFunctionKey
  }
  dependsOn: [
    appSettings
  ]
}

output name string = site.name
output url string = 'https://${site.properties.defaultHostName}'
