package com.cardscry.portal.adapters.embedded;

import com.cardscry.portal.application.port.Clock;
import com.cardscry.portal.application.port.ComponentHealth;
import com.cardscry.portal.application.port.HealthIndicator;
import com.cardscry.portal.application.port.MessageQueue;
import com.cardscry.portal.application.port.QueueMessage;
import com.cardscry.portal.application.port.StoreUnavailableException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import org.h2.mvstore.MVMap;
import org.h2.mvstore.MVStore;
import org.h2.mvstore.MVStoreException;

/**
 * The {@link MessageQueue} of local mode: Azure Storage queue semantics in one H2 MVStore file.
 *
 * <p>Each queue has three maps: its messages by id; a visibility index ordered by the time each
 * message becomes visible (then by arrival), so a receive reads only messages that are due and never
 * walks past hidden ones; and an expiry index of the messages sent with a time to live, ordered by
 * expiry, so expired messages are found without reading the others. Every change is committed to the file before the call returns: a message
 * accepted by {@link #send} survives a restart, and so does a received message that was not deleted,
 * which becomes visible again when its visibility timeout ends, restart or not.
 *
 * <p>Thread-safe: changes are serialised by one lock, so a message is handed to one receiver per
 * visibility window. Callers must not interrupt a thread inside a call (the interrupt closes the
 * file); the local host never does.
 *
 * <p>Expiry: a message sent with a time to live expires at its insertion time plus that time to live,
 * by the {@link Clock} the queue was given, and is gone from that instant (an expiry exactly now is
 * past). Every call on a queue first removes the queue's expired messages from the file, so none
 * outlives the next use of its queue, no call ever sees one, and {@link #approximateCount} is exact.
 * Each expired message is removed once, so the work a call does for expiry is what expired since the
 * previous call on that queue.
 */
public final class EmbeddedMessageQueue implements MessageQueue, HealthIndicator, AutoCloseable {

    /** Azure's limit: a message is at most 64 KiB as stored (Base64 included). */
    static final int MAX_WIRE_CONTENT_CHARS = 64 * 1024;
    private static final int MAX_RECEIVE = 32;
    private static final Pattern QUEUE_NAME = Pattern.compile("[a-z0-9](?!.*--)[a-z0-9-]{1,61}[a-z0-9]");
    private static final String META_MAP = "meta";
    private static final String SEQUENCE_KEY = "sequence";

    private final MVStore mvStore;
    private final Clock clock;
    private final MVMap<String, String> meta;
    private final Map<String, QueueMaps> queues = new ConcurrentHashMap<>();
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition arrived = lock.newCondition();
    private final SecureRandom random = new SecureRandom();
    private final AtomicBoolean closed = new AtomicBoolean();
    private long sequence;

    private record QueueMaps(MVMap<String, String> messages, MVMap<String, String> visibility,
                             MVMap<String, String> expiry) {
    }

    private EmbeddedMessageQueue(MVStore mvStore, Clock clock) {
        this.mvStore = mvStore;
        // Every operation commits, so each leaves a new chunk behind. All access is serialised by one
        // lock, so nothing can still be reading an old version: freed space may be reused at once
        // instead of after MVStore's default 45 s, which would let a busy queue's file grow unbounded.
        mvStore.setRetentionTime(0);
        this.clock = Objects.requireNonNull(clock, "clock");
        this.meta = mvStore.openMap(META_MAP);
        this.sequence = Long.parseLong(meta.getOrDefault(SEQUENCE_KEY, "0"));
    }

    /**
     * Opens (or creates) the queue file. One process holds it at a time; a file another queue has open
     * is a {@link StoreUnavailableException} saying it is locked.
     */
    public static EmbeddedMessageQueue open(Path file, Clock clock) {
        Objects.requireNonNull(file, "file");
        Path absolute = file.toAbsolutePath();
        try {
            if (absolute.getParent() != null) {
                Files.createDirectories(absolute.getParent());
            }
            return new EmbeddedMessageQueue(new MVStore.Builder().fileName(absolute.toString()).autoCommitDisabled().open(), clock);
        } catch (MVStoreException e) {
            throw new StoreUnavailableException("embedded queue file " + absolute + " cannot be opened"
                    + (e.getMessage() != null && e.getMessage().contains("locked") ? ": it is locked by another process" : ""), e);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the folder of " + absolute, e);
        }
    }

