package com.cardscry.portal.application.subscriptions;

import com.cardscry.portal.application.Outcome;
import com.cardscry.portal.application.Problem;
import com.cardscry.portal.application.ProblemType;
import com.cardscry.portal.application.accounts.Caller;
import com.cardscry.portal.application.port.AuditAction;
import com.cardscry.portal.application.port.AuditEntry;
import com.cardscry.portal.domain.Plan;
import com.cardscry.portal.domain.Subscription;
import com.cardscry.portal.domain.SubscriptionState;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

/**
 * {@code POST /subscriptions}: subscribes the caller's account to a plan. The subscription is active at
 * once, or submitted for review when the plan needs approval. An account holds at most one open
 * subscription per plan: asking again answers the open one (and makes nothing), also when two requests
 * race. A plan admits {@link Plan#subscriptionsPerAccount()} subscriptions per account over time
 * (rejected ones do not count): beyond that the answer is 409 {@code subscription-limit-reached}. A
 * subscription with an end date gets its expiry notices and expiry filed in the
 * {@link SubscriptionSchedule} before it is written.
 */
public final class RequestSubscription {

    /** What the frontend sends. */
    public record Command(String planId, Optional<Instant> expiresAt) {
    }

    /** The subscription, and whether this request made it. */
    public record Result(Subscription subscription, boolean created) {
    }

    /** How long a request may take between taking the slot and writing its subscription. */
    static final Duration ABANDONED_AFTER = Duration.ofSeconds(30);

    /** An end date must leave the subscription at least this long. */
    static final Duration SHORTEST = Duration.ofDays(1);

    private final SubscriptionServices services;

    public RequestSubscription(SubscriptionServices services) {
        this.services = Objects.requireNonNull(services, "services");
    }

    public Outcome<Result> handle(Caller caller, Command command) {
        Optional<Plan> plan = Optional.ofNullable(command.planId()).flatMap(services.plans()::find);
        if (plan.isEmpty()) {
            return Outcome.refused(Problem.ofField(ProblemType.INVALID_REQUEST, "/planId", "No plan has this id; see GET /api/v1/plans."));
        }
        Instant now = services.clock().now();
        if (command.expiresAt().filter(end -> end.isBefore(now.plus(SHORTEST))).isPresent()) {
            return Outcome.refused(Problem.ofField(ProblemType.INVALID_REQUEST, "/expiresAt", "The end date must be at least a day ahead."));
        }
        return caller.activeAccount().then(found -> subscribe(found.account().id(), plan.get(), command.expiresAt(), now));
    }

    private Outcome<Result> subscribe(String accountId, Plan plan, Optional<Instant> expiresAt, Instant now) {
        Optional<Subscription> open = openSubscription(accountId, plan.id());
        if (open.isPresent()) {
            return Outcome.done(new Result(open.get(), false));
        }
        long counted = services.subscriptions().list(accountId).stream()
                .filter(subscription -> subscription.planId().equals(plan.id()))
                .filter(subscription -> subscription.state() != SubscriptionState.REJECTED)
                .count();
        if (counted >= plan.subscriptionsPerAccount()) {
            return Outcome.refused(Problem.ofField(ProblemType.SUBSCRIPTION_LIMIT_REACHED, "/planId", "The plan admits "
                    + plan.subscriptionsPerAccount() + (plan.subscriptionsPerAccount() == 1 ? " subscription" : " subscriptions")
                    + " per account, and this account has had them."));
        }
        Subscription subscription = Subscription.request(UUID.randomUUID().toString(), accountId, plan, expiresAt, now);
        if (!claimSlot(accountId, plan.id(), subscription.id(), now)) {
            // Another request won the race; answer its subscription.
            return openSubscription(accountId, plan.id()).<Outcome<Result>>map(won -> Outcome.done(new Result(won, false)))
                    .orElseGet(() -> Outcome.refused(Problem.of(ProblemType.CONFLICT, "Another request is subscribing to this plan; try again.")));
        }
        // Its expiry notices and expiry are filed before it exists, so a subscription never lacks them.
        services.schedule().plan(subscription, now);
        if (subscription.state() == SubscriptionState.SUBMITTED) {
            services.subscriptions().enqueueForReview(subscription);
        }
        services.subscriptions().create(subscription);
        services.audit().record(AuditEntry.bySubject(now, AuditAction.SUBSCRIPTION_REQUESTED, services.pseudonyms().of(accountId),
                Map.of("subscription", subscription.id(), "plan", plan.id(), "state", subscription.state().code())));
        return Outcome.done(new Result(subscription, true));
    }

    /** The open subscription holding the plan's slot, if there is one. */
    private Optional<Subscription> openSubscription(String accountId, String planId) {
        return services.slots().holder(accountId, planId)
                .flatMap(slot -> services.subscriptions().read(accountId, slot.subscriptionId()))
                .map(SubscriptionRecords.Versioned::subscription)
                .filter(Subscription::isOpen);
    }

    /**
     * Takes the plan's slot: free, or held by a subscription that closed, or by one never written whose
     * request has had {@link #ABANDONED_AFTER} to write it (so a request still under way keeps its slot).
     */
    private boolean claimSlot(String accountId, String planId, String subscriptionId, Instant now) {
        if (services.slots().take(accountId, planId, subscriptionId)) {
            return true;
        }
        return services.slots().holder(accountId, planId)
                .filter(stale -> services.subscriptions().read(accountId, stale.subscriptionId())
                        .map(held -> !held.subscription().isOpen())
                        .orElseGet(() -> !now.isBefore(stale.takenAt().plus(ABANDONED_AFTER))))
                .map(stale -> services.slots().takeOver(accountId, planId, stale, subscriptionId))
                .orElse(false);
    }
}
