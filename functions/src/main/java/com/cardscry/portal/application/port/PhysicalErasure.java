package com.cardscry.portal.application.port;

/**
 * What a storage technology needs, after an erasure's deletes, for the erased data to be gone from
 * its files too, not only from every read. Cosmos DB and Storage need nothing ({@link #NONE}); the
 * embedded store keeps old versions of documents in its file until that is rewritten, and the local
 * outbox (the local mail spool) keeps every notification it wrote.
 *
 * <p>Both operations are idempotent and take no personal data into logs. Thread-safe.
 */
public interface PhysicalErasure {

    /** For stores whose deletes are physical already. */
    PhysicalErasure NONE = new PhysicalErasure() {
        @Override
        public void forgetRecipient(String email) {
        }

        @Override
        public void reclaimDeletedSpace() {
        }
    };

    /** Removes notifications kept after delivery that were addressed to {@code email}. */
    void forgetRecipient(String email);

    /** Rewrites what still holds deleted data (old document versions) so that only live data remains. */
    void reclaimDeletedSpace();
}