    @Override
    public String send(String queue, String text, Duration initialDelay) {
        Objects.requireNonNull(text, "text");
        requireNotNegative(initialDelay, "initial delay");
        return put(queue, QueueMessage.encode(text), initialDelay, Optional.empty());
    }

    @Override
    public String send(String queue, String text, Duration initialDelay, Duration timeToLive) {
        Objects.requireNonNull(text, "text");
        MessageQueue.requireValidTimeToLive(initialDelay, timeToLive);
        return put(queue, QueueMessage.encode(text), initialDelay, Optional.of(timeToLive));
    }

    @Override
    public String sendWireContent(String queue, String wireContent) {
        Objects.requireNonNull(wireContent, "wireContent");
        return put(queue, wireContent, Duration.ZERO, Optional.empty());
    }

    /** Stores a message; without a time to live it stays until deleted. */
    private String put(String queue, String wireContent, Duration initialDelay, Optional<Duration> timeToLive) {
        requireQueueName(queue);
        if (wireContent.length() > MAX_WIRE_CONTENT_CHARS) {
            throw new IllegalArgumentException("a queue message is at most 64 KiB as stored; this one is "
                    + wireContent.length() + " characters");
        }
        return locked(() -> {
            Instant now = clock.now();
            QueueMaps maps = liveMaps(queue, now.toEpochMilli());
            String id = UUID.randomUUID().toString();
            long arrival = ++sequence;
            long expiresAt = timeToLive.map(ttl -> expiry(now.toEpochMilli(), ttl)).orElse(StoredMessage.NEVER);
            StoredMessage message = new StoredMessage(arrival, now.toEpochMilli(), now.plus(initialDelay).toEpochMilli(),
                    expiresAt, 0, "", wireContent);
            maps.messages().put(id, message.encode());
            maps.visibility().put(message.visibilityKey(), id);
            if (message.expires()) {
                maps.expiry().put(message.expiryKey(), id);
            }
            meta.put(SEQUENCE_KEY, Long.toString(sequence));
            mvStore.commit();
            arrived.signalAll();
            return id;
        });
    }

    /** When a message inserted at {@code insertedAt} expires; past the millisecond range is never. */
    private static long expiry(long insertedAt, Duration timeToLive) {
        try {
            return Math.addExact(insertedAt, timeToLive.toMillis());
        } catch (ArithmeticException beyondAnyClock) {
            return StoredMessage.NEVER;
        }
    }

    @Override
    public List<QueueMessage> receive(String queue, int maxMessages, Duration visibilityTimeout) {
        requireQueueName(queue);
        if (maxMessages < 1 || maxMessages > MAX_RECEIVE) {
            throw new IllegalArgumentException("maxMessages must be 1 to " + MAX_RECEIVE + ", was " + maxMessages);
        }
        requireNotNegative(visibilityTimeout, "visibility timeout");
        return locked(() -> {
            long now = clock.now().toEpochMilli();
            QueueMaps maps = liveMaps(queue, now);
            List<QueueMessage> received = new ArrayList<>();
            // Due keys are collected first: with a zero timeout a received message is due again at once,
            // and must not be handed out twice in one call.
            List<String> dueKeys = new ArrayList<>(maxMessages);
            String dueUntil = StoredMessage.keyBound(now);
            String key = maps.visibility().firstKey();
            while (key != null && key.compareTo(dueUntil) <= 0 && dueKeys.size() < maxMessages) {
                dueKeys.add(key);
                key = maps.visibility().higherKey(key);
            }
            for (String dueKey : dueKeys) {
                String id = maps.visibility().remove(dueKey);
                StoredMessage hidden = StoredMessage.decode(maps.messages().get(id))
                        .receivedAt(now + visibilityTimeout.toMillis(), newPopReceipt());
                maps.visibility().put(hidden.visibilityKey(), id);
                maps.messages().put(id, hidden.encode());
                received.add(hidden.toQueueMessage(id));
            }
            if (!received.isEmpty()) {
                mvStore.commit();
            }
            return List.copyOf(received);
        });
    }

    @Override
    public boolean delete(String queue, String messageId, String popReceipt) {
        requireQueueName(queue);
        return locked(() -> {
            QueueMaps maps = liveMaps(queue, clock.now().toEpochMilli());
            Optional<StoredMessage> current = currentReceipt(maps, messageId, popReceipt);
            if (current.isEmpty()) {
                return false;
            }
            forget(maps, messageId, current.get());
            mvStore.commit();
            return true;
        });
    }

