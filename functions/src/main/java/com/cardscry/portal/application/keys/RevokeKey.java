package com.cardscry.portal.application.keys;

import com.cardscry.portal.application.OptimisticUpdate;
import com.cardscry.portal.application.Outcome;
import com.cardscry.portal.application.Problem;
import com.cardscry.portal.application.ProblemType;
import com.cardscry.portal.application.accounts.Caller;
import com.cardscry.portal.application.port.AuditAction;
import com.cardscry.portal.application.port.AuditEntry;
import com.cardscry.portal.domain.Subscription;
import com.cardscry.portal.domain.SubscriptionKey;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;

/**
 * {@code DELETE /subscriptions/{id}/keys/{keyId}}: revokes a key. Its index entry is rewritten at once,
 * so the gateway's next look-up refuses it (a gateway holding a cached answer may accept it for up
 * to that answer's cache time). Revoking a revoked key answers it again, and rewrites the entry, so a
 * retry after a crash between the two writes finishes the job.
 */
public final class RevokeKey {

    private final KeyServices services;

    public RevokeKey(KeyServices services) {
        this.services = Objects.requireNonNull(services, "services");
    }

    public Outcome<SubscriptionKey> handle(Caller caller, String subscriptionId, String keyId) {
        return services.ownSubscription(caller, subscriptionId).then(subscription -> services.ownKey(caller, subscriptionId, keyId)
                .then(found -> revoke(subscription, found)));
    }

    private Outcome<SubscriptionKey> revoke(Subscription subscription, KeyRecords.Versioned found) {
        return services.keys().update(found, current -> {
            Instant now = services.clock().now();
            SubscriptionKey key = current.key();
            if (key.revokedAt().isPresent()) {
                services.keys().index(key, subscription.planId(), subscription.state(), now);
                return OptimisticUpdate.Change.answer(Outcome.done(key));
            }
            return OptimisticUpdate.Change.write(key.revoked(now), stored -> {
                services.keys().index(stored.key(), subscription.planId(), subscription.state(), now);
                services.audit().record(AuditEntry.bySubject(now, AuditAction.KEY_REVOKED, services.pseudonyms().of(key.accountId()),
                        Map.of("subscription", subscription.id(), "key", key.id())));
                return Outcome.done(stored.key());
            });
        }, Problem.of(ProblemType.NOT_FOUND, "No such key."));
    }
}
