package com.cardscry.portal.domain;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/**
 * The categories of data the retention schedule covers, one per kind of record the portal keeps.
 * Each has a stable {@link #id()}: it is published (the retention policy, access exports), names the
 * category in settings overrides and in purge reports, and never changes meaning.
 */
public enum RetentionCategory {
    /** Accounts signed up whose email address was never verified, with their identity and email-index entries. */
    UNVERIFIED_SIGN_UPS,
    /** A verified account's profile, identifiers and email-index entry. */
    ACCOUNTS,
    /** Sessions (hashed session ids, when they started and were last used). */
    SESSIONS,
    /** API key metadata and the key index entries the gateway verifies against. */
    API_KEYS,
    /** Hourly usage buckets. */
    USAGE_HOURLY,
    /** Daily usage aggregates rolled up from the hourly buckets. */
    USAGE_DAILY,
    /** Per-subscription monthly request counters the quota check reads. */
    QUOTA_COUNTERS,
    /** Subscriptions: the billing records. */
    BILLING_RECORDS,
    /** The subscription expiry timer's work list (due dates of notices and expiries). */
    SUBSCRIPTION_SCHEDULE,
    /** Privacy requests and their progress. */
    PRIVACY_REQUESTS,
    /** Pointers from an erased identity to its deletion request, so the person can read the receipt. */
    ERASED_IDENTITY_POINTERS,
    /** Exports written for access requests. */
    EXPORTS,
    /** Notifications (mail to the person) waiting to be sent, and the local outbox's copies. */
    NOTIFICATIONS,
    /** The audit trail. */
    AUDIT_TRAIL,
    /** Legal holds placed on accounts by administrators. */
    LEGAL_HOLDS;

    /** The stable id: the constant's name in lowercase words joined by hyphens, e.g. {@code usage-hourly}. */
    public String id() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    /** The category with this id; empty for an id this version does not know. */
    public static Optional<RetentionCategory> fromId(String id) {
        return Arrays.stream(values()).filter(category -> category.id().equals(id)).findFirst();
    }
}
