package com.cardscry.portal.application;

import com.cardscry.portal.application.port.DocumentStore;
import com.cardscry.portal.application.port.Page;
import com.cardscry.portal.application.port.Query;
import com.cardscry.portal.application.port.StoredDocument;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Function;

/** Every result of a single-partition query, read page by page through the continuation. */
public final class AllPages {

    /** How many documents one round trip asks for, unless the caller says. */
    public static final int PAGE_SIZE = 100;

    private AllPages() {
    }

    /** Every document the query matches, mapped, in the store's order; the caller may change the list. */
    public static <T> List<T> of(DocumentStore store, String container, Query query, Function<StoredDocument, T> map) {
        return of(store, container, query, PAGE_SIZE, map);
    }

    /** As {@link #of(DocumentStore, String, Query, Function)}, {@code pageSize} documents a round trip. */
    public static <T> List<T> of(DocumentStore store, String container, Query query, int pageSize, Function<StoredDocument, T> map) {
        List<T> all = new ArrayList<>();
        forEach(store, container, query, pageSize, stored -> all.add(map.apply(stored)));
        return all;
    }

    /** Hands over each matching document as its page arrives, without holding more than one page. */
    public static void forEach(DocumentStore store, String container, Query query, int pageSize, Consumer<StoredDocument> each) {
        Optional<String> continuation = Optional.empty();
        do {
            Page page = store.query(container, query, pageSize, continuation);
            page.items().forEach(each);
            continuation = page.continuation();
        } while (continuation.isPresent());
    }
}
