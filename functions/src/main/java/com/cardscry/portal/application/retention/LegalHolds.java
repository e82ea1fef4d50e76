package com.cardscry.portal.application.retention;

import com.cardscry.portal.application.Outcome;
import com.cardscry.portal.application.Problem;
import com.cardscry.portal.application.ProblemType;
import com.cardscry.portal.application.Pseudonyms;
import com.cardscry.portal.application.accounts.AccountRecords;
import com.cardscry.portal.application.accounts.Caller;
import com.cardscry.portal.application.port.AuditAction;
import com.cardscry.portal.application.port.AuditEntry;
import com.cardscry.portal.application.port.AuditLog;
import com.cardscry.portal.application.port.Clock;
import com.cardscry.portal.application.port.ContainerSpec;
import com.cardscry.portal.application.port.Document;
import com.cardscry.portal.application.port.DocumentStore;
import com.cardscry.portal.application.port.Page;
import com.cardscry.portal.application.port.Query;
import com.cardscry.portal.application.port.StoredDocument;
import com.cardscry.portal.application.port.WriteResult;
import com.cardscry.portal.application.privacy.ErasureHolds;
import com.cardscry.portal.domain.RetentionCategory;
import com.cardscry.portal.domain.RetentionSchedule;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.UnaryOperator;
import java.util.stream.Collectors;
import java.util.regex.Pattern;

/**
 * {@code PUT|DELETE /admin/accounts/{accountId}/legal-hold}: an administrator keeps an account's data
 * from the retention schedule and from erasure while a court, an authority or a dispute requires it,
 * with a reason and an end date, and lifts the hold. One hold per account; placing it again replaces
 * reason and end date. A hold holds until the start of the day after its end date (UTC) or until
 * lifted. The audit trail records who placed or lifted it and the end date, never the reason.
 *
 * <p>What a hold does while it holds: the purge keeps the account's unverified sign-up
 * ({@link PurgeExpiredData}); {@link LegalHoldSweep} suspends the ttl of the account's expiring
 * records, and restores it once the hold has ended; a deletion request passes over the steps that would
 * destroy held data ({@link #holdErasure}), and the sweep files a deletion request of its own when the
 * hold ends, which finishes the erasure.
 *
 * <p>Every hold is one document in one partition of container {@code legal-holds} (id: the account
 * id), so that the sweep lists the holds it still has work on with one single-partition query. Its
 * {@code released} is false from placement until the sweep has released the account after the hold
 * ended, then true; the document is kept for the {@link RetentionCategory#LEGAL_HOLDS}
 * period after the hold's end (its ttl). Every change is conditional on the version read.
 */
public final class LegalHolds implements ErasureHolds {

    public static final ContainerSpec HOLDS = ContainerSpec.of("legal-holds", "partition");
    public static final int MAX_REASON_LENGTH = 500;
    /** A hold lasts at most this long; a longer one is placed again. */
    public static final int MAX_DAYS = 3_653;

    static final String PARTITION = "holds";
    private static final Pattern ACCOUNT_ID = Pattern.compile("[A-Za-z0-9-]{1,64}");
    private static final int WRITE_ATTEMPTS = 10;
    private static final int PAGE = 1000;

    /** What the administrator sends to place a hold. */
    public record PlaceCommand(String reason, String endsOn) {
    }

    /**
     * A hold as the administrator sees it.
     *
     * @param endsOn   the last day it holds (UTC)
     * @param liftedAt when an administrator lifted it, if one did
     */
    public record Hold(String accountId, String reason, LocalDate endsOn, Instant placedAt, Optional<Instant> liftedAt) {
        /** Whether it keeps the account's data at {@code now}. */
        public boolean holdsAt(Instant now) {
            return liftedAt.isEmpty() && now.isBefore(endOf(endsOn));
        }

        /** When it stopped or stops holding: lifted, or the end of its last day. */
        Instant endedAt() {
            return liftedAt.orElse(endOf(endsOn));
        }
    }

