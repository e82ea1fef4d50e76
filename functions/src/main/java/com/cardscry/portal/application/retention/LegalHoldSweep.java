package com.cardscry.portal.application.retention;

import com.cardscry.portal.application.DocumentAuditLog;
import com.cardscry.portal.application.Pseudonyms;
import com.cardscry.portal.application.keys.KeyRecords;
import com.cardscry.portal.application.port.Clock;
import com.cardscry.portal.application.port.ContainerSpec;
import com.cardscry.portal.application.port.Document;
import com.cardscry.portal.application.port.DocumentStore;
import com.cardscry.portal.application.port.Page;
import com.cardscry.portal.application.port.Query;
import com.cardscry.portal.application.port.StoredDocument;
import com.cardscry.portal.application.port.WriteResult;
import com.cardscry.portal.application.privacy.PrivacyRequestRecords;
import com.cardscry.portal.application.privacy.SubmitPrivacyRequest;
import com.cardscry.portal.application.subscriptions.SubscriptionRecords;
import com.cardscry.portal.application.usage.UsageRecords;
import com.cardscry.portal.domain.PrivacyRequestType;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.UUID;
import java.util.function.Function;

/**
 * What keeps a legal hold's promise against time to live: records expire by their ttl whatever a hold
 * says, so while an account is held the sweep suspends the ttl of its expiring records, and gives it
 * back once the hold has ended. Part of every purge run ({@link PurgeExpiredData}), on the run's budget.
 *
 * <ul>
 *   <li><b>Suspending.</b> Once a day per held account, the sweep walks the account's partitions of
 *       {@link #HELD} and rewrites every record that would expire with ttl -1 (never) and, in field
 *       {@value #HELD_EXPIRES_AT}, the instant it would have expired (its last write plus its ttl). A
 *       record its owner rewrites during the hold gets a fresh ttl from its writer and is suspended
 *       again by the next day's walk; every record the schedule covers is kept at least 30 days, so a
 *       daily walk is in time.</li>
 *   <li><b>Releasing.</b> Once the hold has ended or was lifted, the sweep gives each suspended record
 *       the ttl left to its {@value #HELD_EXPIRES_AT}, or deletes it if that instant has passed; then,
 *       if a deletion request passed over held data ({@link LegalHolds#holdErasure}), it files a
 *       deletion request of its own for the account (its id derived from the first, so filing twice
 *       files once), which finishes the erasure; then it marks the hold released.</li>
 * </ul>
 *
 * <p>Sessions are not held: they are the sign-in state, not a record of what happened (the audit trail
 * is); quota counters and schedule entries are derived from the records held. A walk that runs out of
 * budget records where it stopped on the hold, and the next run goes on from there. Every rewrite is
 * conditional on the version read; a record changed meanwhile is left to the next walk.
 */
public final class LegalHoldSweep {

    /** The field of a suspended record: when it would have expired without the hold. */
    static final String HELD_EXPIRES_AT = "heldExpiresAt";
    private static final int PAGE = 100;

    /** A container whose records of an account a hold keeps, and the partition that holds them. */
    private record Held(ContainerSpec spec, Function<String, String> partitionOf) {
    }

    private final List<Held> held;
    private final LegalHolds holds;
    private final DocumentStore store;
    private final PrivacyRequestRecords requests;
    private final SubmitPrivacyRequest submitPrivacyRequest;
    private final Clock clock;

    public LegalHoldSweep(LegalHolds holds, DocumentStore store, Pseudonyms pseudonyms, PrivacyRequestRecords requests,
                          SubmitPrivacyRequest submitPrivacyRequest, Clock clock) {
        this.holds = Objects.requireNonNull(holds, "holds");
        this.store = Objects.requireNonNull(store, "store");
        Objects.requireNonNull(pseudonyms, "pseudonyms");
        this.requests = Objects.requireNonNull(requests, "requests");
        this.submitPrivacyRequest = Objects.requireNonNull(submitPrivacyRequest, "submitPrivacyRequest");
        this.clock = Objects.requireNonNull(clock, "clock");
        Function<String, String> byAccount = accountId -> accountId;
        this.held = List.of(
                new Held(SubscriptionRecords.SUBSCRIPTIONS, byAccount),
                new Held(KeyRecords.KEYS, byAccount),
                new Held(PrivacyRequestRecords.REQUESTS, byAccount),
                new Held(UsageRecords.USAGE, byAccount),
                new Held(UsageRecords.USAGE_DAILY, byAccount),
                new Held(DocumentAuditLog.SPEC, pseudonyms::of));
    }

    /**
     * Does what the holds need today, as far as the run's budget goes.
     *
     * @return whether nothing is left for today
     */
    boolean sweep(PurgeRun run) {
        List<LegalHolds.Stored> unreleased = holds.unreleased();
        if (unreleased.isEmpty()) {
            return true;
        }
        Instant now = clock.now();
        LocalDate today = LocalDate.ofInstant(now, ZoneOffset.UTC);
        boolean complete = true;
        for (LegalHolds.Stored hold : unreleased) {
            if (!run.mayContinue()) {
                return false;
            }
            if (hold.hold().holdsAt(now)) {
                if (hold.walk().isEmpty() && hold.suspendedOn().equals(Optional.of(today))) {
                    continue;
                }
                complete &= walk(hold, false, run);
            } else {
                complete &= walk(hold, true, run) && release(hold, run);
            }
        }
        return complete;
    }

