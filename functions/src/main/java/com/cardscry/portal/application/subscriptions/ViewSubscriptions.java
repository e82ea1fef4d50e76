package com.cardscry.portal.application.subscriptions;

import com.cardscry.portal.application.Outcome;
import com.cardscry.portal.application.Problem;
import com.cardscry.portal.application.ProblemType;
import com.cardscry.portal.application.accounts.Caller;
import com.cardscry.portal.domain.Subscription;
import java.util.List;
import java.util.Objects;

/**
 * {@code GET /subscriptions} and {@code GET /subscriptions/{id}}: the caller's own subscriptions. They
 * live in the caller's partition, so another account's subscription id is not found (404, never 403).
 */
public final class ViewSubscriptions {

    private final SubscriptionServices services;

    public ViewSubscriptions(SubscriptionServices services) {
        this.services = Objects.requireNonNull(services, "services");
    }

    /** Every subscription of the caller's account, oldest first (an account has a handful at most). */
    public Outcome<List<Subscription>> list(Caller caller) {
        return caller.usableAccount().then(found -> Outcome.done(services.subscriptions().list(found.account().id())));
    }

    public Outcome<Subscription> one(Caller caller, String subscriptionId) {
        return caller.usableAccount().then(found -> services.subscriptions().read(found.account().id(), subscriptionId)
                .map(SubscriptionRecords.Versioned::subscription)
                .<Outcome<Subscription>>map(Outcome::done)
                .orElseGet(() -> Outcome.refused(notFound())));
    }

    static Problem notFound() {
        return Problem.of(ProblemType.NOT_FOUND, "No such subscription.");
    }
}
