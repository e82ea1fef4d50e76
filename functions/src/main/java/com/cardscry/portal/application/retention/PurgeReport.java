package com.cardscry.portal.application.retention;

import java.time.Instant;
import java.util.Collections;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * What one purge run did: how many records of each kind it removed, never which.
 *
 * @param id         the run's report id
 * @param startedAt  when the run began
 * @param finishedAt when it ended
 * @param pastDue    whether the timer fired late (the run does the same work either way)
 * @param complete   true when nothing was left that was due; false when the run stopped at its item or
 *                   time limit, or left records another writer was changing, for the next run
 * @param removed    counts by kind, sorted: the ids of retention categories ({@code unverified-sign-ups} and
 *                   {@code exports} removed; {@code usage-daily}: subscription-days whose hourly buckets were
 *                   rolled up into a daily aggregate), {@value #ORPHANED_INDEX_ENTRIES} and
 *                   {@value #HELD} (kept, not removed), and what the legal-hold sweep did ({@value #SUSPENDED},
 *                   {@value #RESTORED}, {@value #EXPIRED_AFTER_HOLD}, {@value #ERASURES_RESUMED}); 0 where
 *                   nothing was done
 */
public record PurgeReport(String id, Instant startedAt, Instant finishedAt, boolean pastDue, boolean complete,
                          Map<String, Long> removed) {

    /** Sign-up index entries whose account was gone or verified already: removed, but not counted as sign-ups. */
    public static final String ORPHANED_INDEX_ENTRIES = "orphaned-index-entries";
    /** Unverified sign-ups due but kept because their account is under a legal hold (not removed; counted per run). */
    public static final String HELD = "held-by-legal-hold";
    /** Records of a held account whose ttl the sweep suspended ({@link LegalHoldSweep}). */
    public static final String SUSPENDED = "suspended-by-legal-hold";
    /** Records whose ttl the sweep gave back after their account's hold ended. */
    public static final String RESTORED = "restored-after-legal-hold";
    /** Records the sweep deleted after their account's hold ended because their period had run out during it. */
    public static final String EXPIRED_AFTER_HOLD = "expired-after-legal-hold";
    /** Deletion requests filed to finish an erasure that a hold had kept from being done. */
    public static final String ERASURES_RESUMED = "erasures-resumed-after-legal-hold";

    public PurgeReport {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(startedAt, "startedAt");
        Objects.requireNonNull(finishedAt, "finishedAt");
        removed = Collections.unmodifiableMap(new TreeMap<>(Objects.requireNonNull(removed, "removed")));
    }
}
