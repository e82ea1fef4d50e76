package com.cardscry.portal.application.privacy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.cardscry.portal.adapters.embedded.EmbeddedMessageQueue;
import com.cardscry.portal.application.Outcome;
import com.cardscry.portal.application.Problem;
import com.cardscry.portal.application.ProblemType;
import com.cardscry.portal.application.accounts.AccountsFixture;
import com.cardscry.portal.application.accounts.Caller;
import com.cardscry.portal.application.accounts.CloseAccount;
import com.cardscry.portal.application.accounts.ModerateAccount;
import com.cardscry.portal.application.port.AuditAction;
import com.cardscry.portal.application.port.AuditEntry;
import com.cardscry.portal.application.port.MessageQueue;
import com.cardscry.portal.application.port.OperatorAlerts;
import com.cardscry.portal.application.port.QueueMessage;
import com.cardscry.portal.domain.PrivacyDeadline;
import com.cardscry.portal.domain.PrivacyRequest;
import com.cardscry.portal.domain.PrivacyRequestStatus;
import com.cardscry.portal.domain.PrivacyRequestType;
import com.cardscry.portal.domain.PrivacyStep;
import com.cardscry.portal.testing.Retention;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Privacy intake and the legal clock on real local parts (embedded store and queue, the audit trail in
 * the store) with a clock the test drives: submitting, following, closing an account, the
 * administrators' list and extension, and the two timers.
 */
class PrivacyIntakeTest {

    private static final String ADA = "ada@example.com";

    @TempDir
    Path folder;

    private AccountsFixture fixture;
    private EmbeddedMessageQueue queue;
    private PrivacyRequestRecords records;
    private FailingSends sends;
    private SubmitPrivacyRequest submit;
    private ViewPrivacyRequests view;
    private PrivacyDeadlines deadlines;
    private final List<String> alerts = new ArrayList<>();
    private String accountId;

    @BeforeEach
    void setUp() {
        fixture = new AccountsFixture(folder);
        queue = EmbeddedMessageQueue.open(folder.resolve("queue.mv.db"), fixture.clock);
        sends = new FailingSends(queue);
        records = new PrivacyRequestRecords(fixture.store, Retention.STANDARD, fixture.clock);
        submit = new SubmitPrivacyRequest(records, sends, fixture.audit, fixture.services.pseudonyms(), fixture.clock);
        view = new ViewPrivacyRequests(records);
        deadlines = new PrivacyDeadlines(records, fixture.audit, fixture.services.pseudonyms(), fixture.clock);
        accountId = fixture.activeAccount("oid-1", ADA);
    }

    @AfterEach
    void tearDown() {
        queue.close();
        fixture.close();
    }

    @Nested
    class Submitting {

        @Test
        void a_new_request_is_stored_enqueued_marked_enqueued_and_audited_without_its_values() {
            SubmitPrivacyRequest.Result result = done(submit.handle(ada(), correction(Optional.of("Ada King"), Optional.of("ada.king@example.com"),
                    Optional.of("My married name"))));

            assertTrue(result.created());
            PrivacyRequest request = result.request();
            assertEquals(PrivacyRequestStatus.RECEIVED, request.status());
            assertEquals(fixture.clock.now(), request.receivedAt());
            assertEquals(PrivacyDeadline.dueAfter(fixture.clock.now()), request.dueAt());
            assertEquals(request, records.read(accountId, request.id()).orElseThrow().request());
            assertEquals(List.of(accountId + "/" + request.id()), queuedTexts());
            assertTrue(records.openEntry(request.id()).orElseThrow().enqueued());

            AuditEntry received = auditOf(AuditAction.PRIVACY_REQUEST_RECEIVED).orElseThrow();
            assertEquals("correction", received.details().get("requestType"));
            assertEquals("displayName,email", received.details().get("fields"));
            String trail = received.details().toString();
            assertFalse(trail.contains("Ada King") || trail.contains("ada.king") || trail.contains("married"), trail);
        }

        @Test
        void an_open_request_of_the_same_type_is_the_answer_and_nothing_new_is_made() {
            PrivacyRequest first = done(submit.handle(ada(), access())).request();

            SubmitPrivacyRequest.Result again = done(submit.handle(ada(), access()));

            assertFalse(again.created());
            assertEquals(first.id(), again.request().id());
            assertEquals(1, records.ofAccount(accountId).size());
            assertEquals(1, queuedTexts().size());
        }

