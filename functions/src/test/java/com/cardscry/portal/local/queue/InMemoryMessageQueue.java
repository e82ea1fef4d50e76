package com.cardscry.portal.local.queue;

import com.cardscry.portal.application.port.Clock;
import com.cardscry.portal.application.port.MessageQueue;
import com.cardscry.portal.application.port.QueueMessage;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * A stand-in for the embedded queue until branch {@code queue} is merged; to be deleted then, since
 * the project keeps one fake per port. Same extras as the embedded queue: raw wire content and
 * arrival waits.
 */
final class InMemoryMessageQueue implements MessageQueue {

    private static final class Stored {
        final String id = UUID.randomUUID().toString();
        final String wireContent;
        final Instant insertedAt;
        Instant visibleAt;
        String popReceipt = "";
        long dequeueCount;

        Stored(String wireContent, Instant insertedAt, Instant visibleAt) {
            this.wireContent = wireContent;
            this.insertedAt = insertedAt;
            this.visibleAt = visibleAt;
        }
    }

    private final Clock clock;
    private final Map<String, List<Stored>> queues = new LinkedHashMap<>();

    InMemoryMessageQueue(Clock clock) {
        this.clock = clock;
    }

    @Override
    public String send(String queue, String text) {
        return sendWireContent(queue, QueueMessage.encode(text));
    }

    @Override
    public synchronized String send(String queue, String text, Duration initialDelay) {
        Stored stored = new Stored(QueueMessage.encode(text), clock.now(), clock.now().plus(initialDelay));
        queues.computeIfAbsent(queue, name -> new ArrayList<>()).add(stored);
        notifyAll();
        return stored.id;
    }

    synchronized String sendWireContent(String queue, String wireContent) {
        Stored stored = new Stored(wireContent, clock.now(), clock.now());
        queues.computeIfAbsent(queue, name -> new ArrayList<>()).add(stored);
        notifyAll();
        return stored.id;
    }

    synchronized boolean awaitMessages(String queue, Duration timeout) throws InterruptedException {
        long before = total();
        wait(Math.max(1, timeout.toMillis()));
        return total() > before;
    }

    @Override
    public synchronized List<QueueMessage> receive(String queue, int maxMessages, Duration visibilityTimeout) {
        Instant now = clock.now();
        List<QueueMessage> received = new ArrayList<>();
        for (Stored stored : queues.getOrDefault(queue, List.of())) {
            if (received.size() < maxMessages && !stored.visibleAt.isAfter(now)) {
                stored.visibleAt = now.plus(visibilityTimeout);
                stored.popReceipt = UUID.randomUUID().toString();
                stored.dequeueCount++;
                received.add(new QueueMessage(stored.id, stored.popReceipt, stored.wireContent, stored.dequeueCount,
                        stored.insertedAt, stored.visibleAt));
            }
        }
        return received;
    }

    @Override
    public synchronized boolean delete(String queue, String messageId, String popReceipt) {
        return queues.getOrDefault(queue, new ArrayList<>())
                .removeIf(stored -> stored.id.equals(messageId) && stored.popReceipt.equals(popReceipt));
    }

    @Override
    public synchronized Optional<String> release(String queue, String messageId, String popReceipt, Duration delay) {
        for (Stored stored : queues.getOrDefault(queue, List.of())) {
            if (stored.id.equals(messageId) && stored.popReceipt.equals(popReceipt)) {
                stored.visibleAt = clock.now().plus(delay);
                stored.popReceipt = UUID.randomUUID().toString();
                return Optional.of(stored.popReceipt);
            }
        }
        return Optional.empty();
    }

    @Override
    public synchronized long approximateCount(String queue) {
        return queues.getOrDefault(queue, List.of()).size();
    }

    private long total() {
        return queues.values().stream().mapToLong(List::size).sum();
    }
}
