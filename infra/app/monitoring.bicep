// Log Analytics and workspace-based Application Insights with local (key) authentication disabled:
// the app sends telemetry with its identity, which holds Monitoring Metrics Publisher on this component.
param logAnalyticsName string
param applicationInsightsName string
param location string
param tags object

@description('Days logs are kept; the same retention applies to Application Insights, which stores in the workspace.')
param retentionInDays int

@description('Principal that may publish telemetry: the app identity.')
param publisherPrincipalId string

// Built-in role "Monitoring Metrics Publisher".
var monitoringMetricsPublisher = '3913510d-42f4-4e42-8a64-420c390055eb'

resource logAnalytics 'Microsoft.OperationalInsights/workspaces@2023-09-01' = {
  name: logAnalyticsName
  location: location
  tags: tags
  properties: {
    sku: {
      name: 'PerGB2018'
    }
    retentionInDays: retentionInDays
  }
}

resource applicationInsights 'Microsoft.Insights/components@2020-02-02' = {
  name: applicationInsightsName
  location: location
  tags: tags
  kind: 'web'
  properties: {
    Application_Type: 'web'
    WorkspaceResourceId: logAnalytics.id
    DisableLocalAuth: true
    RetentionInDays: retentionInDays
  }
}

resource publisher 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(applicationInsights.id, publisherPrincipalId, monitoringMetricsPublisher)
  scope: applicationInsights
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', monitoringMetricsPublisher)
    principalId: publisherPrincipalId
    principalType: 'ServicePrincipal'
  }
}

output applicationInsightsName string = applicationInsights.name
// The connection string names the component (its instrumentation key is an identifier, not a credential:
// with local authentication disabled, only an Entra ID token can send telemetry).
output applicationInsightsConnectionString string = applicationInsights.properties.ConnectionString
