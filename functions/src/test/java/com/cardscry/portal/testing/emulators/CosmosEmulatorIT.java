package com.cardscry.portal.testing.emulators;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.azure.cosmos.CosmosClient;
import com.azure.cosmos.CosmosClientBuilder;
import com.azure.cosmos.CosmosContainer;
import com.azure.cosmos.CosmosException;
import com.azure.cosmos.models.CosmosBatch;
import com.azure.cosmos.models.CosmosBatchResponse;
import com.azure.cosmos.models.CosmosContainerProperties;
import com.azure.cosmos.models.CosmosItemRequestOptions;
import com.azure.cosmos.models.CosmosQueryRequestOptions;
import com.azure.cosmos.models.FeedResponse;
import com.azure.cosmos.models.PartitionKey;
import com.azure.cosmos.models.SqlParameter;
import com.azure.cosmos.models.SqlQuerySpec;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The Cosmos DB emulator as the official SDK sees it, including the three faults our launcher mends:
 * the query plan, batch partition keys, and 404 (not 500) for a missing item.
 */
class CosmosEmulatorIT {

    private static CosmosClient client;
    private static CosmosContainer container;
    private static String database;

    @BeforeAll
    static void connect() {
        Emulators.Cosmos cosmos = Emulators.cosmos();
        client = new CosmosClientBuilder().endpoint(cosmos.endpoint().toString()).key(cosmos.key())
                .gatewayMode().connectionSharingAcrossClientsEnabled(false).buildClient();
        database = "smoke-" + UUID.randomUUID();
        client.createDatabaseIfNotExists(database);
        CosmosContainerProperties properties = new CosmosContainerProperties("accounts", "/accountId");
        properties.setDefaultTimeToLiveInSeconds(-1);
        client.getDatabase(database).createContainerIfNotExists(properties);
        container = client.getDatabase(database).getContainer("accounts");
    }

    @AfterAll
    static void disconnect() {
        if (client != null) {
            client.getDatabase(database).delete();
            client.close();
        }
    }

    private static ObjectNode item(String account, String id, int n) {
        return JsonNodeFactory.instance.objectNode().put("id", id).put("accountId", account).put("n", n);
    }

    @Test
    void a_missing_item_is_404_not_500() {
        CosmosException missing = assertThrows(CosmosException.class,
                () -> container.readItem("nope", new PartitionKey("acc-1"), ObjectNode.class));
        assertEquals(404, missing.getStatusCode());
    }

    @Test
    void conditional_replace_with_a_stale_etag_is_412() {
        String etag = container.createItem(item("acc-2", "profile", 1)).getETag();
        container.replaceItem(item("acc-2", "profile", 2), "profile", new PartitionKey("acc-2"),
                new CosmosItemRequestOptions().setIfMatchETag(etag));
        CosmosException stale = assertThrows(CosmosException.class, () -> container.replaceItem(item("acc-2", "profile", 3),
                "profile", new PartitionKey("acc-2"), new CosmosItemRequestOptions().setIfMatchETag(etag)));
        assertEquals(412, stale.getStatusCode());
    }

    @Test
    void a_single_partition_query_pages_in_id_order_with_continuations() {
        for (int i = 0; i < 7; i++) {
            container.createItem(item("acc-3", "doc-" + i, i));
        }
        container.createItem(item("acc-4", "doc-x", 99));
        // The partition is named in the filter too: with a query plan the SDK addresses partition key
        // ranges, and the emulator's single range holds every partition.
        SqlQuerySpec query = new SqlQuerySpec("SELECT * FROM c WHERE c.accountId = @pk AND c.n >= @min ORDER BY c.id",
                List.of(new SqlParameter("@pk", "acc-3"), new SqlParameter("@min", 2)));
        CosmosQueryRequestOptions options = new CosmosQueryRequestOptions().setPartitionKey(new PartitionKey("acc-3"));

        List<String> ids = new ArrayList<>();
        String continuation = null;
        int pages = 0;
        do {
            FeedResponse<ObjectNode> page = container.queryItems(query, options, ObjectNode.class)
                    .iterableByPage(continuation, 2).iterator().next();
            page.getResults().forEach(result -> ids.add(result.get("id").asText()));
            continuation = page.getContinuationToken();
            pages++;
        } while (continuation != null && pages < 10);

        assertEquals(List.of("doc-2", "doc-3", "doc-4", "doc-5", "doc-6"), ids);
        assertTrue(pages >= 3, "paged by two: " + pages);
    }

    @Test
    void a_transactional_batch_for_one_partition_succeeds() {
        CosmosBatch batch = CosmosBatch.createCosmosBatch(new PartitionKey("acc-5"));
        batch.createItemOperation(item("acc-5", "a", 1));
        batch.createItemOperation(item("acc-5", "b", 2));
        CosmosBatchResponse response = container.executeCosmosBatch(batch);
        assertTrue(response.isSuccessStatusCode(), "batch status " + response.getStatusCode());
        assertEquals(2, container.readItem("b", new PartitionKey("acc-5"), ObjectNode.class).getItem().get("n").asInt());
    }
}
