package com.cardscry.portal.application.retention;

import com.cardscry.portal.application.port.Clock;
import com.cardscry.portal.domain.RetentionCategory;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;

/** The budget and tally of one purge run: how many records it may still look at, until when, and what it did. */
final class PurgeRun {

    private final Instant startedAt;
    private final PurgeExpiredData.Limits limits;
    private final Clock clock;
    private final Map<String, Long> removed = new LinkedHashMap<>();
    private int itemsLookedAt;
    private Set<String> heldAccounts;

    PurgeRun(Instant startedAt, PurgeExpiredData.Limits limits, Clock clock) {
        this.startedAt = startedAt;
        this.limits = limits;
        this.clock = clock;
        // Every kind is in every report, 0 where nothing was done, so that reports compare line by line.
        for (String kind : new String[] {RetentionCategory.UNVERIFIED_SIGN_UPS.id(), RetentionCategory.USAGE_DAILY.id(),
                RetentionCategory.EXPORTS.id(), RetentionCategory.NOTIFICATIONS.id(), PurgeReport.ORPHANED_INDEX_ENTRIES, PurgeReport.HELD, PurgeReport.SUSPENDED,
                PurgeReport.RESTORED, PurgeReport.EXPIRED_AFTER_HOLD, PurgeReport.ERASURES_RESUMED}) {
            removed.put(kind, 0L);
        }
    }

    Instant startedAt() {
        return startedAt;
    }

    Map<String, Long> removed() {
        return removed;
    }

    boolean mayContinue() {
        return itemsLookedAt < limits.maxItems() && clock.now().isBefore(startedAt.plus(limits.maxDuration()));
    }

    int itemsLeft() {
        return limits.maxItems() - itemsLookedAt;
    }

    void itemLookedAt() {
        itemsLookedAt++;
    }

    /**
     * The accounts a legal hold holds, read with {@code read} the first time a part of the run asks (one
     * query: holds are few) and kept for the rest of the run; a hold placed while the run goes on counts
     * from the next run.
     */
    Set<String> heldAccounts(Supplier<Set<String>> read) {
        if (heldAccounts == null) {
            heldAccounts = Set.copyOf(read.get());
        }
        return heldAccounts;
    }

    void count(String kind) {
        removed.merge(kind, 1L, Long::sum);
    }
}
