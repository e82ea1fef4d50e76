// Cosmos DB for NoSQL with local (key) authentication disabled: the app reaches it with its identity
// through the built-in Data Contributor role, granted on the portal's database only.
param name string
param location string
param tags object

@allowed([
  'serverless'
  'autoscale'
])
param capacityMode string

@description('Maximum RU/s shared by the containers when capacityMode is autoscale.')
param autoscaleMaxThroughput int

@description('The app identity: Cosmos DB Built-in Data Contributor on the database.')
param appPrincipalId string

// PORTAL_COSMOS_DATABASE.
var databaseName = 'portal'

// Every container of com.cardscry.portal.application.Containers.ALL with its partition key field and default
// ttl (-1: ttl on, documents without their own ttl never expire; InfraMatchesCodeIT checks all three).
// indexedPaths are the only paths indexed, everything else is excluded: the partition key of a container
// that is queried (each query filters on it) and the fields its queries compare (application/**/*Records,
// SubscriptionSchedule, DocumentAuditLog). Containers read by id only index nothing. `id`, which every
// query orders by, is indexed by Cosmos DB whatever the policy says. A query on a field left out here
// still works, but scans its partition: add the path with the query.
var containers = [
  {
    name: 'accounts'
    partitionKey: 'accountId'
    defaultTtl: -1
    indexedPaths: []
  }
  {
    name: 'identities'
    partitionKey: 'key'
    defaultTtl: -1
    indexedPaths: []
  }
  {
    name: 'email-index'
    partitionKey: 'key'
    defaultTtl: -1
    indexedPaths: []
  }
  {
    // Sign-ups by UTC day: the retention purge reads one day's partition (docs/retention.md).
    name: 'sign-up-days'
    partitionKey: 'day'
    defaultTtl: -1
    indexedPaths: [
      '/day/?'
      '/signedUpAtEpochSecond/?'
    ]
  }
  {
    name: 'sessions'
    partitionKey: 'accountId'
    defaultTtl: -1
    indexedPaths: [
      '/accountId/?'
    ]
  }
  {
    // The retention schedule's audit-trail period as shipped: 365 days (docs/retention.md).
    name: 'audit'
    partitionKey: 'subject'
    defaultTtl: 31536000
    indexedPaths: [
      '/subject/?'
      '/heldExpiresAt/?'
    ]
  }
  {
    name: 'subscriptions'
    partitionKey: 'accountId'
    defaultTtl: -1
    indexedPaths: [
      '/accountId/?'
      '/heldExpiresAt/?'
    ]
  }
  {
    name: 'subscription-schedule'
    partitionKey: 'day'
    defaultTtl: -1
    indexedPaths: [
      '/day/?'
      '/dueAt/?'
    ]
  }
  {
    name: 'review-queue'
    partitionKey: 'queue'
    defaultTtl: -1
    indexedPaths: [
      '/queue/?'
    ]
  }
  {
    name: 'subscription-slots'
    partitionKey: 'accountId'
    defaultTtl: -1
    indexedPaths: []
  }
  {
    name: 'api-keys'
    partitionKey: 'accountId'
    defaultTtl: -1
    indexedPaths: [
      '/accountId/?'
      '/subscriptionId/?'
      '/heldExpiresAt/?'
    ]
  }
  {
    name: 'key-index'
    partitionKey: 'key'
    defaultTtl: -1
    indexedPaths: []
  }
  {
    name: 'key-owners'
    partitionKey: 'keyId'
    defaultTtl: -1
    indexedPaths: []
  }
  {
    name: 'usage'
    partitionKey: 'accountId'
    defaultTtl: -1
    indexedPaths: [
      '/accountId/?'
      '/subscriptionId/?'
      '/hour/?'
      '/heldExpiresAt/?'
    ]
  }
  {
    // Usage by UTC day: the days the retention purge rolls up (docs/retention.md).
    name: 'usage-days'
    partitionKey: 'day'
    defaultTtl: -1
    indexedPaths: [
      '/day/?'
    ]
  }
  {
    // Daily usage aggregates; the retention schedule's usage-daily period as shipped: 396 days.
    name: 'usage-daily'
    partitionKey: 'accountId'
    defaultTtl: 34214400
    indexedPaths: [
      '/accountId/?'
      '/subscriptionId/?'
      '/day/?'
      '/heldExpiresAt/?'
    ]
  }
  {
    name: 'quota-usage'
    partitionKey: 'subscriptionId'
    defaultTtl: -1
    indexedPaths: []
  }
  {
    name: 'privacy-requests'
    partitionKey: 'accountId'
    defaultTtl: -1
    indexedPaths: [
      '/accountId/?'
      '/heldExpiresAt/?'
    ]
  }
  {
    name: 'open-privacy-requests'
    partitionKey: 'queue'
    defaultTtl: -1
    indexedPaths: [
      '/queue/?'
      '/dueAtEpochSecond/?'
      '/receivedAtEpochSecond/?'
      '/enqueued/?'
    ]
  }
  {
    // The privacy form's submissions: point reads only; each document carries its own ttl.
    name: 'privacy-form-submissions'
    partitionKey: 'formId'
    defaultTtl: -1
    indexedPaths: []
  }
  {
    // Every legal hold in one partition (id: the account id), so the purge's sweep lists those it still has work on.
    name: 'legal-holds'
    partitionKey: 'partition'
    defaultTtl: -1
    indexedPaths: [
      '/released/?'
    ]
  }
  {
    // The retention purge's continuation and its reports, one partition.
    name: 'retention-runs'
    partitionKey: 'partition'
    defaultTtl: -1
    indexedPaths: [
      '/partition/?'
      '/type/?'
    ]
  }
]

