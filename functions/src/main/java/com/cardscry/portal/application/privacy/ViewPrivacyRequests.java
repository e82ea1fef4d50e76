package com.cardscry.portal.application.privacy;

import com.cardscry.portal.application.Outcome;
import com.cardscry.portal.application.Problem;
import com.cardscry.portal.application.ProblemType;
import com.cardscry.portal.application.accounts.Caller;
import com.cardscry.portal.domain.PrivacyRequest;
import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * {@code GET /privacy-requests} and {@code GET /privacy-requests/{id}}: the caller's own requests, in any
 * account state but closed (a blocked or closing account follows its requests too). They live in the
 * caller's partition, so another account's request id is not found (404, never 403).
 */
public final class ViewPrivacyRequests {

    /** The list shows the newest this many; a person makes a handful of requests over years. */
    public static final int MAX_LISTED = 100;

    private static final Pattern ID = Pattern.compile("[A-Za-z0-9-]{1,64}");

    private final PrivacyRequestRecords records;

    public ViewPrivacyRequests(PrivacyRequestRecords records) {
        this.records = Objects.requireNonNull(records, "records");
    }

    /** The caller's requests, newest first, at most {@link #MAX_LISTED}. */
    public Outcome<List<PrivacyRequest>> list(Caller caller) {
        return caller.anyAccount().then(found -> Outcome.done(
                records.ofAccount(found.account().id()).stream().limit(MAX_LISTED).toList()));
    }

    public Outcome<PrivacyRequest> one(Caller caller, String requestId) {
        return caller.anyAccount().then(found -> !ID.matcher(requestId).matches() ? Outcome.refused(notFound())
                : records.read(found.account().id(), requestId)
                        .map(PrivacyRequestRecords.Versioned::request)
                        .<Outcome<PrivacyRequest>>map(Outcome::done)
                        .orElseGet(() -> Outcome.refused(notFound())));
    }

    static Problem notFound() {
        return Problem.of(ProblemType.NOT_FOUND, "No such privacy request.");
    }
}
