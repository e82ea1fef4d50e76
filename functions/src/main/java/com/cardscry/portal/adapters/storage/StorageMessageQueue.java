package com.cardscry.portal.adapters.storage;

import com.azure.core.credential.TokenCredential;
import com.azure.core.http.HttpClient;
import com.azure.core.util.BinaryData;
import com.azure.core.util.Context;
import com.azure.storage.common.policy.RequestRetryOptions;
import com.azure.storage.queue.QueueClient;
import com.azure.storage.queue.QueueMessageEncoding;
import com.azure.storage.queue.QueueServiceClient;
import com.azure.storage.queue.QueueServiceClientBuilder;
import com.azure.storage.queue.models.QueueMessageItem;
import com.azure.storage.queue.models.QueueStorageException;
import com.azure.storage.queue.models.QueuesSegmentOptions;
import com.cardscry.portal.application.port.ComponentHealth;
import com.cardscry.portal.application.port.HealthIndicator;
import com.cardscry.portal.application.port.MessageQueue;
import com.cardscry.portal.application.port.QueueMessage;
import com.cardscry.portal.application.port.StoreUnavailableException;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import java.util.regex.Pattern;

/**
 * The {@link MessageQueue} on Azure Storage queues (or Azurite), through {@code azure-storage-queue}.
 *
 * <p>Encoding: {@link #send} stores Base64 of the UTF-8 text (the SDK's {@code BASE64} encoding), which
 * is what the Functions queue trigger decodes. {@link #sendWireContent} and {@link #receive} go through a
 * second client that passes content through untouched ({@code NONE}), so a received message carries its
 * content exactly as stored and {@link QueueMessage#text()} decodes it: a message somebody put on the
 * queue that is not Base64 is received with its content intact and no text, for the host to poison,
 * instead of failing the receive.
 *
 * <p>Service semantics the port leaves open: a message sent without a time to live never expires by
 * age (time to live -1; the service's default would drop it after 7 days); one sent with a time to live
 * is given exactly that many seconds, which the service counts from its own clock at insertion, and
 * after expiry the service removes it in the background (until then it may still be counted). The
 * service counts visibility in whole seconds, so a timeout is rounded up to the next second and a zero
 * receive timeout hides the message for one second; a queue is created the first time this process
 * uses its name. Waiting for messages is the port's default (the service cannot notify, so consumers
 * poll).
 *
 * <p>Faults: the SDK retries as {@link StorageRetry} describes; what still fails is a
 * {@link StoreUnavailableException}. A send whose response was lost after the service stored the
 * message is retried and can then be stored twice, never zero times: delivery is at least once, which
 * consumers already handle. Thread-safe; one instance per process.
 */
public final class StorageMessageQueue implements MessageQueue, HealthIndicator {

    /** Azure's limit: a message is at most 64 KiB as stored (Base64 included). */
    static final int MAX_WIRE_CONTENT_CHARS = 64 * 1024;
    private static final int MAX_RECEIVE = 32;
    private static final Pattern QUEUE_NAME = Pattern.compile("[a-z0-9](?!.*--)[a-z0-9-]{1,61}[a-z0-9]");
    /** Messages stay until deleted; the service's default time to live is 7 days. */
    private static final Duration NEVER_EXPIRES = Duration.ofSeconds(-1);
    private static final Duration HEALTH_CHECK_TIMEOUT = Duration.ofSeconds(2);
    private static final String COMPONENT = "queue";
    private static final String IMPLEMENTATION = "storage";

    private final QueueServiceClient base64Service;
    private final QueueServiceClient rawService;
    private final Map<String, Queues> queues = new ConcurrentHashMap<>();

    /** The two views of one queue: Base64 for text, untouched for wire content and receipts. */
    private record Queues(QueueClient base64, QueueClient raw) {
    }

    private StorageMessageQueue(QueueServiceClientBuilder builder, RequestRetryOptions retry) {
        builder.httpClient(HttpClient.createDefault()).retryOptions(retry);
        this.base64Service = builder.messageEncoding(QueueMessageEncoding.BASE64).buildClient();
        this.rawService = builder.messageEncoding(QueueMessageEncoding.NONE).buildClient();
    }

