package com.cardscry.portal.application.privacy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.cardscry.portal.adapters.embedded.EmbeddedMessageQueue;
import com.cardscry.portal.adapters.system.LoggedOperatorAlerts;
import com.cardscry.portal.application.Outcome;
import com.cardscry.portal.application.ProblemType;
import com.cardscry.portal.application.port.AuditAction;
import com.cardscry.portal.application.port.QueueMessage;
import com.cardscry.portal.domain.PrivacyRequest;
import com.cardscry.portal.domain.PrivacyRequestStatus;
import com.cardscry.portal.domain.PrivacyRequestType;
import com.cardscry.portal.domain.PrivacyStep;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The poison handler ({@link FailPrivacyRequest}) and the administrators' retry ({@link RetryPrivacyRequest})
 * on the real worker's records: a failed request waits, is alerted by id only, and resumes at the step
 * that failed; a retry of anything but a failed request is refused.
 */
class PrivacyFailureAndRetryTest {

    @TempDir
    Path folder;

    private PrivacyWorkerFixture fixture;
    private EmbeddedMessageQueue queue;
    private FailPrivacyRequest fail;
    private RetryPrivacyRequest retry;

    @BeforeEach
    void setUp() {
        fixture = new PrivacyWorkerFixture(folder, store -> store);
        queue = EmbeddedMessageQueue.open(folder.resolve("queue.db"), fixture.accounts.clock);
        fail = new FailPrivacyRequest(fixture.requests, new LoggedOperatorAlerts(), fixture.accounts.audit,
                fixture.accounts.services.pseudonyms(), fixture.accounts.clock);
        retry = new RetryPrivacyRequest(fixture.requests, queue, fixture.accounts.audit, fixture.accounts.services.pseudonyms(),
                fixture.accounts.clock);
        fixture.accounts.activeAccount("oid-admin", "admin@example.com");
    }

    @AfterEach
    void tearDown() {
        queue.close();
        fixture.close();
    }

    /** A deletion with its first two steps done, as a delivery that then kept failing would leave it. */
    private PrivacyRequestMessage deletionStuckAtItsThirdStep() {
        PrivacyRequestMessage message = fixture.file(PrivacyRequestType.DELETION, Optional.empty());
        PrivacyRequest request = fixture.request(message);
        PrivacyRequest advanced = request.stepDone(PrivacyStep.STOP_KEYS, fixture.accounts.clock.now())
                .stepDone(PrivacyStep.END_SESSIONS, fixture.accounts.clock.now());
        String etag = fixture.requests.read(message.accountId(), message.requestId()).orElseThrow().etag();
        assertTrue(fixture.requests.replace(advanced, etag).isWritten());
        return message;
    }

