package com.cardscry.portal.functions.http;

import com.cardscry.portal.application.privacy.PrivacyDeadlines;
import com.cardscry.portal.domain.PrivacyRequest;
import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * The JSON shapes of privacy requests; see {@code PrivacyRequest} and {@code DuePrivacyRequestList} in
 * openapi/portal.yaml. A request is shown without the values a correction asks for and without the
 * note: the requester sent them, and echoing personal data adds nothing to following the request, so
 * only the names of the fields to correct are shown.
 */
final class PrivacyRequestViews {

    private PrivacyRequestViews() {
    }

    /** Where a request can be read, as a path on this host. */
    static String location(String requestId) {
        return "/api/v1/privacy-requests/" + requestId;
    }

    @JsonInclude(JsonInclude.Include.NON_ABSENT)
    record PrivacyRequestView(String id, String type, String status, Instant receivedAt, Instant dueAt,
                              Optional<ExtensionView> extension, Optional<List<String>> correctionFields,
                              Optional<String> outcome, List<EventView> history) {
        static PrivacyRequestView of(PrivacyRequest request) {
            return new PrivacyRequestView(request.id(), request.type().code(), request.status().code(), request.receivedAt(),
                    request.dueAt(), request.extension().map(extension -> new ExtensionView(extension.reason(), extension.grantedAt())),
                    request.correction().map(PrivacyRequest.Correction::fields), request.outcome(),
                    request.history().stream().map(event -> new EventView(event.at(), event.what(), event.detail())).toList());
        }
    }

    record ExtensionView(String reason, Instant grantedAt) {
    }

    @JsonInclude(JsonInclude.Include.NON_ABSENT)
    record EventView(Instant at, String what, Optional<String> detail) {
    }

    record PrivacyRequestList(List<PrivacyRequestView> items) {
        static PrivacyRequestList of(List<PrivacyRequest> requests) {
            return new PrivacyRequestList(requests.stream().map(PrivacyRequestView::of).toList());
        }
    }

    /** An open request on the administrators' deadline list: ids, type, status and dates, no personal data. */
    record DueView(String requestId, String accountId, String type, String status, Instant receivedAt, Instant dueAt,
                   boolean overdue) {
    }

    record DueList(List<DueView> items) {
        static DueList of(List<PrivacyDeadlines.Due> due) {
            return new DueList(due.stream().map(item -> new DueView(item.entry().requestId(), item.entry().accountId(),
                    item.entry().type().code(), item.entry().status().code(), item.entry().receivedAt(), item.entry().dueAt(),
                    item.overdue())).toList());
        }
    }
}
