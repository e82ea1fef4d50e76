package com.cardscry.portal.domain;

import java.util.Locale;

/**
 * One idempotent step of carrying out a privacy request; {@link PrivacyRequestType#steps()} orders
 * them. The names are stored in a request's progress and history, so a constant is never renamed.
 */
public enum PrivacyStep {
    /** Access: the export (JSON and a readable page) written to the export store. */
    WRITE_EXPORT,
    /** Correction: the validated changes applied to the profile. */
    APPLY_CORRECTION,
    /** Deletion: every key revoked and its index entry rewritten, so the gateway refuses it. */
    STOP_KEYS,
    /** Deletion: every session ended. */
    END_SESSIONS,
    /** Deletion: every open subscription cancelled. */
    CANCEL_SUBSCRIPTIONS,
    /** Deletion: key metadata and key-index entries deleted. */
    DELETE_KEY_METADATA,
    /** Deletion: usage buckets deleted. */
    DELETE_USAGE,
    /** Deletion: session records deleted. */
    DELETE_SESSIONS,
    /** Deletion: exports made for earlier access requests deleted. */
    DELETE_EXPORTS,
    /** Deletion: records kept under a legal basis (billing: subscriptions) pseudonymised. */
    PSEUDONYMISE_RECORDS,
    /** Deletion: the identity and email blind-index entries deleted. */
    DELETE_INDEXES,
    /** Deletion: the profile itself deleted; the request keeps its receipt. */
    DELETE_PROFILE;

    /** The lower-case, hyphenated name the API and the history use. */
    public String code() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }
}