    /**
     * For Azurite or a local setup: a Storage connection string (it carries the account key, so it is
     * only used where the key is a published development key or a local secret).
     */
    public static StorageMessageQueue connectingWith(String connectionString) {
        return connectingWith(connectionString, StorageRetry.options());
    }

    /** As {@link #connectingWith(String)} with another retry schedule: for tests that exhaust it. */
    static StorageMessageQueue connectingWith(String connectionString, RequestRetryOptions retry) {
        Objects.requireNonNull(connectionString, "connectionString");
        return new StorageMessageQueue(new QueueServiceClientBuilder().connectionString(connectionString), retry);
    }

    /**
     * For Azure: the queue endpoint (for example {@code https://account.queue.core.windows.net}) and an
     * Entra ID credential such as {@code DefaultAzureCredential}; no account key. The identity needs the
     * role Storage Queue Data Contributor.
     */
    public static StorageMessageQueue connectingTo(URI queueEndpoint, TokenCredential credential) {
        Objects.requireNonNull(queueEndpoint, "queueEndpoint");
        Objects.requireNonNull(credential, "credential");
        return new StorageMessageQueue(new QueueServiceClientBuilder().endpoint(queueEndpoint.toString()).credential(credential),
                StorageRetry.options());
    }

    @Override
    public String send(String queue, String text, Duration initialDelay) {
        requireNotNegative(initialDelay, "initial delay");
        return sendText(queue, text, initialDelay, NEVER_EXPIRES);
    }

    @Override
    public String send(String queue, String text, Duration initialDelay, Duration timeToLive) {
        MessageQueue.requireValidTimeToLive(initialDelay, timeToLive);
        return sendText(queue, text, initialDelay, timeToLive);
    }

    /** {@code timeToLive} is whole seconds already, or {@link #NEVER_EXPIRES}. */
    private String sendText(String queue, String text, Duration initialDelay, Duration timeToLive) {
        Objects.requireNonNull(text, "text");
        requireStorable(QueueMessage.encode(text));
        QueueClient client = queue(queue).base64();
        return call("send to " + queue, () -> client.sendMessageWithResponse(BinaryData.fromString(text),
                wholeSeconds(initialDelay), timeToLive, null, Context.NONE).getValue().getMessageId());
    }

    @Override
    public String sendWireContent(String queue, String wireContent) {
        Objects.requireNonNull(wireContent, "wireContent");
        requireStorable(wireContent);
        QueueClient client = queue(queue).raw();
        return call("send to " + queue, () -> client.sendMessageWithResponse(BinaryData.fromString(wireContent),
                Duration.ZERO, NEVER_EXPIRES, null, Context.NONE).getValue().getMessageId());
    }

    @Override
    public List<QueueMessage> receive(String queue, int maxMessages, Duration visibilityTimeout) {
        if (maxMessages < 1 || maxMessages > MAX_RECEIVE) {
            throw new IllegalArgumentException("maxMessages must be 1 to " + MAX_RECEIVE + ", was " + maxMessages);
        }
        requireNotNegative(visibilityTimeout, "visibility timeout");
        // The service hides a received message for at least one second.
        Duration hidden = wholeSeconds(visibilityTimeout.isZero() ? Duration.ofSeconds(1) : visibilityTimeout);
        QueueClient client = queue(queue).raw();
        return call("receive from " + queue, () -> {
            List<QueueMessage> received = new ArrayList<>(maxMessages);
            for (QueueMessageItem item : client.receiveMessages(maxMessages, hidden, null, Context.NONE)) {
                received.add(new QueueMessage(item.getMessageId(), item.getPopReceipt(), item.getBody().toString(),
                        item.getDequeueCount(), item.getInsertionTime().toInstant(), item.getTimeNextVisible().toInstant()));
            }
            return List.copyOf(received);
        });
    }

