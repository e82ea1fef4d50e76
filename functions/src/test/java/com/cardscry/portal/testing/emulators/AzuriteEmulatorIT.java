package com.cardscry.portal.testing.emulators;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.azure.core.util.BinaryData;
import com.azure.storage.blob.BlobContainerClient;
import com.azure.storage.blob.BlobServiceClientBuilder;
import com.azure.storage.queue.QueueClient;
import com.azure.storage.queue.QueueMessageEncoding;
import com.azure.storage.queue.QueueServiceClient;
import com.azure.storage.queue.QueueServiceClientBuilder;
import com.azure.storage.queue.models.QueueMessageItem;
import com.azure.storage.queue.models.QueuesSegmentOptions;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** The harness starts a real Azurite that the official Storage SDKs talk to. */
class AzuriteEmulatorIT {

    @Test
    void queues_take_and_give_base64_messages_through_the_sdk() {
        QueueServiceClient service = new QueueServiceClientBuilder()
                .connectionString(Emulators.azurite().connectionString())
                .messageEncoding(QueueMessageEncoding.BASE64).buildClient();
        String name = "smoke-" + UUID.randomUUID().toString().substring(0, 8);
        QueueClient queue = service.getQueueClient(name);
        queue.create();
        queue.sendMessage("hello from the harness");

        QueueMessageItem received = queue.receiveMessage();
        assertEquals("hello from the harness", received.getBody().toString());
        // Azurite lists queues only when metadata is asked for too.
        List<String> names = service.listQueues(new QueuesSegmentOptions().setIncludeMetadata(true).setPrefix("smoke-"),
                Duration.ofSeconds(30), null).stream().map(item -> item.getName()).toList();
        assertTrue(names.contains(name), names.toString());
    }

    @Test
    void blobs_round_trip_through_the_sdk() {
        BlobContainerClient container = new BlobServiceClientBuilder()
                .connectionString(Emulators.azurite().connectionString()).buildClient()
                .getBlobContainerClient("smoke-" + UUID.randomUUID().toString().substring(0, 8));
        container.create();
        container.getBlobClient("a/b.json").upload(BinaryData.fromString("{\"ok\":true}"));
        assertEquals("{\"ok\":true}", container.getBlobClient("a/b.json").downloadContent().toString());
    }

    @Test
    void the_same_instance_serves_every_caller_in_the_jvm() {
        assertEquals(Emulators.azurite(), Emulators.azurite());
    }
}
