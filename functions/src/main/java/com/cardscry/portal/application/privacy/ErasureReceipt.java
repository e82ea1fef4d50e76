package com.cardscry.portal.application.privacy;

import com.cardscry.portal.domain.PrivacyRequest;
import com.cardscry.portal.domain.PrivacyRequestStatus;
import com.cardscry.portal.domain.PrivacyRequestType;
import com.cardscry.portal.domain.PrivacyStep;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What a completed deletion did with each category of data ({@link PersonalDataInventory}): deleted,
 * and when (the time its step was recorded), or kept, with the legal basis. It is read off the request
 * itself, which the erasure keeps: every completed deletion ran every step, so its history says when
 * each category went, and the inventory says what was kept and why.
 *
 * @param requestId   the deletion request
 * @param completedAt when the last step was recorded
 * @param lines       one per category, in the inventory's order
 */
public record ErasureReceipt(String requestId, Instant completedAt, List<Line> lines) {

    /** One category's fate; {@code legalBasis} only for what was kept, {@code at} only for what was deleted. */
    public record Line(String category, String title, PersonalDataInventory.OnErasure outcome, Optional<Instant> at,
                       Optional<String> legalBasis) {
    }

    /** The step whose record dates each deleted category. */
    private static final Map<String, PrivacyStep> DELETED_BY = Map.of(
            PersonalDataInventory.PROFILE.code(), PrivacyStep.DELETE_PROFILE,
            PersonalDataInventory.IDENTIFIERS.code(), PrivacyStep.DELETE_INDEXES,
            PersonalDataInventory.SESSIONS.code(), PrivacyStep.DELETE_SESSIONS,
            PersonalDataInventory.KEYS.code(), PrivacyStep.DELETE_KEY_METADATA,
            PersonalDataInventory.USAGE.code(), PrivacyStep.DELETE_USAGE,
            PersonalDataInventory.EXPORTS.code(), PrivacyStep.DELETE_EXPORTS);

    public ErasureReceipt {
        lines = List.copyOf(lines);
    }

    /** The receipt of a completed deletion; empty for any other request. */
    public static Optional<ErasureReceipt> of(PrivacyRequest request) {
        if (request.type() != PrivacyRequestType.DELETION || request.status() != PrivacyRequestStatus.COMPLETED) {
            return Optional.empty();
        }
        Instant completedAt = eventTime(request, "completed").orElseThrow();
        List<Line> lines = PersonalDataInventory.ALL.stream().map(category -> category.onErasure() == PersonalDataInventory.OnErasure.KEPT
                ? new Line(category.code(), category.title(), category.onErasure(), Optional.empty(), Optional.of(category.legalBasis()))
                : new Line(category.code(), category.title(), category.onErasure(),
                        eventTime(request, "step:" + DELETED_BY.get(category.code()).code()), Optional.empty())).toList();
        return Optional.of(new ErasureReceipt(request.id(), completedAt, lines));
    }

    private static Optional<Instant> eventTime(PrivacyRequest request, String what) {
        return request.history().stream().filter(event -> event.what().equals(what)).map(PrivacyRequest.Event::at)
                .reduce((first, last) -> last);
    }
}
