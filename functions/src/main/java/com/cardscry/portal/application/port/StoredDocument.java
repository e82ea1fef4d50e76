package com.cardscry.portal.application.port;

import java.time.Instant;
import java.util.Objects;

/**
 * A document as the store holds it: the content plus the version tag for conditional writes.
 *
 * @param document     what was written
 * @param etag         opaque version tag; changes on every write; pass it back to replace or delete
 *                     only if nobody else wrote in between
 * @param lastModified when the store last wrote it (second precision, as Cosmos {@code _ts})
 */
public record StoredDocument(Document document, String etag, Instant lastModified) {

    public StoredDocument {
        Objects.requireNonNull(document, "document");
        Objects.requireNonNull(etag, "etag");
        Objects.requireNonNull(lastModified, "lastModified");
    }

    public String id() {
        return document.id();
    }
}