    @Override
    public Optional<String> release(String queue, String messageId, String popReceipt, Duration delay) {
        requireQueueName(queue);
        requireNotNegative(delay, "delay");
        return locked(() -> {
            long now = clock.now().toEpochMilli();
            QueueMaps maps = liveMaps(queue, now);
            Optional<StoredMessage> current = currentReceipt(maps, messageId, popReceipt);
            if (current.isEmpty()) {
                return Optional.empty();
            }
            StoredMessage released = current.get().releasedUntil(now + delay.toMillis(), newPopReceipt());
            maps.visibility().remove(current.get().visibilityKey());
            maps.visibility().put(released.visibilityKey(), messageId);
            maps.messages().put(messageId, released.encode());
            mvStore.commit();
            if (delay.isZero()) {
                arrived.signalAll();
            }
            return Optional.of(released.popReceipt());
        });
    }

    @Override
    public long approximateCount(String queue) {
        requireQueueName(queue);
        return locked(() -> (long) liveMaps(queue, clock.now().toEpochMilli()).messages().size());
    }

    /** Wakes when a message is sent to (or released at once on) {@code queue} in this process. */
    @Override
    public boolean awaitMessages(String queue, Duration maxWait) throws InterruptedException {
        requireQueueName(queue);
        long remaining = maxWait.toNanos();
        lock.lockInterruptibly();
        try {
            ensureOpen();
            while (!hasVisibleMessage(maps(queue))) {
                if (remaining <= 0) {
                    return false;
                }
                remaining = arrived.awaitNanos(remaining);
                ensureOpen();
            }
            return true;
        } finally {
            lock.unlock();
        }
    }

    @Override
    public ComponentHealth check() {
        return closed.get() || mvStore.isClosed()
                ? ComponentHealth.down("queue", "embedded", "queue file is closed")
                : ComponentHealth.up("queue", "embedded");
    }

    /** Commits and releases the file; safe to call twice. Waiting consumers wake and get an exception. */
    @Override
    public void close() {
        if (closed.compareAndSet(false, true)) {
            lock.lock();
            try {
                arrived.signalAll();
                if (!mvStore.isClosed()) {
                    mvStore.close();
                }
            } finally {
                lock.unlock();
            }
        }
    }

    private boolean hasVisibleMessage(QueueMaps maps) {
        String first = maps.visibility().firstKey();
        return first != null && first.compareTo(StoredMessage.keyBound(clock.now().toEpochMilli())) <= 0;
    }

    /**
     * The queue's maps, with every message that expired by {@code now} removed from the file first: what
     * each call works on, so no call sees an expired message. Commits when it removed any.
     */
    private QueueMaps liveMaps(String queue, long now) {
        QueueMaps maps = maps(queue);
        // Keys are collected first, as in receive, so the index is not changed while it is walked.
        List<String> expiredIds = new ArrayList<>();
        String expiredUntil = StoredMessage.keyBound(now);
        String key = maps.expiry().firstKey();
        while (key != null && key.compareTo(expiredUntil) <= 0) {
            expiredIds.add(maps.expiry().get(key));
            key = maps.expiry().higherKey(key);
        }
        for (String id : expiredIds) {
            forget(maps, id, StoredMessage.decode(maps.messages().get(id)));
        }
        if (!expiredIds.isEmpty()) {
            mvStore.commit();
        }
        return maps;
    }

    /** Removes a message from all of its queue's maps. */
    private static void forget(QueueMaps maps, String id, StoredMessage message) {
        maps.messages().remove(id);
        maps.visibility().remove(message.visibilityKey());
        if (message.expires()) {
            maps.expiry().remove(message.expiryKey());
        }
    }

    private static Optional<StoredMessage> currentReceipt(QueueMaps maps, String messageId, String popReceipt) {
        if (messageId == null || popReceipt == null) {
            return Optional.empty();
        }
        String encoded = maps.messages().get(messageId);
        if (encoded == null) {
            return Optional.empty();
        }
        StoredMessage message = StoredMessage.decode(encoded);
        return message.popReceipt().equals(popReceipt) && !popReceipt.isEmpty() ? Optional.of(message) : Optional.empty();
    }

    private QueueMaps maps(String queue) {
        return queues.computeIfAbsent(queue, name -> new QueueMaps(mvStore.openMap("queue/" + name + "/messages"),
                mvStore.openMap("queue/" + name + "/visibility"), mvStore.openMap("queue/" + name + "/expiry")));
    }

