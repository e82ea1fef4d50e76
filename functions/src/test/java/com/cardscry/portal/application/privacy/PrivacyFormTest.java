package com.cardscry.portal.application.privacy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.cardscry.portal.adapters.embedded.EmbeddedExportStore;
import com.cardscry.portal.adapters.embedded.EmbeddedMessageQueue;
import com.cardscry.portal.adapters.outbox.LocalOutboxNotifier;
import com.cardscry.portal.application.Outcome;
import com.cardscry.portal.application.Problem;
import com.cardscry.portal.application.ProblemType;
import com.cardscry.portal.application.accounts.AccountsFixture;
import com.cardscry.portal.application.port.StoreUnavailableException;
import com.cardscry.portal.domain.PrivacyRequestType;
import com.cardscry.portal.testing.CountingDocumentStore;
import com.cardscry.portal.testing.Retention;
import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The privacy form's rules on a fake clock: the code's 15 minutes, the unconfirmed day, the rate
 * limits, and that the request is made under the form's id with the matched account (or none).
 */
class PrivacyFormTest {

    private static final Optional<String> CLIENT = Optional.of("203.0.113.7");

    @TempDir
    Path folder;

    private AccountsFixture accounts;
    private EmbeddedMessageQueue queue;
    private PrivacyRequestRecords requests;
    private SubmitPrivacyForm submit;
    private ConfirmPrivacyForm confirm;
    private PrivacyFormRecords forms;
    private PrivacyFormKeys keys;
    private PrivacyFormLimits limits;
    private FollowPrivacyForm follow;

    @BeforeEach
    void setUp() {
        accounts = new AccountsFixture(folder);
        queue = EmbeddedMessageQueue.open(folder.resolve("queue.db"), accounts.clock);
        requests = new PrivacyRequestRecords(accounts.store, Retention.STANDARD, accounts.clock);
        forms = new PrivacyFormRecords(accounts.store, Retention.STANDARD, accounts.clock);
        keys = new PrivacyFormKeys(accounts.secrets, new SecureRandom());
        limits = new PrivacyFormLimits(accounts.clock, new SecureRandom());
        SubmitPrivacyRequest intake = new SubmitPrivacyRequest(requests, queue, accounts.audit, accounts.services.pseudonyms(),
                accounts.clock);
        submit = new SubmitPrivacyForm(forms, accounts.services.accounts(), keys, limits,
                LocalOutboxNotifier.open(folder.resolve("outbox"), accounts.clock), accounts.clock);
        confirm = new ConfirmPrivacyForm(forms, requests, accounts.services.accounts(), intake, keys, limits, accounts.audit,
                accounts.services.pseudonyms(), accounts.clock);
        follow = new FollowPrivacyForm(forms, requests, new ReadPrivacyResults(requests,
                new ErasedIdentities(accounts.store, accounts.secrets, Retention.STANDARD),
                EmbeddedExportStore.open(folder.resolve("exports"), accounts.clock), Retention.STANDARD, accounts.clock), keys,
                Retention.STANDARD);
    }

    @AfterEach
    void tearDown() {
        queue.close();
        accounts.close();
    }

    private String send(String email) {
        return done(submit.handle(CLIENT, new SubmitPrivacyForm.Command(email, "deletion", Optional.of("please")))).formId();
    }

    /**
     * The form's mail to {@code email}: picked by kind, since the account's own verification code went to
     * the same address at the same (fake) instant, and the outbox's order between them is not defined.
     */
    private JsonNode mailTo(String email) {
        return accounts.outbox.notifications().stream().filter(mail -> email.equals(mail.path("recipientEmail").asText()))
                .filter(mail -> mail.path("kind").asText().equals("PRIVACY_REQUEST_CODE"))
                .reduce((first, last) -> last).orElseThrow().path("values");
    }

    private Outcome<ConfirmPrivacyForm.Confirmed> enter(String formId, String code) {
        return confirm.handle(CLIENT, formId, new ConfirmPrivacyForm.Command(code));
    }

    @Nested
    class Confirming {

