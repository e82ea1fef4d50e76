package com.cardscry.portal.application.privacy;

import com.cardscry.portal.application.port.Document;
import com.cardscry.portal.application.port.DocumentStore;
import com.cardscry.portal.application.port.WriteResult;
import com.cardscry.portal.testing.ForwardingDocumentStore;

/**
 * A document store that fails once, the way a crashed worker would: once {@link #arm armed}, on the
 * write that records the named request's step number {@code stepsDone} (after the step's side effect,
 * before its record), it throws instead of writing. Everything else passes through.
 */
final class CrashingStore extends ForwardingDocumentStore {

    /** What the crash throws. */
    static final class Crash extends RuntimeException {
        Crash() {
            super("injected crash before the step was recorded");
        }
    }

    private String requestId;
    private long crashWhenRecording;
    private boolean crashed;

    CrashingStore(DocumentStore delegate) {
        super(delegate);
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
}
