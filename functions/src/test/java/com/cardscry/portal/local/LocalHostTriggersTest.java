package com.cardscry.portal.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.cardscry.portal.adapters.embedded.EmbeddedMessageQueue;
import com.cardscry.portal.adapters.system.SystemClock;
import com.cardscry.portal.application.port.QueueMessage;
import com.cardscry.portal.config.Settings;
import com.cardscry.portal.local.fixtures.WorkflowFunctions;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * One local host serving HTTP, queue and timer functions together, on the embedded queue and the wall
 * clock: what a developer running the portal gets. Waits are bounded latches, never timing claims.
 */
class LocalHostTriggersTest {

    private static final String KEY = "function-key-for-tests-0123456789abcdef";

    @TempDir
    Path data;
    private EmbeddedMessageQueue queue;
    private LocalHost host;

    @BeforeEach
    void start() {
        WorkflowFunctions.EVENTS.clear();
        queue = EmbeddedMessageQueue.open(data.resolve("queue.mv.db"), new SystemClock());
        host = startHost(queue);
    }

    private LocalHost startHost(EmbeddedMessageQueue messageQueue) {
        Settings settings = Settings.of(Map.of(
                "PORTAL_ENVIRONMENT", "local",
                "PORTAL_LOCAL_PORT", "0",
                "PORTAL_DATA_DIR", data.toString(),
                "PORTAL_LOCAL_FUNCTION_KEY", KEY,
                "PORTAL_LOCAL_MASTER_KEY", KEY + "-master",
                "WORK_QUEUE", "work-items",
                "HEARTBEAT_SCHEDULE", "* * * * * *"));
        HostJson hostJson = new HostJson("api", 2, Duration.ZERO, 16, Duration.ofMillis(200));
        return LocalHost.start(new LocalHost.Options(settings, hostJson, List.of(WorkflowFunctions.class),
                new ConstructorFunctionFactory(), Optional.of(messageQueue), new SystemClock()));
    }

    @AfterEach
    void stop() {
        if (host != null) {
            host.close();
        }
        queue.close();
    }

    private String nextEvent(String startingWith) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (System.nanoTime() < deadline) {
            String event = WorkflowFunctions.EVENTS.poll(1, TimeUnit.SECONDS);
            if (event != null && event.startsWith(startingWith)) {
                return event;
            }
        }
        throw new AssertionError("no event starting with '" + startingWith + "' within 30 s");
    }

    @Test
    void queued_work_is_done_by_the_queue_function_and_passed_on_while_http_is_served() throws Exception {
        queue.send("work-items", "order-7");

        assertEquals("worked order-7", nextEvent("worked"));
        HttpRequest status = HttpRequest.newBuilder(host.baseUri().resolve("api/fixtures/work"))
                .header("x-functions-key", KEY).GET().build();
        HttpResponse<String> response = HttpClient.newHttpClient().send(status, HttpResponse.BodyHandlers.ofString());
        assertEquals(200, response.statusCode());
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        List<QueueMessage> done = List.of();
        while (done.isEmpty() && System.nanoTime() < deadline) {
            done = queue.receive("work-done", 1, Duration.ofSeconds(30));
        }
        assertEquals(Optional.of("done order-7"), done.get(0).text());
    }

    @Test
    void a_failing_message_is_retried_up_to_the_maximum_then_parked_on_the_poison_queue() throws Exception {
        queue.send("work-items", "fail-3");

        assertEquals("failed fail-3 #1", nextEvent("failed"));
        assertEquals("failed fail-3 #2", nextEvent("failed"));
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        // The host copies the message to the poison queue, then deletes the original: wait for both.
        while ((queue.approximateCount("work-items-poison") == 0 || queue.approximateCount("work-items") > 0)
                && System.nanoTime() < deadline) {
            Thread.onSpinWait();
        }
        assertEquals(1, queue.approximateCount("work-items-poison"));
        assertEquals(0, queue.approximateCount("work-items"));
        assertEquals(0, queue.approximateCount("work-done"), "a failing function's output is never sent");
    }

    @Test
    void the_timer_fires_on_its_schedule_from_a_setting_with_the_timer_status() throws Exception {
        assertEquals("timer with status", nextEvent("timer"));
    }

    @Test
    void a_message_accepted_while_no_host_runs_is_worked_after_the_restart() throws Exception {
        host.close();
        queue.close();
        try (EmbeddedMessageQueue offline = EmbeddedMessageQueue.open(data.resolve("queue.mv.db"), new SystemClock())) {
            offline.send("work-items", "while-stopped");
        }
        queue = EmbeddedMessageQueue.open(data.resolve("queue.mv.db"), new SystemClock());
        host = startHost(queue);

        assertEquals("worked while-stopped", nextEvent("worked"));
    }

    @Test
    void the_start_up_listing_names_each_trigger_with_its_resolved_schedule_or_queue() {
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        host.describe(new PrintStream(printed, true, StandardCharsets.UTF_8));
        String listing = printed.toString(StandardCharsets.UTF_8);
        assertTrue(listing.contains("heartbeat: timer, schedule '* * * * * *' (from %HEARTBEAT_SCHEDULE%)"), listing);
        assertTrue(listing.contains("doWork: queue 'work-items' (from %WORK_QUEUE%)"), listing);
        assertTrue(listing.contains("/api/fixtures/work (function)"), listing);
    }

    /** The worker's default: a new instance per invocation through the public no-argument constructor. */
    private static final class ConstructorFunctionFactory implements FunctionFactory {
        @Override
        public <T> T newInstance(Class<T> functionClass) throws Exception {
            return functionClass.getConstructor().newInstance();
        }
    }
}
