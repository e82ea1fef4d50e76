// Creates the app's secrets (and the gateway's function key) in the vault, each only if it is absent,
// with a deployment script that runs under its own identity, which may manage this vault's secrets and
// nothing else. A value is generated inside the script's container from 32 random bytes (openssl) and
// goes straight to the vault: never into a parameter, a template, an output or a log. Because an
// existing secret is never touched, deploying again keeps every key, session and e-mail index valid.
param keyVaultName string
param identityName string
param scriptName string
param location string
param tags object

@description('Name of the secret that holds the host key API Management presents to the gateway routes.')
param functionKeySecretName string

@description('Changes on every deployment so that the script runs each time and restores a secret deleted meanwhile.')
param runTag string = utcNow()

// com.cardscry.portal.application.SecretNames.ALL: standard Base64 of 32 random bytes each, the format
// KeyVaultSecretSource accepts (at least 256 bits). InfraMatchesCodeIT compares this list with the code.
var appSecretNames = [
  'api-key-pepper'
  'session-signing-key'
  'token-signing-key'
  'email-index-key'
  'audit-pseudonym-key'
]

// Built-in role "Key Vault Secrets Officer": manage secrets (not keys, certificates or the vault).
var keyVaultSecretsOfficer = 'b86a8fe4-44ce-4948-aee5-eccb2c155cd7'

resource vault 'Microsoft.KeyVault/vaults@2023-07-01' existing = {
  name: keyVaultName
}

resource scriptIdentity 'Microsoft.ManagedIdentity/userAssignedIdentities@2023-01-31' = {
  name: identityName
  location: location
  tags: tags
}

resource secretsOfficer 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(vault.id, scriptIdentity.id, keyVaultSecretsOfficer)
  scope: vault
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', keyVaultSecretsOfficer)
    principalId: scriptIdentity.properties.principalId
    principalType: 'ServicePrincipal'
  }
}

resource createMissingSecrets 'Microsoft.Resources/deploymentScripts@2023-08-01' = {
  name: scriptName
  location: location
  tags: tags
  kind: 'AzureCLI'
  identity: {
    type: 'UserAssigned'
    userAssignedIdentities: {
      '${scriptIdentity.id}': {}
    }
  }
  properties: {
    azCliVersion: '2.63.0'
    forceUpdateTag: runTag
    timeout: 'PT15M'
    retentionInterval: 'PT1H'
    cleanupPreference: 'OnSuccess'
    environmentVariables: [
      {
        name: 'VAULT_NAME'
        value: vault.name
      }
      {
        name: 'APP_SECRET_NAMES'
        value: join(appSecretNames, ' ')
      }
      {
        name: 'FUNCTION_KEY_SECRET_NAME'
        value: functionKeySecretName
      }
    ]
    scriptContent: loadTextContent('scripts/create-missing-secrets.sh')
  }
  dependsOn: [
    secretsOfficer
  ]
}

output appSecretNames array = appSecretNames
output functionKeySecretName string = functionKeySecretName
output scriptName string = createMissingSecrets.name
