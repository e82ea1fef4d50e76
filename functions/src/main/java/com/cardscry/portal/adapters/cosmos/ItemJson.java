package com.cardscry.portal.adapters.cosmos;

import com.cardscry.portal.application.port.Document;
import com.cardscry.portal.application.port.StoreUnavailableException;
import com.cardscry.portal.application.port.StoredDocument;
import com.fasterxml.jackson.core.JsonPointer;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.TreeMap;

/**
 * A document as a Cosmos item and back. The item holds {@code id}, the fields (the partition key
 * field among them) and {@code ttl} when the document has its own. Cosmos adds the system
 * properties {@code _rid, _self, _etag, _attachments, _ts}; reading keeps {@code _etag} and
 * {@code _ts} as the ETag and last-modified time and drops the rest, so fields never show them.
 *
 * <p>Numbers: the port promises that what is read equals what was written, Long for Long and Double
 * for Double. Cosmos keeps a number's value but not its spelling ({@code 3.0} comes back as {@code 3}),
 * and a JavaScript-based server (the emulator) rounds integers beyond 2^53. So the item carries
 * {@code _exactNumbers}, only when needed: JSON pointer to {@code "double"} for each whole Double, to
 * {@code "long:<digits>"} for each Long beyond 2^53. Queries still compare the stored number.
 */
final class ItemJson {

    static final String ID = "id";
    static final String TTL = "ttl";
    static final String ETAG = "_etag";
    static final String TIMESTAMP = "_ts";
    static final String EXACT_NUMBERS = "_exactNumbers";
    private static final String WHOLE_DOUBLE = "double";
    private static final String LONG_PREFIX = "long:";
    private static final long EXACT_IN_A_DOUBLE = 1L << 53;

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private ItemJson() {
    }

    /** The item to write; the document's fields already hold its partition key field. */
    static ObjectNode toItem(Document document) {
        ObjectNode item = MAPPER.createObjectNode();
        item.put(ID, document.id());
        item.setAll((ObjectNode) MAPPER.valueToTree(document.fields()));
        document.ttlSeconds().ifPresent(ttl -> item.put(TTL, ttl));
        Map<String, String> exactNumbers = new TreeMap<>();
        noteInexactNumbers(document.fields(), JsonPointer.empty(), exactNumbers);
        if (!exactNumbers.isEmpty()) {
            item.set(EXACT_NUMBERS, MAPPER.valueToTree(exactNumbers));
        }
        return item;
    }

    private static void noteInexactNumbers(Object value, JsonPointer at, Map<String, String> exactNumbers) {
        if (value instanceof Double d && d == Math.rint(d)) {
            exactNumbers.put(at.toString(), WHOLE_DOUBLE);
        } else if (value instanceof Long l && (l > EXACT_IN_A_DOUBLE || l < -EXACT_IN_A_DOUBLE)) {
            exactNumbers.put(at.toString(), LONG_PREFIX + l);
        } else if (value instanceof Map<?, ?> map) {
            map.forEach((name, element) -> noteInexactNumbers(element, at.appendProperty((String) name), exactNumbers));
        } else if (value instanceof List<?> list) {
            for (int i = 0; i < list.size(); i++) {
                noteInexactNumbers(list.get(i), at.appendIndex(i), exactNumbers);
            }
        }
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
        object.path(EXACT_NUMBERS).properties()
                .forEach(exact -> restore(fields, JsonPointer.compile(exact.getKey()), exact.getValue().asText()));
        Document document = new Document(object.get(ID).textValue(), object.get(partitionKeyField).textValue(), fields, ttl);
        return new StoredDocument(document, object.get(ETAG).textValue(), Instant.ofEpochSecond(object.get(TIMESTAMP).longValue()));
    }

    /** Puts back the exact number {@code exact} describes at {@code at}, in the mutable copy being read. */
    @SuppressWarnings("unchecked")
    private static void restore(Object parent, JsonPointer at, String exact) {
        JsonPointer rest = at.tail();
        Object child;
        if (parent instanceof Map<?, ?> map && map.containsKey(at.getMatchingProperty())) {
            child = map.get(at.getMatchingProperty());
            if (rest.matches()) {
                ((Map<String, Object>) map).put(at.getMatchingProperty(), exactNumber(child, exact));
                return;
            }
        } else if (parent instanceof List<?> list && at.getMatchingIndex() >= 0 && at.getMatchingIndex() < list.size()) {
            child = list.get(at.getMatchingIndex());
            if (rest.matches()) {
                ((List<Object>) list).set(at.getMatchingIndex(), exactNumber(child, exact));
                return;
            }
        } else {
            throw new StoreUnavailableException("Cosmos returned an item whose " + EXACT_NUMBERS + " does not fit its fields");
        }
        restore(child, rest, exact);
    }

    private static Object exactNumber(Object stored, String exact) {
        if (exact.equals(WHOLE_DOUBLE) && stored instanceof Number number) {
            return number.doubleValue();
        }
        if (exact.startsWith(LONG_PREFIX) && stored instanceof Number) {
            try {
                return Long.parseLong(exact.substring(LONG_PREFIX.length()));
            } catch (NumberFormatException e) {
                // Falls through to the fault below.
            }
        }
        throw new StoreUnavailableException("Cosmos returned an item whose " + EXACT_NUMBERS + " does not fit its fields");
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
