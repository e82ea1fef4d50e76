package com.cardscry.portal.application.keys;

import com.cardscry.portal.application.OptimisticUpdate;
import com.cardscry.portal.application.Outcome;
import com.cardscry.portal.application.Problem;
import com.cardscry.portal.application.ProblemType;
import com.cardscry.portal.application.accounts.Caller;
import com.cardscry.portal.application.port.AuditAction;
import com.cardscry.portal.application.port.AuditEntry;
import com.cardscry.portal.domain.Plan;
import com.cardscry.portal.domain.Subscription;
import com.cardscry.portal.domain.SubscriptionKey;
import com.cardscry.portal.domain.SubscriptionState;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

/**
 * {@code POST /subscriptions/{id}/keys/{keyId}/rotate}: issues the key's successor (same name, same
 * expiry) and lets the old key work on for a grace period (default 24 hours; 0 ends it at once; never
 * past its own expiry). The successor is answered once, like a new key. Only a working key that has
 * not been rotated can be rotated, on an active subscription.
 */
public final class RotateKey {

    /** What the frontend sends; the body is optional. */
    public record Command(Optional<Integer> graceHours) {
    }

    /** The longest grace period the owner may ask for. */
    public static final int MAX_GRACE_HOURS = 24 * 7;

    private final KeyServices services;

    public RotateKey(KeyServices services) {
        this.services = Objects.requireNonNull(services, "services");
    }

    public Outcome<IssueKey.Issued> handle(Caller caller, String subscriptionId, String keyId, Command command) {
        int graceHours = command.graceHours().orElse((int) SubscriptionKey.DEFAULT_GRACE.toHours());
        if (graceHours < 0 || graceHours > MAX_GRACE_HOURS) {
            return Outcome.refused(Problem.ofField(ProblemType.INVALID_REQUEST, "/graceHours",
                    "The grace period is 0 to " + MAX_GRACE_HOURS + " hours."));
        }
        return services.ownSubscription(caller, subscriptionId).then(subscription -> services.ownKey(caller, subscriptionId, keyId)
                .then(found -> rotate(subscription, found, Duration.ofHours(graceHours))));
    }

    private Outcome<IssueKey.Issued> rotate(Subscription subscription, KeyRecords.Versioned found, Duration grace) {
        if (subscription.state() != SubscriptionState.ACTIVE) {
            return Outcome.refused(Problem.of(ProblemType.CONFLICT, "Keys of a " + subscription.state().code()
                    + " subscription cannot be rotated."));
        }
        Plan plan = services.plans().find(subscription.planId()).orElseThrow(() -> new IllegalStateException(
                "the subscription's plan is not in the catalogue: " + subscription.planId()));
        return services.keys().update(found, current -> {
            SubscriptionKey key = current.key();
            Instant now = services.clock().now();
            if (key.graceUntil().isPresent() || !key.worksAt(now)) {
                return OptimisticUpdate.Change.answer(Outcome.refused(Problem.of(ProblemType.CONFLICT,
                        "Only a working key that has not been rotated can be rotated; this one is " + key.state(now).code() + ".")));
            }
            // The old key names its successor before the successor exists, and the successor is made
            // only after that write: a retried decision makes no key, so no working key goes unseen.
            String successorId = UUID.randomUUID().toString();
            return OptimisticUpdate.Change.write(key.rotated(successorId, grace, now), stored -> {
                services.keys().index(stored.key(), plan.id(), subscription.state(), now);
                IssueKey.Issued successor = IssueKey.issueKey(services, successorId, subscription, plan, key.name(), now, key.expiresAt());
                services.audit().record(AuditEntry.bySubject(now, AuditAction.KEY_ROTATED, services.pseudonyms().of(key.accountId()),
                        Map.of("subscription", subscription.id(), "key", key.id(), "successor", successorId,
                                "graceHours", Long.toString(grace.toHours()))));
                return Outcome.done(successor);
            });
        }, Problem.of(ProblemType.NOT_FOUND, "No such key."));
    }
}
