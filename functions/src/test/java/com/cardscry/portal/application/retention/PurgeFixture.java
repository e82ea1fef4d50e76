package com.cardscry.portal.application.retention;

import com.cardscry.portal.adapters.embedded.EmbeddedExportStore;
import com.cardscry.portal.adapters.embedded.EmbeddedMessageQueue;
import com.cardscry.portal.application.DocumentAuditLog;
import com.cardscry.portal.application.accounts.AccountRecords;
import com.cardscry.portal.application.accounts.AccountsFixture;
import com.cardscry.portal.application.port.AuditEntry;
import com.cardscry.portal.application.port.Clock;
import com.cardscry.portal.application.port.DocumentStore;
import com.cardscry.portal.application.privacy.PrivacyRequestRecords;
import com.cardscry.portal.application.privacy.SubmitPrivacyRequest;
import com.cardscry.portal.application.usage.UsageRecords;
import com.cardscry.portal.domain.Account;
import com.cardscry.portal.domain.Consent;
import com.cardscry.portal.domain.EmailAddress;
import com.cardscry.portal.domain.EmailChallenge;
import com.cardscry.portal.testing.FakeClock;
import com.cardscry.portal.testing.Retention;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

/**
 * The purge on real local parts (the embedded document and export stores, the audit trail in the
 * store) with sign-ups written as {@code SignUp} writes them, at times the test chooses.
 */
final class PurgeFixture implements AutoCloseable {

    static final String TENANT = "tenant-1";

    final AccountsFixture accounts;
    final FakeClock clock;
    final EmbeddedExportStore exports;
    final RetentionRuns runs;
    final UsageRecords usage;
    final LegalHolds holds;
    /** Where the sweep files the deletion request that finishes a held erasure. */
    final EmbeddedMessageQueue queue;
    final PrivacyRequestRecords privacyRequests;

    PurgeFixture(Path folder) {
        accounts = new AccountsFixture(folder);
        clock = accounts.clock;
        exports = EmbeddedExportStore.open(folder.resolve("exports"), clock);
        runs = new RetentionRuns(accounts.store);
        usage = new UsageRecords(accounts.store, Retention.STANDARD, clock);
        holds = new LegalHolds(accounts.store, records(), accounts.audit, accounts.services.pseudonyms(), Retention.STANDARD, clock);
        queue = EmbeddedMessageQueue.open(folder.resolve("queue.mv.db"), clock);
        privacyRequests = new PrivacyRequestRecords(accounts.store, Retention.STANDARD, clock);
    }

    AccountRecords records() {
        return accounts.services.accounts();
    }

    PurgeExpiredData purge(PurgeExpiredData.Limits limits) {
        return purge(limits, clock);
    }

    /** A purge that reads the time from {@code runClock} (the stores keep the fixture's clock). */
    PurgeExpiredData purge(PurgeExpiredData.Limits limits, Clock runClock) {
        return new PurgeExpiredData(records(), usage, exports, accounts.services.notifier(), holds, sweep(accounts.store, holds, runClock), runs, accounts.audit,
                accounts.services.pseudonyms(), Retention.STANDARD, runClock, limits);
    }

    private LegalHoldSweep sweep(DocumentStore store, LegalHolds legalHolds, Clock runClock) {
        PrivacyRequestRecords requests = new PrivacyRequestRecords(store, Retention.STANDARD, clock);
        return new LegalHoldSweep(legalHolds, store, accounts.services.pseudonyms(), requests,
                new SubmitPrivacyRequest(requests, queue, accounts.audit, accounts.services.pseudonyms(), runClock), runClock);
    }

    /** A sign-up: the account and the identity that signed up. */
    record SignedUp(String accountId, String objectId) {
    }

    /** A purge whose every store operation goes through {@code store} (a wrapper of this fixture's store). */
    PurgeExpiredData purgeThrough(DocumentStore store, PurgeExpiredData.Limits limits) {
        AccountRecords records = new AccountRecords(store, accounts.secrets);
        DocumentAuditLog audit = new DocumentAuditLog(store, new SecureRandom(), Retention.STANDARD);
        LegalHolds legalHolds = new LegalHolds(store, records, audit, accounts.services.pseudonyms(), Retention.STANDARD, clock);
        return new PurgeExpiredData(records, new UsageRecords(store, Retention.STANDARD, clock), exports, accounts.services.notifier(),
                legalHolds,
                sweep(store, legalHolds, clock), new RetentionRuns(store), audit, accounts.services.pseudonyms(), Retention.STANDARD, clock,
                limits);
    }

