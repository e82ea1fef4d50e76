package com.cardscry.portal.application.subscriptions;

import com.cardscry.portal.application.port.ContainerSpec;
import com.cardscry.portal.application.port.Document;
import com.cardscry.portal.application.port.DocumentStore;
import com.cardscry.portal.application.port.StoredDocument;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * At most one open subscription per account and plan, even when two requests race: before a
 * subscription is written, its request takes the slot {@code <plan id>} in the account's partition of
 * {@code subscription-slots} (create-if-absent: only one request can). A slot whose subscription has
 * closed, or was never written although the slot is older than a request takes (a crash in between),
 * is taken over, conditionally on its ETag.
 */
public final class OpenSubscriptionSlots {

    public static final ContainerSpec SLOTS = ContainerSpec.of("subscription-slots", "accountId");

    private final DocumentStore store;

    public OpenSubscriptionSlots(DocumentStore store) {
        this.store = Objects.requireNonNull(store, "store");
    }

    /** The slot as read: which subscription holds it, since when, and the ETag to take it over with. */
    public record Slot(String subscriptionId, Instant takenAt, String etag) {
    }

    /** The slot of the account and plan, if a subscription holds it. */
    public Optional<Slot> holder(String accountId, String planId) {
        return store.read(SLOTS.name(), accountId, planId).map(OpenSubscriptionSlots::slot);
    }

    /** Takes the slot if it is free; answers whether this subscription holds it now. */
    public boolean take(String accountId, String planId, String subscriptionId) {
        return store.create(SLOTS.name(), document(accountId, planId, subscriptionId)).isWritten();
    }

    /** Takes over a slot whose holder is gone or closed; false if someone else changed it first. */
    public boolean takeOver(String accountId, String planId, Slot stale, String subscriptionId) {
        return store.replace(SLOTS.name(), document(accountId, planId, subscriptionId), stale.etag()).isWritten();
    }

    /** Frees the slot if {@code subscriptionId} holds it (a closed subscription gives up its slot). */
    public void release(String accountId, String planId, String subscriptionId) {
        holder(accountId, planId)
                .filter(slot -> slot.subscriptionId().equals(subscriptionId))
                .ifPresent(slot -> store.delete(SLOTS.name(), accountId, planId, slot.etag()));
    }

    private static Document document(String accountId, String planId, String subscriptionId) {
        return SLOTS.withPartitionKeyField(Document.of(planId, accountId, Map.of("subscriptionId", subscriptionId)));
    }

    private static Slot slot(StoredDocument stored) {
        return new Slot((String) stored.document().fields().get("subscriptionId"), stored.lastModified(), stored.etag());
    }
}
