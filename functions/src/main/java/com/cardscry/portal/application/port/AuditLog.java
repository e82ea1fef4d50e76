package com.cardscry.portal.application.port;

/**
 * The audit trail: an append-only record of what was done to and by accounts (sign-up, verification,
 * profile changes, sessions, blocks), under pseudonyms and without personal data ({@link AuditEntry}).
 *
 * <p>An entry that {@link #record} accepted is durable. Entries are never changed; they leave the
 * trail only when their retention time ends. Thread-safe.
 */
public interface AuditLog {

    /**
     * Appends an entry. Recording the same entry twice (a retried request) appends it twice: the
     * trail says what was attempted, and a retry was attempted.
     *
     * @throws StoreUnavailableException if the trail cannot be written; the caller's action should
     *                                   then fail too, so nothing happens unaudited
     */
    void record(AuditEntry entry);
}