    private String newPopReceipt() {
        byte[] bytes = new byte[16];
        random.nextBytes(bytes);
        return HexFormat.of().formatHex(bytes);
    }

    private <T> T locked(Supplier<T> operation) {
        lock.lock();
        try {
            ensureOpen();
            return operation.get();
        } catch (MVStoreException e) {
            throw new StoreUnavailableException("embedded queue failed: " + e.getClass().getSimpleName(), e);
        } finally {
            lock.unlock();
        }
    }

    private void ensureOpen() {
        if (closed.get() || mvStore.isClosed()) {
            throw new StoreUnavailableException("embedded queue is closed");
        }
    }

    private static void requireQueueName(String queue) {
        if (queue == null || !QUEUE_NAME.matcher(queue).matches()) {
            throw new IllegalArgumentException("a queue name is 3-63 lowercase letters, digits and single hyphens,"
                    + " starting and ending with a letter or digit");
        }
    }

    private static void requireNotNegative(Duration duration, String what) {
        if (duration == null || duration.isNegative()) {
            throw new IllegalArgumentException(what + " must be zero or more");
        }
    }

    /**
     * One message as stored, times in epoch milliseconds:
     * {@code v2|arrival|insertedAt|visibleAt|expiresAt|dequeueCount|popReceipt|wireContent}, where
     * {@code expiresAt} is {@link #NEVER} for a message without a time to live. Files written before
     * messages could expire hold {@code arrival|insertedAt|visibleAt|dequeueCount|popReceipt|wireContent}
     * (no marker: that format starts with a digit); such a message reads as never expiring. The content
     * comes last, so it may contain the separator.
     */
    private record StoredMessage(long arrival, long insertedAt, long visibleAt, long expiresAt, long dequeueCount,
                                 String popReceipt, String wireContent) {

        /** The expiry of a message that stays until it is deleted. */
        static final long NEVER = Long.MAX_VALUE;
        private static final String VERSION_2 = "v2|";
        private static final int WIDTH = 19;

        String encode() {
            return VERSION_2 + arrival + "|" + insertedAt + "|" + visibleAt + "|" + expiresAt + "|" + dequeueCount + "|"
                    + popReceipt + "|" + wireContent;
        }

        static StoredMessage decode(String encoded) {
            if (encoded.startsWith(VERSION_2)) {
                String[] parts = encoded.substring(VERSION_2.length()).split("\\|", 7);
                return new StoredMessage(Long.parseLong(parts[0]), Long.parseLong(parts[1]), Long.parseLong(parts[2]),
                        Long.parseLong(parts[3]), Long.parseLong(parts[4]), parts[5], parts[6]);
            }
            String[] parts = encoded.split("\\|", 6);
            return new StoredMessage(Long.parseLong(parts[0]), Long.parseLong(parts[1]), Long.parseLong(parts[2]), NEVER,
                    Long.parseLong(parts[3]), parts[4], parts[5]);
        }

        boolean expires() {
            return expiresAt != NEVER;
        }

        /** Sorts by visible-at, then arrival: zero-padded so that text order is time order. */
        String visibilityKey() {
            return pad(visibleAt) + ":" + pad(arrival);
        }

        /** Sorts by expiry, then arrival; only for a message that {@link #expires}. */
        String expiryKey() {
            return pad(expiresAt) + ":" + pad(arrival);
        }

        /** The greatest visibility or expiry key whose time is {@code now} or earlier. */
        static String keyBound(long now) {
            return pad(now) + ":" + "9".repeat(WIDTH);
        }

        private static String pad(long value) {
            String digits = Long.toString(Math.max(0, value));
            return "0".repeat(Math.max(0, WIDTH - digits.length())) + digits;
        }

        StoredMessage receivedAt(long hiddenUntil, String receipt) {
            return new StoredMessage(arrival, insertedAt, hiddenUntil, expiresAt, dequeueCount + 1, receipt, wireContent);
        }

        StoredMessage releasedUntil(long visibleAgain, String receipt) {
            return new StoredMessage(arrival, insertedAt, visibleAgain, expiresAt, dequeueCount, receipt, wireContent);
        }

        QueueMessage toQueueMessage(String id) {
            return new QueueMessage(id, popReceipt, wireContent, dequeueCount, Instant.ofEpochMilli(insertedAt),
                    Instant.ofEpochMilli(visibleAt));
        }
    }
}
