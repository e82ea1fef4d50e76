package com.cardscry.portal.domain;

/**
 * Where an account is in its life. The names are stable: they are stored and shown to the frontend.
 *
 * <pre>
 *   pending --verify email--> active
 *   pending | active --block--> blocked --unblock--> (the state it was blocked in)
 *   pending | active --close--> closing --erasure done--> closed
 * </pre>
 * A blocked account cannot close itself (an administrator or a privacy request decides), so that a
 * block cannot be escaped by closing and signing up again with the same identity.
 */
public enum AccountState {
    /** Signed up; the email address is not yet verified. */
    PENDING,
    /** Email verified; may use the portal. */
    ACTIVE,
    /** Stopped by an administrator; may only read its profile and make privacy requests. */
    BLOCKED,
    /** The user closed it; its data is being erased. */
    CLOSING,
    /** Erased; only a tombstone remains, if anything. */
    CLOSED;

    /** The lower-case name the API and the store use. */
    public String code() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }

    public static AccountState fromCode(String code) {
        return valueOf(code.toUpperCase(java.util.Locale.ROOT));
    }
}
