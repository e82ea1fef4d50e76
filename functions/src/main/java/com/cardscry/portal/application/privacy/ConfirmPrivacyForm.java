package com.cardscry.portal.application.privacy;

import com.cardscry.portal.application.OptimisticUpdate;
import com.cardscry.portal.application.Outcome;
import com.cardscry.portal.application.Problem;
import com.cardscry.portal.application.ProblemType;
import com.cardscry.portal.application.Pseudonyms;
import com.cardscry.portal.application.accounts.AccountRecords;
import com.cardscry.portal.application.port.AuditAction;
import com.cardscry.portal.application.port.AuditEntry;
import com.cardscry.portal.application.port.AuditLog;
import com.cardscry.portal.application.port.Clock;
import com.cardscry.portal.domain.PrivacyRequest;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * {@code POST /privacy-requests/form/{id}/confirm}: the code the form sent is entered, and the request
 * is made. The right code matches the address's blind-index key to the account that verified the
 * address; with none, the request's partition is its own id (nothing is held, and no account is made up
 * for it). Then the request goes through {@link SubmitPrivacyRequest} like any other, under the form's
 * id (or, if the account has an open request of that type, that one is what the form follows), and the
 * worker carries it out.
 *
 * <p>Answers say nothing about accounts: a wrong, expired or spent code is {@code 400
 * verification-code-rejected} with the attempts left; an unknown or expired submission is {@code 404}.
 * The third wrong code deletes the submission.
 *
 * <p>Crash-safe and retry-safe: the confirmation is written (under the submission's ETag) before the
 * request is made, and the request's id after; entering the right code again finishes what a crash
 * left undone and answers as the first time, and a request the form made already is found by its id
 * rather than made twice.
 */
public final class ConfirmPrivacyForm implements StrandedRequests {

    /** What the requester sends. */
    public record Command(String code) {
        @Override
        public String toString() {
            return "ConfirmPrivacyForm.Command[redacted]";
        }
    }

    /** The form's request is stored and queued. */
    public record Confirmed(String formId) {
        public Confirmed {
            Objects.requireNonNull(formId, "formId");
        }
    }

    static final Problem NOT_FOUND = Problem.of(ProblemType.NOT_FOUND,
            "No such form submission, or it has expired; send the form again.");

    private final PrivacyFormRecords forms;
    private final PrivacyRequestRecords requests;
    private final AccountRecords accounts;
    private final SubmitPrivacyRequest submit;
    private final PrivacyFormKeys keys;
    private final PrivacyFormLimits limits;
    private final AuditLog audit;
    private final Pseudonyms pseudonyms;
    private final Clock clock;

    public ConfirmPrivacyForm(PrivacyFormRecords forms, PrivacyRequestRecords requests, AccountRecords accounts,
                              SubmitPrivacyRequest submit, PrivacyFormKeys keys, PrivacyFormLimits limits, AuditLog audit,
                              Pseudonyms pseudonyms, Clock clock) {
        this.forms = Objects.requireNonNull(forms, "forms");
        this.requests = Objects.requireNonNull(requests, "requests");
        this.accounts = Objects.requireNonNull(accounts, "accounts");
        this.submit = Objects.requireNonNull(submit, "submit");
        this.keys = Objects.requireNonNull(keys, "keys");
        this.limits = Objects.requireNonNull(limits, "limits");
        this.audit = Objects.requireNonNull(audit, "audit");
        this.pseudonyms = Objects.requireNonNull(pseudonyms, "pseudonyms");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** @param clientAddress the address the request is rate-limited by, if the request had a usable one */
    public Outcome<Confirmed> handle(Optional<String> clientAddress, String formId, Command command) {
        if (!PrivacyFormKeys.isCodeShaped(command.code())) {
            return Outcome.refused(Problem.ofField(ProblemType.INVALID_REQUEST, "/code", "The code is six digits."));
        }
        Optional<Problem> limited = limits.checkCodeEntry(clientAddress);
        if (limited.isPresent()) {
            return Outcome.refused(limited.get());
        }
        Optional<PrivacyFormRecords.Versioned> found = FollowPrivacyForm.isFormId(formId) ? forms.read(formId) : Optional.empty();
        if (found.isEmpty()) {
            return Outcome.refused(NOT_FOUND);
        }
        String attempt = keys.codeHash(formId, command.code());
        reserveIfRight(found.get().submission(), attempt);
        return forms.update(found.get(), current -> enter(current.submission(), attempt), NOT_FOUND).then(this::makeRequest);
    }

    /**
     * With the right code for a submission not yet confirmed, the request's open-index entry is written
     * before the confirmation: a crash between the confirmation and the request then leaves an entry the
     * re-enqueue timer finds, and it finishes the request through {@link #finish}.
     */
    private void reserveIfRight(PrivacyFormSubmission submission, String attempt) {
        Instant now = clock.now();
        if (!submission.isConfirmed() && !submission.isSpent() && !submission.isCodeExpired(now) && submission.codeMatches(attempt)) {
            requests.reserveOpenEntry(PrivacyRequest.received(submission.id(), accountFor(submission), submission.type(),
                    Optional.empty(), Optional.empty(), now));
        }
    }

    /** The account whose verified address the submission's is, else the submission's own id (nothing is held). */
    private String accountFor(PrivacyFormSubmission submission) {
        return accounts.emailOwnerByIndexKey(submission.emailIndexKey().orElseThrow()).orElse(submission.id());
    }

    /**
     * The re-enqueue timer found the reserved entry of a form request that was never stored: a
     * confirmed submission still waiting for its request gets it now.
     */
    @Override
    public boolean finish(PrivacyRequestRecords.OpenEntry entry) {
        return forms.read(entry.requestId()).map(PrivacyFormRecords.Versioned::submission)
                .filter(submission -> submission.isConfirmed() && !submission.isSubmitted())
                .map(submission -> makeRequest(submission) instanceof Outcome.Done<?>)
                .orElse(false);
    }

    /** The decision on one version of the submission: reads only, so that it may run again after a conflict. */
    private OptimisticUpdate.Change<PrivacyFormSubmission, PrivacyFormRecords.Versioned, PrivacyFormSubmission> enter(
            PrivacyFormSubmission submission, String attempt) {
        Instant now = clock.now();
        if (submission.isConfirmed()) {
            // Nothing is left to guess at, so a wrong code is not counted; the right one finishes and answers again.
            return OptimisticUpdate.Change.answer(submission.codeMatches(attempt) ? Outcome.done(submission) : rejected("The code is wrong."));
        }
        if (submission.isSpent()) {
            return OptimisticUpdate.Change.answer(rejected("No attempts are left; send the form again."));
        }
        if (submission.isCodeExpired(now)) {
            return OptimisticUpdate.Change.answer(rejected("The code has expired; send the form again."));
        }
        if (!submission.codeMatches(attempt)) {
            return OptimisticUpdate.Change.write(submission.withFailedAttempt(), stored -> wrongCode(stored.submission()));
        }
        return OptimisticUpdate.Change.write(submission.confirmedFor(accountFor(submission), now), stored -> Outcome.done(stored.submission()));
    }

    private Outcome<PrivacyFormSubmission> wrongCode(PrivacyFormSubmission counted) {
        if (counted.isSpent()) {
            forms.delete(counted.id());
            return rejected("The code is wrong, and that was the last attempt; send the form again.");
        }
        int left = counted.attemptsLeft();
        return rejected("The code is wrong; " + left + (left == 1 ? " attempt" : " attempts") + " left.");
    }

    /** Stores and queues the confirmed request, unless an earlier call did; then records which request the form follows. */
    private Outcome<Confirmed> makeRequest(PrivacyFormSubmission confirmed) {
        if (confirmed.isSubmitted()) {
            return Outcome.done(new Confirmed(confirmed.id()));
        }
        String accountId = confirmed.confirmation().orElseThrow().accountId();
        PrivacyRequest request = requests.read(accountId, confirmed.id()).map(PrivacyRequestRecords.Versioned::request)
                .orElseGet(() -> submit.submit(accountId, confirmed.id(), confirmed.type(), Optional.empty(), confirmed.details()).request());
        PrivacyFormRecords.Versioned current = forms.read(confirmed.id()).orElseThrow(
                () -> new IllegalStateException("a confirmed form submission vanished before its request was recorded"));
        return forms.update(current, now -> now.submission().isSubmitted()
                        ? OptimisticUpdate.Change.answer(Outcome.done(new Confirmed(confirmed.id())))
                        : OptimisticUpdate.Change.write(now.submission().submittedAs(request.id()), stored -> {
                            audit.record(AuditEntry.bySubject(clock.now(), AuditAction.PRIVACY_FORM_CONFIRMED, pseudonyms.of(accountId),
                                    Map.of("form", confirmed.id(), "request", request.id(), "requestType", confirmed.type().code())));
                            return Outcome.done(new Confirmed(confirmed.id()));
                        }),
                NOT_FOUND);
    }

    private static <T> Outcome<T> rejected(String detail) {
        return Outcome.refused(Problem.ofField(ProblemType.VERIFICATION_CODE_REJECTED, "/code", detail));
    }
}
