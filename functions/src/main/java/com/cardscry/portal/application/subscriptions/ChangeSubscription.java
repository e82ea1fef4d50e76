package com.cardscry.portal.application.subscriptions;

import com.cardscry.portal.application.OptimisticUpdate;
import com.cardscry.portal.application.Outcome;
import com.cardscry.portal.application.Problem;
import com.cardscry.portal.application.ProblemType;
import com.cardscry.portal.application.port.AuditAction;
import com.cardscry.portal.application.port.AuditEntry;
import com.cardscry.portal.domain.Subscription;
import com.cardscry.portal.domain.SubscriptionState;
import com.cardscry.portal.domain.SubscriptionTransition;
import java.time.Instant;
import java.util.EnumMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * One state change of one subscription, shared by the owner's cancel and the administrators' review:
 * the transition table decides; a subscription already in the state the action leads to is answered
 * as it is (a retried request succeeds, and finishes telling the keys); any other state the table does
 * not allow is 409. After the write, a subscription that left review leaves the review queue, one that
 * closed frees its plan's slot, its keys' index entries learn the new state, and the change goes to
 * the audit trail.
 */
final class ChangeSubscription {

    private static final Map<SubscriptionTransition, AuditAction> AUDITED = new EnumMap<>(Map.of(
            SubscriptionTransition.APPROVE, AuditAction.SUBSCRIPTION_APPROVED,
            SubscriptionTransition.REJECT, AuditAction.SUBSCRIPTION_REJECTED,
            SubscriptionTransition.SUSPEND, AuditAction.SUBSCRIPTION_SUSPENDED,
            SubscriptionTransition.REACTIVATE, AuditAction.SUBSCRIPTION_REACTIVATED,
            SubscriptionTransition.CANCEL, AuditAction.SUBSCRIPTION_CANCELLED,
            SubscriptionTransition.EXPIRE, AuditAction.SUBSCRIPTION_EXPIRED));

    private final SubscriptionServices services;

    ChangeSubscription(SubscriptionServices services) {
        this.services = Objects.requireNonNull(services, "services");
    }

    /**
     * @param actor the pseudonym source of the administrator acting, or empty when the owner (or the
     *              system) acts
     */
    Outcome<Subscription> apply(String accountId, String subscriptionId, SubscriptionTransition action, Optional<String> reason,
                                Optional<String> actor) {
        Optional<SubscriptionRecords.Versioned> found = services.subscriptions().read(accountId, subscriptionId);
        if (found.isEmpty()) {
            if (action == SubscriptionTransition.APPROVE || action == SubscriptionTransition.REJECT) {
                // A queue entry whose subscription was never written (a crash in between) goes.
                services.subscriptions().dequeueFromReview(subscriptionId);
            }
            return Outcome.refused(ViewSubscriptions.notFound());
        }
        return services.subscriptions().update(found.get(), current -> {
            Subscription subscription = current.subscription();
            Instant now = services.clock().now();
            if (subscription.state() == action.target()) {
                services.onStateChange().stateChanged(subscription, now);
                return OptimisticUpdate.Change.answer(Outcome.done(subscription));
            }
            if (!SubscriptionTransition.allows(subscription.state(), action)) {
                return OptimisticUpdate.Change.answer(Outcome.refused(Problem.of(ProblemType.CONFLICT,
                        "A " + subscription.state().code() + " subscription cannot be " + pastTense(action) + ".")));
            }
            return OptimisticUpdate.Change.write(subscription.apply(action, reason, now),
                    stored -> afterChange(subscription, stored.subscription(), action, actor, now));
        }, ViewSubscriptions.notFound());
    }

    private Outcome<Subscription> afterChange(Subscription before, Subscription after, SubscriptionTransition action,
                                              Optional<String> actor, Instant now) {
        if (before.state() == SubscriptionState.SUBMITTED) {
            services.subscriptions().dequeueFromReview(after.id());
        }
        if (!after.isOpen()) {
            services.slots().release(after.accountId(), after.planId(), after.id());
        }
        services.onStateChange().stateChanged(after, now);
        String subject = services.pseudonyms().of(after.accountId());
        Map<String, String> details = Map.of("subscription", after.id(), "plan", after.planId(), "previousState", before.state().code());
        services.audit().record(actor
                .map(admin -> AuditEntry.byAdmin(now, AUDITED.get(action), subject, services.pseudonyms().of(admin), details))
                .orElseGet(() -> AuditEntry.bySubject(now, AUDITED.get(action), subject, details)));
        return Outcome.done(after);
    }

    private static String pastTense(SubscriptionTransition action) {
        return switch (action) {
            case APPROVE -> "approved";
            case REJECT -> "rejected";
            case SUSPEND -> "suspended";
            case REACTIVATE -> "reactivated";
            case CANCEL -> "cancelled";
            case EXPIRE -> "expired";
        };
    }
}
