package com.cardscry.portal.application.subscriptions;

import com.cardscry.portal.application.Outcome;
import com.cardscry.portal.application.accounts.Caller;
import com.cardscry.portal.domain.Subscription;
import com.cardscry.portal.domain.SubscriptionTransition;
import java.util.Objects;
import java.util.Optional;

/**
 * {@code POST /subscriptions/{id}/cancel}: the owner ends a subscription (submitted, active or
 * suspended); cancelling a cancelled one answers it again. Another account's subscription is 404.
 */
public final class CancelSubscription {

    private final ChangeSubscription change;

    public CancelSubscription(SubscriptionServices services) {
        this.change = new ChangeSubscription(Objects.requireNonNull(services, "services"));
    }

    public Outcome<Subscription> handle(Caller caller, String subscriptionId) {
        return caller.usableAccount().then(found -> change.apply(found.account().id(), subscriptionId,
                SubscriptionTransition.CANCEL, Optional.empty(), Optional.empty()));
    }

    /**
     * Cancels a subscription for an erasure of its account, whatever the account's state: the same
     * transition, audit and follow-ups as the owner's cancel, and as safe to repeat.
     */
    public Outcome<Subscription> forErasure(String accountId, String subscriptionId) {
        return change.apply(accountId, subscriptionId, SubscriptionTransition.CANCEL, Optional.empty(), Optional.empty());
    }
}