        @Test
        void another_type_or_a_closed_request_of_the_type_makes_a_new_one() {
            PrivacyRequest access = done(submit.handle(ada(), access())).request();
            PrivacyRequest deletion = done(submit.handle(ada(), new SubmitPrivacyRequest.Command("deletion", Optional.empty(),
                    Optional.empty()))).request();
            assertNotEquals(access.id(), deletion.id());

            complete(access);
            SubmitPrivacyRequest.Result after = done(submit.handle(ada(), access()));

            assertTrue(after.created());
            assertNotEquals(access.id(), after.request().id());
            assertEquals(3, records.ofAccount(accountId).size());
        }

        @Test
        void a_pending_or_blocked_account_keeps_its_rights() {
            new com.cardscry.portal.application.accounts.SignUp(fixture.services).handle(fixture.tokenCaller("oid-2"),
                    fixture.signUpCommand("grace@example.com"));
            assertTrue(done(submit.handle(fixture.tokenCaller("oid-2"), access())).created());

            done(new ModerateAccount(fixture.services).block(fixture.tokenCaller("admin-1", true), accountId,
                    new ModerateAccount.Command("spam")));
            assertTrue(done(submit.handle(ada(), access())).created());
        }
    }

    @Nested
    class RefusingBadInput {

        @Test
        void an_unknown_type_names_the_type() {
            assertField("/type", submit.handle(ada(), new SubmitPrivacyRequest.Command("erasure", Optional.empty(), Optional.empty())));
        }

        @Test
        void a_correction_needs_at_least_one_valid_field() {
            assertField("/corrections", submit.handle(ada(), new SubmitPrivacyRequest.Command("correction", Optional.empty(), Optional.empty())));
            assertField("/corrections", submit.handle(ada(), correction(Optional.empty(), Optional.empty(), Optional.empty())));
            assertField("/corrections/displayName", submit.handle(ada(), correction(Optional.of("Line\nbreak"), Optional.empty(), Optional.empty())));
            assertField("/corrections/displayName", submit.handle(ada(), correction(Optional.of("x".repeat(101)), Optional.empty(), Optional.empty())));
            assertField("/corrections/email", submit.handle(ada(), correction(Optional.empty(), Optional.of("not-an-address"), Optional.empty())));
            assertTrue(records.ofAccount(accountId).isEmpty(), "nothing is stored for a refused request");
        }

        @Test
        void only_a_correction_carries_corrections_and_a_note_has_a_limit() {
            assertField("/corrections", submit.handle(ada(), new SubmitPrivacyRequest.Command("access",
                    Optional.of(new SubmitPrivacyRequest.Corrections(Optional.of("Ada"), Optional.empty())), Optional.empty())));
            assertField("/note", submit.handle(ada(), new SubmitPrivacyRequest.Command("access", Optional.empty(),
                    Optional.of("x".repeat(PrivacyRequest.MAX_NOTE_LENGTH + 1)))));
        }
    }

    @Nested
    class Following {

        @Test
        void the_list_is_the_callers_own_newest_first_and_another_accounts_request_is_not_found() {
            PrivacyRequest access = done(submit.handle(ada(), access())).request();
            fixture.clock.advance(Duration.ofMinutes(1));
            PrivacyRequest deletion = done(submit.handle(ada(), new SubmitPrivacyRequest.Command("deletion", Optional.empty(),
                    Optional.empty()))).request();
            fixture.activeAccount("oid-2", "grace@example.com");
            Caller grace = fixture.tokenCaller("oid-2");

            assertEquals(List.of(deletion.id(), access.id()), done(view.list(ada())).stream().map(PrivacyRequest::id).toList());
            assertEquals(access, done(view.one(ada(), access.id())));
            assertEquals(ProblemType.NOT_FOUND, refused(view.one(grace, access.id())).type());
            assertEquals(ProblemType.NOT_FOUND, refused(view.one(ada(), "../" + access.id())).type());
            assertTrue(done(view.list(grace)).isEmpty());
        }
    }

    @Nested
    class ClosingAnAccount {

