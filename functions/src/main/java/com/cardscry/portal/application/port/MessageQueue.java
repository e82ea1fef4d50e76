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

    /**
     * Accepts {@code wireContent} exactly as given, without Base64 encoding. This is how a host moves a
     * message it cannot process to the {@code -poison} queue unchanged, even when its content is not
     * Base64 (which {@link #send} cannot express). Returns the message id.
     */
    String sendWireContent(String queue, String wireContent);

    /**
     * Waits at most {@code maxWait} for a message to become receivable on {@code queue}, so a consumer
     * can sleep instead of polling. Returns true when one may be there (a receive can still find it
     * taken), false when the time ran out. A service that cannot notify simply waits the time out,
     * which leaves the caller polling at its own pace.
     */
    default boolean awaitMessages(String queue, Duration maxWait) throws InterruptedException {
        Thread.sleep(maxWait.toMillis());
        return false;
    }
}
