package com.cardscry.portal.adapters.storage;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.azure.storage.queue.QueueServiceClient;
import com.azure.storage.queue.QueueServiceClientBuilder;
import com.azure.storage.queue.models.QueueItem;
import com.azure.storage.queue.models.QueuesSegmentOptions;
import com.cardscry.portal.adapters.storage.FaultyProxy.Fault;
import com.cardscry.portal.application.port.QueueMessage;
import com.cardscry.portal.testing.emulators.Emulators;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * Faults between the adapter and the service, injected by a proxy in front of Azurite: the adapter's
 * retry policy ({@link StorageRetry}, the production one) must turn each into a send that is stored,
 * never into a lost one.
 */
class StorageFaultsIT {

    private static final String QUEUE = "fault-tests";

    private FaultyProxy proxy;
    private StorageMessageQueue queue;

    @BeforeEach
    void queueBehindAFaultyProxy() throws Exception {
        Emulators.Azurite azurite = Emulators.azurite();
        QueueServiceClient direct = new QueueServiceClientBuilder().connectionString(azurite.connectionString()).buildClient();
        for (QueueItem existing : direct.listQueues(new QueuesSegmentOptions().setIncludeMetadata(true), null, null)) {
            direct.getQueueClient(existing.getName()).clearMessages();
        }
        proxy = new FaultyProxy(azurite.queueEndpoint(), "POST ");
        queue = StorageMessageQueue.connectingWith(throughProxy(azurite.connectionString(), proxy.port()));
        queue.approximateCount(QUEUE); // creates the queue, so the armed fault meets the send itself
    }

    @AfterEach
    void closeProxy() throws Exception {
        proxy.close();
    }

    /** The emulator's connection string with its queue endpoint moved to the proxy. */
    private static String throughProxy(String connectionString, int port) {
        Map<String, String> parts = Arrays.stream(connectionString.split(";")).filter(part -> part.contains("="))
                .map(part -> part.split("=", 2)).collect(Collectors.toMap(kv -> kv[0], kv -> kv[1]));
        return "DefaultEndpointsProtocol=http;AccountName=" + parts.get("AccountName") + ";AccountKey=" + parts.get("AccountKey")
                + ";QueueEndpoint=http://127.0.0.1:" + port + "/" + parts.get("AccountName") + ";";
    }

    private List<Optional<String>> everythingOnTheQueue() {
        List<Optional<String>> texts = new ArrayList<>();
        List<QueueMessage> batch;
        while (!(batch = queue.receive(QUEUE, 32, Duration.ofMinutes(5))).isEmpty()) {
            batch.forEach(message -> texts.add(message.text()));
        }
        return texts;
    }

    @Nested
    class ASendIsRetriedAndStoredExactlyOnce {

        @Test
        void when_the_service_answers_503_once() {
            proxy.arm(Fault.ANSWER_503);

            queue.send(QUEUE, "request 1");

            assertEquals(1, proxy.injected());
            assertEquals(List.of(Optional.of("request 1")), everythingOnTheQueue());
        }

        @Test
        void when_the_connection_drops_before_the_request_reaches_the_service() {
            proxy.arm(Fault.DROP_BEFORE_THE_SERVICE);

            queue.send(QUEUE, "request 2");

            assertEquals(1, proxy.injected());
            assertEquals(List.of(Optional.of("request 2")), everythingOnTheQueue());
        }
    }

    /**
     * The one case a client cannot tell apart from a lost request: the service stored the message and the
     * answer was lost. The retry stores it again. That is the at-least-once delivery every queue consumer
     * here already handles (DESIGN.md 3.6: idempotent steps), and the alternative, not retrying, would lose
     * the sends whose request really was lost.
     */
    @Test
    void when_the_response_is_lost_after_the_service_stored_the_message_it_is_stored_twice_never_lost() {
        proxy.arm(Fault.LOSE_THE_RESPONSE);

        queue.send(QUEUE, "request 3");

        assertEquals(1, proxy.injected());
        assertEquals(List.of(Optional.of("request 3"), Optional.of("request 3")), everythingOnTheQueue());
    }
}
