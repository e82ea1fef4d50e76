package com.cardscry.portal.adapters.cosmos;

import com.azure.cosmos.ConnectionMode;
import com.azure.cosmos.CosmosAsyncClient;
import com.azure.cosmos.CosmosAsyncContainer;
import com.azure.cosmos.CosmosAsyncDatabase;
import com.azure.cosmos.CosmosClientBuilder;
import com.azure.cosmos.CosmosException;
import com.azure.cosmos.ThrottlingRetryOptions;
import com.azure.cosmos.models.CosmosContainerProperties;
import com.azure.cosmos.models.CosmosItemRequestOptions;
import com.azure.cosmos.models.CosmosItemResponse;
import com.azure.cosmos.models.CosmosQueryRequestOptions;
import com.azure.cosmos.models.FeedResponse;
import com.azure.cosmos.models.PartitionKey;
import com.azure.cosmos.models.SqlParameter;
import com.azure.cosmos.models.SqlQuerySpec;
import com.azure.cosmos.util.CosmosPagedFlux;
import com.cardscry.portal.adapters.cosmos.CosmosStoreOptions.Credential;
import com.cardscry.portal.application.port.ContainerSpec;
import com.cardscry.portal.application.port.StoreUnavailableException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The Cosmos account through the SDK's async client, each call awaited: one client, one database.
 * The SDK's throttling retries are switched off because {@link TransientFaultRetry} owns the one
 * retry budget (and sees the server's retry-after on every 429).
 */
final class SdkCosmosAccount implements CosmosAccount {

    private static final int UNAUTHORIZED = 401;
    private static final int FORBIDDEN = 403;
    private static final int NOT_FOUND = 404;

    private final CosmosAsyncClient client;
    private final CosmosAsyncDatabase database;

    private SdkCosmosAccount(CosmosAsyncClient client, String databaseName) {
        this.client = client;
        this.database = client.getDatabase(databaseName);
    }

    /** Builds the client and makes sure every container is there as specified; see {@link CosmosDocumentStore#open}. */
    static SdkCosmosAccount connect(CosmosStoreOptions options) {
        CosmosAsyncClient client = buildClient(options);
        try {
            SdkCosmosAccount account = new SdkCosmosAccount(client, options.databaseName());
            if (options.createIfMissing()) {
                client.createDatabaseIfNotExists(options.databaseName()).block();
            }
            for (ContainerSpec spec : options.containers()) {
                account.requireContainer(spec, options.createIfMissing());
            }
            return account;
        } catch (CosmosException e) {
            client.close();
            boolean refused = e.getStatusCode() == UNAUTHORIZED || e.getStatusCode() == FORBIDDEN;
            throw new StoreUnavailableException("Cosmos database '" + options.databaseName() + "' could not be prepared: status "
                    + e.getStatusCode() + "/" + e.getSubStatusCode()
                    + (refused ? " (does the identity hold a Cosmos data-plane role on the account?)" : ""));
        } catch (RuntimeException e) {
            client.close();
            throw e;
        }
    }

    private static CosmosAsyncClient buildClient(CosmosStoreOptions options) {
        CosmosClientBuilder builder = new CosmosClientBuilder()
                .endpoint(options.endpoint().toString())
                .throttlingRetryOptions(new ThrottlingRetryOptions().setMaxRetryAttemptsOnThrottledRequests(0))
                .contentResponseOnWriteEnabled(true)
                .endpointDiscoveryEnabled(options.endpointDiscovery())
                .userAgentSuffix("cardscry-portal");
        if (options.credential() instanceof Credential.Entra entra) {
            builder.credential(entra.tokenCredential());
        } else {
            builder.key(((Credential.AccountKey) options.credential()).key());
        }
        if (options.connectionMode() == ConnectionMode.GATEWAY) {
            builder.gatewayMode();
        } else {
            builder.directMode();
        }
        try {
            return builder.buildAsyncClient();
        } catch (RuntimeException e) {
            // The SDK reads the account's metadata while building; its message may quote the answer.
            throw new StoreUnavailableException("Cosmos account at " + options.endpoint() + " could not be reached ("
                    + e.getClass().getSimpleName() + statusOf(e) + ")");
        }
    }

    private static String statusOf(RuntimeException e) {
        return e instanceof CosmosException cosmos ? ", status " + cosmos.getStatusCode() : "";
    }

    /**
     * Creates the container if allowed and missing, then checks that it has the spec's partition key
     * path and time-to-live switched on (a default TTL of -1 or more): without it Cosmos would ignore
     * every document's {@code ttl}.
     */
    private void requireContainer(ContainerSpec spec, boolean create) {
        CosmosContainerProperties properties;
        if (create) {
            CosmosContainerProperties wanted = new CosmosContainerProperties(spec.name(), spec.partitionKeyPath())
                    .setDefaultTimeToLiveInSeconds(spec.defaultTtlSeconds().orElse(-1));
            properties = database.createContainerIfNotExists(wanted).block().getProperties();
        } else {
            try {
                properties = database.getContainer(spec.name()).read().block().getProperties();
            } catch (CosmosException e) {
                if (e.getStatusCode() == NOT_FOUND) {
                    throw new IllegalStateException("Cosmos container '" + spec.name() + "' (or its database '" + database.getId()
                            + "') does not exist; the infrastructure creates it, or allow the store to create missing containers");
                }
                throw e;
            }
        }
        List<String> paths = properties.getPartitionKeyDefinition().getPaths();
        if (!List.of(spec.partitionKeyPath()).equals(paths)) {
            throw new IllegalStateException("Cosmos container '" + spec.name() + "' is partitioned by " + paths + ", not "
                    + spec.partitionKeyPath());
        }
        if (properties.getDefaultTimeToLiveInSeconds() == null) {
            throw new IllegalStateException("Cosmos container '" + spec.name()
                    + "' has time-to-live switched off; documents' ttl would be ignored (set a default TTL, -1 for none)");
        }
    }

    @Override
    public CosmosItems items(String container) {
        return new SdkItems(database.getContainer(container));
    }

    @Override
    public void probe(Duration timeout) {
        database.read().block(timeout);
    }

    @Override
    public void close() {
        client.close();
    }

    /** One container's items; each call is one awaited request. */
    private record SdkItems(CosmosAsyncContainer container) implements CosmosItems {

        @Override
        public ItemResponse read(String partitionKey, String id) {
            return item(container.readItem(id, new PartitionKey(partitionKey), ObjectNode.class).block());
        }

        @Override
        public ItemResponse create(String partitionKey, ObjectNode item) {
            return item(container.createItem(item, new PartitionKey(partitionKey), new CosmosItemRequestOptions()).block());
        }

        @Override
        public ItemResponse upsert(String partitionKey, ObjectNode item) {
            return item(container.upsertItem(item, new PartitionKey(partitionKey), new CosmosItemRequestOptions()).block());
        }

        @Override
        public ItemResponse replace(String partitionKey, ObjectNode item, String ifMatchEtag) {
            String id = item.get(ItemJson.ID).textValue();
            return item(container.replaceItem(item, id, new PartitionKey(partitionKey), conditional(ifMatchEtag)).block());
        }

        @Override
        public double delete(String partitionKey, String id, String ifMatchEtag) {
            return container.deleteItem(id, new PartitionKey(partitionKey), conditional(ifMatchEtag)).block().getRequestCharge();
        }

        @Override
        public PageResponse query(String partitionKey, QuerySql.Statement statement, int pageSize, String continuation) {
            List<SqlParameter> parameters = new ArrayList<>();
            statement.parameters().forEach((name, value) -> parameters.add(new SqlParameter(name, value)));
            CosmosQueryRequestOptions options = new CosmosQueryRequestOptions().setPartitionKey(new PartitionKey(partitionKey));
            CosmosPagedFlux<ObjectNode> results =
                    container.queryItems(new SqlQuerySpec(statement.text(), parameters), options, ObjectNode.class);
            FeedResponse<ObjectNode> page =
                    (continuation == null ? results.byPage(pageSize) : results.byPage(continuation, pageSize)).next().block();
            if (page == null) {
                return new PageResponse(List.of(), Optional.empty(), 0);
            }
            List<JsonNode> items = new ArrayList<>(page.getResults());
            return new PageResponse(items, Optional.ofNullable(page.getContinuationToken()).filter(token -> !token.isEmpty()), page.getRequestCharge());
        }

        private static CosmosItemRequestOptions conditional(String ifMatchEtag) {
            CosmosItemRequestOptions options = new CosmosItemRequestOptions();
            if (ifMatchEtag != null) {
                options.setIfMatchETag(ifMatchEtag);
            }
            return options;
        }

        private static ItemResponse item(CosmosItemResponse<ObjectNode> response) {
            return new ItemResponse(response.getItem(), response.getRequestCharge());
        }
    }
}
