package com.cardscry.portal.application.port;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalInt;
import java.util.Set;

/**
 * A JSON document as the application hands it to a {@link DocumentStore}.
 *
 * <p>{@code fields} is a JSON object in JDK types: {@link String}, {@link Boolean}, {@link Long},
 * {@link Double}, {@link List}, {@link Map} with string keys, and {@code null}. Integral numbers are
 * normalised to {@code Long} and other numbers to {@code Double}, so what is read back equals what
 * was written. The reserved names {@code id}, {@code ttl} and those starting with {@code _} (the
 * store's system properties) may not appear in {@code fields}; the store writes the partition key
 * into the container's partition key field itself.
 *
 * @param id           unique within its partition: 1 to 255 characters, none of {@code / \ ? #}
 * @param partitionKey the partition this document lives in
 * @param fields       the document's own properties (copied, deeply unmodifiable)
 * @param ttlSeconds   seconds after the last write at which the document expires; empty takes the
 *                     container's default, {@code -1} means never
 */
public record Document(String id, String partitionKey, Map<String, Object> fields, OptionalInt ttlSeconds) {

    private static final Set<String> RESERVED = Set.of("id", "ttl");

    public Document {
        requireKey(id, "id");
        requireKey(partitionKey, "partitionKey");
        Objects.requireNonNull(ttlSeconds, "ttlSeconds");
        if (ttlSeconds.isPresent() && ttlSeconds.getAsInt() != -1 && ttlSeconds.getAsInt() <= 0) {
            throw new IllegalArgumentException("ttl must be positive seconds or -1 (never)");
        }
        fields = JsonValues.copyObject(Objects.requireNonNull(fields, "fields"), "");
        for (String name : fields.keySet()) {
            if (RESERVED.contains(name) || name.startsWith("_")) {
                throw new IllegalArgumentException("field name is reserved for the store: " + name);
            }
        }
    }

    public static Document of(String id, String partitionKey, Map<String, Object> fields) {
        return new Document(id, partitionKey, fields, OptionalInt.empty());
    }

    public Document withTtl(int seconds) {
        return new Document(id, partitionKey, fields, OptionalInt.of(seconds));
    }

    public Document withFields(Map<String, Object> newFields) {
        return new Document(id, partitionKey, newFields, ttlSeconds);
    }

    private static void requireKey(String value, String what) {
        Objects.requireNonNull(value, what);
        if (value.isEmpty() || value.length() > 255) {
            throw new IllegalArgumentException(what + " must be 1 to 255 characters");
        }
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c == '/' || c == '\\' || c == '?' || c == '#' || Character.isISOControl(c)) {
                throw new IllegalArgumentException(what + " must not contain / \\ ? # or control characters");
            }
        }
    }

    /** Deep copies of JSON values into the canonical JDK types named above. */
    static final class JsonValues {
        private JsonValues() {
        }

        static Map<String, Object> copyObject(Map<?, ?> source, String path) {
            Map<String, Object> copy = new LinkedHashMap<>();
            for (Map.Entry<?, ?> entry : source.entrySet()) {
                if (!(entry.getKey() instanceof String key)) {
                    throw new IllegalArgumentException("JSON object keys must be strings at " + path);
                }
                copy.put(key, copyValue(entry.getValue(), path.isEmpty() ? key : path + "." + key));
            }
            return Collections.unmodifiableMap(copy);
        }

        static Object copyValue(Object value, String path) {
            if (value == null || value instanceof String || value instanceof Boolean) {
                return value;
            }
            if (value instanceof Long || value instanceof Integer || value instanceof Short || value instanceof Byte) {
                return ((Number) value).longValue();
            }
            if (value instanceof Double || value instanceof Float) {
                double d = ((Number) value).doubleValue();
                if (Double.isNaN(d) || Double.isInfinite(d)) {
                    throw new IllegalArgumentException("JSON has no NaN or infinity, at " + path);
                }
                return d;
            }
            if (value instanceof Map<?, ?> map) {
                return copyObject(map, path);
            }
            if (value instanceof List<?> list) {
                return list.stream().map(v -> copyValue(v, path + "[]")).toList();
            }
            throw new IllegalArgumentException("not a JSON value (" + value.getClass().getSimpleName() + ") at " + path);
        }
    }
}
