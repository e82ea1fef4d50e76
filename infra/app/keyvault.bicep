// The vault of the app's own secrets: Azure RBAC instead of access policies, soft delete always on,
// purge protection by parameter. The secrets themselves are created by secrets.bicep.
param name string
param location string
param tags object

@description('Purge protection; once on it cannot be turned off.')
param purgeProtection bool

@description('The app identity: Key Vault Secrets User (read secret values) on this vault.')
param appPrincipalId string

// Built-in role "Key Vault Secrets User".
var keyVaultSecretsUser = '4633458b-17de-408a-b874-0445c86b69e6'

resource vault 'Microsoft.KeyVault/vaults@2023-07-01' = {
  name: name
  location: location
  tags: tags
  properties: {
    tenantId: subscription().tenantId
    sku: {
      family: 'A'
      name: 'standard'
    }
    enableRbacAuthorization: true
    enableSoftDelete: true
    softDeleteRetentionInDays: 90
    // Purge protection can only be switched on; null leaves it off without trying to turn it off.
    enablePurgeProtection: purgeProtection ? true : null
    // Lets main.bicep hand the gateway's function key to the function module as a secure parameter
    // (a Key Vault reference resolved by Resource Manager); no value ever leaves the deployment.
    enabledForTemplateDeployment: true
    enabledForDeployment: false
    enabledForDiskEncryption: false
  }
}

resource secretsUser 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(vault.id, appPrincipalId, keyVaultSecretsUser)
  scope: vault
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', keyVaultSecretsUser)
    principalId: appPrincipalId
    principalType: 'ServicePrincipal'
  }
}

output name string = vault.name
output uri string = vault.properties.vaultUri
