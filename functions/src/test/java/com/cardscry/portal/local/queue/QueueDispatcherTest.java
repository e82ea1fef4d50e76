package com.cardscry.portal.local.queue;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.cardscry.portal.adapters.embedded.EmbeddedMessageQueue;
import com.cardscry.portal.application.port.MessageQueue;
import com.cardscry.portal.application.port.QueueMessage;
import com.cardscry.portal.local.HostJson;
import com.cardscry.portal.local.triggerfixtures.FixtureFunctions;
import com.cardscry.portal.local.triggerfixtures.QueueFixtures.Blocking;
import com.cardscry.portal.local.triggerfixtures.QueueFixtures.Delivery;
import com.cardscry.portal.local.triggerfixtures.QueueFixtures.Failing;
import com.cardscry.portal.local.triggerfixtures.QueueFixtures.FanOut;
import com.cardscry.portal.local.triggerfixtures.QueueFixtures.FromSetting;
import com.cardscry.portal.local.triggerfixtures.QueueFixtures.Orders;
import com.cardscry.portal.local.triggerfixtures.QueueFixtures.UnknownMetadata;
import com.cardscry.portal.local.triggerfixtures.QueueFixtures.WrongOutputType;
import com.cardscry.portal.local.triggerfixtures.QueueFixtures;
import com.cardscry.portal.testing.FakeClock;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class QueueDispatcherTest {

    private static final Duration RETRY_AFTER = Duration.ofSeconds(30);
    /** Short polling, so a message made visible by moving the fake clock is seen soon. */
    private static final HostJson HOST_JSON = new HostJson("api", 3, RETRY_AFTER, 16, Duration.ofMillis(200));
    private static final Function<String, Optional<String>> NO_SETTINGS = name -> Optional.empty();

    private final FakeClock clock = new FakeClock();
    @TempDir
    Path folder;
    private EmbeddedMessageQueue store;
    /** Queue operations the dispatcher made, as "operation queue", in order. */
    private final BlockingQueue<String> operations = new LinkedBlockingQueue<>();
    private final List<QueueDispatcher> dispatchers = new ArrayList<>();

    @BeforeEach
    void resetFixtures() {
        QueueFixtures.reset();
        store = EmbeddedMessageQueue.open(folder.resolve("queue.mv.db"), clock);
    }

    @AfterEach
    void stopDispatchers() {
        QueueFixtures.openGate();
        dispatchers.forEach(QueueDispatcher::close);
        // The dispatchers are closed first: they must never see the queue file go away under them.
        store.close();
    }

    private QueueDispatcher started(Class<?> function) {
        QueueDispatcher dispatcher = dispatcher(function, NO_SETTINGS, Duration.ofSeconds(30));
        dispatcher.start();
        return dispatcher;
    }

    private QueueDispatcher dispatcher(Class<?> function, Function<String, Optional<String>> settings, Duration stopGrace) {
        QueueDispatcher dispatcher = QueueDispatcher.create(FixtureFunctions.methods(function), FixtureFunctions.FACTORY,
                settings, new ObservedQueue(), HOST_JSON, stopGrace);
        dispatchers.add(dispatcher);
        return dispatcher;
    }

    private static Delivery nextDelivery() throws InterruptedException {
        Delivery delivery = QueueFixtures.DELIVERED.poll(10, TimeUnit.SECONDS);
        assertNotNull(delivery, "the function was not invoked");
        return delivery;
    }

    private void awaitOperation(String expected) throws InterruptedException {
        String operation;
        do {
            operation = operations.poll(10, TimeUnit.SECONDS);
            assertNotNull(operation, "the dispatcher never did: " + expected);
        } while (!operation.equals(expected));
    }

    private List<String> texts(String queue) {
        return store.receive(queue, 32, Duration.ofMinutes(1)).stream().map(message -> message.text().orElseThrow()).toList();
    }

    @Nested
    class OnSuccess {

        @Test
        void theFunctionGetsTextAndMetadataAndTheMessageIsDeleted() throws Exception {
            String id = store.send("orders", "order 42");
            started(Orders.class);

            Delivery delivery = nextDelivery();
            awaitOperation("delete orders");

            assertEquals(new Delivery("order 42", 1, id, clock.now().atOffset(ZoneOffset.UTC)), delivery);
            assertEquals(0, store.approximateCount("orders"));
        }

        @Test
        void outputBindingsAreSentBeforeTheDelete() throws Exception {
            store.send("orders", "order 42");
            started(Orders.class);

            awaitOperation("send audit");
            awaitOperation("delete orders");

            assertEquals(List.of("seen order 42"), texts("audit"));
        }

        @Test
        void aListOutputSendsEachElementAndBytesAndCaseInsensitiveNamesBind() throws Exception {
            store.send("fanout", "part");
            started(FanOut.class);

            assertEquals(new Delivery("part", 1, "", null), nextDelivery());
            awaitOperation("delete fanout");

            assertEquals(List.of("part-1", "part-2"), texts("parts"));
        }
    }

    @Nested
    class OnFailure {

        @Test
        void theMessageComesBackAfterTheVisibilityTimeoutWithAHigherDequeueCount() throws Exception {
            store.send("failing", "boom");
            started(Failing.class);
            assertEquals(1, nextDelivery().dequeueCount());
            awaitOperation("release failing");

            clock.advance(RETRY_AFTER);

            assertEquals(2, nextDelivery().dequeueCount());
        }

        @Test
        void outputsAreNotSent() throws Exception {
            store.send("failing", "boom");
            started(Failing.class);

            nextDelivery();
            awaitOperation("release failing");

            assertEquals(0, store.approximateCount("audit"));
            assertTrue(operations.stream().noneMatch(operation -> operation.startsWith("send")), operations.toString());
        }

        @Test
        void afterMaxDequeueCountTheOriginalMessageIsOnThePoisonQueueOnly() throws Exception {
            store.send("failing", "boom");
            started(Failing.class);
            for (int delivery = 1; delivery < HOST_JSON.maxDequeueCount(); delivery++) {
                nextDelivery();
                awaitOperation("release failing");
                clock.advance(RETRY_AFTER);
            }

            assertEquals(HOST_JSON.maxDequeueCount(), nextDelivery().dequeueCount());
            awaitOperation("wire failing-poison");
            awaitOperation("delete failing");

            assertEquals(0, store.approximateCount("failing"));
            List<QueueMessage> poisoned = store.receive("failing-poison", 32, Duration.ofMinutes(1));
            assertEquals(List.of(QueueMessage.encode("boom")), poisoned.stream().map(QueueMessage::wireContent).toList());
        }
    }

    @Nested
    class WhenTheContentIsNotBase64 {

        @Test
        void theMessageGoesToThePoisonQueueAtOnceUntouched() throws Exception {
            store.sendWireContent("orders", "{not base64}");
            started(Orders.class);

            awaitOperation("wire orders-poison");
            awaitOperation("delete orders");

            assertTrue(QueueFixtures.DELIVERED.isEmpty());
            assertEquals(List.of("{not base64}"), store.receive("orders-poison", 32, Duration.ofMinutes(1)).stream()
                    .map(QueueMessage::wireContent).toList());
        }
    }

    @Nested
    class OnClose {

        @Test
        void anInFlightInvocationFinishesAndItsMessageIsDeleted() throws Exception {
            store.send("slow", "long job");
            QueueDispatcher dispatcher = started(Blocking.class);
            nextDelivery();

            Thread closing = new Thread(dispatcher::close);
            closing.start();
            QueueFixtures.openGate();
            closing.join(TimeUnit.SECONDS.toMillis(30));

            assertFalse(closing.isAlive(), "close returned");
            assertTrue(operations.contains("delete slow"), operations.toString());
            assertEquals(0, store.approximateCount("slow"));
        }

        @Test
        void anInvocationCutShortLeavesItsMessageToBeDeliveredAgain() throws Exception {
            store.send("slow", "long job");
            QueueDispatcher dispatcher = dispatcher(Blocking.class, NO_SETTINGS, Duration.ZERO);
            dispatcher.start();
            nextDelivery();

            dispatcher.close();
            awaitOperation("release slow");
            clock.advance(QueueDispatcher.IN_FLIGHT_VISIBILITY.plus(RETRY_AFTER));

            assertTrue(operations.stream().noneMatch(operation -> operation.startsWith("delete")), operations.toString());
            List<QueueMessage> again = store.receive("slow", 32, Duration.ofMinutes(1));
            assertEquals(List.of("long job"), again.stream().map(message -> message.text().orElseThrow()).toList());
            assertEquals(2, again.get(0).dequeueCount());
        }
    }

    @Nested
    class AtStartUp {

        @Test
        void aQueueNameComesFromItsAppSetting() throws Exception {
            QueueDispatcher dispatcher = dispatcher(FromSetting.class,
                    name -> Optional.ofNullable(Map.of("ORDERS_QUEUE", "incoming-orders").get(name)), Duration.ZERO);
            store.send("incoming-orders", "hello");
            dispatcher.start();

            assertEquals("hello", nextDelivery().text());
            assertEquals(List.of("FromSetting: queue 'incoming-orders' (from %ORDERS_QUEUE%)"), dispatcher.describe());
        }

        @Test
        void aMissingQueueSettingIsRefusedNamingFunctionAndSetting() {
            IllegalStateException error = assertThrows(IllegalStateException.class,
                    () -> dispatcher(FromSetting.class, NO_SETTINGS, Duration.ZERO));

            assertTrue(error.getMessage().contains("function 'FromSetting'"), error.getMessage());
            assertTrue(error.getMessage().contains("'ORDERS_QUEUE'"), error.getMessage());
        }

        @Test
        void unknownBindingDataIsRefusedNamingTheParameter() {
            IllegalStateException error = assertThrows(IllegalStateException.class,
                    () -> dispatcher(UnknownMetadata.class, NO_SETTINGS, Duration.ZERO));

            assertTrue(error.getMessage().contains("function 'UnknownMetadata': parameter 'priority'"), error.getMessage());
        }

        @Test
        void anOutputBindingOfAnotherTypeIsRefusedNamingTheParameter() {
            IllegalStateException error = assertThrows(IllegalStateException.class,
                    () -> dispatcher(WrongOutputType.class, NO_SETTINGS, Duration.ZERO));

            assertTrue(error.getMessage().contains("function 'WrongOutputType': parameter 'count'"), error.getMessage());
        }
    }

    /** The queue the dispatcher sees: the real one, with each change it makes recorded for the test. */
    private final class ObservedQueue implements MessageQueue {

        @Override
        public String send(String queue, String text) {
            String id = store.send(queue, text);
            operations.add("send " + queue);
            return id;
        }

        @Override
        public String send(String queue, String text, Duration initialDelay) {
            String id = store.send(queue, text, initialDelay);
            operations.add("send " + queue);
            return id;
        }

        @Override
        public String send(String queue, String text, Duration initialDelay, Duration timeToLive) {
            String id = store.send(queue, text, initialDelay, timeToLive);
            operations.add("send " + queue);
            return id;
        }

        @Override
        public List<QueueMessage> receive(String queue, int maxMessages, Duration visibilityTimeout) {
            return store.receive(queue, maxMessages, visibilityTimeout);
        }

        @Override
        public boolean delete(String queue, String messageId, String popReceipt) {
            boolean deleted = store.delete(queue, messageId, popReceipt);
            operations.add("delete " + queue);
            return deleted;
        }

        @Override
        public Optional<String> release(String queue, String messageId, String popReceipt, Duration delay) {
            Optional<String> released = store.release(queue, messageId, popReceipt, delay);
            operations.add("release " + queue);
            return released;
        }

        @Override
        public long approximateCount(String queue) {
            return store.approximateCount(queue);
        }

        @Override
        public String sendWireContent(String queue, String wireContent) {
            String id = store.sendWireContent(queue, wireContent);
            operations.add("wire " + queue);
            return id;
        }

        @Override
        public boolean awaitMessages(String queue, Duration maxWait) throws InterruptedException {
            return store.awaitMessages(queue, maxWait);
        }
    }
}
