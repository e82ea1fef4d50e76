package com.cardscry.portal.application.port;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * Named queues with Azure Storage queue semantics: at-least-once delivery, a visibility timeout per
 * receipt, a dequeue count, and deletion only by the holder of the latest pop receipt.
 *
 * <p>Queue names are 3 to 63 lowercase letters, digits and single hyphens; a queue exists once it is
 * first used. A message accepted by {@link #send} is durable: it survives a restart of the process.
 * Implementations are thread-safe.
 */
public interface MessageQueue {

    /** Accepts a message (stored Base64-encoded, see {@link QueueMessage}); returns its id. */
    String send(String queue, String text);

    /** As {@link #send}, but invisible for {@code initialDelay} first. */
    String send(String queue, String text, Duration initialDelay);

    /**
     * Receives up to {@code maxMessages} visible messages, oldest first, and hides each for
     * {@code visibilityTimeout}; their dequeue count goes up by one.
     *
     * @param maxMessages 1 to 32
     */
    List<QueueMessage> receive(String queue, int maxMessages, Duration visibilityTimeout);

    /**
     * Deletes a received message. False when the receipt is no longer current (the message became
     * visible and was received again, or is gone): the caller no longer owns it.
     */
    boolean delete(String queue, String messageId, String popReceipt);

    /**
     * Makes a received message visible again after {@code delay} (zero: at once). Returns the new pop
     * receipt, or empty when the receipt is no longer current.
     */
    Optional<String> release(String queue, String messageId, String popReceipt, Duration delay);

    /** How many messages the queue holds, visible or not. */
    long approximateCount(String queue);
}