        @Test
        void files_exactly_one_deletion_request_even_when_retried() {
            CloseAccount close = new CloseAccount(fixture.services, new FileErasureOnClose(submit));

            CloseAccount.Closed first = done(close.handle(ada()));
            CloseAccount.Closed again = done(close.handle(ada()));

            assertEquals(first.erasureRequestId(), again.erasureRequestId());
            List<PrivacyRequest> requests = records.ofAccount(accountId);
            assertEquals(1, requests.size());
            assertEquals(PrivacyRequestType.DELETION, requests.get(0).type());
            assertEquals(first.erasureRequestId(), requests.get(0).id());
            assertEquals(1, queuedTexts().size());
        }

        @Test
        void a_crash_after_the_closing_write_is_finished_by_the_retry() {
            AtomicBoolean crash = new AtomicBoolean(true);
            CloseAccount close = new CloseAccount(fixture.services, closed -> {
                if (crash.getAndSet(false)) {
                    throw new IllegalStateException("crash before filing the erasure");
                }
                return new FileErasureOnClose(submit).accountClosed(closed);
            });

            assertThrows(IllegalStateException.class, () -> close.handle(ada()));
            assertTrue(records.ofAccount(accountId).isEmpty());
            CloseAccount.Closed retried = done(close.handle(ada()));

            assertEquals(List.of(retried.erasureRequestId()), records.ofAccount(accountId).stream().map(PrivacyRequest::id).toList());
        }
    }

    @Nested
    class Requeuing {

        @Test
        void a_crash_between_store_and_enqueue_is_healed_by_the_timer_once_the_grace_has_passed() {
            RequeuePrivacyRequests requeue = new RequeuePrivacyRequests(records, queue, StrandedRequests.NONE, fixture.clock);
            sends.failNext = true;
            assertThrows(IllegalStateException.class, () -> submit.handle(ada(), access()));
            PrivacyRequest stored = records.ofAccount(accountId).get(0);
            assertFalse(records.openEntry(stored.id()).orElseThrow().enqueued());
            assertTrue(queuedTexts().isEmpty());

            assertEquals(new RequeuePrivacyRequests.Report(0, 0, true), requeue.run(), "a submission under way is left alone");
            fixture.clock.advance(RequeuePrivacyRequests.GRACE.plusSeconds(1));
            assertEquals(new RequeuePrivacyRequests.Report(1, 0, true), requeue.run());

            assertEquals(List.of(accountId + "/" + stored.id()), queuedTexts());
            assertTrue(records.openEntry(stored.id()).orElseThrow().enqueued());
            assertEquals(new RequeuePrivacyRequests.Report(0, 0, true), requeue.run(), "a second run sends nothing again");
            assertEquals(stored.id(), done(submit.handle(ada(), access())).request().id(), "the person asking again gets it");
        }

        @Test
        void an_entry_whose_request_was_never_written_is_dropped() {
            PrivacyRequest neverWritten = PrivacyRequest.received("never-written", accountId, PrivacyRequestType.ACCESS, Optional.empty(),
                    Optional.empty(), fixture.clock.now());
            records.reindex(neverWritten, false);
            fixture.clock.advance(Duration.ofHours(1));

            assertEquals(new RequeuePrivacyRequests.Report(0, 1, true), new RequeuePrivacyRequests(records, queue, StrandedRequests.NONE, fixture.clock).run());
            assertTrue(records.openEntry("never-written").isEmpty());
            assertTrue(queuedTexts().isEmpty());
        }
    }

    @Nested
    class WatchingDeadlines {

        @Test
        void alerts_only_for_overdue_requests_and_repairs_an_entry_that_lags_behind() {
            PrivacyRequest overdue = done(submit.handle(ada(), access())).request();
            PrivacyRequest completedLate = done(submit.handle(ada(), new SubmitPrivacyRequest.Command("deletion", Optional.empty(),
                    Optional.empty()))).request();
            fixture.clock.advance(Duration.ofDays(12));
            String other = fixture.activeAccount("oid-2", "grace@example.com");
            PrivacyRequest dueSoon = done(submit.handle(fixture.tokenCaller("oid-2"), access())).request();
            fixture.clock.advance(Duration.ofDays(28));
            Instant now = fixture.clock.now();
            assertTrue(overdue.isOverdueAt(now) && dueSoon.dueAt().isBefore(now.plus(WatchPrivacyDeadlines.DUE_SOON)));
            done(submit.handle(fixture.tokenCaller("oid-2"), new SubmitPrivacyRequest.Command("deletion", Optional.empty(), Optional.empty())));
            // Completed, but the crash came before its index entry was removed.
            PrivacyRequestRecords.Versioned stale = records.read(accountId, completedLate.id()).orElseThrow();
            PrivacyRequest done = stale.request();
            for (PrivacyStep step : done.type().steps()) {
                done = done.stepDone(step, now);
            }
            records.replace(done, stale.etag());

            WatchPrivacyDeadlines.Report report = new WatchPrivacyDeadlines(records, (kind, id) -> alerts.add(kind + " " + id), fixture.clock).run();

            assertEquals(List.of(OperatorAlerts.Kind.PRIVACY_REQUEST_OVERDUE + " " + overdue.id()), alerts);
            assertEquals(new WatchPrivacyDeadlines.Report(1, 1, 1, true), report);
            assertTrue(records.openEntry(completedLate.id()).isEmpty());
            assertTrue(records.openEntry(dueSoon.id()).isPresent());
            assertEquals(other, records.openEntry(dueSoon.id()).orElseThrow().accountId());
        }
    }

