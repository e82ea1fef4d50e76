package com.cardscry.portal.application.keys;

import com.cardscry.portal.application.Outcome;
import com.cardscry.portal.application.accounts.Caller;
import com.cardscry.portal.domain.SubscriptionKey;
import java.util.List;
import java.util.Objects;

/** {@code GET /subscriptions/{id}/keys}: the subscription's keys, metadata only (never a key or its hash). */
public final class ListKeys {

    private final KeyServices services;

    public ListKeys(KeyServices services) {
        this.services = Objects.requireNonNull(services, "services");
    }

    public Outcome<List<SubscriptionKey>> handle(Caller caller, String subscriptionId) {
        return services.ownSubscription(caller, subscriptionId)
                .then(subscription -> Outcome.done(services.keys().ofSubscription(subscription.accountId(), subscription.id())));
    }
}
