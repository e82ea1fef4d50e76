package com.cardscry.portal.application.accounts;

import com.cardscry.portal.adapters.embedded.EmbeddedDocumentStore;
import com.cardscry.portal.adapters.localsecrets.LocalSecretSource;
import com.cardscry.portal.adapters.outbox.LocalOutboxNotifier;
import com.cardscry.portal.application.Containers;
import com.cardscry.portal.application.DocumentAuditLog;
import com.cardscry.portal.application.Pseudonyms;
import com.cardscry.portal.application.SecretNames;
import com.cardscry.portal.testing.FakeClock;
import com.cardscry.portal.testing.Outbox;
import com.cardscry.portal.testing.Retention;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashSet;
import java.util.Optional;

/**
 * The account use cases on real local parts: the embedded store, local secrets, the local outbox and
 * the audit trail in the store, with a clock the test drives.
 */
public final class AccountsFixture implements AutoCloseable {

    public static final AccountPolicy POLICY = new AccountPolicy("2026-01", "2026-02", Duration.ofMinutes(30), Duration.ofHours(12));

    public final FakeClock clock = new FakeClock(Instant.parse("2026-11-29T08:00:00Z"));
    public final EmbeddedDocumentStore store;
    public final LocalSecretSource secrets;
    public final Outbox outbox;
    public final DocumentAuditLog audit;
    public final AccountServices services;

    public AccountsFixture(Path folder) {
        this(folder, POLICY);
    }

    public AccountsFixture(Path folder, AccountPolicy policy) {
        SecureRandom random = new SecureRandom();
        store = EmbeddedDocumentStore.open(folder.resolve("documents.mv.db"), Containers.ALL, clock);
        secrets = LocalSecretSource.open(folder.resolve("secrets.json"), new LinkedHashSet<>(SecretNames.ALL), random);
        outbox = new Outbox(folder.resolve("outbox"));
        audit = new DocumentAuditLog(store, random, Retention.STANDARD);
        services = new AccountServices(new AccountRecords(store, secrets), new SessionRecords(store), new SessionKeys(secrets, random),
                LocalOutboxNotifier.open(folder.resolve("outbox"), clock), audit, new Pseudonyms(secrets),
                new AbuseLimits(clock, random), policy, clock);
    }

    /** A caller proved by a token, with the account it has now. */
    public Caller tokenCaller(String objectId) {
        return tokenCaller(objectId, false);
    }

    public Caller tokenCaller(String objectId, boolean admin) {
        return new Caller("tenant-1", objectId, admin, services.accounts().findByIdentity("tenant-1", objectId),
                Optional.empty(), Optional.empty(), Optional.of("192.0.2.1"));
    }

    public SignUp.Command signUpCommand(String email) {
        return new SignUp.Command("Ada Lovelace", email, POLICY.termsVersion(), POLICY.privacyPolicyVersion());
    }

    /** Signs {@code objectId} up and enters the emailed code: an active account. */
    public String activeAccount(String objectId, String email) {
        new SignUp(services).handle(tokenCaller(objectId), signUpCommand(email)).fold(r -> r, p -> {
            throw new AssertionError(p.toString());
        });
        new VerifyEmail(services).handle(tokenCaller(objectId), new VerifyEmail.Command(outbox.latestCodeFor(email))).fold(r -> r, p -> {
            throw new AssertionError(p.toString());
        });
        return services.accounts().findByIdentity("tenant-1", objectId).orElseThrow().account().id();
    }

    @Override
    public void close() {
        secrets.close();
        store.close();
    }
}
