package com.cardscry.portal.application.privacy;

import com.cardscry.portal.application.port.Clock;
import com.cardscry.portal.application.port.MessageQueue;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Heals a crash between storing a request and enqueuing it (DESIGN.md decision 6): every open request
 * whose index entry says it was never enqueued, and that was received more than {@link #GRACE} ago (so a
 * submission still under way is left alone), is put on the {@value PrivacyRequestMessage#QUEUE} queue
 * again and then marked enqueued. An entry whose request was never written is first offered to
 * {@link StrandedRequests} (a form confirmation that crashed before storing its request is finished
 * there), and dropped if there is nothing to finish; one whose request is closed meanwhile is removed. Sending a request twice is harmless (the worker is idempotent), so a
 * crash in a run is simply finished by the next. A run handles at most {@link #MAX_ENTRIES_PER_RUN}.
 */
public final class RequeuePrivacyRequests {

    public static final Duration GRACE = Duration.ofMinutes(10);
    public static final int MAX_ENTRIES_PER_RUN = 200;

    /**
     * What a run did, in counts only.
     *
     * @param requeued       requests put on the queue
     * @param entriesDropped entries with nothing to send: request never written, or closed
     * @param complete       whether the run handled every entry it found; false when it stopped at its limit
     */
    public record Report(int requeued, int entriesDropped, boolean complete) {
    }

    private final PrivacyRequestRecords records;
    private final MessageQueue queue;
    private final StrandedRequests stranded;
    private final Clock clock;

    /** @param stranded finishes an entry's request that a crash left unstored, before the entry would be dropped */
    public RequeuePrivacyRequests(PrivacyRequestRecords records, MessageQueue queue, StrandedRequests stranded, Clock clock) {
        this.stranded = Objects.requireNonNull(stranded, "stranded");
        this.records = Objects.requireNonNull(records, "records");
        this.queue = Objects.requireNonNull(queue, "queue");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    public Report run() {
        List<PrivacyRequestRecords.OpenEntry> due = records.notEnqueuedBefore(clock.now().minus(GRACE));
        int requeued = 0;
        int dropped = 0;
        for (PrivacyRequestRecords.OpenEntry entry : due.subList(0, Math.min(due.size(), MAX_ENTRIES_PER_RUN))) {
            Optional<PrivacyRequestRecords.Versioned> found = records.read(entry.accountId(), entry.requestId());
            if (found.isEmpty() && stranded.finish(entry)) {
                requeued++; // stored and queued by the finisher, as intake does
            } else if (found.isEmpty()) {
                records.dropOpenEntry(entry.requestId());
                dropped++;
            } else if (!found.get().request().status().isOpen()) {
                records.reindex(found.get().request(), false);
                dropped++;
            } else {
                queue.send(PrivacyRequestMessage.QUEUE, new PrivacyRequestMessage(entry.accountId(), entry.requestId()).text());
                records.reindex(found.get().request(), true);
                requeued++;
            }
        }
        return new Report(requeued, dropped, due.size() <= MAX_ENTRIES_PER_RUN);
    }
}
