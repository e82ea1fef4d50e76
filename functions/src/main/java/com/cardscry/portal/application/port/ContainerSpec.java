package com.cardscry.portal.application.port;

import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalInt;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * A named document container, as Cosmos DB defines one: a partition key path and a time-to-live
 * default. Every container is created with time-to-live switched on, so a document's own
 * {@link Document#ttlSeconds() ttl} is always honoured.
 *
 * @param name              container name: lowercase letters, digits and hyphens, 3 to 63 characters
 * @param partitionKeyField the top-level field holding the partition key (the path {@code /field})
 * @param defaultTtlSeconds seconds after its last write that a document without its own ttl expires;
 *                          empty means such documents never expire (Cosmos default TTL {@code -1})
 */
public record ContainerSpec(String name, String partitionKeyField, OptionalInt defaultTtlSeconds) {

    private static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9-]{1,61}[a-z0-9]");
    private static final Pattern FIELD = Pattern.compile("[A-Za-z][A-Za-z0-9_]*");

    public ContainerSpec {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(partitionKeyField, "partitionKeyField");
        Objects.requireNonNull(defaultTtlSeconds, "defaultTtlSeconds");
        if (!NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("container name must be 3-63 lowercase letters, digits or hyphens: " + name);
        }
        if (!FIELD.matcher(partitionKeyField).matches()) {
            throw new IllegalArgumentException("partition key field must be a plain top-level field name: " + partitionKeyField);
        }
        if (partitionKeyField.equals("id") || partitionKeyField.equals("ttl")) {
            throw new IllegalArgumentException("container '" + name + "': the partition key field may not be '"
                    + partitionKeyField + "', which documents reserve");
        }
        if (defaultTtlSeconds.isPresent() && defaultTtlSeconds.getAsInt() <= 0) {
            throw new IllegalArgumentException("a default ttl must be positive seconds; leave it empty for 'never'");
        }
    }

    public static ContainerSpec of(String name, String partitionKeyField) {
        return new ContainerSpec(name, partitionKeyField, OptionalInt.empty());
    }

    public static ContainerSpec withDefaultTtl(String name, String partitionKeyField, int seconds) {
        return new ContainerSpec(name, partitionKeyField, OptionalInt.of(seconds));
    }

    /**
     * The document as a store keeps it in this container: its partition key field holds the partition
     * key. A caller may put that field in the fields itself, but only with that value.
     *
     * @throws IllegalArgumentException if the field holds another value
     */
    public Document withPartitionKeyField(Document document) {
        Objects.requireNonNull(document, "document");
        if (!document.fields().containsKey(partitionKeyField)) {
            Map<String, Object> fields = new LinkedHashMap<>(document.fields());
            fields.put(partitionKeyField, document.partitionKey());
            return document.withFields(fields);
        }
        if (!document.partitionKey().equals(document.fields().get(partitionKeyField))) {
            throw new IllegalArgumentException("field '" + partitionKeyField + "' holds the partition key of container '"
                    + name + "': leave it out or set it to the document's partitionKey");
        }
        return document;
    }

    /** The containers a store serves, checked to name each container once. */
    public static List<ContainerSpec> requireDistinct(List<ContainerSpec> containers) {
        Objects.requireNonNull(containers, "containers");
        Set<String> names = new HashSet<>();
        for (ContainerSpec spec : containers) {
            if (!names.add(spec.name())) {
                throw new IllegalArgumentException("container '" + spec.name() + "' is listed twice");
            }
        }
        return List.copyOf(containers);
    }

    /** The Cosmos partition key path, for example {@code /accountId}. */
    public String partitionKeyPath() {
        return "/" + partitionKeyField;
    }
}
