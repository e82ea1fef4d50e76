package com.cardscry.portal.local.queue;

import com.cardscry.portal.application.port.MessageQueue;
import com.cardscry.portal.application.port.QueueMessage;
import com.cardscry.portal.local.FunctionFactory;
import com.cardscry.portal.local.HostJson;
import com.cardscry.portal.local.queue.QueueFunction.PendingOutput;
import java.lang.reflect.Method;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Delivers queue messages to queue functions with the Functions host's semantics.
 *
 * <p>What callers may rely on:
 * <ul>
 *   <li>Every parameter and queue name is checked by {@link #create}; a bad one fails start-up with a
 *       message naming the function (and the parameter).</li>
 *   <li>Per function, up to {@link HostJson#batchSize} messages are in flight at once, each received
 *       with a visibility timeout of {@link #IN_FLIGHT_VISIBILITY}, not renewed: an invocation that runs
 *       longer may see its message delivered a second time (at-least-once, as always with queues).</li>
 *   <li>Success: the {@code @QueueOutput} values are sent, then the message is deleted. Outputs are never
 *       sent for a failed invocation. Sending before deleting never loses a message; if the host dies in
 *       between, the message comes again and its outputs are sent twice, as on the real host.</li>
 *   <li>Failure (the function threw): the message is released to become visible again after
 *       {@link HostJson#visibilityTimeout}, or, once it was delivered {@link HostJson#maxDequeueCount}
 *       times, moved with its original wire content to {@code <queue>-poison}.</li>
 *   <li>Wire content that is not Base64 text goes straight to {@code <queue>-poison}; the warning names
 *       the queue and the message id only. No log line carries message content.</li>
 *   <li>An empty queue is polled with exponential backoff from {@link #FIRST_BACKOFF} up to
 *       {@link HostJson#maxPollingInterval}, and the wait ends early when the queue
 *       reports an arrival ({@code MessageQueue.awaitMessages}), so a message is picked up at once without busy polling.</li>
 *   <li>{@link #close} stops receiving and lets in-flight invocations finish within the stop grace. A
 *       message whose invocation did not finish is not deleted: it becomes visible again.</li>
 * </ul>
 * Thread-safe.
 */
public final class QueueDispatcher implements AutoCloseable {

    /** How long a received message stays invisible while its function runs. */
    public static final Duration IN_FLIGHT_VISIBILITY = Duration.ofMinutes(10);
    /** The first wait after an empty receive; it doubles up to {@link HostJson#maxPollingInterval}. */
    public static final Duration FIRST_BACKOFF = Duration.ofMillis(100);
    /** How often a waiting poller looks whether the dispatcher is stopping (never interrupted: see below). */
    private static final Duration STOP_CHECK = Duration.ofSeconds(1);
    /** The most messages one receive may ask for (the {@link MessageQueue#receive} contract). */
    private static final int MAX_RECEIVE = 32;

    private static final Logger LOG = Logger.getLogger(QueueDispatcher.class.getName());

    private final List<QueueFunction> functions;
    private final FunctionFactory factory;
    private final MessageQueue queue;
    private final HostJson hostJson;
    private final Duration stopGrace;
    private final ExecutorService workers;
    private final List<Thread> pollers = new ArrayList<>();
    private volatile boolean stopping;

    private QueueDispatcher(List<QueueFunction> functions, FunctionFactory factory, MessageQueue queue,
                            HostJson hostJson,
                            Duration stopGrace) {
        this.functions = functions;
        this.factory = factory;
        this.queue = queue;
        this.hostJson = hostJson;
        this.stopGrace = stopGrace;
        AtomicInteger threads = new AtomicInteger();
        this.workers = Executors.newCachedThreadPool(task -> {
            Thread thread = new Thread(task, "queue-worker-" + threads.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
    }

    /**
     * Reads the queue functions; nothing is received until {@link #start}.
     *
     * @param queueFunctions {@code @FunctionName} methods with a {@code @QueueTrigger} parameter
     * @param settings       app settings, for {@code %Setting%} queue names
     * @param stopGrace      how long {@link #close} waits for in-flight invocations
     * @throws IllegalStateException naming the function when a parameter cannot be bound, a queue name
     *                               is invalid or a referenced setting is missing
     */
    public static QueueDispatcher create(List<Method> queueFunctions, FunctionFactory factory,
                                         Function<String, Optional<String>> settings, MessageQueue queue,
                                         HostJson hostJson, Duration stopGrace) {
        List<QueueFunction> functions = queueFunctions.stream().map(method -> QueueFunction.of(method, settings)).toList();
        return new QueueDispatcher(functions, factory, queue, hostJson, stopGrace);
    }

    /** One line per function for the host's start-up listing: name and queue. */
    public List<String> describe() {
        return functions.stream().map(QueueFunction::describe).toList();
    }

    /** Starts one poller thread per function. */
    public synchronized void start() {
        if (!pollers.isEmpty() || stopping) {
            throw new IllegalStateException("the queue dispatcher runs once");
        }
        for (QueueFunction function : functions) {
            Thread poller = new Thread(() -> poll(function), "queue-poller-" + function.name());
            poller.setDaemon(true);
            pollers.add(poller);
            poller.start();
        }
    }

    /**
     * Stops receiving, then waits up to the stop grace for in-flight invocations. Pollers are not
     * interrupted (an interrupt inside the embedded store can break its file channel); they notice the
     * stop within a second. Invocations still running after the grace are interrupted; their messages
     * stay in the queue.
     */
    @Override
    public void close() {
        List<Thread> started;
        synchronized (this) {
            stopping = true;
            started = List.copyOf(pollers);
        }
        try {
            for (Thread poller : started) {
                poller.join();
            }
            workers.shutdown();
            if (!workers.awaitTermination(stopGrace.toMillis(), TimeUnit.MILLISECONDS)) {
                LOG.warning("Queue functions still running after " + stopGrace
                        + " were interrupted; their messages will be delivered again");
                workers.shutdownNow();
            }
        } catch (InterruptedException interrupted) {
            workers.shutdownNow();
            Thread.currentThread().interrupt();
        }
    }

    private void poll(QueueFunction function) {
        int batchSize = Math.max(1, Math.min(hostJson.batchSize(), MAX_RECEIVE));
        Semaphore free = new Semaphore(batchSize);
        Duration backoff = FIRST_BACKOFF;
        try {
            while (!stopping) {
                if (!free.tryAcquire(STOP_CHECK.toMillis(), TimeUnit.MILLISECONDS)) {
                    continue;
                }
                int wanted = 1 + free.drainPermits();
                List<QueueMessage> messages = receive(function, wanted);
                free.release(wanted - messages.size());
                for (QueueMessage message : messages) {
                    workers.execute(() -> {
                        try {
                            deliver(function, message);
                        } finally {
                            free.release();
                        }
                    });
                }
                if (messages.isEmpty()) {
                    waitForArrival(function.queueName(), backoff);
                    backoff = longer(backoff);
                } else {
                    backoff = FIRST_BACKOFF;
                }
            }
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    private List<QueueMessage> receive(QueueFunction function, int wanted) {
        try {
            return queue.receive(function.queueName(), wanted, IN_FLIGHT_VISIBILITY);
        } catch (RuntimeException unavailable) {
            // The queue may come back (a restarted emulator); the poller backs off and tries again.
            LOG.log(Level.WARNING, "Cannot receive from queue {0}: {1}",
                    new Object[] {function.queueName(), unavailable.getClass().getName()});
            return List.of();
        }
    }

    /** Waits {@code backoff}, less if a message arrives, in slices so that a stop is noticed. */
    private void waitForArrival(String queueName, Duration backoff) throws InterruptedException {
        long deadline = System.nanoTime() + backoff.toNanos();
        long remaining = backoff.toNanos();
        while (!stopping && remaining > 0) {
            if (queue.awaitMessages(queueName, Duration.ofNanos(Math.min(remaining, STOP_CHECK.toNanos())))) {
                return;
            }
            remaining = deadline - System.nanoTime();
        }
    }

    private Duration longer(Duration backoff) {
        Duration doubled = backoff.multipliedBy(2);
        return doubled.compareTo(hostJson.maxPollingInterval()) > 0 ? hostJson.maxPollingInterval() : doubled;
    }

    private void deliver(QueueFunction function, QueueMessage message) {
        try {
            Optional<String> text = message.text();
            if (text.isEmpty()) {
                LOG.log(Level.WARNING, "Message {1} on queue {0} is not Base64 text; moving it to {0}-poison",
                        new Object[] {function.queueName(), message.id()});
                moveToPoison(function, message);
                return;
            }
            List<PendingOutput> outputs;
            try {
                outputs = function.invoke(factory, message, text.get());
            } catch (Throwable failure) {
                // The function's failure is the message's: it is retried or poisoned, and the host goes on.
                LOG.log(Level.WARNING, "Queue function {0} failed on message {1} (delivery {2}): {3}", new Object[] {
                    function.name(), message.id(), message.dequeueCount(), failure.getClass().getName()});
                retryOrPoison(function, message);
                return;
            }
            for (PendingOutput output : outputs) {
                output.messages().forEach(outgoing -> queue.send(output.queue(), outgoing));
            }
            deleteOrWarn(function, message);
        } catch (RuntimeException queueFailure) {
            // Nothing was deleted: the message becomes visible again after IN_FLIGHT_VISIBILITY.
            LOG.log(Level.WARNING, "Queue {0} failed while handling message {1}: {2}", new Object[] {
                function.queueName(), message.id(), queueFailure.getClass().getName()});
        }
    }

    private void retryOrPoison(QueueFunction function, QueueMessage message) {
        if (message.dequeueCount() >= hostJson.maxDequeueCount()) {
            LOG.log(Level.WARNING, "Message {1} on queue {0} failed {2} times; moving it to {0}-poison",
                    new Object[] {function.queueName(), message.id(), message.dequeueCount()});
            moveToPoison(function, message);
        } else if (queue.release(function.queueName(), message.id(), message.popReceipt(),
                hostJson.visibilityTimeout()).isEmpty()) {
            LOG.log(Level.INFO, "Message {1} on queue {0} was received again meanwhile; not released",
                    new Object[] {function.queueName(), message.id()});
        }
    }

    /**
     * Copies, then deletes: a crash in between leaves the message in both queues rather than in none.
     */
    private void moveToPoison(QueueFunction function, QueueMessage message) {
        queue.sendWireContent(function.queueName() + "-poison", message.wireContent());
        deleteOrWarn(function, message);
    }

    private void deleteOrWarn(QueueFunction function, QueueMessage message) {
        if (!queue.delete(function.queueName(), message.id(), message.popReceipt())) {
            LOG.log(Level.WARNING, "Message {1} on queue {0} was received again before it could be deleted;"
                    + " it will be handled twice", new Object[] {function.queueName(), message.id()});
        }
    }
}
