package com.cardscry.portal.application.privacy;

import com.cardscry.portal.application.OptimisticUpdate;
import com.cardscry.portal.application.Outcome;
import com.cardscry.portal.application.Problem;
import com.cardscry.portal.application.ProblemType;
import com.cardscry.portal.application.Pseudonyms;
import com.cardscry.portal.application.port.AuditAction;
import com.cardscry.portal.application.port.AuditEntry;
import com.cardscry.portal.application.port.AuditLog;
import com.cardscry.portal.application.port.Clock;
import com.cardscry.portal.domain.PrivacyRequest;
import com.cardscry.portal.domain.PrivacyRequestStatus;
import com.cardscry.portal.domain.PrivacyRequestType;
import com.cardscry.portal.domain.PrivacyStep;
import java.time.Instant;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The worker of the {@code privacy-requests} queue (DESIGN.md decision 6): reads the request the
 * message names and carries it out one step at a time, recording each step on the request under its
 * ETag before starting the next. The request is its own checkpoint, so a message delivered again, or
 * a delivery that crashed anywhere, resumes at the first step not recorded; each step's handler is
 * idempotent, so the step that was done but not recorded is done again without repeating its effect.
 * When another delivery recorded the step first (the ETag conflicts), the worker re-reads and goes on
 * from there.
 *
 * <p>A request that is missing or closed is acknowledged and left alone. A failed one is not advanced:
 * only an administrator's retry resumes it. The close (completed or rejected) is followed by its audit
 * entry and the removal of the request from the open index, in that order; the open-index entry is
 * what tells a later delivery that this follow-up is still to do.
 *
 * <p>A handler's exception propagates: the delivery fails, and the queue delivers the message again
 * (after five failures it moves to the poison queue, see {@link FailPrivacyRequest}).
 */
public final class CarryOutPrivacyRequest {

    /** What a delivery came to. */
    public enum Result {
        /** Carried out to the end now (or its close followed up now). */
        COMPLETED,
        /** Closed as rejected now (or its close followed up now). */
        REJECTED,
        /** Closed already; nothing was done. */
        ALREADY_CLOSED,
        /** Failed; waits for an administrator's retry. */
        WAITING_FOR_RETRY,
        /** No such request. */
        NOT_FOUND
    }

    private final PrivacyRequestRecords requests;
    private final Map<PrivacyStep, PrivacyStepHandler> handlers;
    private final AuditLog audit;
    private final Pseudonyms pseudonyms;
    private final Clock clock;

    /** @param handlers one for every {@link PrivacyStep} */
    public CarryOutPrivacyRequest(PrivacyRequestRecords requests, Map<PrivacyStep, PrivacyStepHandler> handlers, AuditLog audit,
                                  Pseudonyms pseudonyms, Clock clock) {
        this.requests = Objects.requireNonNull(requests, "requests");
        this.handlers = new EnumMap<>(Objects.requireNonNull(handlers, "handlers"));
        for (PrivacyStep step : PrivacyStep.values()) {
            if (!this.handlers.containsKey(step)) {
                throw new IllegalArgumentException("no handler for step " + step.code());
            }
        }
        this.audit = Objects.requireNonNull(audit, "audit");
        this.pseudonyms = Objects.requireNonNull(pseudonyms, "pseudonyms");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    public Result handle(PrivacyRequestMessage message) {
        Optional<PrivacyRequestRecords.Versioned> found = requests.read(message.accountId(), message.requestId());
        while (found.isPresent()) {
            PrivacyRequest request = found.get().request();
            if (request.status() == PrivacyRequestStatus.FAILED) {
                return Result.WAITING_FOR_RETRY;
            }
            if (!request.status().isOpen()) {
                return followUpClose(request);
            }
            PrivacyStep step = request.nextStep().orElseThrow(() -> new IllegalStateException("an open request has a next step"));
            PrivacyStepHandler.Result result = handlers.get(step).carryOut(request);
            found = record(found.get(), step, result);
        }
        return Result.NOT_FOUND;
    }

    /**
     * Records the step's result on the request, unless another delivery got further meanwhile; answers
     * the request as now stored (empty if it is gone).
     */
    private Optional<PrivacyRequestRecords.Versioned> record(PrivacyRequestRecords.Versioned read, PrivacyStep step,
                                                              PrivacyStepHandler.Result result) {
        Problem gone = Problem.of(ProblemType.NOT_FOUND, "The request is gone.");
        Outcome<Optional<PrivacyRequestRecords.Versioned>> recorded = requests.update(read, current -> {
            PrivacyRequest request = current.request();
            if (request.status() == PrivacyRequestStatus.FAILED || !request.nextStep().equals(Optional.of(step))) {
                return OptimisticUpdate.Change.answer(Outcome.done(Optional.of(current)));
            }
            Instant now = clock.now();
            PrivacyRequest next;
            if (result instanceof PrivacyStepHandler.Rejected rejected) {
                next = request.rejected(rejected.reason(), now);
            } else if (result instanceof PrivacyStepHandler.Held held) {
                next = request.stepHeld(step, held.until(), now);
            } else {
                next = request.stepDone(step, now);
            }
            return OptimisticUpdate.Change.write(next, stored -> Outcome.done(Optional.of(stored)));
        }, gone);
        return recorded.fold(stored -> stored, problem -> {
            if (problem == gone) {
                return Optional.empty();
            }
            throw new IllegalStateException("the request kept changing while its step was recorded: " + problem.type());
        });
    }

    /** Audits the close and takes the request out of the open index, unless an earlier delivery did. */
    private Result followUpClose(PrivacyRequest request) {
        if (!requests.isIndexedOpen(request.id())) {
            return Result.ALREADY_CLOSED;
        }
        boolean completed = request.status() == PrivacyRequestStatus.COMPLETED;
        Map<String, String> details = new LinkedHashMap<>();
        details.put("request", request.id());
        details.put("type", request.type().code());
        if (completed && request.type() == PrivacyRequestType.CORRECTION) {
            request.correction().ifPresent(correction -> details.put("fields", String.join(",", correction.fields())));
        }
        audit.record(AuditEntry.bySubject(clock.now(), completed ? AuditAction.PRIVACY_REQUEST_COMPLETED : AuditAction.PRIVACY_REQUEST_REJECTED,
                pseudonyms.of(request.accountId()), details));
        requests.reindex(request, true);
        return completed ? Result.COMPLETED : Result.REJECTED;
    }
}
