package com.cardscry.portal.application.port;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.cardscry.portal.testing.FakeClock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * The behaviour every {@link MessageQueue} shows (Azure Storage queue semantics), written once and run
 * by each implementation's test class, which only says how to build a queue.
 *
 * <p>Time: tests that need a visibility timeout to run out are grouped in {@link VisibilityRunsOut},
 * and those that need a time to live to run out in {@link TimeToLiveRunsOut}. They wait through
 * {@link #letTimePass} for {@link #shortTimeout()} or {@link #shortTimeToLive()}: by default the fake
 * clock moves on; an implementation whose service keeps its own time (Azurite) overrides all three to
 * wait in real time for a couple of seconds, so every test runs against every implementation. What a
 * service may do later than at once (stop counting an expired message) is polled for, with a generous
 * deadline.
 */
public abstract class MessageQueueContract {

    protected static final String QUEUE = "privacy-requests";
    private static final Duration HIDDEN = Duration.ofSeconds(30);

    protected final FakeClock clock = new FakeClock(Instant.parse("2026-01-15T10:00:00Z"));
    protected MessageQueue queue;

    /** A new queue service with no messages, whose time is {@code clock}; closed after each test if AutoCloseable. */
    protected abstract MessageQueue newQueue(Clock clock);

    /** A visibility timeout the {@link VisibilityRunsOut} tests can wait out; whole seconds. */
    protected Duration shortTimeout() {
        return HIDDEN;
    }

    /**
     * A time to live the {@link TimeToLiveRunsOut} tests can wait out; whole seconds. Longer than
     * {@link #HIDDEN}, so a message received for that long is hidden, not expired, meanwhile.
     */
    protected Duration shortTimeToLive() {
        return Duration.ofMinutes(1);
    }

    /** Lets {@code duration} pass for the queue: moves the fake clock, or waits for a real service. */
    protected void letTimePass(Duration duration) {
        clock.advance(duration);
    }

    /** Whether the queue's timestamps come from {@link #clock}, so they can be compared exactly. */
    protected boolean timestampsFollowTheGivenClock() {
        return true;
    }

    @BeforeEach
    void openQueue() {
        queue = newQueue(clock);
    }

    @AfterEach
    void closeQueue() throws Exception {
        if (queue instanceof AutoCloseable closeable) {
            closeable.close();
        }
    }

    /**
     * Asks until {@code condition} holds, for at most 30 seconds: for what a service may do a little
     * later (an implementation on the fake clock holds at the first ask).
     */
    private static void assertEventually(String what, BooleanSupplier condition) {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() - deadline > 0) {
                fail("not within 30 s: " + what);
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
    }

    private QueueMessage receiveOne() {
        List<QueueMessage> messages = queue.receive(QUEUE, 1, HIDDEN);
        assertEquals(1, messages.size(), "expected one visible message");
        return messages.get(0);
    }

    @Nested
    class Delivery {

        @Test
        void a_sent_message_is_received_with_its_text_and_a_first_dequeue_count() {
            String id = queue.send(QUEUE, "request 42 — ünïcode");

            QueueMessage message = receiveOne();
            assertEquals(id, message.id());
            assertEquals(Optional.of("request 42 — ünïcode"), message.text());
            assertEquals(1, message.dequeueCount());
            assertFalse(message.popReceipt().isEmpty());
        }

        @Test
        void messages_are_stored_base64_encoded_as_the_functions_queue_trigger_expects() {
            queue.send(QUEUE, "hello");
            assertEquals(QueueMessage.encode("hello"), receiveOne().wireContent());
        }

        @Test
        void older_messages_come_first_and_at_most_the_requested_number() {
            queue.send(QUEUE, "one");
            queue.send(QUEUE, "two");
            queue.send(QUEUE, "three");

            List<QueueMessage> firstTwo = queue.receive(QUEUE, 2, HIDDEN);
            assertEquals(List.of(Optional.of("one"), Optional.of("two")), firstTwo.stream().map(QueueMessage::text).toList());
            assertEquals(Optional.of("three"), receiveOne().text());
        }

        @Test
        void an_empty_or_unknown_queue_gives_nothing() {
            assertEquals(List.of(), queue.receive("never-used", 32, HIDDEN));
            assertEquals(0, queue.approximateCount("never-used"));
        }

        @Test
        void queues_are_independent() {
            queue.send(QUEUE, "mine");
            assertEquals(List.of(), queue.receive(QUEUE + "-poison", 1, HIDDEN));
            assertEquals(Optional.of("mine"), receiveOne().text());
        }

        @Test
        void a_received_message_is_hidden_from_other_receivers() {
            queue.send(QUEUE, "once");
            receiveOne();
            assertEquals(List.of(), queue.receive(QUEUE, 32, HIDDEN));
            assertEquals(1, queue.approximateCount(QUEUE), "hidden messages still count");
        }

        @Test
        void a_zero_visibility_timeout_still_hands_a_message_out_once_per_receive() {
            queue.send(QUEUE, "once");
            assertEquals(1, queue.receive(QUEUE, 32, Duration.ZERO).size());
        }

        @Test
        void a_message_with_a_time_to_live_is_an_ordinary_message_until_it_runs_out() {
            String id = queue.send(QUEUE, "expires in an hour", Duration.ZERO, Duration.ofHours(1));
            assertEquals(1, queue.approximateCount(QUEUE));

            QueueMessage message = receiveOne();
            assertEquals(id, message.id());
            assertEquals(Optional.of("expires in an hour"), message.text());
            assertTrue(queue.delete(QUEUE, message.id(), message.popReceipt()));
            assertEquals(0, queue.approximateCount(QUEUE));
        }

    }

    @Nested
    class WireContent {

        @Test
        void content_that_is_not_base64_is_kept_as_is_and_has_no_text() {
            queue.sendWireContent(QUEUE, "not base64 at all!");
            QueueMessage message = receiveOne();
            assertEquals("not base64 at all!", message.wireContent());
            assertEquals(Optional.empty(), message.text());
        }

        @Test
        void base64_content_sent_as_is_reads_as_the_text_it_encodes() {
            queue.sendWireContent(QUEUE, QueueMessage.encode("moved to poison"));
            assertEquals(Optional.of("moved to poison"), receiveOne().text());
        }

        @Test
        void content_with_separators_and_unicode_survives() {
            queue.sendWireContent(QUEUE, "a|b|c ✓");
            assertEquals("a|b|c ✓", receiveOne().wireContent());
        }
    }

    @Nested
    class PopReceipts {

        @Test
        void delete_with_the_current_receipt_removes_the_message() {
            queue.send(QUEUE, "done");
            QueueMessage message = receiveOne();

            assertTrue(queue.delete(QUEUE, message.id(), message.popReceipt()));
            assertEquals(0, queue.approximateCount(QUEUE));
            assertFalse(queue.delete(QUEUE, message.id(), message.popReceipt()), "a second delete finds nothing");
        }

        @Test
        void release_makes_the_message_visible_again_with_a_new_receipt() {
            queue.send(QUEUE, "retry");
            QueueMessage first = receiveOne();

            Optional<String> newReceipt = queue.release(QUEUE, first.id(), first.popReceipt(), Duration.ZERO);

            assertTrue(newReceipt.isPresent());
            assertNotEquals(first.popReceipt(), newReceipt.get());
            QueueMessage second = receiveOne();
            assertEquals(first.id(), second.id());
            assertEquals(2, second.dequeueCount());
            assertFalse(queue.delete(QUEUE, first.id(), first.popReceipt()), "the old receipt no longer owns it");
            assertTrue(queue.delete(QUEUE, second.id(), second.popReceipt()));
        }

        @Test
        void a_wrong_or_unknown_receipt_changes_nothing() {
            queue.send(QUEUE, "mine");
            QueueMessage message = receiveOne();

            assertFalse(queue.delete(QUEUE, message.id(), "forged"));
            assertEquals(Optional.empty(), queue.release(QUEUE, message.id(), "forged", Duration.ZERO));
            assertFalse(queue.delete(QUEUE, "no-such-id", message.popReceipt()));
            assertEquals(1, queue.approximateCount(QUEUE));
            assertTrue(queue.delete(QUEUE, message.id(), message.popReceipt()));
        }
    }

    @Nested
    class VisibilityRunsOut {

        @Test
        void an_undeleted_message_comes_back_after_its_visibility_timeout_with_a_higher_count() {
            queue.send(QUEUE, "at least once");
            QueueMessage first = queue.receive(QUEUE, 1, shortTimeout()).get(0);

            assertEquals(List.of(), queue.receive(QUEUE, 1, shortTimeout()), "still hidden");
            letTimePass(shortTimeout());

            QueueMessage second = queue.receive(QUEUE, 1, shortTimeout()).get(0);
            assertEquals(first.id(), second.id());
            assertEquals(2, second.dequeueCount());
            assertNotEquals(first.popReceipt(), second.popReceipt());
            assertFalse(queue.delete(QUEUE, first.id(), first.popReceipt()), "the first receiver lost it");
            assertTrue(queue.delete(QUEUE, second.id(), second.popReceipt()));
        }

        @Test
        void release_with_a_delay_hides_the_message_for_that_long() {
            queue.send(QUEUE, "backoff");
            QueueMessage message = receiveOne();
            queue.release(QUEUE, message.id(), message.popReceipt(), shortTimeout());

            assertEquals(List.of(), queue.receive(QUEUE, 1, HIDDEN));
            letTimePass(shortTimeout());
            assertEquals(message.id(), receiveOne().id());
        }

        @Test
        void a_message_sent_with_a_delay_is_invisible_until_then() {
            queue.send(QUEUE, "later", shortTimeout());
            assertEquals(List.of(), queue.receive(QUEUE, 1, HIDDEN));
            letTimePass(shortTimeout());
            assertEquals(Optional.of("later"), receiveOne().text());
        }

        @Test
        void the_insertion_time_and_next_visible_time_are_reported() {
            Instant before = clock.now();
            queue.send(QUEUE, "times");
            QueueMessage message = receiveOne();
            if (timestampsFollowTheGivenClock()) {
                assertEquals(before, message.insertedAt());
                assertEquals(before.plus(HIDDEN), message.visibleAgainAt());
            } else {
                // The service's own clock: the timeout must separate the two instants, whole seconds.
                Duration hidden = Duration.between(message.insertedAt(), message.visibleAgainAt());
                assertTrue(hidden.compareTo(HIDDEN.minusSeconds(2)) >= 0 && hidden.compareTo(HIDDEN.plusSeconds(2)) <= 0,
                        "hidden for " + hidden);
            }
        }
    }

    @Nested
    class TimeToLiveRunsOut {

        @Test
        void an_expired_message_is_never_received_and_stops_being_counted() {
            queue.send(QUEUE, "short-lived", Duration.ZERO, shortTimeToLive());
            queue.send(QUEUE, "kept");
            letTimePass(shortTimeToLive());

            List<QueueMessage> received = queue.receive(QUEUE, 32, HIDDEN);
            assertEquals(List.of(Optional.of("kept")), received.stream().map(QueueMessage::text).toList());
            assertEventually("the expired message is no longer counted", () -> queue.approximateCount(QUEUE) == 1);
        }

        @Test
        void a_message_that_expires_while_hidden_is_gone_for_the_receiver_holding_it() {
            queue.send(QUEUE, "taken, then expired", Duration.ZERO, shortTimeToLive());
            // Hidden for longer than it lives: the receipt would still be current but for the expiry.
            QueueMessage message = queue.receive(QUEUE, 1, shortTimeToLive().multipliedBy(2)).get(0);
            letTimePass(shortTimeToLive());

            assertEquals(Optional.empty(), queue.release(QUEUE, message.id(), message.popReceipt(), Duration.ZERO));
            assertFalse(queue.delete(QUEUE, message.id(), message.popReceipt()));
            assertEquals(List.of(), queue.receive(QUEUE, 32, HIDDEN));
            assertEventually("the expired message is no longer counted", () -> queue.approximateCount(QUEUE) == 0);
        }

        @Test
        void a_message_sent_with_a_delay_still_expires_its_time_to_live_after_it_was_sent() {
            queue.send(QUEUE, "delayed, then expired", shortTimeout(), shortTimeout().plus(shortTimeToLive()));
            letTimePass(shortTimeout().plus(shortTimeToLive()));
            assertEquals(List.of(), queue.receive(QUEUE, 32, HIDDEN));
        }
    }

    @Nested
    class Concurrency {

        @Test
        void concurrent_receivers_each_get_different_messages_and_none_is_lost() throws Exception {
            int messages = 200;
            for (int i = 0; i < messages; i++) {
                queue.send(QUEUE, "m" + i);
            }
            Set<String> seen = ConcurrentHashMap.newKeySet();
            List<String> duplicates = new ArrayList<>();
            ExecutorService pool = Executors.newFixedThreadPool(6);
            CountDownLatch start = new CountDownLatch(1);
            List<Future<?>> receivers = new ArrayList<>();
            for (int r = 0; r < 6; r++) {
                receivers.add(pool.submit(() -> {
                    start.await();
                    List<QueueMessage> batch;
                    while (!(batch = queue.receive(QUEUE, 7, Duration.ofHours(1))).isEmpty()) {
                        for (QueueMessage message : batch) {
                            if (!seen.add(message.text().orElseThrow())) {
                                synchronized (duplicates) {
                                    duplicates.add(message.id());
                                }
                            }
                            assertTrue(queue.delete(QUEUE, message.id(), message.popReceipt()));
                        }
                    }
                    return null;
                }));
            }
            start.countDown();
            for (Future<?> receiver : receivers) {
                receiver.get(60, TimeUnit.SECONDS);
            }
            pool.shutdown();

            assertEquals(List.of(), duplicates);
            assertEquals(messages, seen.size());
            assertEquals(0, queue.approximateCount(QUEUE));
        }
    }

    @Nested
    class BadInput {

        @Test
        void queue_names_follow_the_storage_rules() {
            for (String bad : new String[] {"ab", "Upper", "under_score", "-start", "end-", "dou--ble", "x".repeat(64), ""}) {
                assertThrows(IllegalArgumentException.class, () -> queue.send(bad, "text"), bad);
                assertThrows(IllegalArgumentException.class, () -> queue.receive(bad, 1, HIDDEN), bad);
            }
        }

        @Test
        void receive_takes_one_to_thirty_two_messages() {
            assertThrows(IllegalArgumentException.class, () -> queue.receive(QUEUE, 0, HIDDEN));
            assertThrows(IllegalArgumentException.class, () -> queue.receive(QUEUE, 33, HIDDEN));
            assertThrows(IllegalArgumentException.class, () -> queue.receive(QUEUE, 1, Duration.ofSeconds(-1)));
        }

        @Test
        void a_time_to_live_that_is_not_a_positive_whole_number_of_seconds_is_refused_and_nothing_is_accepted() {
            for (Duration bad : new Duration[] {Duration.ZERO, Duration.ofSeconds(-1), Duration.ofMillis(999),
                    Duration.ofMillis(1500), null}) {
                assertThrows(IllegalArgumentException.class, () -> queue.send(QUEUE, "text", Duration.ZERO, bad), "" + bad);
            }
            assertEquals(0, queue.approximateCount(QUEUE));
        }

        @Test
        void an_initial_delay_not_shorter_than_the_time_to_live_in_whole_seconds_is_refused() {
            Duration timeToLive = Duration.ofSeconds(10);
            for (Duration bad : new Duration[] {Duration.ofSeconds(10), Duration.ofSeconds(11), Duration.ofMillis(9_001),
                    Duration.ofSeconds(-1), null}) {
                assertThrows(IllegalArgumentException.class, () -> queue.send(QUEUE, "text", bad, timeToLive), "" + bad);
            }
            assertEquals(0, queue.approximateCount(QUEUE));
            queue.send(QUEUE, "visible for a second before it expires", Duration.ofSeconds(9), timeToLive);
            assertEquals(1, queue.approximateCount(QUEUE));
        }

        @Test
        void a_message_over_64_kib_as_stored_is_refused_and_nothing_is_accepted() {
            String tooBig = "x".repeat(48 * 1024 + 1); // Base64 grows it by a third, past 64 KiB
            assertThrows(IllegalArgumentException.class, () -> queue.send(QUEUE, tooBig));
            assertEquals(0, queue.approximateCount(QUEUE));
            queue.send(QUEUE, "x".repeat(48 * 1024));
            assertEquals(1, queue.approximateCount(QUEUE));
        }
    }

    /** Distinct ids for distinct messages, even with equal texts. */
    @Test
    void every_message_has_its_own_id() {
        Set<String> ids = new HashSet<>();
        for (int i = 0; i < 20; i++) {
            assertTrue(ids.add(queue.send(QUEUE, "same")));
        }
    }
}
