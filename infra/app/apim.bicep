// API Management in front of the Cardscry API. Callers present a portal-issued API key; the policy
// (apim-policy.xml) verifies it with the portal's POST /api/v1/gateway/verify, presenting the host key
// from a Key Vault-backed named value, and reports each served request to POST /api/v1/gateway/usage.
// APIM subscriptions are not used: the portal owns keys (DESIGN.md decision 1).
param name string
param identityName string
param location string
param tags object

@allowed([
  'Consumption'
  'Developer'
  'BasicV2'
  'StandardV2'
])
param sku string
param publisherEmail string
param publisherName string

@description('Base URL of the Cardscry API (the backend).')
param cardscryApiUrl string

@description('Base URL of the portal Functions app, e.g. https://func-api-xyz.azurewebsites.net.')
param portalBaseUrl string

param keyVaultName string
param functionKeySecretName string

// Built-in role "Key Vault Secrets User", granted on the one secret APIM needs, not on the vault.
var keyVaultSecretsUser = '4633458b-17de-408a-b874-0445c86b69e6'
var isConsumption = sku == 'Consumption'
// The plan's rate limit, per portal subscription. rate-limit-by-key is not offered on the Consumption tier,
// so there the policy goes without it and asks the portal's verification to count every request instead
// (docs/gateway.md, "The rate limit"); the other tiers apply it at the gateway and count nothing in the portal.
var rateLimitPolicy = isConsumption ? '' : loadTextContent('apim-rate-limit.xml')
var portalCountsRequests = isConsumption ? 'true' : 'false'
var policy = replace(replace(loadTextContent('apim-policy.xml'), '<!-- RATE LIMIT -->', rateLimitPolicy), 'PORTAL_COUNTS_REQUESTS', portalCountsRequests)

resource identity 'Microsoft.ManagedIdentity/userAssignedIdentities@2023-01-31' = {
  name: identityName
  location: location
  tags: tags
}

resource vault 'Microsoft.KeyVault/vaults@2023-07-01' existing = {
  name: keyVaultName
}

resource functionKeySecret 'Microsoft.KeyVault/vaults/secrets@2023-07-01' existing = {
  parent: vault
  name: functionKeySecretName
}

resource functionKeyReader 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(functionKeySecret.id, identity.id, keyVaultSecretsUser)
  scope: functionKeySecret
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', keyVaultSecretsUser)
    principalId: identity.properties.principalId
    principalType: 'ServicePrincipal'
  }
}

resource service 'Microsoft.ApiManagement/service@2024-05-01' = {
  name: name
  location: location
  tags: tags
  sku: {
    name: sku
    capacity: isConsumption ? 0 : 1
  }
  identity: {
    type: 'UserAssigned'
    userAssignedIdentities: {
      '${identity.id}': {}
    }
  }
  properties: {
    publisherEmail: publisherEmail
    publisherName: publisherName
  }
}

resource portalBase 'Microsoft.ApiManagement/service/namedValues@2024-05-01' = {
  parent: service
  name: 'portal-base-url'
  properties: {
    displayName: 'portal-base-url'
    value: portalBaseUrl
    secret: false
  }
}

// The value stays in Key Vault; APIM reads it with its identity and follows new versions by itself.
resource portalFunctionKey 'Microsoft.ApiManagement/service/namedValues@2024-05-01' = {
  parent: service
  name: 'portal-function-key'
  properties: {
    displayName: 'portal-function-key'
    secret: true
    keyVault: {
      secretIdentifier: '${vault.properties.vaultUri}secrets/${functionKeySecretName}'
      identityClientId: identity.properties.clientId
    }
  }
  dependsOn: [
    functionKeyReader
  ]
}

resource cardscryApi 'Microsoft.ApiManagement/service/apis@2024-05-01' = {
  parent: service
  name: 'cardscry'
  properties: {
    displayName: 'Cardscry API'
    path: 'cardscry'
    protocols: [
      'https'
    ]
    serviceUrl: cardscryApiUrl
    subscriptionRequired: false
  }
}

// Every method on every path is forwarded once the key is verified.
var methods = [
  'GET'
  'POST'
  'PUT'
  'PATCH'
  'DELETE'
]

resource operations 'Microsoft.ApiManagement/service/apis/operations@2024-05-01' = [for method in methods: {
  parent: cardscryApi
  name: 'all-${toLower(method)}'
  properties: {
    displayName: '${method} any path'
    method: method
    urlTemplate: '/*'
  }
}]

resource apiPolicy 'Microsoft.ApiManagement/service/apis/policies@2024-05-01' = {
  parent: cardscryApi
  name: 'policy'
  properties: {
    format: 'rawxml'
    value: policy
  }
  dependsOn: [
    portalBase
    portalFunctionKey
  ]
}

output apiUrl string = '${service.properties.gatewayUrl}/${cardscryApi.properties.path}'
