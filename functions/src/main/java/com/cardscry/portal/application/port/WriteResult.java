package com.cardscry.portal.application.port;

import java.util.Objects;
import java.util.Optional;

/**
 * The outcome of a document write. The failures a caller is expected to handle are outcomes, not
 * exceptions: a stale ETag, an id that already exists, a document that is not there. Exceptions are
 * left for faults (store unreachable, malformed input).
 *
 * @param status   what happened
 * @param document the document as now stored, for {@link Status#WRITTEN} only
 */
public record WriteResult(Status status, Optional<StoredDocument> document) {

    public enum Status {
        /** Created, upserted or replaced; {@link #document()} holds the stored version. */
        WRITTEN,
        /** Deleted. */
        DELETED,
        /** Create refused: a document with this partition key and id exists. */
        ALREADY_EXISTS,
        /** Replace or delete refused: no such document (or it has expired). */
        NOT_FOUND,
        /** Conditional replace or delete refused: the document changed since the given ETag. */
        CONFLICT
    }

    public WriteResult {
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(document, "document");
        if ((status == Status.WRITTEN) != document.isPresent()) {
            throw new IllegalArgumentException("a document comes with WRITTEN and only with WRITTEN");
        }
    }

    public static WriteResult written(StoredDocument document) {
        return new WriteResult(Status.WRITTEN, Optional.of(document));
    }

    public static WriteResult of(Status status) {
        return new WriteResult(status, Optional.empty());
    }

    public boolean isWritten() {
        return status == Status.WRITTEN;
    }

    /** The stored document; only valid when {@link #isWritten()}. */
    public StoredDocument stored() {
        return document.orElseThrow(() -> new IllegalStateException("no document: " + status));
    }
}
