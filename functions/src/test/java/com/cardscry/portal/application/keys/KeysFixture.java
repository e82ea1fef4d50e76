package com.cardscry.portal.application.keys;

import com.cardscry.portal.adapters.catalogue.PlanCatalogueFile;
import com.cardscry.portal.application.accounts.AccountsFixture;
import com.cardscry.portal.application.port.DocumentStore;
import com.cardscry.portal.application.subscriptions.OpenSubscriptionSlots;
import com.cardscry.portal.application.subscriptions.SubscriptionRecords;
import com.cardscry.portal.application.subscriptions.SubscriptionSchedule;
import com.cardscry.portal.application.subscriptions.SubscriptionServices;
import com.cardscry.portal.domain.PlanCatalogue;
import com.cardscry.portal.testing.Retention;
import java.security.SecureRandom;

/**
 * The subscription and key services as the composition root builds them, over an
 * {@link AccountsFixture}'s parts and a store of the test's choosing (the fixture's own, or a wrapper
 * that counts or fails operations), with the built-in plans.
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

    /**
     * @param store         where subscriptions and keys are kept
     * @param indexListener told of every key-index entry written (a verification cache under test)
     */
    public KeysFixture(AccountsFixture accounts, DocumentStore store, KeyRecords.IndexListener indexListener) {
        keyRecords = new KeyRecords(store, Retention.STANDARD, accounts.clock, indexListener);
        hasher = new KeyHasher(accounts.secrets);
        subscriptionRecords = new SubscriptionRecords(store, Retention.STANDARD, accounts.clock);
        subscriptions = new SubscriptionServices(subscriptionRecords, new OpenSubscriptionSlots(store),
                new SubscriptionSchedule(store, Retention.STANDARD), PLANS, accounts.audit, accounts.services.pseudonyms(),
                new KeyIndexRefresher(keyRecords), accounts.clock);
        keys = new KeyServices(keyRecords, new KeyIssuer(hasher, new SecureRandom()), subscriptionRecords, PLANS, accounts.audit,
                accounts.services.pseudonyms(), accounts.clock);
    }
}
