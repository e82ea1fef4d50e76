package com.cardscry.portal.application;

import com.cardscry.portal.application.accounts.AccountRecords;
import com.cardscry.portal.application.accounts.SessionRecords;
import com.cardscry.portal.application.gateway.MonthlyQuota;
import com.cardscry.portal.application.keys.KeyRecords;
import com.cardscry.portal.application.port.ContainerSpec;
import com.cardscry.portal.application.privacy.PrivacyFormRecords;
import com.cardscry.portal.application.privacy.PrivacyRequestRecords;
import com.cardscry.portal.application.retention.LegalHolds;
import com.cardscry.portal.application.retention.RetentionRuns;
import com.cardscry.portal.application.subscriptions.OpenSubscriptionSlots;
import com.cardscry.portal.application.subscriptions.SubscriptionRecords;
import com.cardscry.portal.application.subscriptions.SubscriptionSchedule;
import com.cardscry.portal.application.usage.UsageRecords;
import java.util.List;

/**
 * Every document container the use cases use, with its partition key and default time to live. The
 * composition root builds the store with exactly these; the infrastructure (Bicep) must create the
 * same set, which a test checks. Each issue that stores a new kind of data adds its container here.
 */
public final class Containers {

    /** All containers, in creation order. */
    public static final List<ContainerSpec> ALL = List.of(AccountRecords.ACCOUNTS, AccountRecords.IDENTITIES,
            AccountRecords.EMAIL_INDEX, AccountRecords.SIGN_UP_DAYS, SessionRecords.SESSIONS, DocumentAuditLog.SPEC, SubscriptionRecords.SUBSCRIPTIONS,
            SubscriptionSchedule.SCHEDULE,
            SubscriptionRecords.REVIEW_QUEUE, OpenSubscriptionSlots.SLOTS, KeyRecords.KEYS, KeyRecords.INDEX,
            KeyRecords.OWNERS, UsageRecords.USAGE, UsageRecords.USAGE_DAYS, UsageRecords.USAGE_DAILY, MonthlyQuota.COUNTERS,
            PrivacyRequestRecords.REQUESTS, PrivacyRequestRecords.OPEN,
            PrivacyFormRecords.FORMS, RetentionRuns.RUNS, LegalHolds.HOLDS);

    private Containers() {
    }
}