    /**
     * A hold with what the sweep and erasures keep on it.
     *
     * @param released         whether the sweep has released the account after the hold ended
     * @param awaitingErasure  the deletion request that passed over held data, to be finished when the hold ends
     * @param suspendedOn      the day the sweep last finished suspending the account's ttls
     * @param walk             how far the sweep got through the account's containers, if it stopped midway
     */
    record Stored(Hold hold, boolean released, Optional<String> awaitingErasure, Optional<LocalDate> suspendedOn,
                  Optional<Walk> walk) {
    }

    /**
     * Where a sweep's walk over one account stopped.
     *
     * @param releasing    whether it is restoring ttls (the hold ended) rather than suspending them
     * @param container    index into the sweep's list of containers
     * @param continuation the page token within that container, if not at its start
     */
    record Walk(boolean releasing, int container, Optional<String> continuation) {
    }

    private final DocumentStore store;
    private final AccountRecords accounts;
    private final AuditLog audit;
    private final Pseudonyms pseudonyms;
    private final RetentionSchedule retention;
    private final Clock clock;

    public LegalHolds(DocumentStore store, AccountRecords accounts, AuditLog audit, Pseudonyms pseudonyms, RetentionSchedule retention,
                      Clock clock) {
        this.store = Objects.requireNonNull(store, "store");
        this.accounts = Objects.requireNonNull(accounts, "accounts");
        this.audit = Objects.requireNonNull(audit, "audit");
        this.pseudonyms = Objects.requireNonNull(pseudonyms, "pseudonyms");
        this.retention = Objects.requireNonNull(retention, "retention");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    public Outcome<Hold> place(Caller admin, String accountId, PlaceCommand command) {
        Optional<Problem> refusal = admin.adminRefusal();
        if (refusal.isPresent()) {
            return Outcome.refused(refusal.get());
        }
        String reason = command.reason() == null ? "" : command.reason().strip();
        if (reason.isEmpty() || reason.length() > MAX_REASON_LENGTH) {
            return Outcome.refused(Problem.ofField(ProblemType.INVALID_REQUEST, "/reason",
                    "Give a reason of 1 to " + MAX_REASON_LENGTH + " characters."));
        }
        Instant now = clock.now();
        LocalDate today = LocalDate.ofInstant(now, ZoneOffset.UTC);
        Optional<LocalDate> endsOn = parseDate(command.endsOn())
                .filter(day -> !day.isBefore(today) && !day.isAfter(today.plusDays(MAX_DAYS)));
        if (endsOn.isEmpty()) {
            return Outcome.refused(Problem.ofField(ProblemType.INVALID_REQUEST, "/endsOn",
                    "The end date is a day (2027-06-30) from today to " + MAX_DAYS + " days ahead."));
        }
        if (!ACCOUNT_ID.matcher(accountId).matches() || accounts.read(accountId).isEmpty()) {
            return notFound();
        }
        Hold hold = new Hold(accountId, reason, endsOn.get(), now, Optional.empty());
        // A hold placed again while the sweep still has work on the last one keeps that work (a waiting erasure above all).
        Stored placed = change(accountId, current -> Optional.of(current.filter(earlier -> !earlier.released())
                .map(earlier -> new Stored(hold, false, earlier.awaitingErasure(), earlier.suspendedOn(), earlier.walk()))
                .orElseGet(() -> new Stored(hold, false, Optional.empty(), Optional.empty(), Optional.empty())))).orElseThrow();
        audit.record(auditEntry(now, AuditAction.LEGAL_HOLD_PLACED, admin, placed.hold()));
        return Outcome.done(placed.hold());
    }

    /** Lifts the account's hold; lifting a lifted hold answers it unchanged, with no hold it is 404. */
    public Outcome<Hold> lift(Caller admin, String accountId) {
        Optional<Problem> refusal = admin.adminRefusal();
        if (refusal.isPresent()) {
            return Outcome.refused(refusal.get());
        }
        Optional<Stored> found = ACCOUNT_ID.matcher(accountId).matches() ? readStored(accountId) : Optional.empty();
        if (found.isEmpty()) {
            return notFound();
        }
        if (found.get().hold().liftedAt().isPresent()) {
            return Outcome.done(found.get().hold());
        }
        Instant now = clock.now();
        Optional<Stored> lifted = change(accountId, current -> current.filter(stored -> stored.hold().liftedAt().isEmpty())
                .map(stored -> {
                    Hold hold = stored.hold();
                    return new Stored(new Hold(accountId, hold.reason(), hold.endsOn(), hold.placedAt(), Optional.of(now)), stored.released(),
                            stored.awaitingErasure(), stored.suspendedOn(), stored.walk());
                }));
        if (lifted.isEmpty()) {
            // Lifted meanwhile by another administrator (or its record expired): answer what is stored.
            return readStored(accountId).map(stored -> Outcome.done(stored.hold())).orElseGet(LegalHolds::notFound);
        }
        audit.record(auditEntry(now, AuditAction.LEGAL_HOLD_LIFTED, admin, lifted.get().hold()));
        return Outcome.done(lifted.get().hold());
    }

    /** The account's hold, holding or ended, until its record expires. */
    public Optional<Hold> read(String accountId) {
        return readStored(accountId).map(Stored::hold);
    }

    @Override
    public Optional<LocalDate> holdErasure(String accountId, String requestId) {
        Objects.requireNonNull(requestId, "requestId");
        if (!ACCOUNT_ID.matcher(accountId).matches()) {
            return Optional.empty();
        }
        Instant now = clock.now();
        Optional<Stored> read = readStored(accountId).filter(stored -> !stored.released() && stored.hold().holdsAt(now));
        if (read.isEmpty() || read.get().awaitingErasure().isPresent()) {
            // No hold holds, or an erasure already waits for this one (each held step asks; only the first writes).
            return read.map(stored -> stored.hold().endsOn());
        }
        // Recorded only while the hold holds, under the version read: once the sweep has released the account,
        // nobody would finish the erasure, so the erasure goes ahead itself.
        return change(accountId, current -> current.filter(stored -> !stored.released() && stored.hold().holdsAt(now))
                .map(stored -> new Stored(stored.hold(), false, Optional.of(stored.awaitingErasure().orElse(requestId)),
                        stored.suspendedOn(), stored.walk())))
                .map(stored -> stored.hold().endsOn());
    }

    /** The holds the sweep still has work on (holding, or ended and not yet released), by account id; holds are few. */
    List<Stored> unreleased() {
        Query query = Query.partition(PARTITION).where("released", Query.Operator.EQUAL, false);
        List<Stored> found = new ArrayList<>();
        Optional<String> continuation = Optional.empty();
        do {
            Page page = store.query(HOLDS.name(), query, PAGE, continuation);
            page.items().forEach(item -> found.add(toStored(item)));
            continuation = page.continuation();
        } while (continuation.isPresent());
        return found;
    }

    /** The accounts whose hold holds now (one single-partition query). */
    public Set<String> heldAccountIds() {
        Instant now = clock.now();
        return unreleased().stream().filter(stored -> stored.hold().holdsAt(now)).map(stored -> stored.hold().accountId())
                .collect(Collectors.toUnmodifiableSet());
    }

    /** Records how far the sweep walked, unless the hold was released meanwhile; answers the hold as stored now. */
    Optional<Stored> recordWalk(String accountId, Optional<Walk> walk, Optional<LocalDate> suspendedOn) {
        return change(accountId, current -> current.filter(stored -> !stored.released())
                .map(stored -> new Stored(stored.hold(), false, stored.awaitingErasure(), suspendedOn.or(stored::suspendedOn), walk)));
    }

    /**
     * Marks the account released, if the hold as stored now is ended and still waits for {@code
     * awaitingErasure} as the sweep read it (so an erasure registered meanwhile is not lost).
     *
     * @return whether it is released now
     */
    boolean markReleased(String accountId, Optional<String> awaitingErasure) {
        Instant now = clock.now();
        return change(accountId, current -> current.filter(stored -> !stored.released() && !stored.hold().holdsAt(now)
                        && stored.awaitingErasure().equals(awaitingErasure))
                .map(stored -> new Stored(stored.hold(), true, stored.awaitingErasure(), stored.suspendedOn(), Optional.empty())))
                .isPresent();
    }

    /**
     * Reads the hold, lets {@code next} decide its new version (empty: leave it), and writes that under the
     * version read, again on a newer version after a conflict.
     *
     * @return what was written, empty if {@code next} left it
     */
    private Optional<Stored> change(String accountId, UnaryOperator<Optional<Stored>> next) {
        for (int attempt = 0; attempt < WRITE_ATTEMPTS; attempt++) {
            Optional<StoredDocument> read = store.read(HOLDS.name(), PARTITION, accountId);
            Optional<Stored> changed = next.apply(read.map(LegalHolds::toStored));
            if (changed.isEmpty()) {
                return Optional.empty();
            }
            Document document = toDocument(changed.get());
            WriteResult written = read.isEmpty() ? store.create(HOLDS.name(), document)
                    : store.replace(HOLDS.name(), document, read.get().etag());
            if (written.isWritten()) {
                return changed;
            }
        }
        throw new IllegalStateException("the legal hold kept changing under " + WRITE_ATTEMPTS + " attempts");
    }

    private Optional<Stored> readStored(String accountId) {
        return store.read(HOLDS.name(), PARTITION, accountId).map(LegalHolds::toStored);
    }

    /** By the admin; an admin holding their own account is the subject acting, which the trail records without an actor. */
    private AuditEntry auditEntry(Instant now, AuditAction action, Caller admin, Hold hold) {
        String subject = pseudonyms.of(hold.accountId());
        String actor = pseudonyms.of(admin.actorKey());
        Map<String, String> details = Map.of("endsOn", hold.endsOn().toString());
        return actor.equals(subject) ? AuditEntry.bySubject(now, action, subject, details)
                : AuditEntry.byAdmin(now, action, subject, actor, details);
    }

    /** Kept for the legal-holds period after the hold ends (or ended); the sweep releases long before that. */
    private Document toDocument(Stored stored) {
        Hold hold = stored.hold();
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("reason", hold.reason());
        fields.put("endsOn", hold.endsOn().toString());
        fields.put("placedAt", hold.placedAt().toString());
        hold.liftedAt().ifPresent(at -> fields.put("liftedAt", at.toString()));
        fields.put("released", stored.released());
        stored.awaitingErasure().ifPresent(request -> fields.put("awaitingErasure", request));
        stored.suspendedOn().ifPresent(day -> fields.put("suspendedOn", day.toString()));
        stored.walk().ifPresent(walk -> {
            Map<String, Object> progress = new LinkedHashMap<>();
            progress.put("releasing", walk.releasing());
            progress.put("container", (long) walk.container());
            walk.continuation().ifPresent(token -> progress.put("continuation", token));
            fields.put("walk", progress);
        });
        return HOLDS.withPartitionKeyField(Document.of(hold.accountId(), PARTITION, fields))
                .withTtl(retention.ttlSeconds(RetentionCategory.LEGAL_HOLDS, hold.endedAt(), clock.now()));
    }

    @SuppressWarnings("unchecked")
    private static Stored toStored(StoredDocument stored) {
        Map<String, Object> fields = stored.document().fields();
        Hold hold = new Hold(stored.id(), (String) fields.get("reason"), LocalDate.parse((String) fields.get("endsOn")),
                Instant.parse((String) fields.get("placedAt")), Optional.ofNullable((String) fields.get("liftedAt")).map(Instant::parse));
        Optional<Walk> walk = Optional.ofNullable((Map<String, Object>) fields.get("walk")).map(progress -> new Walk(
                (Boolean) progress.get("releasing"), ((Number) progress.get("container")).intValue(),
                Optional.ofNullable((String) progress.get("continuation"))));
        return new Stored(hold, Boolean.TRUE.equals(fields.get("released")), Optional.ofNullable((String) fields.get("awaitingErasure")),
                Optional.ofNullable((String) fields.get("suspendedOn")).map(LocalDate::parse), walk);
    }

    private static Instant endOf(LocalDate endsOn) {
        return endsOn.plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant();
    }

    private static Optional<LocalDate> parseDate(String text) {
        if (text == null || !text.matches("[0-9]{4}-[0-9]{2}-[0-9]{2}")) {
            return Optional.empty();
        }
        try {
            return Optional.of(LocalDate.parse(text));
        } catch (DateTimeParseException e) {
            return Optional.empty();
        }
    }

    private static <T> Outcome<T> notFound() {
        return Outcome.refused(Problem.of(ProblemType.NOT_FOUND, "No such account, or no hold on it."));
    }
}
