package com.cardscry.portal.application.port;

import java.util.List;
import java.util.Optional;

/**
 * Documents in named containers, with the semantics of Cosmos DB for NoSQL: every document lives in
 * one partition and is addressed by partition key and id; every write returns a new ETag; state
 * changes can be made conditional on the ETag the caller last read; a document past its ttl is gone
 * for every read and query at once, and physically removed some time later.
 *
 * <p>Containers are fixed when the store is built ({@link ContainerSpec}); naming any other container
 * is an {@link IllegalArgumentException}. Implementations are thread-safe. Faults of the underlying
 * service surface as {@link StoreUnavailableException}; expected outcomes are {@link WriteResult}s.
 */
public interface DocumentStore {

    /** The document with this id in this partition, unless it is missing or expired. */
    Optional<StoredDocument> read(String container, String partitionKey, String id);

    /** Writes a new document; {@code ALREADY_EXISTS} if its partition key and id are taken. */
    WriteResult create(String container, Document document);

    /** Writes the document whether or not it exists. Always {@code WRITTEN}. */
    WriteResult upsert(String container, Document document);

    /**
     * Replaces an existing document. With an {@code ifMatchEtag}, only if the stored version still has
     * that ETag ({@code CONFLICT} otherwise); with {@code null}, unconditionally. {@code NOT_FOUND} if
     * there is nothing to replace.
     */
    WriteResult replace(String container, Document document, String ifMatchEtag);

    /** Deletes a document, conditionally as {@link #replace}. {@code DELETED}, {@code NOT_FOUND} or {@code CONFLICT}. */
    WriteResult delete(String container, String partitionKey, String id, String ifMatchEtag);

    /**
     * Deletes these documents of one partition, unconditionally; one that is not there is no error.
     * For erasing many documents at once: an implementation may do it in fewer writes than one per
     * document (the embedded store commits once). Not atomic: after a failure some may be gone, so a
     * caller repeats the whole call.
     *
     * @return how many were there and are deleted now
     */
    default int deleteAll(String container, String partitionKey, List<String> ids) {
        int deleted = 0;
        for (String id : ids) {
            if (delete(container, partitionKey, id, null).status() == WriteResult.Status.DELETED) {
                deleted++;
            }
        }
        return deleted;
    }

    /**
     * One page of the documents in the query's partition that meet its conditions, ordered by id.
     *
     * @param pageSize     1 to 1000
     * @param continuation empty for the first page, else the token of the previous page
     * @throws IllegalArgumentException when {@code continuation} is not a token this store issued (it
     *     came from a client, so a caller answers 400)
     */
    Page query(String container, Query query, int pageSize, Optional<String> continuation);
}
