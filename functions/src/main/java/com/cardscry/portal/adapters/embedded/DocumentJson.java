package com.cardscry.portal.adapters.embedded;

import com.cardscry.portal.application.port.Document;
import com.cardscry.portal.application.port.StoreUnavailableException;
import com.cardscry.portal.application.port.StoredDocument;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.OptionalInt;
import java.util.OptionalLong;

/**
 * The stored text of a document: its JSON body as Cosmos would hold it ({@code id}, the partition key
 * field, the fields, {@code ttl} if the document has its own) plus the system properties
 * {@code _etag}, {@code _ts} (last write, epoch seconds) and, for a document that expires,
 * {@code _expiresAt} (epoch seconds). Documents cannot hold names starting with {@code _}, so these
 * never clash with fields.
 */
final class DocumentJson {

    private static final String ID = "id";
    private static final String TTL = "ttl";
    private static final String ETAG = "_etag";
    private static final String TIMESTAMP = "_ts";
    private static final String EXPIRES_AT = "_expiresAt";

    /** Integral numbers read back as Long and others as Double: the types Document uses. */
    private static final ObjectMapper MAPPER = new ObjectMapper().enable(DeserializationFeature.USE_LONG_FOR_INTS);
    private static final TypeReference<LinkedHashMap<String, Object>> OBJECT = new TypeReference<>() {
    };

    private DocumentJson() {
    }

    /** The text to store; the document's fields already hold its partition key field. */
    static String encode(StoredEntry entry) {
        Document document = entry.document();
        Map<String, Object> body = new LinkedHashMap<>();
        body.put(ID, document.id());
        body.putAll(document.fields());
        document.ttlSeconds().ifPresent(ttl -> body.put(TTL, ttl));
        body.put(ETAG, entry.etag());
        body.put(TIMESTAMP, entry.stored().lastModified().getEpochSecond());
        entry.expiresAtEpochSecond().ifPresent(at -> body.put(EXPIRES_AT, at));
        try {
            return MAPPER.writeValueAsString(body);
        } catch (JsonProcessingException e) {
            // Document admits only JSON values, so this is a fault of the store, not of the caller.
            throw new IllegalStateException("document could not be written as JSON", e);
        }
    }

    static StoredEntry decode(String json, String partitionKeyField) {
        Map<String, Object> body = parse(json);
        String id = (String) body.remove(ID);
        Object ttl = body.remove(TTL);
        String etag = (String) body.remove(ETAG);
        long timestamp = (Long) body.remove(TIMESTAMP);
        Object expiresAt = body.remove(EXPIRES_AT);
        String partitionKey = (String) body.get(partitionKeyField);
        Document document = new Document(id, partitionKey, body,
                ttl == null ? OptionalInt.empty() : OptionalInt.of(((Long) ttl).intValue()));
        return new StoredEntry(new StoredDocument(document, etag, Instant.ofEpochSecond(timestamp)),
                expiresAt == null ? OptionalLong.empty() : OptionalLong.of((Long) expiresAt));
    }

    /** Only the expiry of a stored document, for the sweep, which need not know its container's spec. */
    static OptionalLong expiresAt(String json) {
        try {
            JsonNode at = MAPPER.readTree(json).get(EXPIRES_AT);
            return at == null ? OptionalLong.empty() : OptionalLong.of(at.longValue());
        } catch (JsonProcessingException e) {
            throw unreadable();
        }
    }

    private static Map<String, Object> parse(String json) {
        try {
            return MAPPER.readValue(json, OBJECT);
        } catch (JsonProcessingException e) {
            throw unreadable();
        }
    }

    private static StoreUnavailableException unreadable() {
        // Jackson's message would quote stored content, which may be personal data; say only what failed.
        return new StoreUnavailableException("embedded store holds a document that is not readable JSON");
    }
}