    /**
     * Walks the account's held partitions, suspending or restoring ttls, from where the last walk of the
     * same kind stopped.
     *
     * @return whether the walk reached its end
     */
    private boolean walk(LegalHolds.Stored hold, boolean releasing, PurgeRun run) {
        String accountId = hold.hold().accountId();
        LegalHolds.Walk from = hold.walk().filter(walk -> walk.releasing() == releasing)
                .orElse(new LegalHolds.Walk(releasing, 0, Optional.empty()));
        int container = from.container();
        Optional<String> continuation = from.continuation();
        while (container < held.size()) {
            if (!run.mayContinue()) {
                holds.recordWalk(accountId, Optional.of(new LegalHolds.Walk(releasing, container, continuation)), Optional.empty());
                return false;
            }
            Held target = held.get(container);
            Query query = Query.partition(target.partitionOf().apply(accountId));
            if (releasing) {
                query = query.where(HELD_EXPIRES_AT, Query.Operator.GREATER_THAN, "");
            }
            Page page;
            try {
                page = store.query(target.spec().name(), query, Math.min(PAGE, run.itemsLeft()), continuation);
            } catch (IllegalArgumentException staleContinuation) {
                // A token the store no longer accepts (its format changed with a release): walk the container again.
                page = store.query(target.spec().name(), query, Math.min(PAGE, run.itemsLeft()), Optional.empty());
            }
            for (StoredDocument record : page.items()) {
                run.itemLookedAt();
                if (releasing) {
                    restore(target, record, run);
                } else {
                    suspend(target, record, run);
                }
            }
            continuation = page.continuation();
            if (continuation.isEmpty()) {
                container++;
            }
        }
        if (!releasing) {
            holds.recordWalk(accountId, Optional.empty(), Optional.of(LocalDate.ofInstant(clock.now(), ZoneOffset.UTC)));
        }
        return true;
    }

    /** Rewrites a record that would expire so that it does not, remembering when it would have. */
    private void suspend(Held target, StoredDocument record, PurgeRun run) {
        Document document = record.document();
        OptionalInt ttl = document.ttlSeconds().isPresent() ? document.ttlSeconds() : target.spec().defaultTtlSeconds();
        if (ttl.isEmpty() || ttl.getAsInt() == -1) {
            return;
        }
        Map<String, Object> fields = new LinkedHashMap<>(document.fields());
        fields.put(HELD_EXPIRES_AT, record.lastModified().plusSeconds(ttl.getAsInt()).toString());
        Document suspended = new Document(document.id(), document.partitionKey(), fields, OptionalInt.of(-1));
        if (store.replace(target.spec().name(), suspended, record.etag()).isWritten()) {
            run.count(PurgeReport.SUSPENDED);
        }
    }

    /**
     * Gives a suspended record the ttl left to when it would have expired, or deletes it if that has
     * passed. One its writer rewrote during the hold (with a ttl of its own) is left as it is.
     */
    private void restore(Held target, StoredDocument record, PurgeRun run) {
        Document document = record.document();
        Object expiresAt = document.fields().get(HELD_EXPIRES_AT);
        if (!document.ttlSeconds().equals(OptionalInt.of(-1)) || !(expiresAt instanceof String text)) {
            return;
        }
        long left = Duration.between(clock.now(), Instant.parse(text)).toSeconds();
        if (left <= 0) {
            if (store.delete(target.spec().name(), document.partitionKey(), document.id(), record.etag()).status()
                    == WriteResult.Status.DELETED) {
                run.count(PurgeReport.EXPIRED_AFTER_HOLD);
            }
            return;
        }
        Map<String, Object> fields = new LinkedHashMap<>(document.fields());
        fields.remove(HELD_EXPIRES_AT);
        Document restored = new Document(document.id(), document.partitionKey(), fields,
                OptionalInt.of((int) Math.min(Integer.MAX_VALUE, left)));
        if (store.replace(target.spec().name(), restored, record.etag()).isWritten()) {
            run.count(PurgeReport.RESTORED);
        }
    }

    /**
     * Files the deletion request that finishes an erasure the hold kept from being done, then marks the
     * hold released.
     *
     * @return whether it is released
     */
    private boolean release(LegalHolds.Stored hold, PurgeRun run) {
        String accountId = hold.hold().accountId();
        hold.awaitingErasure().ifPresent(heldRequestId -> {
            String resumingId = resumingRequestId(heldRequestId);
            if (requests.read(accountId, resumingId).isEmpty()
                    && submitPrivacyRequest.submit(accountId, resumingId, PrivacyRequestType.DELETION, Optional.empty(), Optional.empty())
                    .created()) {
                run.count(PurgeReport.ERASURES_RESUMED);
            }
        });
        return holds.markReleased(accountId, hold.awaitingErasure());
    }

    /** The id of the request that finishes a held erasure: derived from the held request's, so that it is filed once. */
    public static String resumingRequestId(String heldRequestId) {
        return UUID.nameUUIDFromBytes(("erasure-after-legal-hold:" + heldRequestId).getBytes(StandardCharsets.UTF_8)).toString();
    }
}
