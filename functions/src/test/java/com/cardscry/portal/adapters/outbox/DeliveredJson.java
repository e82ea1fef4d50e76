package com.cardscry.portal.adapters.outbox;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.cardscry.portal.application.port.Notification;
import com.cardscry.portal.application.port.NotificationKind;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Reads the notification JSON of docs/notifications.md back, checking it has exactly the documented fields. */
final class DeliveredJson {

    static final ObjectMapper JSON = new ObjectMapper();
    private static final List<String> FIELDS = List.of("schema", "kind", "recipientEmail", "values", "idempotencyKey", "createdAt");

    private DeliveredJson() {
    }

    static JsonNode tree(String json) {
        try {
            return JSON.readTree(json);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    static Notification parse(String json) {
        JsonNode tree = tree(json);
        assertEquals(FIELDS, listOf(tree.fieldNames()), json);
        assertEquals(1, tree.get("schema").intValue());
        Map<String, String> values = new LinkedHashMap<>();
        tree.get("values").fields().forEachRemaining(value -> values.put(value.getKey(), value.getValue().textValue()));
        return new Notification(tree.get("recipientEmail").textValue(), NotificationKind.valueOf(tree.get("kind").textValue()),
                values, tree.get("idempotencyKey").textValue());
    }

    private static <T> List<T> listOf(Iterator<T> iterator) {
        List<T> items = new ArrayList<>();
        iterator.forEachRemaining(items::add);
        return items;
    }
}
