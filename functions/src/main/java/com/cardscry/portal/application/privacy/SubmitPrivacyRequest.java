package com.cardscry.portal.application.privacy;

import com.cardscry.portal.application.Outcome;
import com.cardscry.portal.application.Problem;
import com.cardscry.portal.application.ProblemType;
import com.cardscry.portal.application.Pseudonyms;
import com.cardscry.portal.application.accounts.Caller;
import com.cardscry.portal.application.port.AuditAction;
import com.cardscry.portal.application.port.AuditEntry;
import com.cardscry.portal.application.port.AuditLog;
import com.cardscry.portal.application.port.Clock;
import com.cardscry.portal.application.port.MessageQueue;
import com.cardscry.portal.application.port.WriteResult;
import com.cardscry.portal.domain.Account;
import com.cardscry.portal.domain.EmailAddress;
import com.cardscry.portal.domain.PrivacyRequest;
import com.cardscry.portal.domain.PrivacyRequestType;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

/**
 * {@code POST /privacy-requests}: a signed-in person asks for access to, correction of or deletion of
 * their data. Any account that is not closed may ask: a pending, blocked or closing one keeps its
 * rights. While the account has an open request of the same type, that one is the answer and nothing
 * is made (asking twice is not two requests).
 *
 * <p>A new request is stored (its open-index entry first, see {@link PrivacyRequestRecords#create}), then
 * its {@link PrivacyRequestMessage} is put on the {@value PrivacyRequestMessage#QUEUE} queue, then its
 * index entry is marked enqueued, then the receipt is audited. A crash after the store and before the
 * mark leaves an entry that {@link RequeuePrivacyRequests} sends again; the worker is idempotent, so a
 * message sent twice does no harm. The audit holds the request's id and type and, for a correction, the
 * names of the fields to change, never their values nor the note (the request's own history records
 * its receipt in any case).
 *
 * <p>Two submissions of the same type racing each other may both be stored; each is carried out
 * idempotently, so the worst outcome is a second request of the same kind.
 */
public final class SubmitPrivacyRequest {

    /** What the frontend sends: the type's code ({@code access}, {@code correction}, {@code deletion}). */
    public record Command(String type, Optional<Corrections> corrections, Optional<String> note) {
        @Override
        public String toString() {
            return "SubmitPrivacyRequest.Command[type=" + type + ", corrections=" + corrections.isPresent()
                    + ", note=" + note.isPresent() + "]";
        }
    }

    /** The changes a correction asks for, as sent; at least one. */
    public record Corrections(Optional<String> displayName, Optional<String> email) {
        @Override
        public String toString() {
            return "Corrections[displayName=" + displayName.isPresent() + ", email=" + email.isPresent() + "]";
        }
    }

    /** The request, and whether this submission made it (false: the open one of its type). */
    public record Result(PrivacyRequest request, boolean created) {
        public Result {
            Objects.requireNonNull(request, "request");
        }
    }

    private final PrivacyRequestRecords records;
    private final MessageQueue queue;
    private final AuditLog audit;
    private final Pseudonyms pseudonyms;
    private final Clock clock;

