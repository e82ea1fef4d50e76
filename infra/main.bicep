// The whole Cardscry portal in one resource group: the Functions app (Flex Consumption) with its own
// user-assigned identity, Cosmos DB, Storage (queues, exports, the host's storage), Key Vault with the
// app's secrets, monitoring, and API Management in front of the Cardscry API. No resource is reached
// with a key: every connection is the app's (or APIM's) managed identity with a role that names the
// resource. docs/infrastructure.md explains each choice; the tests in
// functions/src/test/java/com/cardscry/portal/infra/ check this file against the code.
targetScope = 'subscription'

@minLength(1)
@maxLength(64)
@description('Name of the azd environment; names the resource group and feeds the resource token.')
param environmentName string

@minLength(1)
@description('Azure region of every resource. Flex Consumption runs in a subset of regions.')
param location string

// --- Users' sign-in (Entra ID): see docs/accounts.md and the README's "Deploy to Azure" ---

@description('Tenant (directory) id of the Entra ID app registration of the portal API.')
param entraTenantId string

@description('Application (client) id of the portal API app registration; a token audience.')
param apiClientId string

@description('App ID URI of the portal API app registration, e.g. api://cardscry-portal; also a token audience.')
param apiAppIdUri string

@description('Tenants whose users may sign in, comma-separated; empty means only entraTenantId.')
param allowedTenantIds string = ''

@description('App role that makes a user an administrator.')
param adminRole string = 'Portal.Admin'

@description('The frontend origins allowed to call the portal cross-origin (with credentials), comma-separated; empty allows none.')
param corsAllowedOrigins string = ''

// --- The portal's behaviour: the same settings as local.settings.sample.json ---

@description('Current terms of service version; a new value makes every user re-accept.')
param termsVersion string = '2026-11-01'

@description('Current privacy policy version; a new value makes every user re-accept.')
param privacyPolicyVersion string = '2026-11-01'

@description('NCRONTAB schedule (six fields, UTC) of the subscription expiry timer.')
param subscriptionExpirySchedule string = '0 */15 * * * *'

@description('NCRONTAB (six fields, UTC) of the daily privacy-request deadline watch.')
param privacyDeadlineSchedule string = '0 0 6 * * *'

@description('NCRONTAB (six fields, UTC) of the timer that enqueues privacy requests stored but never enqueued.')
param privacyRequeueSchedule string = '0 */5 * * * *'

@description('NCRONTAB (six fields, UTC) of the retention purge (docs/retention.md).')
param retentionPurgeSchedule string = '0 5 * * * *'

@description('Retention periods that replace the schedule\'s, as category=days pairs (docs/retention.md); empty keeps the schedule.')
param retentionDays string = ''

@minValue(1)
@maxValue(1440)
param sessionIdleMinutes int = 30

@minValue(1)
@maxValue(168)
param sessionLifetimeHours int = 12

@minValue(1024)
@maxValue(104857600)
param maxBodyBytes int = 1048576

@minValue(1)
@maxValue(1440)
@description('How often the app re-reads its Key Vault secrets, so a new version is used without a restart.')
param secretsRefreshMinutes int = 5

@description('A JSON plan catalogue deployed with the app that replaces the built-in plans; empty keeps them.')
param plansFile string = ''

// --- Capacity ---

@minValue(0)
@maxValue(20)
@description('Always-ready instances of the HTTP functions: 1 in production (no cold start), 0 elsewhere.')
param alwaysReadyHttpInstances int = 1

@minValue(1)
@maxValue(1000)
param maximumInstanceCount int = 100

@allowed([
  'serverless'
  'autoscale'
])
@description('Cosmos DB capacity: serverless (pay per request) or autoscale throughput shared by the database.')
param cosmosCapacityMode string = 'serverless'

@minValue(1000)
@description('Maximum RU/s of the database when cosmosCapacityMode is autoscale.')
param cosmosAutoscaleMaxThroughput int = 1000

@description('Key Vault purge protection: once on it cannot be turned off, and a deleted vault is kept 90 days.')
param keyVaultPurgeProtection bool = true

@minValue(30)
@maxValue(730)
@description('Days logs are kept (Log Analytics and Application Insights); the audit trail lives in Cosmos DB, not in logs.')
param logRetentionDays int = 90

// --- API Management in front of the Cardscry API ---

@allowed([
  'Consumption'
  'Developer'
  'BasicV2'
  'StandardV2'
])
@description('APIM tier. Consumption has no built-in cache and no rate-limit-by-key: see docs/infrastructure.md.')
param apimSku string = 'Consumption'

