package com.cardscry.portal.application.privacy;

import com.cardscry.portal.application.Outcome;
import com.cardscry.portal.application.Problem;
import com.cardscry.portal.application.ProblemType;
import com.cardscry.portal.domain.PrivacyRequest;
import com.cardscry.portal.domain.PrivacyRequestStatus;
import com.cardscry.portal.domain.PrivacyRequestType;
import com.cardscry.portal.domain.RetentionSchedule;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * How someone who used the privacy form follows their request: by the form's id and the token of the
 * link the code mail carried, never by an account. {@code GET /privacy-requests/form/{id}?token=}
 * shows where it is (awaiting the code; then the request's status, due date and history, and once done
 * the erasure receipt, or that the export is ready); {@code GET /privacy-requests/form/{id}/export}
 * serves the access export with the same token. An unknown id, an expired submission and a wrong token
 * are the same 404.
 */
public final class FollowPrivacyForm {

    /**
     * Where a form's request is.
     *
     * @param submission the form, unconfirmed or confirmed
     * @param request    the request it made, once stored
     * @param receipt    a completed deletion's receipt
     */
    public record Status(PrivacyFormSubmission submission, Optional<PrivacyRequest> request, Optional<ErasureReceipt> receipt) {
        public Status {
            Objects.requireNonNull(submission, "submission");
            Objects.requireNonNull(request, "request");
            Objects.requireNonNull(receipt, "receipt");
        }

        /** Whether the request is a completed access request, whose export the link serves (for 7 days). */
        public boolean exportReady() {
            return request.filter(made -> made.type() == PrivacyRequestType.ACCESS && made.status() == PrivacyRequestStatus.COMPLETED)
                    .isPresent();
        }
    }

    private static final Pattern FORM_ID = Pattern.compile("[A-Za-z0-9-]{1,64}");
    private static final Problem NOT_FOUND = Problem.of(ProblemType.NOT_FOUND, "No such request, or the link is not its link.");

    private final PrivacyFormRecords forms;
    private final PrivacyRequestRecords requests;
    private final ReadPrivacyResults results;
    private final PrivacyFormKeys keys;
    private final RetentionSchedule retention;

    /** @param retention what an erasure's receipt says of each category */
    public FollowPrivacyForm(PrivacyFormRecords forms, PrivacyRequestRecords requests, ReadPrivacyResults results, PrivacyFormKeys keys,
                             RetentionSchedule retention) {
        this.retention = Objects.requireNonNull(retention, "retention");
        this.forms = Objects.requireNonNull(forms, "forms");
        this.requests = Objects.requireNonNull(requests, "requests");
        this.results = Objects.requireNonNull(results, "results");
        this.keys = Objects.requireNonNull(keys, "keys");
    }

    public Outcome<Status> status(String formId, Optional<String> token) {
        return submission(formId, token).then(submission -> {
            Optional<PrivacyRequest> request = request(submission);
            return Outcome.done(new Status(submission, request, request.flatMap(found -> ErasureReceipt.of(found, retention))));
        });
    }

    public Outcome<ReadPrivacyResults.Export> export(String formId, Optional<String> token, Optional<String> format) {
        Optional<ExportNames.Format> chosen = ExportNames.Format.fromCode(format);
        if (chosen.isEmpty()) {
            return Outcome.refused(Problem.ofField(ProblemType.INVALID_REQUEST, "/format", "format is json or html."));
        }
        return submission(formId, token).then(submission -> request(submission)
                .map(request -> results.exportOf(request, chosen.get()))
                .orElseGet(() -> Outcome.refused(Problem.of(ProblemType.CONFLICT, "The request is not confirmed yet."))));
    }

    /** The form whose link {@code token} is; the same 404 for an unknown form and a wrong token. */
    private Outcome<PrivacyFormSubmission> submission(String formId, Optional<String> token) {
        if (!isFormId(formId) || token.filter(PrivacyFormKeys::isTokenShaped).isEmpty()) {
            return Outcome.refused(NOT_FOUND);
        }
        String offered = keys.tokenHash(token.get());
        return forms.read(formId).map(PrivacyFormRecords.Versioned::submission)
                .filter(submission -> submission.tokenMatches(offered))
                .<Outcome<PrivacyFormSubmission>>map(Outcome::done)
                .orElseGet(() -> Outcome.refused(NOT_FOUND));
    }

    private Optional<PrivacyRequest> request(PrivacyFormSubmission submission) {
        return submission.confirmation().flatMap(confirmed -> confirmed.requestId()
                .flatMap(requestId -> requests.read(confirmed.accountId(), requestId)))
                .map(PrivacyRequestRecords.Versioned::request);
    }

    /** Whether {@code formId} could be a form's id; anything else is answered as unknown without a read. */
    static boolean isFormId(String formId) {
        return formId != null && FORM_ID.matcher(formId).matches();
    }
}