    public SubmitPrivacyRequest(PrivacyRequestRecords records, MessageQueue queue, AuditLog audit, Pseudonyms pseudonyms, Clock clock) {
        this.records = Objects.requireNonNull(records, "records");
        this.queue = Objects.requireNonNull(queue, "queue");
        this.audit = Objects.requireNonNull(audit, "audit");
        this.pseudonyms = Objects.requireNonNull(pseudonyms, "pseudonyms");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    public Outcome<Result> handle(Caller caller, Command command) {
        Optional<PrivacyRequestType> type = Optional.ofNullable(command.type()).flatMap(PrivacyRequestType::fromCode);
        if (type.isEmpty()) {
            return invalid("/type", "The type is one of access, correction, deletion.");
        }
        Optional<Problem> refusal = correctionRefusal(type.get(), command.corrections());
        if (refusal.isPresent()) {
            return Outcome.refused(refusal.get());
        }
        Optional<String> note = command.note().map(String::strip).filter(text -> !text.isEmpty());
        if (note.filter(text -> text.length() > PrivacyRequest.MAX_NOTE_LENGTH).isPresent()) {
            return invalid("/note", "The note may have at most " + PrivacyRequest.MAX_NOTE_LENGTH + " characters.");
        }
        Optional<PrivacyRequest.Correction> correction = command.corrections().map(SubmitPrivacyRequest::toCorrection);
        return caller.anyAccount().then(found -> Outcome.done(submit(found.account().id(), type.get(), correction, note)));
    }

    /**
     * Submits a validated request for {@code accountId}: the open request of its type if there is one,
     * else a new one, stored and enqueued. For callers that act for the account themselves (closing it
     * files its deletion); the frontend's requests come through {@link #handle}.
     */
    public Result submit(String accountId, PrivacyRequestType type, Optional<PrivacyRequest.Correction> correction,
                         Optional<String> note) {
        return submit(accountId, UUID.randomUUID().toString(), type, correction, note);
    }

    /**
     * As {@link #submit(String, PrivacyRequestType, Optional, Optional)}, with the new request's id
     * chosen by the caller: the privacy form gives its request the form submission's id, which is what
     * the requester follows it by. The caller makes sure no request of the account has that id yet.
     */
    public Result submit(String accountId, String requestId, PrivacyRequestType type, Optional<PrivacyRequest.Correction> correction,
                         Optional<String> note) {
        Optional<PrivacyRequest> open = records.ofAccount(accountId).stream()
                .filter(request -> request.type() == type && request.status().isOpen())
                .findFirst();
        if (open.isPresent()) {
            return new Result(open.get(), false);
        }
        Instant now = clock.now();
        PrivacyRequest request = PrivacyRequest.received(requestId, accountId, type, correction, note, now);
        WriteResult stored = records.create(request);
        if (!stored.isWritten()) {
            throw new IllegalStateException("a new privacy request could not be stored: " + stored.status());
        }
        queue.send(PrivacyRequestMessage.QUEUE, new PrivacyRequestMessage(accountId, request.id()).text());
        records.reindex(request, true);
        Map<String, String> details = new LinkedHashMap<>();
        details.put("request", request.id());
        details.put("requestType", type.code());
        correction.ifPresent(changes -> details.put("fields", String.join(",", changes.fields())));
        audit.record(AuditEntry.bySubject(now, AuditAction.PRIVACY_REQUEST_RECEIVED, pseudonyms.of(accountId), details));
        return new Result(request, true);
    }

    /** Corrections go with a correction request only, and must be values the profile accepts. */
    private static Optional<Problem> correctionRefusal(PrivacyRequestType type, Optional<Corrections> corrections) {
        if (type != PrivacyRequestType.CORRECTION) {
            return corrections.map(given -> field("/corrections", "Only a correction request carries corrections."));
        }
        if (corrections.isEmpty() || corrections.get().displayName().isEmpty() && corrections.get().email().isEmpty()) {
            return Optional.of(field("/corrections", "Name the display name, the email address or both to correct."));
        }
        Corrections given = corrections.get();
        if (given.displayName().isPresent() && !isValidDisplayName(given.displayName().get())) {
            return Optional.of(field("/corrections/displayName", "The display name must be 1 to " + Account.MAX_DISPLAY_NAME_LENGTH
                    + " characters without control characters."));
        }
        if (given.email().isPresent() && EmailAddress.parse(given.email().get()).isEmpty()) {
            return Optional.of(field("/corrections/email", "The email address is not valid."));
        }
        return Optional.empty();
    }

    private static boolean isValidDisplayName(String name) {
        try {
            Account.requireDisplayName(name);
            return true;
        } catch (IllegalArgumentException invalid) {
            return false;
        }
    }

    /** The validated corrections as the domain holds them; {@link #correctionRefusal} has passed. */
    private static PrivacyRequest.Correction toCorrection(Corrections given) {
        return new PrivacyRequest.Correction(given.displayName().map(Account::requireDisplayName),
                given.email().map(address -> EmailAddress.parse(address).orElseThrow()));
    }

    private static Problem field(String pointer, String detail) {
        return Problem.ofField(ProblemType.INVALID_REQUEST, pointer, detail);
    }

    private static Outcome<Result> invalid(String pointer, String detail) {
        return Outcome.refused(field(pointer, detail));
    }
}