// Built-in data-plane role "Cosmos DB Built-in Data Contributor" (read and write items, no management).
var dataContributorRoleId = '00000000-0000-0000-0000-000000000002'

resource account 'Microsoft.DocumentDB/databaseAccounts@2024-11-15' = {
  name: name
  location: location
  tags: tags
  kind: 'GlobalDocumentDB'
  properties: {
    databaseAccountOfferType: 'Standard'
    locations: [
      {
        locationName: location
        failoverPriority: 0
        isZoneRedundant: false
      }
    ]
    consistencyPolicy: {
      defaultConsistencyLevel: 'Session'
    }
    disableLocalAuth: true
    disableKeyBasedMetadataWriteAccess: true
    minimalTlsVersion: 'Tls12'
    capabilities: capacityMode == 'serverless' ? [
      {
        name: 'EnableServerless'
      }
    ] : []
  }
}

resource database 'Microsoft.DocumentDB/databaseAccounts/sqlDatabases@2024-11-15' = {
  parent: account
  name: databaseName
  properties: {
    resource: {
      id: databaseName
    }
    // Autoscale throughput shared by all containers; serverless accounts take no throughput at all.
    options: capacityMode == 'autoscale' ? {
      autoscaleSettings: {
        maxThroughput: autoscaleMaxThroughput
      }
    } : {}
  }
}

resource portalContainers 'Microsoft.DocumentDB/databaseAccounts/sqlDatabases/containers@2024-11-15' = [for container in containers: {
  parent: database
  name: container.name
  properties: {
    resource: {
      id: container.name
      partitionKey: {
        paths: [
          '/${container.partitionKey}'
        ]
        kind: 'Hash'
      }
      defaultTtl: container.defaultTtl
      indexingPolicy: {
        indexingMode: 'consistent'
        automatic: true
        includedPaths: map(container.indexedPaths, path => {
          path: path
        })
        excludedPaths: [
          {
            path: '/*'
          }
        ]
      }
    }
  }
}]

resource dataContributor 'Microsoft.DocumentDB/databaseAccounts/sqlRoleAssignments@2024-11-15' = {
  parent: account
  name: guid(account.id, appPrincipalId, dataContributorRoleId)
  properties: {
    roleDefinitionId: '${account.id}/sqlRoleDefinitions/${dataContributorRoleId}'
    principalId: appPrincipalId
    scope: '${account.id}/dbs/${database.name}'
  }
}

output endpoint string = account.properties.documentEndpoint
output databaseName string = database.name
