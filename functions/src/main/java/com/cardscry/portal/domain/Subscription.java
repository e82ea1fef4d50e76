package com.cardscry.portal.domain;

import java.time.Instant;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * An account's subscription to a plan. Its state changes only through {@link #apply}, which follows
 * {@link SubscriptionTransition}'s table; every change returns a new subscription.
 *
 * @param id                 the subscription's random id
 * @param accountId          the account it belongs to (its partition)
 * @param planId             the {@link Plan#id()} it subscribes to
 * @param state              where it is in its life
 * @param createdAt          when it was asked for
 * @param updatedAt          when it last changed
 * @param expiresAt          when it ends by itself, if it has an end date
 * @param reason             why it is in its state, when the latest transition gave a reason (a rejection
 *                           or suspension always does); written by administrators for the developer
 * @param expiryNoticesSent  the expiry reminders already sent, so that none is sent twice
 */
public record Subscription(
        String id,
        String accountId,
        String planId,
        SubscriptionState state,
        Instant createdAt,
        Instant updatedAt,
        Optional<Instant> expiresAt,
        Optional<String> reason,
        Set<SubscriptionExpiryNotice> expiryNoticesSent) {

    public static final int MAX_REASON_LENGTH = 500;

    /** The actions an administrator must explain to the developer. */
    private static final Set<SubscriptionTransition> REASON_REQUIRED =
            EnumSet.of(SubscriptionTransition.REJECT, SubscriptionTransition.SUSPEND);

    public Subscription {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(accountId, "accountId");
        Objects.requireNonNull(planId, "planId");
        Objects.requireNonNull(state, "state");
        Objects.requireNonNull(createdAt, "createdAt");
        Objects.requireNonNull(updatedAt, "updatedAt");
        Objects.requireNonNull(expiresAt, "expiresAt");
        Objects.requireNonNull(reason, "reason");
        reason = reason.map(Subscription::requireReason);
        expiryNoticesSent = Set.copyOf(Objects.requireNonNull(expiryNoticesSent, "expiryNoticesSent"));
        if (updatedAt.isBefore(createdAt)) {
            throw new IllegalArgumentException("updatedAt must not be before createdAt");
        }
        if (expiresAt.isPresent() && !expiresAt.get().isAfter(createdAt)) {
            throw new IllegalArgumentException("expiresAt must be after createdAt");
        }
    }

    /**
     * A new subscription to {@code plan}: submitted when the plan needs approval, otherwise active at
     * once (approved by the plan's own rule).
     */
    public static Subscription request(String id, String accountId, Plan plan, Optional<Instant> expiresAt, Instant now) {
        SubscriptionState first = plan.approvalRequired() ? SubscriptionState.SUBMITTED : SubscriptionState.ACTIVE;
        return new Subscription(id, accountId, plan.id(), first, now, now, expiresAt, Optional.empty(), Set.of());
    }

    /**
     * The subscription after {@code action}. The reason replaces the previous one (an action without a
     * reason clears it); rejecting and suspending need one.
     *
     * @throws IllegalStateException    when the table does not allow {@code action} in this state
     * @throws IllegalArgumentException when a required reason is missing, or a reason is blank or
     *                                  longer than {@value #MAX_REASON_LENGTH} characters
     */
    public Subscription apply(SubscriptionTransition action, Optional<String> reason, Instant now) {
        Objects.requireNonNull(reason, "reason");
        Objects.requireNonNull(now, "now");
        SubscriptionState next = SubscriptionTransition.next(state, action).orElseThrow(() -> new IllegalStateException(
                "a " + state.code() + " subscription cannot " + action.code()));
        if (reason.isEmpty() && REASON_REQUIRED.contains(action)) {
            throw new IllegalArgumentException(action.code() + " needs a reason");
        }
        return new Subscription(id, accountId, planId, next, createdAt, later(now), expiresAt,
                reason, expiryNoticesSent);
    }

    /** Whether it still counts against the plan's limit: submitted, active or suspended. */
    public boolean isOpen() {
        return state.isOpen();
    }

    /**
     * The expiry reminder to send at {@code now}, if one is due: the subscription is active or suspended,
     * has an end date that is still ahead, and the most urgent notice whose time has come was not sent.
     * Notices passed over (a subscription made with a week left gets no 30-day notice) are not sent late.
     */
    public Optional<SubscriptionExpiryNotice> dueExpiryNotice(Instant now) {
        if (state != SubscriptionState.ACTIVE && state != SubscriptionState.SUSPENDED) {
            return Optional.empty();
        }
        return expiresAt.filter(now::isBefore).flatMap(end -> EnumSet.allOf(SubscriptionExpiryNotice.class).stream()
                .filter(notice -> !now.isBefore(end.minus(notice.ahead())))
                .min(Comparator.comparingInt(SubscriptionExpiryNotice::days))
                .filter(notice -> !expiryNoticesSent.contains(notice)));
    }

    /** The subscription with {@code notice} recorded as sent; recording it again changes nothing. */
    public Subscription withExpiryNoticeSent(SubscriptionExpiryNotice notice, Instant now) {
        Objects.requireNonNull(notice, "notice");
        if (expiryNoticesSent.contains(notice)) {
            return this;
        }
        Set<SubscriptionExpiryNotice> sent = EnumSet.of(notice);
        sent.addAll(expiryNoticesSent);
        return new Subscription(id, accountId, planId, state, createdAt, later(now), expiresAt, reason, sent);
    }

    /**
     * The subscription without its reason: an administrator wrote it in free text, so an erasure removes
     * it from a subscription that is kept as a billing record.
     */
    public Subscription withReasonErased(Instant now) {
        return new Subscription(id, accountId, planId, state, createdAt, later(now), expiresAt, Optional.empty(), expiryNoticesSent);
    }

    private Instant later(Instant now) {
        return now.isAfter(updatedAt) ? now : updatedAt;
    }

    /** The reason as stored: stripped of surrounding white space, 1 to {@value #MAX_REASON_LENGTH} characters. */
    private static String requireReason(String reason) {
        String stripped = reason.strip();
        if (stripped.isEmpty() || stripped.codePointCount(0, stripped.length()) > MAX_REASON_LENGTH) {
            throw new IllegalArgumentException("reason must be 1 to " + MAX_REASON_LENGTH + " characters");
        }
        return stripped;
    }

    /** Leaves out the reason, which administrators write freely: a subscription in a log line shows ids and state. */
    @Override
    public String toString() {
        return "Subscription[id=" + id + ", accountId=" + accountId + ", planId=" + planId + ", state=" + state.code() + "]";
    }
}
