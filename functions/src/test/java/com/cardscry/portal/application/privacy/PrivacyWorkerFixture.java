package com.cardscry.portal.application.privacy;

import com.cardscry.portal.adapters.embedded.EmbeddedExportStore;
import com.cardscry.portal.adapters.outbox.LocalOutboxNotifier;
import com.cardscry.portal.application.DocumentAuditLog;
import com.cardscry.portal.application.accounts.AccountRecords;
import com.cardscry.portal.application.accounts.AccountsFixture;
import com.cardscry.portal.application.accounts.SessionRecords;
import com.cardscry.portal.application.accounts.UpdateProfile;
import com.cardscry.portal.application.gateway.KeyIndexCache;
import com.cardscry.portal.application.keys.IssueKey;
import com.cardscry.portal.application.keys.KeyRecords;
import com.cardscry.portal.application.keys.KeyServices;
import com.cardscry.portal.application.keys.KeysFixture;
import com.cardscry.portal.application.port.DocumentStore;
import com.cardscry.portal.application.port.PhysicalErasure;
import com.cardscry.portal.application.retention.LegalHolds;
import com.cardscry.portal.application.subscriptions.CancelSubscription;
import com.cardscry.portal.application.subscriptions.RequestSubscription;
import com.cardscry.portal.application.subscriptions.SubscriptionRecords;
import com.cardscry.portal.application.subscriptions.SubscriptionServices;
import com.cardscry.portal.application.usage.UsageRecords;
import com.cardscry.portal.domain.PrivacyRequest;
import com.cardscry.portal.domain.PrivacyRequestType;
import com.cardscry.portal.domain.PrivacyStep;
import com.cardscry.portal.domain.Session;
import com.cardscry.portal.domain.UsageBucket;
import com.cardscry.portal.domain.UsageCounts;
import com.cardscry.portal.testing.Retention;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.UnaryOperator;

/**
 * The privacy worker on real local parts (embedded store file, export folder, outbox, local secrets),
 * wired as the composition root wires it, over a document store the test may wrap (to crash it), with
 * an account that has a key, a subscription, usage, a session and mail in the outbox.
 */
final class PrivacyWorkerFixture implements AutoCloseable {

    static final String EMAIL = "ada.lovelace@example.com";
    static final String NAME = "Ada Lovelace";

    final AccountsFixture accounts;
    final Path folder;
    final EmbeddedExportStore exports;
    final KeyIndexCache verificationCache;
    final KeyRecords keyRecords;
    final SubscriptionRecords subscriptionRecords;
    final SubscriptionServices subscriptions;
    final PrivacyRequestRecords requests;
    final LegalHolds holds;
    final CarryOutPrivacyRequest carryOut;
    final String accountId;
    final String subscriptionId;
    final IssueKey.Issued key;

    PrivacyWorkerFixture(Path folder, UnaryOperator<DocumentStore> wrap) {
        this.folder = folder;
        accounts = new AccountsFixture(folder);
        DocumentStore store = wrap.apply(accounts.store);
        exports = EmbeddedExportStore.open(folder.resolve("exports"), accounts.clock);
        verificationCache = new KeyIndexCache(100, accounts.clock);
        KeysFixture parts = new KeysFixture(accounts, store, verificationCache);
        keyRecords = parts.keyRecords;
        subscriptionRecords = parts.subscriptionRecords;
        subscriptions = parts.subscriptions;
        KeyServices keyServices = parts.keys;
        requests = new PrivacyRequestRecords(store, Retention.STANDARD, accounts.clock);
        AccountRecords accountRecords = new AccountRecords(store, accounts.secrets);
        SessionRecords sessions = new SessionRecords(store);
        LocalOutboxNotifier outbox = LocalOutboxNotifier.open(folder.resolve("outbox"), accounts.clock);
        PhysicalErasure physical = new PhysicalErasure() {
            @Override
            public void forgetRecipient(String email) {
                outbox.forgetRecipient(email);
            }

            @Override
            public void reclaimDeletedSpace() {
                accounts.store.rewriteFile();
            }
        };
        Map<PrivacyStep, PrivacyStepHandler> handlers = new EnumMap<>(PrivacyStep.class);
        handlers.put(PrivacyStep.WRITE_EXPORT, new WriteAccessExport(accountRecords, sessions, subscriptionRecords, keyRecords, requests,
                store, new DocumentAuditLog(store, new SecureRandom(), Retention.STANDARD), accounts.services.pseudonyms(), exports, Retention.STANDARD, accounts.clock));
        handlers.put(PrivacyStep.APPLY_CORRECTION, new ApplyCorrection(accountRecords, new UpdateProfile(accounts.services)));
        holds = new LegalHolds(store, accountRecords, accounts.audit, accounts.services.pseudonyms(), Retention.STANDARD, accounts.clock);
        handlers.putAll(new ErasureSteps(accountRecords, sessions, subscriptionRecords, new CancelSubscription(subscriptions), keyRecords,
                requests, new ErasedIdentities(store, accounts.secrets, Retention.STANDARD), store, exports, physical, holds,
                accounts.audit, accounts.services.pseudonyms(), accounts.clock).handlers());
        carryOut = new CarryOutPrivacyRequest(requests, handlers, accounts.audit, accounts.services.pseudonyms(), accounts.clock);

        accountId = accounts.activeAccount("oid-1", EMAIL);
        subscriptionId = done(new RequestSubscription(subscriptions).handle(accounts.tokenCaller("oid-1"),
                new RequestSubscription.Command("starter", Optional.empty()))).subscription().id();
        key = done(new IssueKey(keyServices).handle(accounts.tokenCaller("oid-1"), subscriptionId,
                new IssueKey.Command("production", Optional.empty())));
        Instant hour = accounts.clock.now().truncatedTo(ChronoUnit.HOURS);
        for (int i = 0; i < 3; i++) {
            new UsageRecords(store, Retention.STANDARD, accounts.clock).create(accountId, new UsageBucket(subscriptionId, hour.minus(Duration.ofHours(i)),
                    new UsageCounts(10 + i, 1, 0), List.of("batch-" + i)));
        }
        Instant now = accounts.clock.now();
        sessions.create(new Session("session-1", accountId, false, now, now, now.plus(Duration.ofHours(12))), now, Duration.ofMinutes(30));
    }

    /** Stores a new request of {@code type}, as intake does, and answers its message. */
    PrivacyRequestMessage file(PrivacyRequestType type, Optional<PrivacyRequest.Correction> correction) {
        PrivacyRequest request = PrivacyRequest.received(UUID.randomUUID().toString(), accountId, type, correction,
                Optional.of("A note from " + NAME + " <" + EMAIL + ">"), accounts.clock.now());
        requests.create(request);
        return new PrivacyRequestMessage(accountId, request.id());
    }

    PrivacyRequest request(PrivacyRequestMessage message) {
        return requests.read(message.accountId(), message.requestId()).orElseThrow().request();
    }

    static <T> T done(com.cardscry.portal.application.Outcome<T> outcome) {
        return outcome.fold(value -> value, problem -> {
            throw new AssertionError("refused: " + problem);
        });
    }

    @Override
    public void close() {
        accounts.close();
    }
}
