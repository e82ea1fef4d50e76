package com.cardscry.portal.application.keys;

import com.cardscry.portal.adapters.catalogue.PlanCatalogueFile;
import com.cardscry.portal.application.accounts.AccountsFixture;
import com.cardscry.portal.application.port.DocumentStore;
import com.cardscry.portal.application.subscriptions.OpenSubscriptionSlots;
import com.cardscry.portal.application.subscriptions.SubscriptionRecords;
import com.cardscry.portal.application.subscriptions.SubscriptionSchedule;
import com.cardscry.portal.application.subscriptions.SubscriptionServices;
import com.cardscry.portal.domain.PlanCatalogue;
import com.cardscry.portal.domain.RetentionSchedule;
import com.cardscry.portal.testing.Retention;
import java.security.SecureRandom;

/**
 * The subscription and key services as the composition root builds them, over an
 * {@link AccountsFixture}'s parts and a store of the test's choosing (the fixture's own, or a wrapper
 * that counts or fails operations), with the built-in plans and the shipped retention schedule (or one
 * with overrides).
 */
public final class KeysFixture {

    public static final PlanCatalogue PLANS = PlanCatalogueFile.builtIn();

    public final KeyRecords keyRecords;
    public final KeyHasher hasher;
    public final SubscriptionRecords subscriptionRecords;
    public final SubscriptionServices subscriptions;
    public final KeyServices keys;

    /** Over the accounts fixture's own store; index writes tell nobody. */
    public KeysFixture(AccountsFixture accounts) {
        this(accounts, accounts.store, KeyRecords.IndexListener.NONE);
    }

    /** Over the accounts fixture's own store, with retention periods of the test's choosing (an override). */
    public KeysFixture(AccountsFixture accounts, RetentionSchedule retention) {
        this(accounts, accounts.store, KeyRecords.IndexListener.NONE, retention);
    }

    /**
     * @param store         where subscriptions and keys are kept
     * @param indexListener told of every key-index entry written (a verification cache under test)
     */
    public KeysFixture(AccountsFixture accounts, DocumentStore store, KeyRecords.IndexListener indexListener) {
        this(accounts, store, indexListener, Retention.STANDARD);
    }

    private KeysFixture(AccountsFixture accounts, DocumentStore store, KeyRecords.IndexListener indexListener,
                        RetentionSchedule retention) {
        keyRecords = new KeyRecords(store, retention, accounts.clock, indexListener);
        hasher = new KeyHasher(accounts.secrets);
        subscriptionRecords = new SubscriptionRecords(store, retention, accounts.clock);
        subscriptions = new SubscriptionServices(subscriptionRecords, new OpenSubscriptionSlots(store),
                new SubscriptionSchedule(store, retention), PLANS, accounts.audit, accounts.services.pseudonyms(),
                new KeyIndexRefresher(keyRecords), accounts.clock);
        keys = new KeyServices(keyRecords, new KeyIssuer(hasher, new SecureRandom()), subscriptionRecords, PLANS, accounts.audit,
                accounts.services.pseudonyms(), accounts.clock);
    }
}
