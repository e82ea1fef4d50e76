package com.cardscry.portal.application.keys;

import com.cardscry.portal.application.subscriptions.SubscriptionStateListener;
import com.cardscry.portal.domain.Subscription;
import java.time.Instant;
import java.util.Objects;

/**
 * Rewrites the index entries of a subscription's keys when the subscription's state changes, so that
 * the gateway's one read sees it. Keys past their retention period ({@link KeyRecords#isKept}) are left alone.
 */
public final class KeyIndexRefresher implements SubscriptionStateListener {

    private final KeyRecords keys;

    public KeyIndexRefresher(KeyRecords keys) {
        this.keys = Objects.requireNonNull(keys, "keys");
    }

    @Override
    public void stateChanged(Subscription subscription, Instant now) {
        keys.ofSubscription(subscription.accountId(), subscription.id()).stream()
                .filter(key -> keys.isKept(key, now))
                .forEach(key -> keys.index(key, subscription.planId(), subscription.state(), now));
    }
}
