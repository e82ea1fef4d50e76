package com.cardscry.portal.adapters.embedded;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.cardscry.portal.application.port.Clock;
import com.cardscry.portal.application.port.MessageQueue;
import com.cardscry.portal.application.port.MessageQueueContract;
import com.cardscry.portal.application.port.QueueMessage;
import com.cardscry.portal.application.port.StoreUnavailableException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.h2.mvstore.MVMap;
import org.h2.mvstore.MVStore;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EmbeddedMessageQueueTest extends MessageQueueContract {

    @TempDir
    Path folder;

    @Override
    protected MessageQueue newQueue(Clock clock) {
        return EmbeddedMessageQueue.open(folder.resolve("queue.mv.db"), clock);
    }

    private EmbeddedMessageQueue embedded() {
        return (EmbeddedMessageQueue) queue;
    }

    private EmbeddedMessageQueue reopen() {
        embedded().close();
        queue = EmbeddedMessageQueue.open(folder.resolve("queue.mv.db"), clock);
        return embedded();
    }

    @Nested
    class FileSize {

        @Test
        void stays_near_the_messages_it_holds_however_many_have_passed_through() throws Exception {
            for (int i = 0; i < 3_000; i++) {
                queue.send(QUEUE, "message " + i);
                QueueMessage message = queue.receive(QUEUE, 1, Duration.ofSeconds(30)).get(0);
                assertTrue(queue.delete(QUEUE, message.id(), message.popReceipt()));
            }
            // Each operation commits a chunk; without reuse of freed space this is over 100 MB.
            long bytes = java.nio.file.Files.size(folder.resolve("queue.mv.db"));
            assertTrue(bytes < 2 * 1024 * 1024, "queue file grew to " + bytes + " bytes");
        }
    }

    @Nested
    class SurvivesARestart {

        @Test
        void an_accepted_message_is_there_after_reopening() {
            String id = queue.send(QUEUE, "durable");
            EmbeddedMessageQueue again = reopen();

            List<QueueMessage> received = again.receive(QUEUE, 1, Duration.ofSeconds(30));
            assertEquals(1, received.size());
            assertEquals(id, received.get(0).id());
            assertEquals(Optional.of("durable"), received.get(0).text());
        }

        @Test
        void a_received_but_undeleted_message_comes_back_after_its_timeout_with_its_count() {
            queue.send(QUEUE, "in flight when the host stopped");
            QueueMessage first = queue.receive(QUEUE, 1, Duration.ofSeconds(30)).get(0);
            EmbeddedMessageQueue again = reopen();

            assertEquals(List.of(), again.receive(QUEUE, 1, Duration.ofSeconds(30)), "still hidden after the restart");
            clock.advance(Duration.ofSeconds(30));
            QueueMessage second = again.receive(QUEUE, 1, Duration.ofSeconds(30)).get(0);
            assertEquals(first.id(), second.id());
            assertEquals(2, second.dequeueCount());
        }

        @Test
        void ids_stay_in_arrival_order_across_restarts() {
            queue.send(QUEUE, "before");
            EmbeddedMessageQueue again = reopen();
            again.send(QUEUE, "after");
            List<QueueMessage> both = again.receive(QUEUE, 2, Duration.ofSeconds(30));
            assertEquals(List.of(Optional.of("before"), Optional.of("after")), both.stream().map(QueueMessage::text).toList());
        }

        @Test
        void a_second_process_on_the_same_file_is_refused_with_a_clear_message() {
            StoreUnavailableException refused = assertThrows(StoreUnavailableException.class,
                    () -> EmbeddedMessageQueue.open(folder.resolve("queue.mv.db"), clock));
            assertTrue(refused.getMessage().contains("locked"), refused.getMessage());
        }
    }

    @Nested
    class Expiry {

        private static final Duration LIFETIME = Duration.ofMinutes(1);

        @Test
        void a_message_is_received_until_the_millisecond_before_it_expires_and_never_from_then_on() {
            queue.send(QUEUE, "one minute", Duration.ZERO, LIFETIME);

            clock.advance(LIFETIME.minusMillis(1));
            assertEquals(1, queue.receive(QUEUE, 1, Duration.ZERO).size());
            clock.advance(Duration.ofMillis(1));
            assertEquals(List.of(), queue.receive(QUEUE, 1, Duration.ZERO));
            assertEquals(0, queue.approximateCount(QUEUE));
        }

        @Test
        void messages_sent_without_a_time_to_live_are_kept_for_a_century() {
            queue.send(QUEUE, "plain");
            queue.send(QUEUE, "delayed", Duration.ofSeconds(5));
            queue.sendWireContent(QUEUE, "as is");
            clock.advance(Duration.ofDays(36_525));

            assertEquals(3, queue.receive(QUEUE, 32, Duration.ofSeconds(30)).size());
        }

        @Test
        void the_expiry_survives_a_restart() {
            queue.send(QUEUE, "expires across a restart", Duration.ZERO, LIFETIME);
            EmbeddedMessageQueue again = reopen();
            clock.advance(LIFETIME);

            assertEquals(List.of(), again.receive(QUEUE, 1, Duration.ofSeconds(30)));
        }

        @Test
        void expired_messages_are_removed_from_the_file_not_only_hidden() {
            queue.send(QUEUE, "short-lived personal data", Duration.ZERO, LIFETIME);
            queue.send(QUEUE, "also short-lived", Duration.ZERO, LIFETIME);
            clock.advance(LIFETIME);
            assertEquals(0, queue.approximateCount(QUEUE));
            embedded().close();

            try (MVStore file = new MVStore.Builder().fileName(folder.resolve("queue.mv.db").toString()).readOnly().open()) {
                for (String map : List.of("messages", "visibility", "expiry")) {
                    assertEquals(0, file.<String, String>openMap("queue/" + QUEUE + "/" + map).size(), map);
                }
            }
        }

        @Test
        void a_queue_file_written_before_messages_could_expire_opens_and_its_messages_never_expire() {
            Path oldFile = folder.resolve("before-expiry.mv.db");
            long insertedAt = clock.now().toEpochMilli();
            long hiddenUntil = insertedAt + 30_000;
            // Exactly what the previous version wrote: arrival|insertedAt|visibleAt|dequeueCount|popReceipt|wireContent.
            try (MVStore file = new MVStore.Builder().fileName(oldFile.toString()).open()) {
                MVMap<String, String> messages = file.openMap("queue/" + QUEUE + "/messages");
                MVMap<String, String> visibility = file.openMap("queue/" + QUEUE + "/visibility");
                messages.put("waiting", "1|" + insertedAt + "|" + insertedAt + "|0||" + QueueMessage.encode("sent long ago"));
                visibility.put(oldVisibilityKey(insertedAt, 1), "waiting");
                messages.put("in-flight", "2|" + insertedAt + "|" + hiddenUntil + "|1|0a1b|raw|content|with separators");
                visibility.put(oldVisibilityKey(hiddenUntil, 2), "in-flight");
                file.<String, String>openMap("meta").put("sequence", "2");
                file.commit();
            }
            clock.advance(Duration.ofDays(36_525));

            try (EmbeddedMessageQueue old = EmbeddedMessageQueue.open(oldFile, clock)) {
                old.send(QUEUE, "sent after the upgrade");
                assertEquals(3, old.approximateCount(QUEUE));
                assertFalse(old.delete(QUEUE, "in-flight", "stale"));
                List<QueueMessage> all = old.receive(QUEUE, 32, Duration.ofSeconds(30));
                assertEquals(List.of(Optional.of("sent long ago"), Optional.empty(), Optional.of("sent after the upgrade")),
                        all.stream().map(QueueMessage::text).toList());
                assertEquals("raw|content|with separators", all.get(1).wireContent());
                assertEquals(2, all.get(1).dequeueCount());
                for (QueueMessage message : all) {
                    assertTrue(old.delete(QUEUE, message.id(), message.popReceipt()));
                }
            }
        }

        /** The visibility index key of the previous version: visible-at and arrival, zero-padded to 19 digits. */
        private static String oldVisibilityKey(long visibleAt, long arrival) {
            return String.format("%019d:%019d", visibleAt, arrival);
        }
    }

    @Nested
    class AwaitMessages {

        @Test
        void returns_at_once_when_a_visible_message_is_waiting() throws Exception {
            queue.send(QUEUE, "waiting");
            assertTrue(embedded().awaitMessages(QUEUE, Duration.ofMinutes(5)));
        }

        @Test
        void returns_false_when_nothing_arrives_in_time() throws Exception {
            assertFalse(embedded().awaitMessages(QUEUE, Duration.ofMillis(10)));
        }

        @Test
        void wakes_a_waiting_consumer_when_a_message_is_sent() throws Exception {
            CountDownLatch waiting = new CountDownLatch(1);
            CompletableFuture<Boolean> woke = CompletableFuture.supplyAsync(() -> {
                waiting.countDown();
                try {
                    return embedded().awaitMessages(QUEUE, Duration.ofMinutes(5));
                } catch (InterruptedException e) {
                    throw new IllegalStateException(e);
                }
            });
            assertTrue(waiting.await(30, TimeUnit.SECONDS));
            queue.send(QUEUE, "wake up");
            assertTrue(woke.get(30, TimeUnit.SECONDS));
        }
    }

    @Nested
    class Faults {

        @Test
        void after_close_every_operation_is_unavailable_and_health_is_down() {
            embedded().close();
            assertFalse(embedded().check().up());
            assertThrows(StoreUnavailableException.class, () -> queue.send(QUEUE, "late"));
            assertThrows(StoreUnavailableException.class, () -> queue.receive(QUEUE, 1, Duration.ofSeconds(1)));
            embedded().close(); // twice is fine
        }

        @Test
        void health_is_up_while_open() {
            assertTrue(embedded().check().up());
            assertEquals("embedded", embedded().check().implementation());
        }
    }
}
