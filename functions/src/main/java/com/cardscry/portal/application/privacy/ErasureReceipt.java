package com.cardscry.portal.application.privacy;

import com.cardscry.portal.domain.PrivacyRequest;
import com.cardscry.portal.domain.PrivacyRequestStatus;
import com.cardscry.portal.domain.PrivacyRequestType;
import com.cardscry.portal.domain.PrivacyStep;
import com.cardscry.portal.domain.RetentionCategory;
import com.cardscry.portal.domain.RetentionSchedule;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What a completed deletion did with each category of data of the {@link RetentionSchedule}: deleted,
 * and when (the time its step was recorded); kept, with the legal basis; or held: kept under a legal
 * hold on the account, until the hold's last day, after which the erasure is finished by a deletion
 * request of its own (filed when the hold ends, see {@code application/retention/LegalHolds}). It is
 * read off the request itself, which the erasure keeps: every completed deletion recorded every step,
 * so its history says when each category went or that a hold kept it, and the schedule says what was
 * kept and why.
 *
 * @param requestId   the deletion request
 * @param completedAt when the last step was recorded
 * @param lines       one per category, in the schedule's order
 */
public record ErasureReceipt(String requestId, Instant completedAt, List<Line> lines) {

    /** What became of a category. */
    public enum Outcome {
        DELETED, KEPT, HELD
    }

    /**
     * One category's fate: {@code at} only for what was deleted; {@code legalBasis} for what was kept or
     * held; {@code heldUntil} (the legal hold's last day) only for what was held.
     */
    public record Line(String category, String title, Outcome outcome, Optional<Instant> at, Optional<String> legalBasis,
                       Optional<LocalDate> heldUntil) {
    }

    /** Why held data is not erased yet, as the receipt tells the requester. */
    static final String HELD_BASIS = "Art. 17(3)(e) GDPR: kept under a legal hold on the account, for the establishment, exercise "
            + "or defence of legal claims; erased when the hold ends";

    /** The step whose record dates each category an erasure deletes (a test holds it to every such category). */
    static final Map<RetentionCategory, PrivacyStep> DELETED_BY = Map.of(
            RetentionCategory.UNVERIFIED_SIGN_UPS, PrivacyStep.DELETE_PROFILE,
            RetentionCategory.ACCOUNTS, PrivacyStep.DELETE_PROFILE,
            RetentionCategory.SESSIONS, PrivacyStep.DELETE_SESSIONS,
            RetentionCategory.API_KEYS, PrivacyStep.DELETE_KEY_METADATA,
            RetentionCategory.USAGE_HOURLY, PrivacyStep.DELETE_USAGE,
            RetentionCategory.USAGE_DAILY, PrivacyStep.DELETE_USAGE,
            RetentionCategory.EXPORTS, PrivacyStep.DELETE_EXPORTS,
            RetentionCategory.NOTIFICATIONS, PrivacyStep.DELETE_PROFILE);

    public ErasureReceipt {
        lines = List.copyOf(lines);
    }

    /** The receipt of a completed deletion, its lines after {@code schedule}; empty for any other request. */
    public static Optional<ErasureReceipt> of(PrivacyRequest request, RetentionSchedule schedule) {
        if (request.type() != PrivacyRequestType.DELETION || request.status() != PrivacyRequestStatus.COMPLETED) {
            return Optional.empty();
        }
        List<Line> lines = schedule.entries().stream().map(entry -> line(request, entry)).toList();
        return Optional.of(new ErasureReceipt(request.id(), eventTime(request, "completed").orElseThrow(), lines));
    }

    private static Line line(PrivacyRequest request, RetentionSchedule.Entry entry) {
        String id = entry.category().id();
        if (entry.onErasure() == RetentionSchedule.OnErasure.KEPT) {
            return new Line(id, entry.title(), Outcome.KEPT, Optional.empty(), Optional.of(entry.legalBasis()), Optional.empty());
        }
        Optional<PrivacyRequest.Event> step = event(request, "step:" + DELETED_BY.get(entry.category()).code());
        Optional<LocalDate> heldUntil = step.flatMap(PrivacyRequest.Event::heldUntil);
        return heldUntil.isPresent()
                ? new Line(id, entry.title(), Outcome.HELD, Optional.empty(), Optional.of(HELD_BASIS), heldUntil)
                : new Line(id, entry.title(), Outcome.DELETED, step.map(PrivacyRequest.Event::at), Optional.empty(), Optional.empty());
    }

    private static Optional<Instant> eventTime(PrivacyRequest request, String what) {
        return event(request, what).map(PrivacyRequest.Event::at);
    }

    private static Optional<PrivacyRequest.Event> event(PrivacyRequest request, String what) {
        return request.history().stream().filter(event -> event.what().equals(what)).reduce((first, last) -> last);
    }
}
