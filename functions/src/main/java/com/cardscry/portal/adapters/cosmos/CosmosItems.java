package com.cardscry.portal.adapters.cosmos;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Optional;

/**
 * The item operations of one container, as the SDK offers them: the seam between the store's rules
 * (mapping, retries, request charges) and the wire, so those rules can be tested with scripted
 * failures. Every method makes one request and throws the SDK's {@code CosmosException} as the SDK
 * does; none retries.
 */
interface CosmosItems {

    /** A response carrying an item; {@code item} is the stored item with its system properties. */
    record ItemResponse(JsonNode item, double requestCharge) {
    }

    /** One page of query results and the SDK's continuation, if there is more. */
    record PageResponse(List<JsonNode> items, Optional<String> continuation, double requestCharge) {
    }

    ItemResponse read(String partitionKey, String id);

    ItemResponse create(String partitionKey, ObjectNode item);

    ItemResponse upsert(String partitionKey, ObjectNode item);

    /** @param ifMatchEtag null for an unconditional replace */
    ItemResponse replace(String partitionKey, ObjectNode item, String ifMatchEtag);

    /** @param ifMatchEtag null for an unconditional delete; answers the request charge */
    double delete(String partitionKey, String id, String ifMatchEtag);

    /** @param continuation null for the first page */
    PageResponse query(String partitionKey, QuerySql.Statement statement, int pageSize, String continuation);
}
