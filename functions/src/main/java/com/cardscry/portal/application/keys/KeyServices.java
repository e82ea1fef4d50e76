package com.cardscry.portal.application.keys;

import com.cardscry.portal.application.Outcome;
import com.cardscry.portal.application.Problem;
import com.cardscry.portal.application.ProblemType;
import com.cardscry.portal.application.Pseudonyms;
import com.cardscry.portal.application.accounts.Caller;
import com.cardscry.portal.application.port.AuditLog;
import com.cardscry.portal.application.port.Clock;
import com.cardscry.portal.application.subscriptions.SubscriptionRecords;
import com.cardscry.portal.domain.PlanCatalogue;
import com.cardscry.portal.domain.Subscription;
import java.util.Objects;

/** What the key use cases share, built once by the composition root. */
public record KeyServices(KeyRecords keys, KeyIssuer issuer, SubscriptionRecords subscriptions, PlanCatalogue plans,
                          AuditLog audit, Pseudonyms pseudonyms, Clock clock) {

    public KeyServices {
        Objects.requireNonNull(keys, "keys");
        Objects.requireNonNull(issuer, "issuer");
        Objects.requireNonNull(subscriptions, "subscriptions");
        Objects.requireNonNull(plans, "plans");
        Objects.requireNonNull(audit, "audit");
        Objects.requireNonNull(pseudonyms, "pseudonyms");
        Objects.requireNonNull(clock, "clock");
    }

    /** The caller's subscription; another account's, like a missing one, is 404. */
    Outcome<Subscription> ownSubscription(Caller caller, String subscriptionId) {
        return caller.usableAccount().then(found -> subscriptions.read(found.account().id(), subscriptionId)
                .map(SubscriptionRecords.Versioned::subscription)
                .<Outcome<Subscription>>map(Outcome::done)
                .orElseGet(() -> Outcome.refused(Problem.of(ProblemType.NOT_FOUND, "No such subscription."))));
    }

    /** The caller's key of that subscription; 404 like the subscription. */
    Outcome<KeyRecords.Versioned> ownKey(Caller caller, String subscriptionId, String keyId) {
        return ownSubscription(caller, subscriptionId).then(subscription -> keys.read(subscription.accountId(), keyId)
                .filter(found -> found.key().subscriptionId().equals(subscriptionId))
                .<Outcome<KeyRecords.Versioned>>map(Outcome::done)
                .orElseGet(() -> Outcome.refused(Problem.of(ProblemType.NOT_FOUND, "No such key."))));
    }
}
