package com.cardscry.portal.application.port;

import java.time.Instant;

/**
 * Delivers {@link Notification}s to people (in practice: email), or hands them to whatever does.
 *
 * <p><b>At least once, once per key where the transport allows.</b> A notification accepted by
 * {@link #send} is durable and will be delivered. Sending it again under the same
 * {@link Notification#idempotencyKey() idempotency key} is a retry of the same notification: a
 * transport that can recognise it delivers it once (the local outbox keeps one file per key); one
 * that cannot (a message queue) passes the key on, so the final sender can drop the repeat. Callers
 * therefore retry freely under the same key, and use a new key for a new notification.
 *
 * <p><b>Nothing personal in logs.</b> Implementations never write the address, the values or the key
 * into a log line or an exception message. Thread-safe.
 */
public interface Notifier {

    /**
     * Accepts a notification for delivery.
     *
     * @throws StoreUnavailableException if the transport cannot take it now; the caller retries
     *                                   (under the same key) or fails its request
     */
    void send(Notification notification);

    /**
     * Deletes up to {@code max} of the notifications this transport keeps itself that were first
     * written before {@code cutoff}, oldest first; the retention purge calls it for the schedule's
     * {@code notifications} category. A transport whose notifications expire on their own answers 0.
     *
     * @param max at least 1
     * @return how many it deleted: fewer than {@code max} when none older is left
     * @throws StoreUnavailableException if what it keeps cannot be read or deleted now
     */
    int deleteWrittenBefore(Instant cutoff, int max);
}
