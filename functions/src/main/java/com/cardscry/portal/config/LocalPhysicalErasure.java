package com.cardscry.portal.config;

import com.cardscry.portal.adapters.embedded.EmbeddedDocumentStore;
import com.cardscry.portal.adapters.outbox.LocalOutboxNotifier;
import com.cardscry.portal.application.port.PhysicalErasure;
import java.util.Objects;
import java.util.Optional;

/**
 * Physical erasure for the local parts in use: the local outbox forgets an erased person's mail, and
 * the embedded store rewrites its file so that old versions of their documents are gone from disk.
 * Either part may be absent (an embedded store with the queue notifier, or Cosmos with the outbox).
 */
final class LocalPhysicalErasure implements PhysicalErasure {

    private final Optional<EmbeddedDocumentStore> store;
    private final Optional<LocalOutboxNotifier> outbox;

    LocalPhysicalErasure(Optional<EmbeddedDocumentStore> store, Optional<LocalOutboxNotifier> outbox) {
        this.store = Objects.requireNonNull(store, "store");
        this.outbox = Objects.requireNonNull(outbox, "outbox");
    }

    @Override
    public void forgetRecipient(String email) {
        outbox.ifPresent(spool -> spool.forgetRecipient(email));
    }

    @Override
    public void reclaimDeletedSpace() {
        store.ifPresent(EmbeddedDocumentStore::rewriteFile);
    }
}
