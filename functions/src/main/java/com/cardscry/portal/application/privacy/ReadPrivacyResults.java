package com.cardscry.portal.application.privacy;

import com.cardscry.portal.application.Outcome;
import com.cardscry.portal.application.Problem;
import com.cardscry.portal.application.ProblemType;
import com.cardscry.portal.application.accounts.Caller;
import com.cardscry.portal.application.port.Clock;
import com.cardscry.portal.application.port.ExportStore;
import com.cardscry.portal.domain.PrivacyRequest;
import com.cardscry.portal.domain.PrivacyRequestStatus;
import com.cardscry.portal.domain.PrivacyRequestType;
import com.cardscry.portal.domain.RetentionCategory;
import com.cardscry.portal.domain.RetentionSchedule;
import java.io.InputStream;
import java.util.Objects;
import java.util.Optional;

/**
 * What the requester reads once a request is carried out, and only they:
 * <ul>
 *   <li>{@code GET /privacy-requests/{id}/export?format=json|html}: an access request's export, for
 *       the retention schedule's period for exports after it was written (404 after that, and for another
 *       account's request or a request that is not an access request; 409 while it is not done);</li>
 *   <li>{@code GET /privacy-requests/{id}/receipt}: a completed deletion's {@link ErasureReceipt}. The
 *       account is gone by then, so a signed-in caller without an account is looked up through the
 *       pointer the erasure left for their identity ({@link ErasedIdentities}).</li>
 * </ul>
 * Signed-in callers only; a blocked or closing account still reads its own requests.
 */
public final class ReadPrivacyResults {

    /** An export ready to stream: the caller closes {@code content}. */
    public record Export(ExportStore.ExportInfo info, InputStream content) {
    }

    private static final Problem NOT_FOUND = Problem.of(ProblemType.NOT_FOUND, "No such privacy request.");

    private final PrivacyRequestRecords requests;
    private final ErasedIdentities erasedIdentities;
    private final ExportStore exports;
    private final RetentionSchedule retention;
    private final Clock clock;

    /** @param retention how long exports are served, and what a receipt says is kept and why */
    public ReadPrivacyResults(PrivacyRequestRecords requests, ErasedIdentities erasedIdentities, ExportStore exports,
                              RetentionSchedule retention, Clock clock) {
        this.requests = Objects.requireNonNull(requests, "requests");
        this.erasedIdentities = Objects.requireNonNull(erasedIdentities, "erasedIdentities");
        this.exports = Objects.requireNonNull(exports, "exports");
        this.retention = Objects.requireNonNull(retention, "retention");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    public Outcome<Export> export(Caller caller, String requestId, Optional<String> format) {
        Optional<ExportNames.Format> chosen = ExportNames.Format.fromCode(format);
        if (chosen.isEmpty()) {
            return Outcome.refused(Problem.ofField(ProblemType.INVALID_REQUEST, "/format", "format is json or html."));
        }
        return caller.anyAccount().then(found -> ownRequest(found.account().id(), requestId))
                .then(request -> exportOf(request, chosen.get()));
    }

    /**
     * The export of {@code request}, already known to be the caller's (the privacy form checks its
     * link's token instead of a sign-in): 404 unless it is an access request whose export is still
     * kept, 409 while it is not completed.
     */
    Outcome<Export> exportOf(PrivacyRequest request, ExportNames.Format format) {
        if (request.type() != PrivacyRequestType.ACCESS) {
            return Outcome.refused(NOT_FOUND);
        }
        if (request.status() != PrivacyRequestStatus.COMPLETED) {
            return Outcome.refused(Problem.of(ProblemType.CONFLICT, "The export is not ready yet; the request is "
                    + request.status().code() + "."));
        }
        String name = ExportNames.of(request.accountId(), request.id(), format);
        Optional<ExportStore.ExportInfo> info = exports.describe(name)
                .filter(described -> clock.now().isBefore(described.createdAt().plus(retention.period(RetentionCategory.EXPORTS))));
        Optional<InputStream> content = info.flatMap(described -> exports.open(name));
        if (content.isEmpty()) {
            return Outcome.refused(Problem.of(ProblemType.NOT_FOUND, "The export was kept for 7 days and is gone; "
                    + "make a new access request."));
        }
        return Outcome.done(new Export(info.get(), content.get()));
    }

    public Outcome<ErasureReceipt> receipt(Caller caller, String requestId) {
        Optional<String> accountId = caller.account().map(found -> found.account().id())
                .or(() -> isId(requestId) ? erasedIdentities.accountOf(caller.tenantId(), caller.objectId(), requestId) : Optional.empty());
        if (accountId.isEmpty()) {
            return Outcome.refused(NOT_FOUND);
        }
        return ownRequest(accountId.get(), requestId).then(request -> {
            if (request.type() != PrivacyRequestType.DELETION) {
                return Outcome.refused(NOT_FOUND);
            }
            return ErasureReceipt.of(request, retention).<Outcome<ErasureReceipt>>map(Outcome::done).orElseGet(() -> Outcome.refused(
                    Problem.of(ProblemType.CONFLICT, "The erasure is not complete yet; the request is " + request.status().code() + ".")));
        });
    }

    private Outcome<PrivacyRequest> ownRequest(String accountId, String requestId) {
        return (isId(requestId) ? requests.read(accountId, requestId) : Optional.<PrivacyRequestRecords.Versioned>empty())
                .<Outcome<PrivacyRequest>>map(found -> Outcome.done(found.request()))
                .orElseGet(() -> Outcome.refused(NOT_FOUND));
    }

    private static boolean isId(String id) {
        return id != null && id.matches("[A-Za-z0-9-]{1,64}");
    }
}
