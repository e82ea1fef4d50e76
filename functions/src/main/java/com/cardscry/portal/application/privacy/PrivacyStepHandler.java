package com.cardscry.portal.application.privacy;

import com.cardscry.portal.domain.PrivacyRequest;
import java.time.LocalDate;
import java.util.Objects;

/**
 * Carries out one {@link com.cardscry.portal.domain.PrivacyStep} of a request. The worker records the
 * step only after the handler returns, so a handler may run again after a crash or a redelivery:
 * running it twice must leave the same state as running it once, with no side effect repeated (no
 * second export, no second cancellation). A handler that throws leaves the step unrecorded; the
 * message is delivered again.
 */
@FunctionalInterface
public interface PrivacyStepHandler {

    /** What the step came to. */
    sealed interface Result permits Done, Held, Rejected {
    }

    /** The step is done. */
    record Done() implements Result {
    }

    /**
     * The step was passed over: a legal hold keeps what it would erase until {@code until}, the
     * hold's last day; the request goes on with its next step.
     */
    record Held(LocalDate until) implements Result {
        public Held {
            Objects.requireNonNull(until, "until");
        }
    }

    /**
     * The request cannot be carried out as asked; it closes as rejected.
     *
     * @param reason for the requester, without personal data
     */
    record Rejected(String reason) implements Result {
        public Rejected {
            Objects.requireNonNull(reason, "reason");
        }
    }

    Result carryOut(PrivacyRequest request);

    /** The result of a step that always succeeds when it returns. */
    static Result done() {
        return new Done();
    }
}
