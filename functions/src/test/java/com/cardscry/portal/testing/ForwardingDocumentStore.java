package com.cardscry.portal.testing;

import com.cardscry.portal.application.port.Document;
import com.cardscry.portal.application.port.DocumentStore;
import com.cardscry.portal.application.port.Page;
import com.cardscry.portal.application.port.Query;
import com.cardscry.portal.application.port.StoredDocument;
import com.cardscry.portal.application.port.WriteResult;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A document store that passes every operation to another, for test wrappers that change or watch a
 * few operations and override only those. {@code deleteAll} is passed on too, so a wrapped store that
 * deletes many documents in one write keeps doing so.
 */
public abstract class ForwardingDocumentStore implements DocumentStore {

    protected final DocumentStore delegate;

    protected ForwardingDocumentStore(DocumentStore delegate) {
        this.delegate = Objects.requireNonNull(delegate, "delegate");
    }

    @Override
    public Optional<StoredDocument> read(String container, String partitionKey, String id) {
        return delegate.read(container, partitionKey, id);
    }

    @Override
    public WriteResult create(String container, Document document) {
        return delegate.create(container, document);
    }

    @Override
    public WriteResult upsert(String container, Document document) {
        return delegate.upsert(container, document);
    }

    @Override
    public WriteResult replace(String container, Document document, String ifMatchEtag) {
        return delegate.replace(container, document, ifMatchEtag);
    }

    @Override
    public WriteResult delete(String container, String partitionKey, String id, String ifMatchEtag) {
        return delegate.delete(container, partitionKey, id, ifMatchEtag);
    }

    @Override
    public int deleteAll(String container, String partitionKey, List<String> ids) {
        return delegate.deleteAll(container, partitionKey, ids);
    }

    @Override
    public Page query(String container, Query query, int pageSize, Optional<String> continuation) {
        return delegate.query(container, query, pageSize, continuation);
    }
}
