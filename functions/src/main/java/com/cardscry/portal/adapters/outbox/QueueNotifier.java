package com.cardscry.portal.adapters.outbox;

import com.cardscry.portal.application.port.Clock;
import com.cardscry.portal.application.port.MessageQueue;
import com.cardscry.portal.application.port.Notification;
import com.cardscry.portal.application.port.Notifier;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * The {@link Notifier} for Azure: puts each notification as one JSON message (see
 * {@code docs/notifications.md}) on queue {@value #QUEUE}, from which a mail sender outside this app
 * (Azure Communication Services behind a Logic App) delivers it.
 *
 * <p>Each message carries the retention schedule's period for notifications as its time to live, so a
 * notification the sender never takes is deleted by the queue ({@code docs/retention.md}).
 *
 * <p>A queue cannot recognise a repeat, so a notification sent twice under one key is two messages
 * carrying the same {@code idempotencyKey}; the sender delivers the first and drops the others.
 * Faults of the queue are the queue's {@code StoreUnavailableException}.
 */
public final class QueueNotifier implements Notifier {

    public static final String QUEUE = "notifications";

    private final MessageQueue queue;
    private final Duration timeToLive;
    private final Clock clock;

    /** @param timeToLive how long a message stays on the queue if the sender never takes it: the retention schedule's for notifications */
    public QueueNotifier(MessageQueue queue, Duration timeToLive, Clock clock) {
        this.queue = Objects.requireNonNull(queue, "queue");
        this.timeToLive = Objects.requireNonNull(timeToLive, "timeToLive");
        MessageQueue.requireValidTimeToLive(Duration.ZERO, timeToLive);
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    @Override
    public void send(Notification notification) {
        Objects.requireNonNull(notification, "notification");
        queue.send(QUEUE, NotificationJson.compact(notification, clock.now()), Duration.ZERO, timeToLive);
    }

    /** Keeps nothing itself: each message carries its time to live, and the queue deletes it when that runs out. */
    @Override
    public int deleteWrittenBefore(Instant cutoff, int max) {
        return 0;
    }
}
