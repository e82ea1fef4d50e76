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
 * <p>Each queue has two maps: its messages by id, and a visibility index ordered by the time each
 * message becomes visible (then by arrival), so a receive reads only messages that are due and never
 * walks past hidden ones. Every change is committed to the file before the call returns: a message
 * accepted by {@link #send} survives a restart, and so does a received message that was not deleted,
 * which becomes visible again when its visibility timeout ends, restart or not.
 *
 * <p>Thread-safe: changes are serialised by one lock, so a message is handed to one receiver per
 * visibility window. Callers must not interrupt a thread inside a call (the interrupt closes the
 * file); the local host never does. Messages do not expire by age here.
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

    private record QueueMaps(MVMap<String, String> messages, MVMap<String, String> visibility) {
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
    public String send(String queue, String text) {
        return send(queue, text, Duration.ZERO);
    }

    @Override
    public String send(String queue, String text, Duration initialDelay) {
        Objects.requireNonNull(text, "text");
        return put(queue, QueueMessage.encode(text), initialDelay);
    }

    @Override
    public String sendWireContent(String queue, String wireContent) {
        Objects.requireNonNull(wireContent, "wireContent");
        return put(queue, wireContent, Duration.ZERO);
    }

    private String put(String queue, String wireContent, Duration initialDelay) {
        requireQueueName(queue);
        requireNotNegative(initialDelay, "initial delay");
        if (wireContent.length() > MAX_WIRE_CONTENT_CHARS) {
            throw new IllegalArgumentException("a queue message is at most 64 KiB as stored; this one is "
                    + wireContent.length() + " characters");
        }
        return locked(() -> {
            QueueMaps maps = maps(queue);
            Instant now = clock.now();
            String id = UUID.randomUUID().toString();
            long arrival = ++sequence;
            StoredMessage message = new StoredMessage(arrival, now.toEpochMilli(), now.plus(initialDelay).toEpochMilli(), 0,
                    "", wireContent);
            maps.messages().put(id, message.encode());
            maps.visibility().put(message.visibilityKey(), id);
            meta.put(SEQUENCE_KEY, Long.toString(sequence));
            mvStore.commit();
            arrived.signalAll();
            return id;
        });
    }

    @Override
    public List<QueueMessage> receive(String queue, int maxMessages, Duration visibilityTimeout) {
        requireQueueName(queue);
        if (maxMessages < 1 || maxMessages > MAX_RECEIVE) {
            throw new IllegalArgumentException("maxMessages must be 1 to " + MAX_RECEIVE + ", was " + maxMessages);
        }
        requireNotNegative(visibilityTimeout, "visibility timeout");
        return locked(() -> {
            QueueMaps maps = maps(queue);
            long now = clock.now().toEpochMilli();
            List<QueueMessage> received = new ArrayList<>();
            // Due keys are collected first: with a zero timeout a received message is due again at once,
            // and must not be handed out twice in one call.
            List<String> dueKeys = new ArrayList<>(maxMessages);
            String dueUntil = StoredMessage.visibilityKeyBound(now);
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
            QueueMaps maps = maps(queue);
            Optional<StoredMessage> current = currentReceipt(maps, messageId, popReceipt);
            if (current.isEmpty()) {
                return false;
            }
            maps.messages().remove(messageId);
            maps.visibility().remove(current.get().visibilityKey());
            mvStore.commit();
            return true;
        });
    }

    @Override
    public Optional<String> release(String queue, String messageId, String popReceipt, Duration delay) {
        requireQueueName(queue);
        requireNotNegative(delay, "delay");
        return locked(() -> {
            QueueMaps maps = maps(queue);
            Optional<StoredMessage> current = currentReceipt(maps, messageId, popReceipt);
            if (current.isEmpty()) {
                return Optional.empty();
            }
            StoredMessage released = current.get().releasedUntil(clock.now().toEpochMilli() + delay.toMillis(), newPopReceipt());
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
        return locked(() -> (long) maps(queue).messages().size());
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
        return first != null && first.compareTo(StoredMessage.visibilityKeyBound(clock.now().toEpochMilli())) <= 0;
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
        return queues.computeIfAbsent(queue, name -> new QueueMaps(
                mvStore.openMap("queue/" + name + "/messages"), mvStore.openMap("queue/" + name + "/visibility")));
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
     * One message as stored: {@code arrival|insertedAt|visibleAt|dequeueCount|popReceipt|wireContent},
     * times in epoch milliseconds. The content comes last, so it may contain the separator.
     */
    private record StoredMessage(long arrival, long insertedAt, long visibleAt, long dequeueCount, String popReceipt,
                                 String wireContent) {

        private static final int WIDTH = 19;

        String encode() {
            return arrival + "|" + insertedAt + "|" + visibleAt + "|" + dequeueCount + "|" + popReceipt + "|" + wireContent;
        }

        static StoredMessage decode(String encoded) {
            String[] parts = encoded.split("\\|", 6);
            return new StoredMessage(Long.parseLong(parts[0]), Long.parseLong(parts[1]), Long.parseLong(parts[2]),
                    Long.parseLong(parts[3]), parts[4], parts[5]);
        }

        /** Sorts by visible-at, then arrival: zero-padded so that text order is time order. */
        String visibilityKey() {
            return pad(visibleAt) + ":" + pad(arrival);
        }

        /** The greatest key of a message visible at {@code now}. */
        static String visibilityKeyBound(long now) {
            return pad(now) + ":" + "9".repeat(WIDTH);
        }

        private static String pad(long value) {
            String digits = Long.toString(Math.max(0, value));
            return "0".repeat(Math.max(0, WIDTH - digits.length())) + digits;
        }

        StoredMessage receivedAt(long hiddenUntil, String receipt) {
            return new StoredMessage(arrival, insertedAt, hiddenUntil, dequeueCount + 1, receipt, wireContent);
        }

        StoredMessage releasedUntil(long visibleAgain, String receipt) {
            return new StoredMessage(arrival, insertedAt, visibleAgain, dequeueCount, receipt, wireContent);
        }

        QueueMessage toQueueMessage(String id) {
            return new QueueMessage(id, popReceipt, wireContent, dequeueCount, Instant.ofEpochMilli(insertedAt),
                    Instant.ofEpochMilli(visibleAt));
        }
    }

}
