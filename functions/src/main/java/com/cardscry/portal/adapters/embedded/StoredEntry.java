package com.cardscry.portal.adapters.embedded;

import com.cardscry.portal.application.port.ContainerSpec;
import com.cardscry.portal.application.port.Document;
import com.cardscry.portal.application.port.StoredDocument;
import java.time.Instant;
import java.util.Objects;
import java.util.OptionalInt;
import java.util.OptionalLong;

/**
 * One document as the embedded store keeps it: the stored version plus the second at which it
 * expires, if it ever does.
 */
record StoredEntry(StoredDocument stored, OptionalLong expiresAtEpochSecond) {

    StoredEntry {
        Objects.requireNonNull(stored, "stored");
        Objects.requireNonNull(expiresAtEpochSecond, "expiresAtEpochSecond");
    }

    /**
     * The second at which a document written at {@code writtenAtEpochSecond} expires: its own ttl, else
     * the container's default; {@code -1} or no ttl at all means never. Counted from the write's
     * second, as Cosmos counts from {@code _ts}.
     */
    static OptionalLong expiryOf(Document document, ContainerSpec container, long writtenAtEpochSecond) {
        OptionalInt ttl = document.ttlSeconds().isPresent() ? document.ttlSeconds() : container.defaultTtlSeconds();
        if (ttl.isEmpty() || ttl.getAsInt() == -1) {
            return OptionalLong.empty();
        }
        return OptionalLong.of(writtenAtEpochSecond + ttl.getAsInt());
    }

    static boolean isExpiredAt(OptionalLong expiresAtEpochSecond, Instant now) {
        return expiresAtEpochSecond.isPresent() && now.getEpochSecond() >= expiresAtEpochSecond.getAsLong();
    }

    boolean isExpiredAt(Instant now) {
        return isExpiredAt(expiresAtEpochSecond, now);
    }

    Document document() {
        return stored.document();
    }

    String etag() {
        return stored.etag();
    }
}
