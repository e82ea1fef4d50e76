package com.cardscry.portal.application.privacy;

import com.cardscry.portal.application.port.Document;
import com.cardscry.portal.application.port.DocumentStore;
import com.cardscry.portal.application.port.Page;
import com.cardscry.portal.application.port.Query;
import com.cardscry.portal.application.port.StoredDocument;
import com.cardscry.portal.application.port.WriteResult;
import java.util.Optional;

/**
 * A document store that fails once, the way a crashed worker would: once {@link #arm armed}, on the
 * write that records the named request's step number {@code stepsDone} (after the step's side effect,
 * before its record), it throws instead of writing. Everything else passes through.
 */
final class CrashingStore implements DocumentStore {

    /** What the crash throws. */
    static final class Crash extends RuntimeException {
        Crash() {
            super("injected crash before the step was recorded");
        }
    }

    private final DocumentStore delegate;
    private String requestId;
    private long crashWhenRecording;
    private boolean crashed;

    CrashingStore(DocumentStore delegate) {
        this.delegate = delegate;
    }

    /** @param stepsDone the {@code stepsDone} value whose write fails once (1 for the first step) */
    void arm(String requestId, long stepsDone) {
        this.requestId = requestId;
        this.crashWhenRecording = stepsDone;
    }

    boolean crashed() {
        return crashed;
    }

    @Override
    public WriteResult replace(String container, Document document, String ifMatchEtag) {
        if (!crashed && container.equals(PrivacyRequestRecords.REQUESTS.name()) && document.id().equals(requestId)
                && Long.valueOf(crashWhenRecording).equals(document.fields().get("stepsDone"))) {
            crashed = true;
            throw new Crash();
        }
        return delegate.replace(container, document, ifMatchEtag);
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
    public WriteResult delete(String container, String partitionKey, String id, String ifMatchEtag) {
        return delegate.delete(container, partitionKey, id, ifMatchEtag);
    }

    @Override
    public Page query(String container, Query query, int pageSize, Optional<String> continuation) {
        return delegate.query(container, query, pageSize, continuation);
    }
}