@description('Publisher e-mail of the API Management service (Azure requires one).')
param apimPublisherEmail string

@description('Publisher name of the API Management service.')
param apimPublisherName string = 'Cardscry'

@description('Base URL of the Cardscry API the gateway forwards verified requests to.')
param cardscryApiUrl string

var abbrs = loadJsonContent('abbreviations.json')
var resourceToken = toLower(uniqueString(subscription().id, environmentName, location))
var tags = {
  'azd-env-name': environmentName
}
var keyVaultName = '${abbrs.keyVaultVaults}${resourceToken}'
var functionAppName = '${abbrs.webSitesFunctions}api-${resourceToken}'
// The host key API Management presents to the gateway routes; created by the secrets script like the app's secrets.
var functionKeySecretName = 'apim-function-key'

resource rg 'Microsoft.Resources/resourceGroups@2024-03-01' = {
  name: '${abbrs.resourcesResourceGroups}${environmentName}'
  location: location
  tags: tags
}

module appIdentity 'app/identity.bicep' = {
  name: 'app-identity'
  scope: rg
  params: {
    name: '${abbrs.managedIdentityUserAssignedIdentities}api-${resourceToken}'
    location: location
    tags: tags
  }
}

module monitoring 'app/monitoring.bicep' = {
  name: 'monitoring'
  scope: rg
  params: {
    logAnalyticsName: '${abbrs.operationalInsightsWorkspaces}${resourceToken}'
    applicationInsightsName: '${abbrs.insightsComponents}${resourceToken}'
    location: location
    tags: tags
    retentionInDays: logRetentionDays
    publisherPrincipalId: appIdentity.outputs.principalId
  }
}

module storage 'app/storage.bicep' = {
  name: 'storage'
  scope: rg
  params: {
    name: '${abbrs.storageStorageAccounts}${resourceToken}'
    location: location
    tags: tags
    appPrincipalId: appIdentity.outputs.principalId
  }
}

module cosmos 'app/cosmos.bicep' = {
  name: 'cosmos'
  scope: rg
  params: {
    name: '${abbrs.documentDBDatabaseAccounts}${resourceToken}'
    location: location
    tags: tags
    capacityMode: cosmosCapacityMode
    autoscaleMaxThroughput: cosmosAutoscaleMaxThroughput
    appPrincipalId: appIdentity.outputs.principalId
  }
}

module keyVault 'app/keyvault.bicep' = {
  name: 'keyvault'
  scope: rg
  params: {
    name: keyVaultName
    location: location
    tags: tags
    purgeProtection: keyVaultPurgeProtection
    appPrincipalId: appIdentity.outputs.principalId
  }
}

module secrets 'app/secrets.bicep' = {
  name: 'secrets'
  scope: rg
  params: {
    keyVaultName: keyVault.outputs.name
    identityName: '${abbrs.managedIdentityUserAssignedIdentities}secrets-${resourceToken}'
    scriptName: '${abbrs.resourcesDeploymentScripts}secrets-${resourceToken}'
    location: location
    tags: tags
    functionKeySecretName: functionKeySecretName
  }
}

// Read at deployment time by Resource Manager (the vault allows template deployment) and handed to the
// function module as a secure parameter: the key never appears in a parameter file or an output.
resource vault 'Microsoft.KeyVault/vaults@2023-07-01' existing = {
  scope: rg
  name: keyVaultName
}

