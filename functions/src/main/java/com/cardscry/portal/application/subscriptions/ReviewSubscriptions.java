package com.cardscry.portal.application.subscriptions;

import com.cardscry.portal.application.Outcome;
import com.cardscry.portal.application.Problem;
import com.cardscry.portal.application.ProblemType;
import com.cardscry.portal.application.accounts.Caller;
import com.cardscry.portal.domain.Subscription;
import com.cardscry.portal.domain.SubscriptionTransition;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The administrators' side: the list of subscriptions waiting for review, and approve, reject (with a
 * reason), suspend (with a reason) and reactivate. Each is idempotent (see {@link ChangeSubscription}).
 */
public final class ReviewSubscriptions {

    /** What an administrator sends with an action; rejecting and suspending need the reason. */
    public record Command(Optional<String> reason) {
    }

    /** Actions administrators take here (cancelling is the owner's; expiring is the timer's). */
    private static final Set<SubscriptionTransition> ADMIN_ACTIONS = Set.of(SubscriptionTransition.APPROVE,
            SubscriptionTransition.REJECT, SubscriptionTransition.SUSPEND, SubscriptionTransition.REACTIVATE);
    private static final Pattern ID = Pattern.compile("[A-Za-z0-9-]{1,64}");
    private static final int MAX_PAGE = 100;

    private final SubscriptionServices services;
    private final ChangeSubscription change;

    public ReviewSubscriptions(SubscriptionServices services) {
        this.services = Objects.requireNonNull(services, "services");
        this.change = new ChangeSubscription(services);
    }

    /** One page of the subscriptions waiting for review. */
    public Outcome<SubscriptionRecords.ReviewPage> submitted(Caller admin, Optional<String> continuation) {
        Optional<Problem> refusal = admin.adminRefusal();
        if (refusal.isPresent()) {
            return Outcome.refused(refusal.get());
        }
        return services.subscriptions().reviewQueue(MAX_PAGE, continuation)
                .<Outcome<SubscriptionRecords.ReviewPage>>map(Outcome::done)
                .orElseGet(() -> Outcome.refused(Problem.of(ProblemType.INVALID_REQUEST,
                        "The continuation is not one this list gave out; start again without it.")));
    }

    public Outcome<Subscription> act(Caller admin, String accountId, String subscriptionId, SubscriptionTransition action,
                                     Command command) {
        if (!ADMIN_ACTIONS.contains(action)) {
            throw new IllegalArgumentException("not an administrator's action: " + action);
        }
        Optional<Problem> refusal = admin.adminRefusal();
        if (refusal.isPresent()) {
            return Outcome.refused(refusal.get());
        }
        Optional<String> reason = command.reason().map(String::strip).filter(text -> !text.isEmpty());
        boolean needsReason = action == SubscriptionTransition.REJECT || action == SubscriptionTransition.SUSPEND;
        if (needsReason && reason.isEmpty()) {
            return Outcome.refused(Problem.ofField(ProblemType.INVALID_REQUEST, "/reason", "Give the developer a reason."));
        }
        if (reason.filter(text -> text.codePointCount(0, text.length()) > Subscription.MAX_REASON_LENGTH).isPresent()) {
            return Outcome.refused(Problem.ofField(ProblemType.INVALID_REQUEST, "/reason",
                    "The reason may have at most " + Subscription.MAX_REASON_LENGTH + " characters."));
        }
        if (!ID.matcher(accountId).matches() || !ID.matcher(subscriptionId).matches()) {
            return Outcome.refused(ViewSubscriptions.notFound());
        }
        return change.apply(accountId, subscriptionId, action, reason, Optional.of(admin.actorKey()));
    }
}
