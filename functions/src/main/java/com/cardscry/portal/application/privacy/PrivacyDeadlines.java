package com.cardscry.portal.application.privacy;

import com.cardscry.portal.application.OptimisticUpdate;
import com.cardscry.portal.application.Outcome;
import com.cardscry.portal.application.Problem;
import com.cardscry.portal.application.ProblemType;
import com.cardscry.portal.application.Pseudonyms;
import com.cardscry.portal.application.accounts.Caller;
import com.cardscry.portal.application.port.AuditAction;
import com.cardscry.portal.application.port.AuditEntry;
import com.cardscry.portal.application.port.AuditLog;
import com.cardscry.portal.application.port.Clock;
import com.cardscry.portal.domain.PrivacyRequest;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The administrators' side of the legal clock: the list of open requests due soon (overdue first), and
 * the one extension of a request's deadline, with a reason the requester sees.
 *
 * <p>The list is one single-partition query of the open index. An extension is granted once, to an
 * open request, before its original due date ({@link PrivacyRequest#canBeExtendedAt}); otherwise the
 * answer is 409. Administrators know a request by its id alone, so it is found through its open-index
 * entry: an id on no open list (unknown, or a request already closed and off the list) is 404.
 */
public final class PrivacyDeadlines {

    public static final int DEFAULT_DUE_WITHIN_DAYS = 7;
    public static final int MAX_DUE_WITHIN_DAYS = 90;

    /** What an administrator sends to extend a deadline. */
    public record ExtendCommand(String reason) {
    }

    /** An open request on the list, and whether it is past its due date. */
    public record Due(PrivacyRequestRecords.OpenEntry entry, boolean overdue) {
    }

    private static final Pattern ID = Pattern.compile("[A-Za-z0-9-]{1,64}");

    private final PrivacyRequestRecords records;
    private final AuditLog audit;
    private final Pseudonyms pseudonyms;
    private final Clock clock;

    public PrivacyDeadlines(PrivacyRequestRecords records, AuditLog audit, Pseudonyms pseudonyms, Clock clock) {
        this.records = Objects.requireNonNull(records, "records");
        this.audit = Objects.requireNonNull(audit, "audit");
        this.pseudonyms = Objects.requireNonNull(pseudonyms, "pseudonyms");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /**
     * Open requests due within {@code dueWithinDays} (as sent: absent means {@value #DEFAULT_DUE_WITHIN_DAYS};
     * otherwise 0 to {@value #MAX_DUE_WITHIN_DAYS}), soonest first, so the overdue ones lead.
     */
    public Outcome<List<Due>> dueWithin(Caller admin, Optional<String> dueWithinDays) {
        Optional<Problem> refusal = admin.adminRefusal();
        if (refusal.isPresent()) {
            return Outcome.refused(refusal.get());
        }
        Optional<Integer> days = dueWithinDays.isEmpty() ? Optional.of(DEFAULT_DUE_WITHIN_DAYS) : parseDays(dueWithinDays.get());
        if (days.isEmpty()) {
            return Outcome.refused(Problem.of(ProblemType.INVALID_REQUEST,
                    "dueWithinDays is a whole number of days from 0 to " + MAX_DUE_WITHIN_DAYS + "."));
        }
        Instant now = clock.now();
        return Outcome.done(records.openDueBefore(now.plus(Duration.ofDays(days.get()))).stream()
                .map(entry -> new Due(entry, !now.isBefore(entry.dueAt())))
                .toList());
    }

    public Outcome<PrivacyRequest> extend(Caller admin, String requestId, ExtendCommand command) {
        Optional<Problem> refusal = admin.adminRefusal();
        if (refusal.isPresent()) {
            return Outcome.refused(refusal.get());
        }
        String reason = Optional.ofNullable(command.reason()).map(String::strip).orElse("");
        if (reason.isEmpty()) {
            return Outcome.refused(Problem.ofField(ProblemType.INVALID_REQUEST, "/reason", "Give the requester a reason."));
        }
        if (reason.length() > PrivacyRequest.MAX_REASON_LENGTH) {
            return Outcome.refused(Problem.ofField(ProblemType.INVALID_REQUEST, "/reason",
                    "The reason may have at most " + PrivacyRequest.MAX_REASON_LENGTH + " characters."));
        }
        Optional<PrivacyRequestRecords.OpenEntry> entry = ID.matcher(requestId).matches() ? records.openEntry(requestId) : Optional.empty();
        Optional<PrivacyRequestRecords.Versioned> found = entry.flatMap(open -> records.read(open.accountId(), open.requestId()));
        if (found.isEmpty()) {
            return Outcome.refused(Problem.of(ProblemType.NOT_FOUND, "No open privacy request has this id."));
        }
        boolean enqueued = entry.get().enqueued();
        return records.update(found.get(), current -> {
            PrivacyRequest request = current.request();
            Instant now = clock.now();
            if (!request.canBeExtendedAt(now)) {
                return OptimisticUpdate.Change.answer(Outcome.refused(Problem.of(ProblemType.CONFLICT, whyNot(request, now))));
            }
            return OptimisticUpdate.Change.write(request.extended(reason, now), stored -> {
                records.reindex(stored.request(), enqueued);
                audit.record(auditEntry(admin, stored.request(), now));
                return Outcome.done(stored.request());
            });
        }, ViewPrivacyRequests.notFound());
    }

    private AuditEntry auditEntry(Caller admin, PrivacyRequest extended, Instant now) {
        String subject = pseudonyms.of(extended.accountId());
        String actor = pseudonyms.of(admin.actorKey());
        Map<String, String> details = Map.of("request", extended.id(), "dueAt", extended.dueAt().toString());
        // An administrator extending a request about their own account acted as its subject.
        return actor.equals(subject) ? AuditEntry.bySubject(now, AuditAction.PRIVACY_REQUEST_EXTENDED, subject, details)
                : AuditEntry.byAdmin(now, AuditAction.PRIVACY_REQUEST_EXTENDED, subject, actor, details);
    }

    private static String whyNot(PrivacyRequest request, Instant now) {
        if (!request.status().isOpen()) {
            return "The request is " + request.status().code() + "; only an open request's deadline is extended.";
        }
        if (request.extension().isPresent()) {
            return "The deadline was extended already; it is extended once.";
        }
        return "The request is past its due date; an extension must be granted before it.";
    }

    private static Optional<Integer> parseDays(String text) {
        if (!text.matches("[0-9]{1,2}")) {
            return Optional.empty();
        }
        int days = Integer.parseInt(text);
        return days <= MAX_DUE_WITHIN_DAYS ? Optional.of(days) : Optional.empty();
    }
}
