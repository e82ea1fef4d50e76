package com.cardscry.portal.application.privacy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.cardscry.portal.application.gateway.KeyIndexCache;
import com.cardscry.portal.application.keys.KeyDigest;
import com.cardscry.portal.application.port.AuditAction;
import com.cardscry.portal.application.port.AuditEntry;
import com.cardscry.portal.application.subscriptions.RequestSubscription;
import com.cardscry.portal.application.subscriptions.ReviewSubscriptions;
import com.cardscry.portal.domain.EmailAddress;
import com.cardscry.portal.domain.PrivacyRequest;
import com.cardscry.portal.domain.PrivacyRequestStatus;
import com.cardscry.portal.domain.PrivacyRequestType;
import com.cardscry.portal.domain.PrivacyStep;
import com.cardscry.portal.domain.RetentionCategory;
import com.cardscry.portal.domain.RetentionSchedule;
import com.cardscry.portal.domain.Subscription;
import com.cardscry.portal.domain.SubscriptionState;
import com.cardscry.portal.domain.SubscriptionTransition;
import com.cardscry.portal.testing.Retention;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.function.UnaryOperator;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The worker on real local parts: each request type carried out, and for every step of every type a
 * crash after the step's effect and before its record, then the redelivery: the end state is that of
 * an uninterrupted run, no effect is repeated, and after a deletion nothing of the person is on disk.
 */
class CarryOutPrivacyRequestTest {

    @TempDir
    Path folder;

    private static final Optional<PrivacyRequest.Correction> NEW_NAME_AND_EMAIL = Optional.of(new PrivacyRequest.Correction(
            Optional.of("Augusta King"), Optional.of(EmailAddress.of("augusta@example.com"))));

    static Stream<Integer> deletionSteps() {
        return IntStream.rangeClosed(1, PrivacyRequestType.DELETION.steps().size()).boxed();
    }

    private long audited(PrivacyWorkerFixture fixture, AuditAction action) {
        return fixture.accounts.audit.entriesFor(fixture.accounts.services.pseudonyms().of(fixture.accountId), 10_000).stream()
                .map(AuditEntry::action).filter(action::equals).count();
    }

    /** Runs the message to the end the way the queue would: each failed delivery is delivered again. */
    private static CarryOutPrivacyRequest.Result deliverUntilAcknowledged(PrivacyWorkerFixture fixture, PrivacyRequestMessage message) {
        for (int delivery = 1; delivery <= 5; delivery++) {
            try {
                return fixture.carryOut.handle(message);
            } catch (CrashingStore.Crash crash) {
                // the host delivers the message again
            }
        }
        throw new AssertionError("not acknowledged within five deliveries");
    }

