package com.cardscry.portal.adapters.outbox;

import com.cardscry.portal.application.port.Notification;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The one JSON shape of a notification, shared by the outbox file and the queue message, documented
 * field by field in {@code docs/notifications.md}.
 */
final class NotificationJson {

    /** Raised only when the shape changes incompatibly, so a sender can refuse what it cannot read. */
    static final int SCHEMA = 1;

    private static final ObjectMapper MAPPER = JsonMapper.builder().build();
    private static final ObjectWriter READABLE = MAPPER.writerWithDefaultPrettyPrinter();

    private NotificationJson() {
    }

    /** One line, for a queue message. */
    static String compact(Notification notification, Instant createdAt) {
        try {
            return MAPPER.writeValueAsString(fields(notification, createdAt));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a map of strings always serialises", e);
        }
    }

    /** Indented UTF-8, for a person opening the file. */
    static byte[] readable(Notification notification, Instant createdAt) {
        try {
            return READABLE.writeValueAsBytes(fields(notification, createdAt));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a map of strings always serialises", e);
        }
    }

    /** The recipient of a notification file's content, if it is one this class wrote. */
    static java.util.Optional<String> recipientOf(byte[] content) {
        try {
            com.fasterxml.jackson.databind.JsonNode recipient = MAPPER.readTree(content).path("recipientEmail");
            return recipient.isTextual() ? java.util.Optional.of(recipient.asText()) : java.util.Optional.empty();
        } catch (java.io.IOException notOurs) {
            return java.util.Optional.empty();
        }
    }

    private static Map<String, Object> fields(Notification notification, Instant createdAt) {
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("schema", SCHEMA);
        fields.put("kind", notification.kind().name());
        fields.put("recipientEmail", notification.recipientEmail());
        fields.put("values", notification.values());
        fields.put("idempotencyKey", notification.idempotencyKey());
        fields.put("createdAt", createdAt.toString());
        return fields;
    }
}