    /** A pending account signed up at {@code at}, with its identity and sign-up index entries, as {@code SignUp} leaves it. */
    SignedUp signUp(Instant at) {
        String accountId = UUID.randomUUID().toString();
        String objectId = UUID.randomUUID().toString();
        EmailAddress email = EmailAddress.of("p-" + objectId + "@example.com");
        records().bindIdentity(TENANT, objectId, accountId);
        records().indexSignUp(new AccountRecords.SignUpEntry(accountId, TENANT, objectId, at));
        Account pending = Account.signUp(accountId, TENANT, objectId, "Pat Example", email,
                Consent.acceptedAt("2026-01", "2026-02", at), EmailChallenge.first(email, "hash", at), at);
        if (!records().create(pending).isWritten()) {
            throw new AssertionError("account not written");
        }
        return new SignedUp(accountId, objectId);
    }

    /**
     * Verifies the account at {@code at}. With {@code indexEntryLeft} the sign-up index entry stays, as
     * after a verification that crashed before removing it.
     */
    void verify(String accountId, Instant at, boolean indexEntryLeft) {
        AccountRecords.Versioned found = records().read(accountId).orElseThrow();
        if (!records().replace(found.account().afterCodeEntered(true, at), found.etag()).isWritten()) {
            throw new AssertionError("account not verified");
        }
        if (!indexEntryLeft) {
            records().unindexSignUp(accountId, found.account().createdAt());
        }
    }

    /** Whether the account document is there. */
    boolean exists(SignedUp signedUp) {
        return records().read(signedUp.accountId()).isPresent();
    }

    /** Whether the identity is still bound to the account (a new sign-up of it would find the old account). */
    boolean identityBound(SignedUp signedUp) {
        return records().accountIdOf(TENANT, signedUp.objectId()).filter(signedUp.accountId()::equals).isPresent();
    }

    /** Runs until a run reports complete; fails after {@code maxRuns}. */
    List<PurgeReport> runUntilComplete(PurgeExpiredData purge, int maxRuns) {
        List<PurgeReport> reports = new ArrayList<>();
        for (int run = 0; run < maxRuns; run++) {
            PurgeReport report = purge.run(false);
            reports.add(report);
            if (report.complete()) {
                return reports;
            }
        }
        throw new AssertionError("no complete run in " + maxRuns + " runs");
    }

    /**
     * Two purges with these limits racing each other from the same instant, each until it reports
     * complete; answers the reports of both.
     */
    List<PurgeReport> runTwoAtOnce(PurgeExpiredData.Limits limits, int maxRunsEach) throws Exception {
        CountDownLatch go = new CountDownLatch(1);
        Callable<List<PurgeReport>> runner = () -> {
            go.await();
            return runUntilComplete(purge(limits), maxRunsEach);
        };
        ExecutorService threads = Executors.newFixedThreadPool(2);
        try {
            Future<List<PurgeReport>> one = threads.submit(runner);
            Future<List<PurgeReport>> two = threads.submit(runner);
            go.countDown();
            List<PurgeReport> reports = new ArrayList<>(one.get(60, TimeUnit.SECONDS));
            reports.addAll(two.get(60, TimeUnit.SECONDS));
            return reports;
        } finally {
            threads.shutdownNow();
        }
    }

    static long removed(List<PurgeReport> reports, String kind) {
        return reports.stream().mapToLong(report -> report.removed().getOrDefault(kind, 0L)).sum();
    }

    List<AuditEntry> auditOfPurge() {
        return accounts.audit.entriesFor(accounts.services.pseudonyms().of(PurgeExpiredData.AUDIT_SUBJECT), 1000);
    }

    static Duration days(long days) {
        return Duration.ofDays(days);
    }

    @Override
    public void close() {
        queue.close();
        accounts.close();
    }
}
