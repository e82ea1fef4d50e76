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
import com.cardscry.portal.application.port.StoredDocument;
import com.cardscry.portal.domain.RetentionCategory;
import com.cardscry.portal.domain.RetentionSchedule;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * {@code PUT|DELETE /admin/accounts/{accountId}/legal-hold}: an administrator keeps an account's data
 * from the retention purge while a court, an authority or a dispute requires it, with a reason and an
 * end date, and lifts the hold. One hold per account, in container {@code legal-holds} (partition: the
 * account id); placing it again replaces reason and end date. A hold ends at the start of the day
 * after its end date (UTC) or when lifted, and is kept for the {@link RetentionCategory#LEGAL_HOLDS}
 * period after that (its ttl). The audit trail records who placed or lifted it and the end date, never
 * the reason.
 */
public final class LegalHolds {

    public static final ContainerSpec HOLDS = ContainerSpec.of("legal-holds", "accountId");
    public static final int MAX_REASON_LENGTH = 500;
    /** A hold lasts at most this long; a longer one is placed again. */
    public static final int MAX_DAYS = 3_653;

    private static final String HOLD_ID = "legal-hold";
    private static final Pattern ACCOUNT_ID = Pattern.compile("[A-Za-z0-9-]{1,64}");

    /** What the administrator sends to place a hold. */
    public record PlaceCommand(String reason, String endsOn) {
    }

    /**
     * A hold as stored.
     *
     * @param endsOn   the last day it holds (UTC)
     * @param liftedAt when an administrator lifted it, if one did
     */
    public record Hold(String accountId, String reason, LocalDate endsOn, Instant placedAt, Optional<Instant> liftedAt) {
        /** Whether it keeps the account's data from the purge at {@code now}. */
        public boolean holdsAt(Instant now) {
            return liftedAt.isEmpty() && now.isBefore(endOf(endsOn));
        }
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
        store.upsert(HOLDS.name(), toDocument(hold, endOf(hold.endsOn())));
        audit.record(auditEntry(now, AuditAction.LEGAL_HOLD_PLACED, admin, hold));
        return Outcome.done(hold);
    }

    /** Lifts the account's hold; lifting a lifted hold answers it unchanged, with no hold it is 404. */
    public Outcome<Hold> lift(Caller admin, String accountId) {
        Optional<Problem> refusal = admin.adminRefusal();
        if (refusal.isPresent()) {
            return Outcome.refused(refusal.get());
        }
        Optional<Hold> found = ACCOUNT_ID.matcher(accountId).matches() ? read(accountId) : Optional.empty();
        if (found.isEmpty()) {
            return notFound();
        }
        if (found.get().liftedAt().isPresent()) {
            return Outcome.done(found.get());
        }
        Instant now = clock.now();
        Hold lifted = new Hold(accountId, found.get().reason(), found.get().endsOn(), found.get().placedAt(), Optional.of(now));
        store.upsert(HOLDS.name(), toDocument(lifted, now));
        audit.record(auditEntry(now, AuditAction.LEGAL_HOLD_LIFTED, admin, lifted));
        return Outcome.done(lifted);
    }

    /** Whether a hold keeps the account's data from the purge now. */
    public boolean isHeld(String accountId) {
        return read(accountId).filter(hold -> hold.holdsAt(clock.now())).isPresent();
    }

    /** The account's hold, held or ended, until its record expires. */
    public Optional<Hold> read(String accountId) {
        return store.read(HOLDS.name(), accountId, HOLD_ID).map(LegalHolds::toHold);
    }

    /** By the admin; an admin holding their own account is the subject acting, which the trail records without an actor. */
    private AuditEntry auditEntry(Instant now, AuditAction action, Caller admin, Hold hold) {
        String subject = pseudonyms.of(hold.accountId());
        String actor = pseudonyms.of(admin.actorKey());
        Map<String, String> details = Map.of("endsOn", hold.endsOn().toString());
        return actor.equals(subject) ? AuditEntry.bySubject(now, action, subject, details)
                : AuditEntry.byAdmin(now, action, subject, actor, details);
    }

    private Document toDocument(Hold hold, Instant heldUntil) {
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("reason", hold.reason());
        fields.put("endsOn", hold.endsOn().toString());
        fields.put("placedAt", hold.placedAt().toString());
        hold.liftedAt().ifPresent(at -> fields.put("liftedAt", at.toString()));
        return HOLDS.withPartitionKeyField(Document.of(HOLD_ID, hold.accountId(), fields))
                .withTtl(retention.ttlSeconds(RetentionCategory.LEGAL_HOLDS, heldUntil, clock.now()));
    }

    private static Hold toHold(StoredDocument stored) {
        Map<String, Object> fields = stored.document().fields();
        return new Hold(stored.document().partitionKey(), (String) fields.get("reason"), LocalDate.parse((String) fields.get("endsOn")),
                Instant.parse((String) fields.get("placedAt")), Optional.ofNullable((String) fields.get("liftedAt")).map(Instant::parse));
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