// Every setting the portal reads in Azure (config/PortalSettings.java). The local-only ones are left
// out on purpose; InfraMatchesCodeIT names them and says why.
var portalSettings = {
  PORTAL_ENVIRONMENT: 'azure'
  PORTAL_STORE: 'cosmos'
  PORTAL_QUEUE: 'storage'
  PORTAL_SECRETS: 'keyvault'
  PORTAL_EXPORTS: 'blob'
  PORTAL_COSMOS_ENDPOINT: cosmos.outputs.endpoint
  PORTAL_COSMOS_DATABASE: cosmos.outputs.databaseName
  PORTAL_COSMOS_CONNECTION_MODE: 'direct'
  PORTAL_COSMOS_CREATE_CONTAINERS: 'false'
  PORTAL_STORAGE_QUEUE_ENDPOINT: storage.outputs.queueEndpoint
  PORTAL_STORAGE_BLOB_ENDPOINT: storage.outputs.blobEndpoint
  PORTAL_EXPORTS_CONTAINER: storage.outputs.exportsContainerName
  PORTAL_KEYVAULT_URI: keyVault.outputs.uri
  PORTAL_SECRETS_REFRESH_MINUTES: string(secretsRefreshMinutes)
  AZURE_CLIENT_ID: appIdentity.outputs.clientId
  PORTAL_MAX_BODY_BYTES: string(maxBodyBytes)
  PORTAL_AUTH: 'entra'
  PORTAL_AUTH_ISSUER: '${environment().authentication.loginEndpoint}{tenantid}/v2.0'
  PORTAL_AUTH_METADATA_URL: '${environment().authentication.loginEndpoint}${entraTenantId}/v2.0/.well-known/openid-configuration'
  PORTAL_AUTH_AUDIENCES: '${apiClientId},${apiAppIdUri}'
  PORTAL_AUTH_ALLOWED_TENANTS: empty(allowedTenantIds) ? entraTenantId : allowedTenantIds
  PORTAL_AUTH_ADMIN_ROLE: adminRole
  PORTAL_AUTH_APP_SERVICE_ENFORCED: 'false'
  PORTAL_TERMS_VERSION: termsVersion
  PORTAL_PRIVACY_POLICY_VERSION: privacyPolicyVersion
  PORTAL_SESSION_IDLE_MINUTES: string(sessionIdleMinutes)
  PORTAL_SESSION_LIFETIME_HOURS: string(sessionLifetimeHours)
  PORTAL_PLANS_FILE: plansFile
  PORTAL_SUBSCRIPTION_EXPIRY_SCHEDULE: subscriptionExpirySchedule
  PORTAL_PRIVACY_DEADLINE_SCHEDULE: privacyDeadlineSchedule
  PORTAL_PRIVACY_REQUEUE_SCHEDULE: privacyRequeueSchedule
  PORTAL_RETENTION_DAYS: retentionDays
  PORTAL_RETENTION_PURGE_SCHEDULE: retentionPurgeSchedule
}

module api 'app/function.bicep' = {
  name: 'api'
  scope: rg
  params: {
    name: functionAppName
    planName: '${abbrs.webServerFarms}${resourceToken}'
    location: location
    tags: union(tags, {
      'azd-service-name': 'api'
    })
    identityId: appIdentity.outputs.id
    identityClientId: appIdentity.outputs.clientId
    storageAccountName: storage.outputs.name
    deploymentContainerUrl: storage.outputs.deploymentContainerUrl
    applicationInsightsConnectionString: monitoring.outputs.applicationInsightsConnectionString
    portalSettings: portalSettings
    corsAllowedOrigins: empty(corsAllowedOrigins) ? [] : split(corsAllowedOrigins, ',')
    alwaysReadyHttpInstances: alwaysReadyHttpInstances
    maximumInstanceCount: maximumInstanceCount
    gatewayFunctionKey: vault.getSecret(functionKeySecretName)
  }
  // The host key is read from the vault, which holds it only once the secrets script has run; and the
  // app's roles must exist before its host starts.
  dependsOn: [
    secrets
    storage
    cosmos
    keyVault
    monitoring
  ]
}

module gateway 'app/apim.bicep' = {
  name: 'gateway'
  scope: rg
  params: {
    name: '${abbrs.apiManagementService}${resourceToken}'
    identityName: '${abbrs.managedIdentityUserAssignedIdentities}apim-${resourceToken}'
    location: location
    tags: tags
    sku: apimSku
    publisherEmail: apimPublisherEmail
    publisherName: apimPublisherName
    cardscryApiUrl: cardscryApiUrl
    portalBaseUrl: api.outputs.url
    keyVaultName: keyVault.outputs.name
    functionKeySecretName: secrets.outputs.functionKeySecretName
  }
}

output AZURE_LOCATION string = location
output AZURE_TENANT_ID string = tenant().tenantId
output AZURE_RESOURCE_GROUP string = rg.name
output AZURE_FUNCTION_APP_NAME string = api.outputs.name
output PORTAL_API_URL string = '${api.outputs.url}/api'
output PORTAL_HEALTH_URL string = '${api.outputs.url}/api/v1/health'
output GATEWAY_URL string = gateway.outputs.apiUrl
output AZURE_COSMOS_ENDPOINT string = cosmos.outputs.endpoint
output AZURE_KEY_VAULT_NAME string = keyVault.outputs.name
output AZURE_KEY_VAULT_URI string = keyVault.outputs.uri
output AZURE_STORAGE_ACCOUNT_NAME string = storage.outputs.name
output APPLICATIONINSIGHTS_NAME string = monitoring.outputs.applicationInsightsName
