package com.cardscry.portal.application.keys;

import com.cardscry.portal.application.Outcome;
import com.cardscry.portal.application.Problem;
import com.cardscry.portal.application.ProblemType;
import com.cardscry.portal.application.accounts.Caller;
import com.cardscry.portal.application.port.AuditAction;
import com.cardscry.portal.application.port.AuditEntry;
import com.cardscry.portal.domain.KeyEnvironment;
import com.cardscry.portal.domain.Plan;
import com.cardscry.portal.domain.PlanEnvironment;
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
 * {@code POST /subscriptions/{id}/keys}: issues an API key for an active subscription and answers it
 * once; only its hash and hint are kept. A key lives at most the plan's longest key lifetime (the
 * default), and a subscription holds at most the plan's number of working keys.
 *
 * <p>The owner's record is written before the index entry that makes the key work: a crash in between
 * leaves a listed key that never worked (and was never shown), which its owner can revoke.
 */
public final class IssueKey {

    /** What the frontend sends. */
    public record Command(String name, Optional<Integer> expiresInDays) {
    }

    /** The new key's record and the key itself, to be shown once. */
    public record Issued(SubscriptionKey record, String key) {
        @Override
        public String toString() {
            return "Issued[" + record.id() + "]";
        }
    }

    private final KeyServices services;

    public IssueKey(KeyServices services) {
        this.services = Objects.requireNonNull(services, "services");
    }

    public Outcome<Issued> handle(Caller caller, String subscriptionId, Command command) {
        String name;
        try {
            name = SubscriptionKey.requireName(command.name() == null ? "" : command.name());
        } catch (IllegalArgumentException invalid) {
            return Outcome.refused(Problem.ofField(ProblemType.INVALID_REQUEST, "/name",
                    "The name is 1 to " + SubscriptionKey.MAX_NAME_LENGTH + " characters without control characters."));
        }
        return services.ownSubscription(caller, subscriptionId).then(subscription -> issue(subscription, name, command.expiresInDays()));
    }

    private Outcome<Issued> issue(Subscription subscription, String name, Optional<Integer> expiresInDays) {
        if (subscription.state() != SubscriptionState.ACTIVE) {
            return Outcome.refused(Problem.of(ProblemType.CONFLICT, "Only an active subscription gets keys; this one is "
                    + subscription.state().code() + "."));
        }
        Plan plan = services.plans().find(subscription.planId()).orElseThrow(() -> new IllegalStateException(
                "the subscription's plan is not in the catalogue: " + subscription.planId()));
        long days = expiresInDays.map(Integer::longValue).orElse(plan.maxKeyLifetimeDays());
        if (days < 1 || days > plan.maxKeyLifetimeDays()) {
            return Outcome.refused(Problem.ofField(ProblemType.INVALID_REQUEST, "/expiresInDays",
                    "A key of this plan lives 1 to " + plan.maxKeyLifetimeDays() + " days."));
        }
        Instant now = services.clock().now();
        long working = services.keys().ofSubscription(subscription.accountId(), subscription.id()).stream()
                .filter(key -> key.worksAt(now) && key.graceUntil().isEmpty())
                .count();
        if (working >= plan.keysPerSubscription()) {
            return Outcome.refused(Problem.of(ProblemType.CONFLICT, "The plan allows " + plan.keysPerSubscription()
                    + " working keys per subscription; revoke one first."));
        }
        Issued issued = issueKey(services, UUID.randomUUID().toString(), subscription, plan, name, now, now.plus(Duration.ofDays(days)));
        services.audit().record(AuditEntry.bySubject(now, AuditAction.KEY_ISSUED, services.pseudonyms().of(subscription.accountId()),
                Map.of("subscription", subscription.id(), "key", issued.record().id())));
        return Outcome.done(issued);
    }

    /**
     * Makes, stores and indexes a key; shared with rotation, which gives the successor its predecessor's
     * expiry. Its owner entry comes first, so usage reported for a key that works always finds its owner.
     */
    static Issued issueKey(KeyServices services, String keyId, Subscription subscription, Plan plan, String name, Instant now,
                           Instant expiresAt) {
        IssuedKey made = services.issuer().issue(plan.environment() == PlanEnvironment.LIVE ? KeyEnvironment.LIVE : KeyEnvironment.TEST);
        SubscriptionKey record = new SubscriptionKey(keyId, subscription.accountId(), subscription.id(), name,
                made.hint(), made.storedHash().pepperVersion(), made.storedHash().hash(), now, expiresAt,
                Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty());
        services.keys().recordOwner(record, now);
        services.keys().create(record);
        services.keys().index(record, plan.id(), subscription.state(), now);
        return new Issued(record, made.key().value());
    }
}
