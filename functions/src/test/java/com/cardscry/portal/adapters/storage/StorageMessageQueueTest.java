package com.cardscry.portal.adapters.storage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.azure.storage.common.policy.RequestRetryOptions;
import com.azure.storage.common.policy.RetryPolicyType;
import com.cardscry.portal.application.port.ComponentHealth;
import com.cardscry.portal.application.port.StoreUnavailableException;
import java.io.IOException;
import java.net.ServerSocket;
import java.time.Duration;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** What the queue adapter decides before, or instead of, an answer from the service: no emulator needed. */
class StorageMessageQueueTest {

    private StorageMessageQueue queue;

    /** A connection string whose queue endpoint refuses connections (the port was free a moment ago). */
    private static String nobodyListening() throws IOException {
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        return "DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey="
                + "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==;"
                + "QueueEndpoint=http://127.0.0.1:" + port + "/devstoreaccount1;";
    }

    @BeforeEach
    void connectToNothing() throws IOException {
        RequestRetryOptions quickRetries = new RequestRetryOptions(RetryPolicyType.FIXED, 2, Duration.ofSeconds(5),
                Duration.ofMillis(10), Duration.ofMillis(10), null);
        queue = StorageMessageQueue.connectingWith(nobodyListening(), quickRetries);
    }

    @Test
    void bad_input_is_refused_before_any_call_to_the_service() {
        assertThrows(IllegalArgumentException.class, () -> queue.send("Not_A_Queue", "x"));
        assertThrows(IllegalArgumentException.class, () -> queue.send("requests", "x".repeat(48 * 1024 + 1)));
        assertThrows(IllegalArgumentException.class, () -> queue.sendWireContent("requests", "x".repeat(64 * 1024 + 1)));
        assertThrows(IllegalArgumentException.class, () -> queue.send("requests", "x", Duration.ofSeconds(-1)));
        assertThrows(IllegalArgumentException.class, () -> queue.send("requests", "x", Duration.ZERO, Duration.ZERO));
        assertThrows(IllegalArgumentException.class, () -> queue.send("requests", "x", Duration.ZERO, Duration.ofMillis(1500)));
        assertThrows(IllegalArgumentException.class,
                () -> queue.send("requests", "x", Duration.ofSeconds(2), Duration.ofSeconds(2)));
        assertThrows(IllegalArgumentException.class, () -> queue.receive("requests", 33, Duration.ZERO));
        assertThrows(IllegalArgumentException.class, () -> queue.release("requests", "id", "receipt", Duration.ofSeconds(-1)));
    }

    @Test
    void a_service_that_cannot_be_reached_after_the_retries_is_unavailable() {
        StoreUnavailableException thrown = assertThrows(StoreUnavailableException.class, () -> queue.send("requests", "x"));
        assertEquals("storage queue: create queue requests failed after retries", thrown.getMessage());
    }

    @Test
    void health_reports_the_queue_down_without_throwing() {
        ComponentHealth health = queue.check();
        assertFalse(health.up());
        assertEquals("queue", health.component());
        assertEquals("storage", health.implementation());
    }
}