        @Test
        void a_crash_between_the_confirmation_and_the_request_is_finished_by_the_requeue_timer() {
            String accountId = accounts.activeAccount("oid-crash", "crash.holder@example.com");
            String formId = send("crash.holder@example.com");
            CountingDocumentStore down = new CountingDocumentStore(accounts.store);
            down.setUnavailable(true);
            ConfirmPrivacyForm crashing = new ConfirmPrivacyForm(forms, requests, accounts.services.accounts(),
                    new SubmitPrivacyRequest(new PrivacyRequestRecords(down, Retention.STANDARD, accounts.clock), queue, accounts.audit,
                            accounts.services.pseudonyms(), accounts.clock),
                    keys, limits, accounts.audit, accounts.services.pseudonyms(), accounts.clock);

            assertThrows(StoreUnavailableException.class, () -> crashing.handle(CLIENT, formId,
                    new ConfirmPrivacyForm.Command(mailTo("crash.holder@example.com").path("code").asText())));
            assertTrue(requests.read(accountId, formId).isEmpty(), "the crash came before the request was stored");

            accounts.clock.advance(RequeuePrivacyRequests.GRACE.plusMinutes(1));
            RequeuePrivacyRequests.Report report = new RequeuePrivacyRequests(requests, queue, confirm, accounts.clock).run();

            assertEquals(1, report.requeued());
            assertEquals(PrivacyRequestType.DELETION, requests.read(accountId, formId).orElseThrow().request().type());
            assertEquals(1, queue.approximateCount(PrivacyRequestMessage.QUEUE));
            assertEquals(new RequeuePrivacyRequests.Report(0, 0, true),
                    new RequeuePrivacyRequests(requests, queue, confirm, accounts.clock).run(), "nothing left to do");
        }

        @Test
        void matches_the_account_that_verified_the_address_and_makes_the_request_under_the_forms_id() {
            String accountId = accounts.activeAccount("oid-form", "form.holder@example.com");
            String formId = send("form.holder@example.com");

            done(enter(formId, mailTo("form.holder@example.com").path("code").asText()));

            PrivacyRequestRecords.Versioned made = requests.read(accountId, formId).orElseThrow();
            assertEquals(PrivacyRequestType.DELETION, made.request().type());
            assertEquals(Optional.of("please"), made.request().note());
            assertEquals(1, queue.approximateCount(PrivacyRequestMessage.QUEUE));
        }

        @Test
        void with_no_account_the_request_is_its_own_partition() {
            String formId = send("no.account@example.com");

            done(enter(formId, mailTo("no.account@example.com").path("code").asText()));

            assertEquals(formId, requests.read(formId, formId).orElseThrow().request().accountId());
            FollowPrivacyForm.Status status = done(follow.status(formId, Optional.of(mailTo("no.account@example.com")
                    .path("followToken").asText())));
            assertFalse(status.submission().accountFound());
        }

        @Test
        void a_code_is_refused_after_15_minutes() {
            String formId = send("late@example.com");
            accounts.clock.advance(PrivacyFormSubmission.CODE_LIFETIME);

            assertEquals(ProblemType.VERIFICATION_CODE_REJECTED, problem(enter(formId, mailTo("late@example.com").path("code").asText())).type());
            assertEquals(0, queue.approximateCount(PrivacyRequestMessage.QUEUE));
        }

        @Test
        void an_unconfirmed_submission_is_gone_after_24_hours() {
            String formId = send("gone@example.com");
            String token = mailTo("gone@example.com").path("followToken").asText();
            assertTrue(follow.status(formId, Optional.of(token)) instanceof Outcome.Done);

            accounts.clock.advance(PrivacyFormRecords.UNCONFIRMED_KEPT_FOR);

            assertEquals(ProblemType.NOT_FOUND, problem(follow.status(formId, Optional.of(token))).type());
            assertEquals(ProblemType.NOT_FOUND, problem(enter(formId, mailTo("gone@example.com").path("code").asText())).type());
        }
    }

    @Nested
    class RateLimits {

        @Test
        void an_email_address_gets_three_forms_an_hour_whoever_sends_them() {
            for (int i = 0; i < 3; i++) {
                submit.handle(Optional.of("198.51.100." + i), new SubmitPrivacyForm.Command("target@example.com", "access", Optional.empty()));
            }
            Outcome<SubmitPrivacyForm.Received> fourth = submit.handle(Optional.of("198.51.100.9"),
                    new SubmitPrivacyForm.Command("target@example.com", "access", Optional.empty()));

            assertEquals(ProblemType.RATE_LIMITED, problem(fourth).type());
            assertEquals(3, accounts.outbox.countFor("target@example.com"));
            accounts.clock.advance(Duration.ofHours(1));
            assertTrue(submit.handle(CLIENT, new SubmitPrivacyForm.Command("target@example.com", "access", Optional.empty()))
                    instanceof Outcome.Done);
        }

        @Test
        void a_client_address_gets_ten_forms_an_hour() {
            for (int i = 0; i < 10; i++) {
                done(submit.handle(CLIENT, new SubmitPrivacyForm.Command("many" + i + "@example.com", "access", Optional.empty())));
            }
            assertEquals(ProblemType.RATE_LIMITED, problem(submit.handle(CLIENT,
                    new SubmitPrivacyForm.Command("one.more@example.com", "access", Optional.empty()))).type());
        }
    }

    private static <T> T done(Outcome<T> outcome) {
        return outcome.fold(value -> value, refused -> {
            throw new AssertionError("refused: " + refused);
        });
    }

    private static Problem problem(Outcome<?> outcome) {
        return outcome.fold(value -> {
            throw new AssertionError("expected a refusal, got " + value);
        }, refused -> refused);
    }
}
