package com.cardscry.portal.application.privacy;

import com.cardscry.portal.application.port.Clock;
import com.cardscry.portal.application.port.OperatorAlerts;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The daily deadline watch: counts the open requests due within {@link #DUE_SOON} and raises a
 * {@link OperatorAlerts.Kind#PRIVACY_REQUEST_OVERDUE} alert (by request id) for each one past its due
 * date. It reads the open index (one single-partition query) and, before alerting, the request itself:
 * an entry that lags behind its request (closed or extended, but not yet re-indexed after a crash) is
 * brought in line instead, and one whose request was never written is dropped. So a run alerts only for
 * requests that really are overdue, and repeating a run repeats its alerts, which alert rules
 * de-duplicate by id. A run looks at no more than {@link #MAX_ENTRIES_PER_RUN} entries.
 */
public final class WatchPrivacyDeadlines {

    public static final Duration DUE_SOON = Duration.ofDays(7);
    public static final int MAX_ENTRIES_PER_RUN = 1000;

    /**
     * What a run found, in counts only (so it can be logged).
     *
     * @param dueSoon        open requests due within {@link #DUE_SOON}, not yet overdue
     * @param overdue        open requests past their due date: one alert each
     * @param entriesRepaired index entries that did not match their request (re-indexed or dropped)
     * @param complete       whether the run saw every entry; false when it stopped at its limit
     */
    public record Report(int dueSoon, int overdue, int entriesRepaired, boolean complete) {
    }

    private final PrivacyRequestRecords records;
    private final OperatorAlerts alerts;
    private final Clock clock;

    public WatchPrivacyDeadlines(PrivacyRequestRecords records, OperatorAlerts alerts, Clock clock) {
        this.records = Objects.requireNonNull(records, "records");
        this.alerts = Objects.requireNonNull(alerts, "alerts");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    public Report run() {
        Instant now = clock.now();
        List<PrivacyRequestRecords.OpenEntry> due = records.openDueBefore(now.plus(DUE_SOON));
        int dueSoon = 0;
        int overdue = 0;
        int repaired = 0;
        for (PrivacyRequestRecords.OpenEntry entry : due.subList(0, Math.min(due.size(), MAX_ENTRIES_PER_RUN))) {
            if (now.isBefore(entry.dueAt())) {
                dueSoon++;
            } else if (isOverdue(entry, now)) {
                alerts.raise(OperatorAlerts.Kind.PRIVACY_REQUEST_OVERDUE, entry.requestId());
                overdue++;
            } else {
                repaired++;
            }
        }
        return new Report(dueSoon, overdue, repaired, due.size() <= MAX_ENTRIES_PER_RUN);
    }

    /** Whether the entry's request is open and overdue; if not, the entry is brought in line with it. */
    private boolean isOverdue(PrivacyRequestRecords.OpenEntry entry, Instant now) {
        Optional<PrivacyRequestRecords.Versioned> found = records.read(entry.accountId(), entry.requestId());
        if (found.isEmpty()) {
            records.dropOpenEntry(entry.requestId());
            return false;
        }
        if (found.get().request().isOverdueAt(now)) {
            return true;
        }
        records.reindex(found.get().request(), entry.enqueued());
        return false;
    }
}
