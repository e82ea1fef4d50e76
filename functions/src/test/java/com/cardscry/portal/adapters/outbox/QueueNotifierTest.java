package com.cardscry.portal.adapters.outbox;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import com.cardscry.portal.adapters.embedded.EmbeddedMessageQueue;
import com.cardscry.portal.application.port.Clock;
import com.cardscry.portal.application.port.Notification;
import com.cardscry.portal.application.port.Notifier;
import com.cardscry.portal.application.port.NotifierContract;
import com.cardscry.portal.application.port.QueueMessage;
import com.cardscry.portal.domain.RetentionCategory;
import com.cardscry.portal.testing.Retention;
import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class QueueNotifierTest extends NotifierContract {

    @TempDir
    Path folder;

    /** The retention schedule's period for notifications, as the composition root passes it. */
    private static final Duration KEPT = Retention.STANDARD.period(RetentionCategory.NOTIFICATIONS);

    private EmbeddedMessageQueue queue;

    @Test
    void a_notification_the_sender_never_takes_leaves_the_queue_when_its_retention_period_ends() {
        notifier.send(verificationCode(ADA, ADA_CODE, "signup:acc-1:1"));

        clock.advance(KEPT.minusSeconds(1));
        assertEquals(1, queue.approximateCount(QueueNotifier.QUEUE));
        clock.advance(Duration.ofSeconds(1));
        assertEquals(List.of(), queue.receive(QueueNotifier.QUEUE, 32, Duration.ofSeconds(30)));
        assertEquals(0, queue.approximateCount(QueueNotifier.QUEUE));
    }

    @Override
    protected Notifier newNotifier(Clock clock) {
        queue = EmbeddedMessageQueue.open(folder.resolve("queue.mv.db"), clock);
        return new QueueNotifier(queue, KEPT, clock);
    }

    @AfterEach
    void closeQueue() {
        queue.close();
    }

    @Override
    protected List<Notification> delivered() {
        return messages().stream().map(message -> DeliveredJson.parse(message.text().orElseThrow())).toList();
    }

    @Override
    protected boolean recognisesRepeats() {
        return false;
    }

    @Override
    protected boolean keepsNotificationsItself() {
        return false;
    }

    @Override
    protected void makeTransportUnavailable() {
        queue.close();
    }

    private List<QueueMessage> messages() {
        return queue.receive(QueueNotifier.QUEUE, 32, Duration.ofMinutes(1));
    }

    @Nested
    class PutsOnTheNotificationsQueue {

        @Test
        void one_line_of_json_with_the_documented_fields_and_the_time_it_was_sent() {
            clock.advance(Duration.ofMillis(250));
            notifier.send(verificationCode(ADA, ADA_CODE, "signup:acc-1:1"));

            List<QueueMessage> messages = messages();
            String text = messages.get(0).text().orElseThrow();
            JsonNode json = DeliveredJson.tree(text);

            assertAll(
                    () -> assertEquals(1, messages.size()),
                    () -> assertFalse(text.contains("\n"), text),
                    () -> assertEquals("EMAIL_VERIFICATION_CODE", json.get("kind").textValue()),
                    () -> assertEquals(ADA_CODE, json.get("values").get("code").textValue()),
                    () -> assertEquals("2026-01-15T10:15:00.250Z", json.get("values").get("expiresAt").textValue()),
                    () -> assertEquals("2026-01-15T10:00:00.250Z", json.get("createdAt").textValue()));
        }
    }
}
