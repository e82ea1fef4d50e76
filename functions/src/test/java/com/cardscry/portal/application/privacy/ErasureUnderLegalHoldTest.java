package com.cardscry.portal.application.privacy;

import static com.cardscry.portal.application.privacy.PrivacyWorkerFixture.done;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.cardscry.portal.adapters.embedded.EmbeddedMessageQueue;
import com.cardscry.portal.application.accounts.Caller;
import com.cardscry.portal.application.port.Query;
import com.cardscry.portal.application.retention.LegalHoldSweep;
import com.cardscry.portal.application.retention.LegalHolds;
import com.cardscry.portal.application.retention.PurgeExpiredData;
import com.cardscry.portal.application.retention.RetentionRuns;
import com.cardscry.portal.application.usage.UsageRecords;
import com.cardscry.portal.domain.AccountState;
import com.cardscry.portal.domain.PrivacyRequest;
import com.cardscry.portal.domain.PrivacyRequestStatus;
import com.cardscry.portal.domain.PrivacyRequestType;
import com.cardscry.portal.domain.RetentionCategory;
import com.cardscry.portal.testing.Retention;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.Optional;
import java.util.function.UnaryOperator;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A deletion request for an account under a legal hold (GDPR Art. 17(3)(e)): what stops the account
 * still runs, what the hold keeps is passed over and the receipt says so, and when the hold is lifted
 * the purge files the request that finishes the erasure.
 */
class ErasureUnderLegalHoldTest {

    @TempDir
    Path folder;

    private PrivacyWorkerFixture fixture;
    private EmbeddedMessageQueue queue;
    private Caller admin;
    private LocalDate lastDay;

    @BeforeEach
    void open() {
        fixture = new PrivacyWorkerFixture(folder, UnaryOperator.identity());
        queue = EmbeddedMessageQueue.open(folder.resolve("queue.mv.db"), fixture.accounts.clock);
        fixture.accounts.activeAccount("oid-admin", "admin@example.com");
        admin = fixture.accounts.tokenCaller("oid-admin", true);
        lastDay = LocalDate.ofInstant(fixture.accounts.clock.now(), ZoneOffset.UTC).plusDays(30);
        done(fixture.holds.place(admin, fixture.accountId, new LegalHolds.PlaceCommand("Chargeback dispute", lastDay.toString())));
    }

    @AfterEach
    void close() {
        queue.close();
        fixture.close();
    }

    @Test
    void stops_the_account_keeps_what_the_hold_holds_and_says_so_in_the_receipt() {
        PrivacyRequestMessage deletion = fixture.file(PrivacyRequestType.DELETION, Optional.empty());

        assertEquals(CarryOutPrivacyRequest.Result.COMPLETED, fixture.carryOut.handle(deletion));

        PrivacyRequest request = fixture.request(deletion);
        assertEquals(PrivacyRequestStatus.COMPLETED, request.status());
        assertTrue(fixture.keyRecords.read(fixture.accountId, fixture.key.record().id()).orElseThrow().key().revokedAt().isPresent(),
                "keys stop");
        assertEquals(AccountState.CLOSING, fixture.accounts.services.accounts().read(fixture.accountId).orElseThrow().account().state());
        assertFalse(fixture.keyRecords.ofAccount(fixture.accountId).isEmpty(), "key metadata held");
        assertEquals(3, usageBuckets(), "usage held");
        assertTrue(request.hasRequesterText(), "the request's own words are held too");

        Map<String, ErasureReceipt.Line> lines = ErasureReceipt.of(request, Retention.STANDARD).orElseThrow().lines().stream()
                .collect(Collectors.toMap(ErasureReceipt.Line::category, line -> line));
        for (RetentionCategory heldCategory : new RetentionCategory[] {RetentionCategory.ACCOUNTS, RetentionCategory.API_KEYS,
                RetentionCategory.USAGE_HOURLY, RetentionCategory.USAGE_DAILY, RetentionCategory.UNVERIFIED_SIGN_UPS}) {
            ErasureReceipt.Line line = lines.get(heldCategory.id());
            assertEquals(ErasureReceipt.Outcome.HELD, line.outcome(), heldCategory.id());
            assertEquals(Optional.of(lastDay), line.heldUntil());
            assertTrue(line.legalBasis().orElseThrow().contains("Art. 17(3)(e)"));
        }
        for (RetentionCategory deleted : new RetentionCategory[] {RetentionCategory.SESSIONS, RetentionCategory.EXPORTS}) {
            assertEquals(ErasureReceipt.Outcome.DELETED, lines.get(deleted.id()).outcome(), deleted.id());
        }
        assertEquals(ErasureReceipt.Outcome.KEPT, lines.get(RetentionCategory.BILLING_RECORDS.id()).outcome());
    }

    @Test
    void lifting_the_hold_has_the_purge_file_the_request_that_finishes_the_erasure() {
        PrivacyRequestMessage deletion = fixture.file(PrivacyRequestType.DELETION, Optional.empty());
        fixture.carryOut.handle(deletion);
        done(fixture.holds.lift(admin, fixture.accountId));

        purge().run(false);

        PrivacyRequestMessage resuming = PrivacyRequestMessage.parse(queue.receive(PrivacyRequestMessage.QUEUE, 1, Duration.ofMinutes(1))
                .get(0).text().orElseThrow()).orElseThrow();
        assertEquals(LegalHoldSweep.resumingRequestId(deletion.requestId()), resuming.requestId());
        assertEquals(CarryOutPrivacyRequest.Result.COMPLETED, fixture.carryOut.handle(resuming));
        assertTrue(fixture.accounts.services.accounts().read(fixture.accountId).isEmpty(), "profile erased");
        assertTrue(fixture.keyRecords.ofAccount(fixture.accountId).isEmpty(), "key metadata erased");
        assertEquals(0, usageBuckets(), "usage erased");
        assertFalse(fixture.request(deletion).hasRequesterText(), "the held request's words erased");
        ErasureReceipt finished = ErasureReceipt.of(fixture.request(resuming), Retention.STANDARD).orElseThrow();
        assertTrue(finished.lines().stream().noneMatch(line -> line.outcome() == ErasureReceipt.Outcome.HELD), finished.toString());
    }

    private PurgeExpiredData purge() {
        SubmitPrivacyRequest submit = new SubmitPrivacyRequest(fixture.requests, queue, fixture.accounts.audit,
                fixture.accounts.services.pseudonyms(), fixture.accounts.clock);
        LegalHoldSweep sweep = new LegalHoldSweep(fixture.holds, fixture.accounts.store, fixture.accounts.services.pseudonyms(),
                fixture.requests, submit, fixture.accounts.clock);
        return new PurgeExpiredData(fixture.accounts.services.accounts(),
                new UsageRecords(fixture.accounts.store, Retention.STANDARD, fixture.accounts.clock), fixture.exports,
                fixture.accounts.services.notifier(), fixture.holds, sweep,
                new RetentionRuns(fixture.accounts.store), fixture.accounts.audit, fixture.accounts.services.pseudonyms(), Retention.STANDARD,
                fixture.accounts.clock, PurgeExpiredData.Limits.STANDARD);
    }

    private int usageBuckets() {
        return fixture.accounts.store.query(UsageRecords.USAGE.name(), Query.partition(fixture.accountId), 100, Optional.empty())
                .items().size();
    }
}