    @Override
    public boolean delete(String queue, String messageId, String popReceipt) {
        Objects.requireNonNull(messageId, "messageId");
        Objects.requireNonNull(popReceipt, "popReceipt");
        QueueClient client = queue(queue).raw();
        return call("delete from " + queue, () -> {
            try {
                client.deleteMessage(messageId, popReceipt);
                return true;
            } catch (QueueStorageException e) {
                if (receiptIsNotCurrent(e)) {
                    return false;
                }
                throw e;
            }
        });
    }

    @Override
    public Optional<String> release(String queue, String messageId, String popReceipt, Duration delay) {
        Objects.requireNonNull(messageId, "messageId");
        Objects.requireNonNull(popReceipt, "popReceipt");
        requireNotNegative(delay, "delay");
        QueueClient client = queue(queue).raw();
        return call("release on " + queue, () -> {
            try {
                // No new text: the service keeps the content and only moves the visibility time.
                return Optional.of(client.updateMessage(messageId, popReceipt, null, wholeSeconds(delay)).getPopReceipt());
            } catch (QueueStorageException e) {
                if (receiptIsNotCurrent(e)) {
                    return Optional.empty();
                }
                throw e;
            }
        });
    }

    @Override
    public long approximateCount(String queue) {
        QueueClient client = queue(queue).raw();
        return call("count " + queue, () -> (long) client.getProperties().getApproximateMessagesCount());
    }

    /** Up when the service answers a one-item listing within a couple of seconds. */
    @Override
    public ComponentHealth check() {
        try {
            // Azurite answers a listing without metadata with an error; the flag costs nothing on Azure.
            rawService.listQueues(new QueuesSegmentOptions().setMaxResultsPerPage(1).setIncludeMetadata(true),
                    HEALTH_CHECK_TIMEOUT, Context.NONE).iterableByPage().iterator().next();
            return ComponentHealth.up(COMPONENT, IMPLEMENTATION);
        } catch (RuntimeException e) {
            return ComponentHealth.down(COMPONENT, IMPLEMENTATION, "storage queue service did not answer: "
                    + e.getClass().getSimpleName());
        }
    }

    /** The clients of a queue, created on the service the first time this process uses the name. */
    private Queues queue(String name) {
        requireQueueName(name);
        Queues existing = queues.get(name);
        if (existing != null) {
            return existing;
        }
        QueueClient raw = rawService.getQueueClient(name);
        call("create queue " + name, raw::createIfNotExists);
        return queues.computeIfAbsent(name, n -> new Queues(base64Service.getQueueClient(n), raw));
    }

    /**
     * A 404 (the message is gone) or a 400 (the receipt does not match, or is not a receipt at all):
     * either way the caller no longer owns the message. Queue names are validated before any call, so a
     * 400 cannot be about the queue.
     */
    private static boolean receiptIsNotCurrent(QueueStorageException e) {
        return e.getStatusCode() == 404 || e.getStatusCode() == 400;
    }

    private static <T> T call(String what, Supplier<T> operation) {
        try {
            return operation.get();
        } catch (RuntimeException e) {
            throw new StoreUnavailableException("storage queue: " + what + " failed after retries", e);
        }
    }

    private static void requireQueueName(String queue) {
        if (queue == null || !QUEUE_NAME.matcher(queue).matches()) {
            throw new IllegalArgumentException("a queue name is 3-63 lowercase letters, digits and single hyphens, "
                    + "starting and ending with a letter or digit");
        }
    }

    private static void requireStorable(String wireContent) {
        if (wireContent.length() > MAX_WIRE_CONTENT_CHARS) {
            throw new IllegalArgumentException("a queue message is at most 64 KiB as stored; this one is "
                    + wireContent.length() + " characters");
        }
    }

    private static void requireNotNegative(Duration duration, String what) {
        Objects.requireNonNull(duration, what);
        if (duration.isNegative()) {
            throw new IllegalArgumentException("the " + what + " must not be negative");
        }
    }

    /** The service takes whole seconds; a fraction is rounded up, so a message is never visible early. */
    private static Duration wholeSeconds(Duration duration) {
        long seconds = duration.getSeconds() + (duration.getNano() > 0 ? 1 : 0);
        return Duration.ofSeconds(seconds);
    }
}
