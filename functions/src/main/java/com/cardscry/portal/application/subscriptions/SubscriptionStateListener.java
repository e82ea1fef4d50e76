package com.cardscry.portal.application.subscriptions;

import com.cardscry.portal.domain.Subscription;
import java.time.Instant;

/**
 * Told after a subscription's state changed (and again when the same change is repeated, so that a
 * retry finishes what a crash interrupted): the keys' index entries carry the subscription's state,
 * so that the gateway refuses the keys of a suspended or closed subscription with one read.
 * Implementations must be idempotent.
 */
public interface SubscriptionStateListener {

    void stateChanged(Subscription subscription, Instant now);
}
