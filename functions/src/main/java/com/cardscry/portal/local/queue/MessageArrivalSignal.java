package com.cardscry.portal.local.queue;

import java.time.Duration;

/**
 * Lets the dispatcher sleep while a queue is empty and wake when a message arrives, instead of
 * polling; the embedded queue offers it ({@code embeddedQueue::awaitMessages}). {@link #NONE} is for
 * queues that cannot signal: the dispatcher then polls with exponential backoff alone.
 */
@FunctionalInterface
public interface MessageArrivalSignal {

    /** Never signals: waits out the timeout. */
    MessageArrivalSignal NONE = (queue, timeout) -> {
        Thread.sleep(timeout.toMillis());
        return false;
    };

    /**
     * Waits until a message may have arrived on {@code queue}, at most {@code timeout}.
     *
     * @return true when one arrived (a receive may still find nothing), false when the time ran out
     */
    boolean awaitMessages(String queue, Duration timeout) throws InterruptedException;
}
