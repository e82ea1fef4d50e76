package com.cardscry.portal.domain;

import java.time.Duration;

/**
 * The reminders a developer gets before a subscription with an end date expires, each sent at most
 * once: 30, 7 and 1 days ahead.
 */
public enum SubscriptionExpiryNotice {
    THIRTY_DAYS(30),
    SEVEN_DAYS(7),
    ONE_DAY(1);

    private final int days;

    SubscriptionExpiryNotice(int days) {
        this.days = days;
    }

    public int days() {
        return days;
    }

    /** How long before the expiry this notice is due. */
    public Duration ahead() {
        return Duration.ofDays(days);
    }
}
