package com.cardscry.portal.adapters.storage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.azure.storage.queue.QueueClient;
import com.azure.storage.queue.QueueMessageEncoding;
import com.azure.storage.queue.QueueServiceClient;
import com.azure.storage.queue.QueueServiceClientBuilder;
import com.azure.storage.queue.models.PeekedMessageItem;
import com.azure.storage.queue.models.QueueItem;
import com.azure.storage.queue.models.QueuesSegmentOptions;
import com.cardscry.portal.application.port.Clock;
import com.cardscry.portal.application.port.ComponentHealth;
import com.cardscry.portal.application.port.MessageQueue;
import com.cardscry.portal.application.port.MessageQueueContract;
import com.cardscry.portal.application.port.QueueMessage;
import com.cardscry.portal.testing.emulators.Emulators;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * The queue contract, unchanged, against Azurite. Isolation: Azurite is one per test JVM, so before each
 * test every queue in it is emptied (clearing rather than deleting, so the adapter's cache of created
 * queues stays true and no test waits for a deletion). Azurite keeps its own time, so the contract's
 * visibility and time-to-live tests wait for it in real time, a couple of seconds each.
 */
class StorageMessageQueueIT extends MessageQueueContract {

    private static QueueServiceClient service(QueueMessageEncoding encoding) {
        return new QueueServiceClientBuilder().connectionString(Emulators.azurite().connectionString())
                .messageEncoding(encoding).buildClient();
    }

    @Override
    protected MessageQueue newQueue(Clock clock) {
        QueueServiceClient service = service(QueueMessageEncoding.NONE);
        // Azurite fails a listing that leaves out metadata; Azure does not mind the flag.
        for (QueueItem existing : service.listQueues(new QueuesSegmentOptions().setIncludeMetadata(true), null, null)) {
            service.getQueueClient(existing.getName()).clearMessages();
        }
        return StorageMessageQueue.connectingWith(Emulators.azurite().connectionString());
    }

    /** Azurite keeps its own time, and visibility timeouts are whole seconds: wait two of them. */
    @Override
    protected Duration shortTimeout() {
        return Duration.ofSeconds(2);
    }

    /** The shortest time to live the service takes is one second; two leave room for a receive first. */
    @Override
    protected Duration shortTimeToLive() {
        return Duration.ofSeconds(2);
    }

    @Override
    protected void letTimePass(Duration duration) {
        try {
            // A little past the timeout: the service counts from when it received the request.
            Thread.sleep(duration.plusMillis(500).toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    @Override
    protected boolean timestampsFollowTheGivenClock() {
        return false;
    }

    private QueueClient otherProducer(QueueMessageEncoding encoding) {
        QueueClient client = service(encoding).getQueueClient(QUEUE);
        client.createIfNotExists();
        return client;
    }

    @Nested
    class MessagesFromOtherProducers {

        @Test
        void a_message_that_is_not_base64_is_received_intact_without_text_so_the_host_can_poison_it() {
            otherProducer(QueueMessageEncoding.NONE).sendMessage("{\"id\":42} plain JSON, not Base64");

            List<QueueMessage> received = queue.receive(QUEUE, 1, Duration.ofSeconds(30));

            assertEquals(1, received.size());
            assertEquals("{\"id\":42} plain JSON, not Base64", received.get(0).wireContent());
            assertEquals(Optional.empty(), received.get(0).text());
            assertEquals(1, received.get(0).dequeueCount());
        }

        @Test
        void a_message_from_a_base64_producer_such_as_a_functions_output_binding_reads_as_its_text() {
            otherProducer(QueueMessageEncoding.BASE64).sendMessage("request 7");
            assertEquals(Optional.of("request 7"), queue.receive(QUEUE, 1, Duration.ofSeconds(30)).get(0).text());
        }
    }

    @Nested
    class ServiceSpecifics {

        @Test
        void a_sent_message_never_expires_by_age() {
            queue.send(QUEUE, "kept until handled");
            PeekedMessageItem peeked = otherProducer(QueueMessageEncoding.NONE).peekMessage();
            assertTrue(peeked.getExpirationTime().isAfter(OffsetDateTime.now().plusYears(100)),
                    "expires " + peeked.getExpirationTime());
        }

        @Test
        void a_message_sent_with_a_time_to_live_expires_that_many_seconds_after_its_insertion() {
            queue.send(QUEUE, "kept for thirty days", Duration.ZERO, Duration.ofDays(30));
            PeekedMessageItem peeked = otherProducer(QueueMessageEncoding.NONE).peekMessage();
            assertEquals(Duration.ofDays(30), Duration.between(peeked.getInsertionTime(), peeked.getExpirationTime()));
        }

        @Test
        void the_text_is_stored_as_the_functions_trigger_reads_it() {
            queue.send(QUEUE, "héllo");
            assertEquals(QueueMessage.encode("héllo"), otherProducer(QueueMessageEncoding.NONE).peekMessage().getBody().toString());
        }

        @Test
        void health_reports_the_storage_queue_up() {
            assertEquals(ComponentHealth.up("queue", "storage"), ((StorageMessageQueue) queue).check());
        }
    }
}