    /** The messages the operator-alerts logger ({@value LoggedOperatorAlerts#LOGGER}) received while {@code action} ran. */
    private static List<String> alertsDuring(Runnable action) {
        Logger alerts = Logger.getLogger(LoggedOperatorAlerts.LOGGER);
        List<String> messages = new CopyOnWriteArrayList<>();
        Handler capture = new Handler() {
            @Override
            public void publish(LogRecord record) {
                messages.add(record.getMessage());
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };
        alerts.addHandler(capture);
        try {
            action.run();
        } finally {
            alerts.removeHandler(capture);
        }
        return List.copyOf(messages);
    }

    private long audited(AuditAction action) {
        return fixture.accounts.audit.entriesFor(fixture.accounts.services.pseudonyms().of(fixture.accountId), 1000).stream()
                .filter(entry -> entry.action() == action).count();
    }

    @Nested
    class ThePoisonHandler {

        @Test
        void marks_the_request_failed_at_its_step_and_alerts_with_the_request_id_only() {
            PrivacyRequestMessage message = deletionStuckAtItsThirdStep();
            List<FailPrivacyRequest.Result> result = new ArrayList<>();

            List<String> alerts = alertsDuring(() -> result.add(fail.handle(message)));

            assertEquals(List.of(FailPrivacyRequest.Result.MARKED_FAILED), result);
            assertEquals(List.of("operator-alert kind=PRIVACY_REQUEST_FAILED id=" + message.requestId()), alerts);
            PrivacyRequest failed = fixture.request(message);
            assertEquals(PrivacyRequestStatus.FAILED, failed.status());
            assertTrue(failed.outcome().orElseThrow().contains(PrivacyStep.CANCEL_SUBSCRIPTIONS.code()), failed.outcome().toString());
            assertEquals(1, audited(AuditAction.PRIVACY_REQUEST_FAILED));
        }

        @Test
        void a_failed_request_waits_for_a_retry_and_a_second_poison_message_alerts_again_but_writes_nothing() {
            PrivacyRequestMessage message = deletionStuckAtItsThirdStep();
            fail.handle(message);

            assertEquals(CarryOutPrivacyRequest.Result.WAITING_FOR_RETRY, fixture.carryOut.handle(message));
            List<String> alerts = alertsDuring(() -> assertEquals(FailPrivacyRequest.Result.ALREADY_FAILED, fail.handle(message)));

            assertEquals(List.of("operator-alert kind=PRIVACY_REQUEST_FAILED id=" + message.requestId()), alerts);
            assertEquals(1, audited(AuditAction.PRIVACY_REQUEST_FAILED));
            assertEquals(2, fixture.request(message).stepsDone());
        }

        @Test
        void a_completed_request_is_left_alone() {
            PrivacyRequestMessage message = fixture.file(PrivacyRequestType.ACCESS, Optional.empty());
            fixture.carryOut.handle(message);

            assertEquals(FailPrivacyRequest.Result.NOTHING_TO_DO, fail.handle(message));
            assertEquals(PrivacyRequestStatus.COMPLETED, fixture.request(message).status());
        }
    }

    @Nested
    class TheRetry {

        @Test
        void resumes_a_failed_request_at_the_failed_step_queues_it_and_the_worker_finishes_it() {
            PrivacyRequestMessage message = deletionStuckAtItsThirdStep();
            fail.handle(message);

            PrivacyRequest resumed = PrivacyWorkerFixture.done(retry.handle(fixture.accounts.tokenCaller("oid-admin", true),
                    message.accountId(), message.requestId()));

            assertEquals(PrivacyRequestStatus.IN_PROGRESS, resumed.status());
            assertEquals(Optional.of(PrivacyStep.CANCEL_SUBSCRIPTIONS), resumed.nextStep());
            List<QueueMessage> queued = queue.receive(PrivacyRequestMessage.QUEUE, 10, Duration.ofMinutes(1));
            assertEquals(List.of(message.text()), queued.stream().map(QueueMessage::text).flatMap(Optional::stream).toList());
            assertEquals(CarryOutPrivacyRequest.Result.COMPLETED, fixture.carryOut.handle(message));
            List<String> history = fixture.request(message).history().stream().map(PrivacyRequest.Event::what).toList();
            assertEquals(1, history.stream().filter(what -> what.equals("step:" + PrivacyStep.STOP_KEYS.code())).count(),
                    "the steps before the failure are not done again: " + history);
            assertTrue(history.contains("retried"), history.toString());
        }

        @Test
        void refuses_a_request_that_is_not_failed_with_409() {
            PrivacyRequestMessage message = fixture.file(PrivacyRequestType.ACCESS, Optional.empty());

            Outcome<PrivacyRequest> refused = retry.handle(fixture.accounts.tokenCaller("oid-admin", true), message.accountId(),
                    message.requestId());

            assertEquals(ProblemType.CONFLICT, refused.fold(done -> null, problem -> problem.type()));
            assertEquals(0, queue.approximateCount(PrivacyRequestMessage.QUEUE));
        }

        @Test
        void refuses_a_caller_who_is_not_an_administrator() {
            PrivacyRequestMessage message = deletionStuckAtItsThirdStep();
            fail.handle(message);

            Outcome<PrivacyRequest> refused = retry.handle(fixture.accounts.tokenCaller("oid-1"), message.accountId(),
                    message.requestId());

            assertEquals(ProblemType.FORBIDDEN, refused.fold(done -> null, problem -> problem.type()));
            assertEquals(PrivacyRequestStatus.FAILED, fixture.request(message).status());
        }
    }
}
