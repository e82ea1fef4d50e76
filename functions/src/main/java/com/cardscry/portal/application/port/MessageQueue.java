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
 * It stays until it is deleted, unless it was sent with a time to live
 * ({@link #send(String, String, Duration, Duration)}). Implementations are thread-safe.
 */
public interface MessageQueue {

    /**
     * Accepts a message (stored Base64-encoded, see {@link QueueMessage}) that stays until it is
     * deleted; returns its id.
     */
    default String send(String queue, String text) {
        return send(queue, text, Duration.ZERO);
    }

    /**
     * As {@link #send(String, String)}, but invisible for {@code initialDelay} first (zero or more; a
     * negative delay is an {@link IllegalArgumentException}). The message stays until it is deleted.
     */
    String send(String queue, String text, Duration initialDelay);

    /**
     * As {@link #send(String, String, Duration)}, but the queue deletes the message once
     * {@code timeToLive} has passed since it accepted the message (by the queue's own clock), whether
     * or not anybody received it.
     *
     * <p>From that instant on the message is gone for every caller: {@link #receive} never returns it,
     * and {@link #delete} and {@link #release} answer a receipt for it as for any gone message (false,
     * empty), even when the receipt's visibility timeout has not ended: a visibility timeout or a
     * release delay may reach past the expiry without extending it. Until then it is an ordinary
     * message. {@link #approximateCount} may still count an expired message until the queue removes
     * it (Azure Storage does so in the background), so the count may be higher than the number of live
     * messages, never lower.
     *
     * <p>Azure Storage counts both durations in whole seconds, and every implementation applies its
     * rules, refusing the call with an {@link IllegalArgumentException} before anything is stored (see
     * {@link #requireValidTimeToLive}):
     * <ul>
     *   <li>{@code timeToLive} is a positive whole number of seconds (so at least one second). It is
     *       never rounded: a rounded-up time to live would keep a message longer than asked, which is
     *       what a retention limit forbids. There is no "never": the other {@code send} methods are for
     *       messages that stay until deleted.</li>
     *   <li>{@code initialDelay}, rounded up to a whole second as the service rounds it, must be shorter
     *       than {@code timeToLive}: a message must be receivable for at least a second before it
     *       expires.</li>
     * </ul>
     */
    String send(String queue, String text, Duration initialDelay, Duration timeToLive);

    /**
     * Refuses, with an {@link IllegalArgumentException}, what
     * {@link #send(String, String, Duration, Duration)} must not accept: a null, negative or fractional
     * {@code timeToLive}, a null or negative {@code initialDelay}, or a delay that is not shorter than
     * the time to live once rounded up to a whole second. The one statement of those rules, so that
     * every implementation applies the same ones.
     */
    static void requireValidTimeToLive(Duration initialDelay, Duration timeToLive) {
        if (timeToLive == null || timeToLive.isNegative() || timeToLive.isZero() || timeToLive.getNano() != 0) {
            throw new IllegalArgumentException("a time to live is a positive whole number of seconds, was " + timeToLive);
        }
        if (initialDelay == null || initialDelay.isNegative()) {
            throw new IllegalArgumentException("an initial delay is zero or more, was " + initialDelay);
        }
        long delaySeconds = initialDelay.getSeconds() + (initialDelay.getNano() > 0 ? 1 : 0);
        if (delaySeconds >= timeToLive.getSeconds()) {
            throw new IllegalArgumentException("the initial delay (" + initialDelay + ", counted as " + delaySeconds
                    + " s) must be shorter than the time to live (" + timeToLive + ")");
        }
    }

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

    /**
     * How many messages the queue holds, visible or not; expired ones perhaps still among them (see
     * {@link #send(String, String, Duration, Duration)}).
     */
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