    @Nested
    class ExtendingADeadline {

        private final PrivacyDeadlines.ExtendCommand reason = new PrivacyDeadlines.ExtendCommand("The export is unusually large.");

        @Test
        void is_granted_once_before_the_due_date_shown_to_the_requester_and_audited_with_the_admin_as_actor() {
            PrivacyRequest request = done(submit.handle(ada(), access())).request();

            PrivacyRequest extended = done(deadlines.extend(admin(), request.id(), reason));

            assertEquals(PrivacyDeadline.extendedDueAfter(request.receivedAt()), extended.dueAt());
            assertEquals(Optional.of("The export is unusually large."), done(view.one(ada(), request.id())).extension().map(PrivacyRequest.Extension::reason));
            assertEquals(extended.dueAt(), records.openEntry(request.id()).orElseThrow().dueAt(), "the open list follows the new date");
            AuditEntry audited = auditOf(AuditAction.PRIVACY_REQUEST_EXTENDED).orElseThrow();
            assertTrue(audited.actor().isPresent());
            assertEquals(request.id(), audited.details().get("request"));

            Problem twice = refused(deadlines.extend(admin(), request.id(), reason));
            assertEquals(ProblemType.CONFLICT, twice.type());
        }

        @Test
        void after_the_due_date_is_a_conflict() {
            PrivacyRequest request = done(submit.handle(ada(), access())).request();
            fixture.clock.set(request.dueAt());

            assertEquals(ProblemType.CONFLICT, refused(deadlines.extend(admin(), request.id(), reason)).type());
            assertEquals(request.dueAt(), records.read(accountId, request.id()).orElseThrow().request().dueAt());
        }

        @Test
        void a_closed_or_unknown_request_a_missing_reason_and_a_developer_are_refused() {
            PrivacyRequest request = done(submit.handle(ada(), access())).request();

            assertEquals(ProblemType.FORBIDDEN, refused(deadlines.extend(ada(), request.id(), reason)).type());
            assertEquals(Optional.of("/reason"), refused(deadlines.extend(admin(), request.id(), new PrivacyDeadlines.ExtendCommand("  "))).field());
            assertEquals(ProblemType.NOT_FOUND, refused(deadlines.extend(admin(), "no-such-request", reason)).type());
            complete(request);
            assertEquals(ProblemType.NOT_FOUND, refused(deadlines.extend(admin(), request.id(), reason)).type());
        }
    }

    @Nested
    class ListingDueRequests {

        @Test
        void lists_open_requests_due_within_the_days_asked_overdue_first() {
            PrivacyRequest overdue = done(submit.handle(ada(), access())).request();
            fixture.clock.advance(Duration.ofDays(15));
            PrivacyRequest dueSoon = done(submit.handle(ada(), new SubmitPrivacyRequest.Command("deletion", Optional.empty(), Optional.empty()))).request();
            fixture.clock.advance(Duration.ofDays(25));
            done(submit.handle(ada(), correction(Optional.of("Ada King"), Optional.empty(), Optional.empty())));

            List<PrivacyDeadlines.Due> week = done(deadlines.dueWithin(admin(), Optional.empty()));

            assertEquals(List.of(overdue.id(), dueSoon.id()), week.stream().map(due -> due.entry().requestId()).toList());
            assertEquals(List.of(true, false), week.stream().map(PrivacyDeadlines.Due::overdue).toList());
            assertEquals(PrivacyRequestStatus.RECEIVED, week.get(0).entry().status());
            assertEquals(3, done(deadlines.dueWithin(admin(), Optional.of("90"))).size());
            assertEquals(1, done(deadlines.dueWithin(admin(), Optional.of("0"))).size());
            assertEquals(ProblemType.INVALID_REQUEST, refused(deadlines.dueWithin(admin(), Optional.of("91"))).type());
            assertEquals(ProblemType.INVALID_REQUEST, refused(deadlines.dueWithin(admin(), Optional.of("-1"))).type());
            assertEquals(ProblemType.FORBIDDEN, refused(deadlines.dueWithin(ada(), Optional.empty())).type());
        }
    }

