package com.cardscry.portal.testing;

import com.cardscry.portal.application.port.Document;
import com.cardscry.portal.application.port.DocumentStore;
import com.cardscry.portal.application.port.Page;
import com.cardscry.portal.application.port.Query;
import com.cardscry.portal.application.port.StoreUnavailableException;
import com.cardscry.portal.application.port.StoredDocument;
import com.cardscry.portal.application.port.WriteResult;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A real document store with every operation recorded in order, to count what a path costs, and a
 * switch that makes every operation fail as an unreachable store would.
 */
public final class CountingDocumentStore implements DocumentStore {

    /** One operation: {@code kind} is read, create, upsert, replace, delete, deleteAll or query. */
    public record Operation(String kind, String container) {
    }

    private final DocumentStore delegate;
    private final List<Operation> operations = new CopyOnWriteArrayList<>();
    private final AtomicBoolean unavailable = new AtomicBoolean();

    public CountingDocumentStore(DocumentStore delegate) {
        this.delegate = delegate;
    }

    /** Every operation since the last {@link #reset}, oldest first. */
    public List<Operation> operations() {
        return List.copyOf(operations);
    }

    public long count(String kind, String container) {
        return operations.stream().filter(op -> op.kind().equals(kind) && op.container().equals(container)).count();
    }

    public void reset() {
        operations.clear();
    }

    /** From now on every operation throws {@link StoreUnavailableException} (and is still recorded). */
    public void setUnavailable(boolean unavailable) {
        this.unavailable.set(unavailable);
    }

    private void record(String kind, String container) {
        operations.add(new Operation(kind, container));
        if (unavailable.get()) {
            throw new StoreUnavailableException("the test made the store unavailable");
        }
    }

    @Override
    public Optional<StoredDocument> read(String container, String partitionKey, String id) {
        record("read", container);
        return delegate.read(container, partitionKey, id);
    }

    @Override
    public WriteResult create(String container, Document document) {
        record("create", container);
        return delegate.create(container, document);
    }

    @Override
    public WriteResult upsert(String container, Document document) {
        record("upsert", container);
        return delegate.upsert(container, document);
    }

    @Override
    public WriteResult replace(String container, Document document, String ifMatchEtag) {
        record("replace", container);
        return delegate.replace(container, document, ifMatchEtag);
    }

    @Override
    public WriteResult delete(String container, String partitionKey, String id, String ifMatchEtag) {
        record("delete", container);
        return delegate.delete(container, partitionKey, id, ifMatchEtag);
    }

    @Override
    public int deleteAll(String container, String partitionKey, List<String> ids) {
        record("deleteAll", container);
        return delegate.deleteAll(container, partitionKey, ids);
    }

    @Override
    public Page query(String container, Query query, int pageSize, Optional<String> continuation) {
        record("query", container);
        return delegate.query(container, query, pageSize, continuation);
    }
}
