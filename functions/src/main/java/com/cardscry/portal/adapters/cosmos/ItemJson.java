package com.cardscry.portal.adapters.cosmos;

import com.cardscry.portal.application.port.Document;
import com.cardscry.portal.application.port.StoreUnavailableException;
import com.cardscry.portal.application.port.StoredDocument;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;

/**
 * A document as a Cosmos item and back. The item holds {@code id}, the fields (the partition key
 * field among them) and {@code ttl} when the document has its own. Cosmos adds the system
 * properties {@code _rid, _self, _etag, _attachments, _ts}; reading keeps {@code _etag} and
 * {@code _ts} as the ETag and last-modified time and drops the rest, so fields never show them.
 */
final class ItemJson {

    static final String ID = "id";
    static final String TTL = "ttl";
    static final String ETAG = "_etag";
    static final String TIMESTAMP = "_ts";

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private ItemJson() {
    }

    /** The item to write; the document's fields already hold its partition key field. */
    static ObjectNode toItem(Document document) {
        ObjectNode item = MAPPER.createObjectNode();
        item.put(ID, document.id());
        item.setAll((ObjectNode) MAPPER.valueToTree(document.fields()));
        document.ttlSeconds().ifPresent(ttl -> item.put(TTL, ttl));
        return item;
    }

    /** The stored document an item read from the container holds. */
    static StoredDocument fromItem(JsonNode item, String partitionKeyField) {
        if (!(item instanceof ObjectNode object) || !object.path(ID).isTextual() || !object.path(ETAG).isTextual()
                || !object.path(TIMESTAMP).canConvertToLong() || !object.path(partitionKeyField).isTextual()) {
            // Say only what is wrong, never the content: items hold personal data.
            throw new StoreUnavailableException("Cosmos returned an item without id, " + partitionKeyField + ", _etag or _ts");
        }
        Map<String, Object> fields = new LinkedHashMap<>();
        OptionalInt ttl = OptionalInt.empty();
        for (Map.Entry<String, JsonNode> property : object.properties()) {
            String name = property.getKey();
            if (name.equals(TTL) && property.getValue().canConvertToInt()) {
                ttl = OptionalInt.of(property.getValue().intValue());
            } else if (!name.equals(ID) && !name.startsWith("_")) {
                fields.put(name, value(property.getValue()));
            }
        }
        Document document = new Document(object.get(ID).textValue(), object.get(partitionKeyField).textValue(), fields, ttl);
        return new StoredDocument(document, object.get(ETAG).textValue(), Instant.ofEpochSecond(object.get(TIMESTAMP).longValue()));
    }

    /** A JSON value in the JDK types {@link Document} uses: integral numbers as Long, others as Double. */
    private static Object value(JsonNode node) {
        if (node.isNull()) {
            return null;
        }
        if (node.isTextual()) {
            return node.textValue();
        }
        if (node.isBoolean()) {
            return node.booleanValue();
        }
        if (node.isIntegralNumber() && node.canConvertToLong()) {
            return node.longValue();
        }
        if (node.isNumber()) {
            return node.doubleValue();
        }
        if (node.isArray()) {
            List<Object> list = new ArrayList<>(node.size());
            node.forEach(element -> list.add(value(element)));
            return list;
        }
        if (node.isObject()) {
            Map<String, Object> map = new LinkedHashMap<>();
            node.properties().forEach(entry -> map.put(entry.getKey(), value(entry.getValue())));
            return map;
        }
        throw new StoreUnavailableException("Cosmos returned an item holding a value that is not JSON: " + node.getNodeType());
    }
}
