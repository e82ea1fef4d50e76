package com.cardscry.portal.application.port;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * One page of query results.
 *
 * @param items        at most the requested page size, ordered by id
 * @param continuation opaque token for the next page; empty when this is the last page. Only the
 *                     store that issued it understands it.
 */
public record Page(List<StoredDocument> items, Optional<String> continuation) {

    public Page {
        items = List.copyOf(items);
        Objects.requireNonNull(continuation, "continuation");
    }

    public boolean hasMore() {
        return continuation.isPresent();
    }
}