    private List<Path> filesHolding(String text) {
        byte[] needle = text.getBytes(StandardCharsets.UTF_8);
        try (Stream<Path> files = Files.walk(folder)) {
            return files.filter(Files::isRegularFile).filter(file -> contains(file, needle)).toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static boolean contains(Path file, byte[] needle) {
        try {
            byte[] content = Files.readAllBytes(file);
            outer:
            for (int i = 0; i + needle.length <= content.length; i++) {
                for (int j = 0; j < needle.length; j++) {
                    if (content[i + j] != needle[j]) {
                        continue outer;
                    }
                }
                return true;
            }
            return false;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Nested
    class Access {

        @Test
        void writes_one_export_as_json_and_html_with_the_person_and_the_article_15_information_but_no_key_hash() throws IOException {
            try (PrivacyWorkerFixture fixture = new PrivacyWorkerFixture(folder, UnaryOperator.identity())) {
                PrivacyRequestMessage message = fixture.file(PrivacyRequestType.ACCESS, Optional.empty());
                assertEquals(CarryOutPrivacyRequest.Result.COMPLETED, fixture.carryOut.handle(message));
                String json = read(fixture, message, ExportNames.Format.JSON);
                String html = read(fixture, message, ExportNames.Format.HTML);
                for (String text : List.of(json, html)) {
                    assertTrue(text.contains(PrivacyWorkerFixture.EMAIL));
                    assertTrue(text.contains(PrivacyWorkerFixture.NAME));
                    assertTrue(text.contains(fixture.subscriptionId));
                    assertTrue(text.contains("Microsoft"));
                    assertTrue(text.contains("supervisory authority"));
                    for (RetentionSchedule.Entry entry : Retention.STANDARD.entries()) {
                        assertTrue(text.contains(entry.keep().inWords()), "the export quotes the schedule: " + entry.category().id());
                    }
                    assertFalse(text.contains(fixture.key.record().keyHash()), "never the key's hash");
                    assertFalse(text.contains(fixture.key.key()), "never the key");
                }
                assertTrue(json.contains("\"usage\":[{"));
                assertTrue(html.contains("&lt;" + PrivacyWorkerFixture.EMAIL + "&gt;"), "the note's angle brackets are escaped");
                assertEquals(CarryOutPrivacyRequest.Result.ALREADY_CLOSED, fixture.carryOut.handle(message));
                assertEquals(1, audited(fixture, AuditAction.PRIVACY_REQUEST_COMPLETED));
            }
        }

        @Test
        void a_crash_before_the_record_rewrites_the_same_two_files() {
            CrashingStore[] crashing = new CrashingStore[1];
            try (PrivacyWorkerFixture fixture = new PrivacyWorkerFixture(folder, store -> crashing[0] = new CrashingStore(store))) {
                PrivacyRequestMessage message = fixture.file(PrivacyRequestType.ACCESS, Optional.empty());
                crashing[0].arm(message.requestId(), 1);
                assertThrows(CrashingStore.Crash.class, () -> fixture.carryOut.handle(message));
                assertEquals(CarryOutPrivacyRequest.Result.COMPLETED, fixture.carryOut.handle(message));
                assertEquals(2, fixture.exports.listCreatedBefore(fixture.accounts.clock.now().plusSeconds(1), 100).size());
                assertEquals(PrivacyRequestStatus.COMPLETED, fixture.request(message).status());
                assertEquals(1, audited(fixture, AuditAction.PRIVACY_REQUEST_COMPLETED));
            }
        }

        private String read(PrivacyWorkerFixture fixture, PrivacyRequestMessage message, ExportNames.Format format) throws IOException {
            try (var in = fixture.exports.open(ExportNames.of(message.accountId(), message.requestId(), format)).orElseThrow()) {
                return new String(in.readAllBytes(), StandardCharsets.UTF_8);
            }
        }
    }

    @Nested
    class Correction {

        @Test
        void applies_the_name_and_starts_verifying_the_new_address_once_even_after_a_crash() {
            CrashingStore[] crashing = new CrashingStore[1];
            try (PrivacyWorkerFixture fixture = new PrivacyWorkerFixture(folder, store -> crashing[0] = new CrashingStore(store))) {
                PrivacyRequestMessage message = fixture.file(PrivacyRequestType.CORRECTION, NEW_NAME_AND_EMAIL);
                crashing[0].arm(message.requestId(), 1);
                assertEquals(CarryOutPrivacyRequest.Result.COMPLETED, deliverUntilAcknowledged(fixture, message));
                assertTrue(crashing[0].crashed(), "the crash was injected");
                var account = fixture.accounts.services.accounts().read(fixture.accountId).orElseThrow().account();
                assertEquals("Augusta King", account.displayName());
                assertEquals(EmailAddress.of(PrivacyWorkerFixture.EMAIL), account.email(), "the old address stays until verified");
                assertEquals("augusta@example.com", account.challenge().orElseThrow().email().value());
                assertEquals(1, fixture.accounts.outbox.countFor("augusta@example.com"), "one code, not two");
                assertEquals(1, audited(fixture, AuditAction.PROFILE_CHANGED));
                AuditEntry completed = fixture.accounts.audit.entriesFor(fixture.accounts.services.pseudonyms().of(fixture.accountId), 100)
                        .stream().filter(entry -> entry.action() == AuditAction.PRIVACY_REQUEST_COMPLETED).findFirst().orElseThrow();
                assertEquals("displayName,email", completed.details().get("fields"));
            }
        }

        @Test
        void an_address_another_account_verified_rejects_the_request_and_changes_nothing() {
            try (PrivacyWorkerFixture fixture = new PrivacyWorkerFixture(folder, UnaryOperator.identity())) {
                fixture.accounts.activeAccount("oid-2", "augusta@example.com");
                PrivacyRequestMessage message = fixture.file(PrivacyRequestType.CORRECTION, NEW_NAME_AND_EMAIL);
                assertEquals(CarryOutPrivacyRequest.Result.REJECTED, fixture.carryOut.handle(message));
                PrivacyRequest request = fixture.request(message);
                assertEquals(PrivacyRequestStatus.REJECTED, request.status());
                assertTrue(request.outcome().orElseThrow().contains("Another account"));
                assertEquals(PrivacyWorkerFixture.NAME,
                        fixture.accounts.services.accounts().read(fixture.accountId).orElseThrow().account().displayName());
                assertEquals(1, audited(fixture, AuditAction.PRIVACY_REQUEST_REJECTED));
            }
        }
    }

    @Nested
    class Deletion {

        @Test
        void a_kept_subscription_loses_the_free_text_an_administrator_wrote_about_it() {
            try (PrivacyWorkerFixture fixture = new PrivacyWorkerFixture(folder, UnaryOperator.identity())) {
                fixture.accounts.activeAccount("oid-admin", "admin@example.com");
                String scale = PrivacyWorkerFixture.done(new RequestSubscription(fixture.subscriptions).handle(
                        fixture.accounts.tokenCaller("oid-1"), new RequestSubscription.Command("scale", Optional.empty()))).subscription().id();
                PrivacyWorkerFixture.done(new ReviewSubscriptions(fixture.subscriptions).act(fixture.accounts.tokenCaller("oid-admin", true),
                        fixture.accountId, scale, SubscriptionTransition.REJECT,
                        new ReviewSubscriptions.Command(Optional.of("Ada Lovelace's company is under sanctions"))));

                fixture.carryOut.handle(fixture.file(PrivacyRequestType.DELETION, Optional.empty()));

                Subscription kept = fixture.subscriptionRecords.read(fixture.accountId, scale).orElseThrow().subscription();
                assertEquals(SubscriptionState.REJECTED, kept.state(), "kept as a billing record");
                assertEquals(Optional.empty(), kept.reason());
            }
        }

        @ParameterizedTest(name = "crash before recording step {0}")
        @MethodSource("com.cardscry.portal.application.privacy.CarryOutPrivacyRequestTest#deletionSteps")
        void finishes_after_a_crash_at_any_step_as_if_uninterrupted_and_leaves_nothing_of_the_person_on_disk(int step) {
            CrashingStore[] crashing = new CrashingStore[1];
            try (PrivacyWorkerFixture fixture = new PrivacyWorkerFixture(folder, store -> crashing[0] = new CrashingStore(store))) {
                PrivacyRequestMessage access = fixture.file(PrivacyRequestType.ACCESS, Optional.empty());
                fixture.carryOut.handle(access);
                PrivacyRequestMessage deletion = fixture.file(PrivacyRequestType.DELETION, Optional.empty());
                crashing[0].arm(deletion.requestId(), step);

                assertEquals(CarryOutPrivacyRequest.Result.COMPLETED, deliverUntilAcknowledged(fixture, deletion));
                assertTrue(crashing[0].crashed(), "the crash was injected");
                assertEquals(CarryOutPrivacyRequest.Result.ALREADY_CLOSED, fixture.carryOut.handle(deletion));

                PrivacyRequest done = fixture.request(deletion);
                assertEquals(PrivacyRequestStatus.COMPLETED, done.status());
                for (PrivacyStep each : PrivacyRequestType.DELETION.steps()) {
                    assertEquals(1, done.history().stream().filter(event -> event.what().equals("step:" + each.code())).count(),
                            "step " + each.code() + " recorded once");
                }
                assertEquals(1, audited(fixture, AuditAction.SUBSCRIPTION_CANCELLED), "one cancellation");
                assertEquals(1, audited(fixture, AuditAction.KEY_REVOKED), "one revocation");
                assertEquals(1, audited(fixture, AuditAction.PRIVACY_REQUEST_COMPLETED) - 1, "one completion besides the access request's");
                assertTrue(fixture.accounts.services.accounts().read(fixture.accountId).isEmpty());
                assertTrue(fixture.keyRecords.indexEntry(fixture.key.record().keyHash()).isEmpty());
                assertInstanceOf(KeyIndexCache.Missing.class,
                        fixture.verificationCache.fresh(KeyDigest.fromStoredForm(fixture.key.record().keyHash()), fixture.accounts.clock.now()));
                assertTrue(fixture.exports.listCreatedBefore(fixture.accounts.clock.now().plusSeconds(1), 100).isEmpty(), "exports deleted");
                assertTrue(fixture.accounts.services.accounts().findByIdentity("tenant-1", "oid-1").isEmpty());
                assertTrue(fixture.accounts.services.accounts().emailOwner(EmailAddress.of(PrivacyWorkerFixture.EMAIL)).isEmpty());
                assertFalse(fixture.request(access).hasRequesterText(), "the requester's words are erased from kept requests");

                assertEquals(List.of(), filesHolding(PrivacyWorkerFixture.EMAIL), "email on disk");
                assertEquals(List.of(), filesHolding(PrivacyWorkerFixture.NAME), "name on disk");

                ErasureReceipt receipt = ErasureReceipt.of(done, Retention.STANDARD).orElseThrow();
                assertEquals(RetentionCategory.values().length, receipt.lines().size());
                assertTrue(receipt.lines().stream().allMatch(line -> line.outcome() == ErasureReceipt.Outcome.KEPT
                        ? line.legalBasis().isPresent() : line.outcome() == ErasureReceipt.Outcome.DELETED && line.at().isPresent()));
            }
        }
    }
}