    // --- helpers ------------------------------------------------------------------------------------

    private Caller ada() {
        return fixture.tokenCaller("oid-1");
    }

    private Caller admin() {
        return fixture.tokenCaller("admin-1", true);
    }

    private static SubmitPrivacyRequest.Command access() {
        return new SubmitPrivacyRequest.Command("access", Optional.empty(), Optional.empty());
    }

    private static SubmitPrivacyRequest.Command correction(Optional<String> displayName, Optional<String> email, Optional<String> note) {
        return new SubmitPrivacyRequest.Command("correction", Optional.of(new SubmitPrivacyRequest.Corrections(displayName, email)), note);
    }

    /** Carries the request out to the end, as the worker would, and takes it off the open list. */
    private void complete(PrivacyRequest request) {
        PrivacyRequestRecords.Versioned found = records.read(request.accountId(), request.id()).orElseThrow();
        PrivacyRequest done = found.request();
        for (PrivacyStep step : done.type().steps()) {
            done = done.stepDone(step, fixture.clock.now());
        }
        assertTrue(records.replace(done, found.etag()).isWritten());
        records.reindex(done, true);
    }

    private List<String> queuedTexts() {
        return queue.receive(PrivacyRequestMessage.QUEUE, 32, Duration.ofMillis(1)).stream()
                .map(message -> message.text().orElseThrow()).toList();
    }

    private Optional<AuditEntry> auditOf(AuditAction action) {
        return fixture.audit.entriesFor(fixture.services.pseudonyms().of(accountId), 100).stream()
                .filter(entry -> entry.action() == action).findFirst();
    }

    private static void assertField(String field, Outcome<?> outcome) {
        Problem problem = refused(outcome);
        assertEquals(ProblemType.INVALID_REQUEST, problem.type());
        assertEquals(Optional.of(field), problem.field());
    }

    private static <T> T done(Outcome<T> outcome) {
        return outcome.fold(value -> value, problem -> {
            throw new AssertionError(problem.toString());
        });
    }

    private static Problem refused(Outcome<?> outcome) {
        return outcome.fold(value -> {
            throw new AssertionError("expected a refusal, got " + value);
        }, problem -> problem);
    }

    /** The queue, with a crash injected into the next send when asked. */
    private static final class FailingSends implements MessageQueue {
        private final MessageQueue queue;
        boolean failNext;

        FailingSends(MessageQueue queue) {
            this.queue = queue;
        }

        @Override
        public String send(String name, String text) {
            if (failNext) {
                failNext = false;
                throw new IllegalStateException("crash between store and enqueue");
            }
            return queue.send(name, text);
        }

        @Override
        public String send(String name, String text, Duration initialDelay) {
            return queue.send(name, text, initialDelay);
        }

        @Override
        public String send(String name, String text, Duration initialDelay, Duration timeToLive) {
            return queue.send(name, text, initialDelay, timeToLive);
        }

        @Override
        public List<QueueMessage> receive(String name, int maxMessages, Duration visibilityTimeout) {
            return queue.receive(name, maxMessages, visibilityTimeout);
        }

        @Override
        public boolean delete(String name, String messageId, String popReceipt) {
            return queue.delete(name, messageId, popReceipt);
        }

        @Override
        public java.util.Optional<String> release(String name, String messageId, String popReceipt, Duration delay) {
            return queue.release(name, messageId, popReceipt, delay);
        }

        @Override
        public long approximateCount(String name) {
            return queue.approximateCount(name);
        }

        @Override
        public String sendWireContent(String name, String wireContent) {
            return queue.sendWireContent(name, wireContent);
        }
    }
}
