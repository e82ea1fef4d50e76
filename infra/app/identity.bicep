// The user-assigned identity the Functions app signs in to every Azure service with (AZURE_CLIENT_ID).
// User-assigned rather than system-assigned so that its roles exist before the app's host first starts.
param name string
param location string
param tags object

resource identity 'Microsoft.ManagedIdentity/userAssignedIdentities@2023-01-31' = {
  name: name
  location: location
  tags: tags
}

output id string = identity.id
output clientId string = identity.properties.clientId
output principalId string = identity.properties.principalId
