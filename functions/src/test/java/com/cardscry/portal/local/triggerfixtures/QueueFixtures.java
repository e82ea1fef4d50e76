package com.cardscry.portal.local.triggerfixtures;

import com.microsoft.azure.functions.ExecutionContext;
import com.microsoft.azure.functions.OutputBinding;
import com.microsoft.azure.functions.annotation.BindingName;
import com.microsoft.azure.functions.annotation.FunctionName;
import com.microsoft.azure.functions.annotation.QueueOutput;
import com.microsoft.azure.functions.annotation.QueueTrigger;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * Queue functions for the local host's tests. The host makes a new instance per invocation, so what
 * they observe is kept in static fields; tests call {@link #reset} first.
 */
public final class QueueFixtures {

    /** What one invocation saw. */
    public record Delivery(String text, long dequeueCount, String id, OffsetDateTime insertionTime) {
    }

    public static final BlockingQueue<Delivery> DELIVERED = new LinkedBlockingQueue<>();
    private static volatile CountDownLatch gate = new CountDownLatch(0);

    private QueueFixtures() {
    }

    public static void reset() {
        DELIVERED.clear();
        gate = new CountDownLatch(1);
    }

    public static void openGate() {
        gate.countDown();
    }

    /** Records its binding data and answers on the {@code audit} queue. */
    public static class Orders {
        @FunctionName("Orders")
        public void run(@QueueTrigger(name = "message", queueName = "orders") String message,
                        @BindingName("DequeueCount") long dequeueCount, @BindingName("id") String id,
                        @BindingName("InsertionTime") OffsetDateTime insertionTime, ExecutionContext context,
                        @QueueOutput(name = "audit", queueName = "audit") OutputBinding<String> audit) {
            DELIVERED.add(new Delivery(message, dequeueCount, id, insertionTime));
            audit.setValue("seen " + message);
        }
    }

    /** Sends several messages through one list output. */
    public static class FanOut {
        @FunctionName("FanOut")
        public void run(@QueueTrigger(name = "message", queueName = "fanout") byte[] message,
                        @BindingName("INSERTIONTIME") Instant insertedAt, @BindingName("DequeueCount") Integer count,
                        @QueueOutput(name = "parts", queueName = "parts") OutputBinding<List<String>> parts) {
            String text = new String(message, java.nio.charset.StandardCharsets.UTF_8);
            DELIVERED.add(new Delivery(text, count, "", null));
            parts.setValue(List.of(text + "-1", text + "-2"));
        }
    }

    /** Sets an output, then fails. */
    public static class Failing {
        @FunctionName("Failing")
        public void run(@QueueTrigger(name = "message", queueName = "failing") String message,
                        @BindingName("DequeueCount") long dequeueCount,
                        @QueueOutput(name = "audit", queueName = "audit") OutputBinding<String> audit) {
            DELIVERED.add(new Delivery(message, dequeueCount, "", null));
            audit.setValue("must not be sent");
            throw new IllegalStateException("alice@example.com must never reach a log");
        }
    }

    /** Holds its invocation until the test opens the gate. */
    public static class Blocking {
        @FunctionName("Blocking")
        public void run(@QueueTrigger(name = "message", queueName = "slow") String message,
                        @BindingName("DequeueCount") String dequeueCount) throws InterruptedException {
            DELIVERED.add(new Delivery(message, Long.parseLong(dequeueCount), "", null));
            if (!gate.await(30, TimeUnit.SECONDS)) {
                throw new IllegalStateException("the test never opened the gate");
            }
        }
    }

    public static class FromSetting {
        @FunctionName("FromSetting")
        public void run(@QueueTrigger(name = "message", queueName = "%ORDERS_QUEUE%") String message) {
            DELIVERED.add(new Delivery(message, 0, "", null));
        }
    }

    public static class UnknownMetadata {
        @FunctionName("UnknownMetadata")
        public void run(@QueueTrigger(name = "message", queueName = "orders") String message,
                        @BindingName("Priority") String priority) {
            DELIVERED.add(new Delivery(message, 0, "", null));
        }
    }

    public static class WrongOutputType {
        @FunctionName("WrongOutputType")
        public void run(@QueueTrigger(name = "message", queueName = "orders") String message,
                        @QueueOutput(name = "count", queueName = "counts") OutputBinding<Integer> count) {
            DELIVERED.add(new Delivery(message, 0, "", null));
        }
    }
}
