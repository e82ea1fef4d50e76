package com.cardscry.portal.application.retention;

import com.cardscry.portal.application.port.ContainerSpec;
import com.cardscry.portal.application.port.Document;
import com.cardscry.portal.application.port.DocumentStore;
import com.cardscry.portal.application.port.Query;
import com.cardscry.portal.application.port.StoredDocument;
import com.cardscry.portal.application.port.WriteResult;
import java.time.Instant;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

/**
 * The purge's own records in container {@code retention-runs}, all in one partition ({@value #PARTITION}):
 * a handful of documents, read by id or by one small query.
 * <ul>
 *   <li>the continuation ({@value #CURSOR_ID}): per {@link Lane}, the first day of its index a run has
 *       still to look at. Each day only moves forward, by ETag-conditional writes, so two runs at once
 *       never move it back;</li>
 *   <li>one report per run, its id ordered newest first, expiring with the audit trail's period.</li>
 * </ul>
 */
public final class RetentionRuns {

    public static final ContainerSpec RUNS = ContainerSpec.of("retention-runs", "partition");

    static final String PARTITION = "purge";
    static final String CURSOR_ID = "cursor";
    private static final String REPORT = "report";
    /** Enough for any number of runs racing; each retry re-reads the latest cursor. */
    private static final int WRITE_ATTEMPTS = 10;

    private final DocumentStore store;

    public RetentionRuns(DocumentStore store) {
        this.store = Objects.requireNonNull(store, "store");
    }

    /** The day-partitioned indexes the purge walks through, each with its own place in the continuation. */
    public enum Lane {
        /** {@code sign-up-days}: pending sign-ups. */
        SIGN_UPS("signUpsDay"),
        /** {@code usage-days}: hourly buckets to roll up into daily aggregates. */
        USAGE_ROLL_UP("usageRollUpDay");

        private final String field;

        Lane(String field) {
            this.field = field;
        }
    }

    /** The first day of the lane's index not yet finished; empty before the lane's first run. */
    public Optional<LocalDate> day(Lane lane) {
        return readCursor().flatMap(cursor -> dayOf(cursor, lane));
    }

    /**
     * Moves the lane's continuation to {@code day}, unless it is there or beyond already (another run
     * got further): the cursor never goes back.
     */
    public void advance(Lane lane, LocalDate day) {
        for (int attempt = 0; attempt < WRITE_ATTEMPTS; attempt++) {
            Optional<StoredDocument> current = readCursor();
            if (current.flatMap(cursor -> dayOf(cursor, lane)).filter(stored -> !stored.isBefore(day)).isPresent()) {
                return;
            }
            Map<String, Object> fields = new LinkedHashMap<>(current.map(cursor -> cursor.document().fields()).orElse(Map.of()));
            fields.put("type", "cursor");
            fields.put(lane.field, day.toString());
            Document cursor = RUNS.withPartitionKeyField(Document.of(CURSOR_ID, PARTITION, fields));
            WriteResult written = current.isEmpty() ? store.create(RUNS.name(), cursor)
                    : store.replace(RUNS.name(), cursor, current.get().etag());
            if (written.isWritten()) {
                return;
            }
        }
        throw new IllegalStateException("the purge continuation kept changing under " + WRITE_ATTEMPTS + " attempts");
    }

    /** Keeps a run's report for {@code ttlSeconds}. */
    public void save(PurgeReport report, int ttlSeconds) {
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("type", REPORT);
        fields.put("startedAt", report.startedAt().toString());
        fields.put("finishedAt", report.finishedAt().toString());
        fields.put("pastDue", report.pastDue());
        fields.put("complete", report.complete());
        fields.put("removed", report.removed());
        store.create(RUNS.name(), RUNS.withPartitionKeyField(Document.of(report.id(), PARTITION, fields)).withTtl(ttlSeconds));
    }

    /** The latest {@code limit} reports (1 to 1000), newest first. */
    public List<PurgeReport> recent(int limit) {
        Query reports = Query.partition(PARTITION).where("type", Query.Operator.EQUAL, REPORT);
        return store.query(RUNS.name(), reports, limit, Optional.empty()).items().stream().map(RetentionRuns::toReport).toList();
    }

    /**
     * A new report id: the start time counted down from the largest long, so that ids (which the store
     * orders by) put the newest run first, and a random suffix so two runs started in the same
     * millisecond keep both reports.
     */
    static String newReportId(Instant startedAt) {
        return String.format("%019d", Long.MAX_VALUE - startedAt.toEpochMilli()) + "-" + UUID.randomUUID();
    }

    private Optional<StoredDocument> readCursor() {
        return store.read(RUNS.name(), PARTITION, CURSOR_ID);
    }

    private static Optional<LocalDate> dayOf(StoredDocument cursor, Lane lane) {
        return Optional.ofNullable((String) cursor.document().fields().get(lane.field)).map(LocalDate::parse);
    }

    @SuppressWarnings("unchecked")
    private static PurgeReport toReport(StoredDocument stored) {
        Map<String, Object> fields = stored.document().fields();
        return new PurgeReport(stored.id(), Instant.parse((String) fields.get("startedAt")),
                Instant.parse((String) fields.get("finishedAt")), (Boolean) fields.get("pastDue"), (Boolean) fields.get("complete"),
                (Map<String, Long>) (Map<String, ?>) fields.get("removed"));
    }
}
