package com.cardscry.portal.application.privacy;

import com.cardscry.portal.domain.PrivacyRequest;
import com.cardscry.portal.domain.PrivacyRequestStatus;
import com.cardscry.portal.domain.PrivacyRequestType;
import com.cardscry.portal.domain.PrivacyStep;
import com.cardscry.portal.domain.RetentionCategory;
import com.cardscry.portal.domain.RetentionSchedule;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What a completed deletion did with each category of data of the {@link RetentionSchedule}: deleted,
 * and when (the time its step was recorded), or kept, with the legal basis. It is read off the request
 * itself, which the erasure keeps: every completed deletion ran every step, so its history says when
 * each category went, and the schedule says what was kept and why.
 *
 * @param requestId   the deletion request
 * @param completedAt when the last step was recorded
 * @param lines       one per category, in the schedule's order
 */
public record ErasureReceipt(String requestId, Instant completedAt, List<Line> lines) {

    /** One category's fate; {@code legalBasis} only for what was kept, {@code at} only for what was deleted. */
    public record Line(String category, String title, RetentionSchedule.OnErasure outcome, Optional<Instant> at,
                       Optional<String> legalBasis) {
    }

    /** The step whose record dates each category an erasure deletes (a test holds it to every such category). */
    static final Map<RetentionCategory, PrivacyStep> DELETED_BY = Map.of(
            RetentionCategory.UNVERIFIED_SIGN_UPS, PrivacyStep.DELETE_PROFILE,
            RetentionCategory.ACCOUNTS, PrivacyStep.DELETE_PROFILE,
            RetentionCategory.SESSIONS, PrivacyStep.DELETE_SESSIONS,
            RetentionCategory.API_KEYS, PrivacyStep.DELETE_KEY_METADATA,
            RetentionCategory.USAGE_HOURLY, PrivacyStep.DELETE_USAGE,
            RetentionCategory.USAGE_DAILY, PrivacyStep.DELETE_USAGE,
            RetentionCategory.EXPORTS, PrivacyStep.DELETE_EXPORTS);

    public ErasureReceipt {
        lines = List.copyOf(lines);
    }

    /** The receipt of a completed deletion, its lines after {@code schedule}; empty for any other request. */
    public static Optional<ErasureReceipt> of(PrivacyRequest request, RetentionSchedule schedule) {
        if (request.type() != PrivacyRequestType.DELETION || request.status() != PrivacyRequestStatus.COMPLETED) {
            return Optional.empty();
        }
        Instant completedAt = eventTime(request, "completed").orElseThrow();
        List<Line> lines = schedule.entries().stream().map(entry -> entry.onErasure() == RetentionSchedule.OnErasure.KEPT
                ? new Line(entry.category().id(), entry.title(), entry.onErasure(), Optional.empty(), Optional.of(entry.legalBasis()))
                : new Line(entry.category().id(), entry.title(), entry.onErasure(),
                        eventTime(request, "step:" + DELETED_BY.get(entry.category()).code()), Optional.empty())).toList();
        return Optional.of(new ErasureReceipt(request.id(), completedAt, lines));
    }

    private static Optional<Instant> eventTime(PrivacyRequest request, String what) {
        return request.history().stream().filter(event -> event.what().equals(what)).map(PrivacyRequest.Event::at)
                .reduce((first, last) -> last);
    }
}
