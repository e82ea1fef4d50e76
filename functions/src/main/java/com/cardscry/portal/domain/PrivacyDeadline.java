package com.cardscry.portal.domain;

import java.time.Instant;
import java.time.ZoneOffset;

/**
 * The legal clock of a privacy request (GDPR Art. 12(3)): an answer is due one calendar month after
 * receipt, and may be extended once by two further months. Months are calendar months in UTC: a
 * request received on 31 January is due on the last day of February (28th or 29th) at the same time
 * of day; one received on 15 March is due on 15 April.
 */
public final class PrivacyDeadline {

    private PrivacyDeadline() {
    }

    /** When a request received at {@code receivedAt} is due. */
    public static Instant dueAfter(Instant receivedAt) {
        return plusMonths(receivedAt, 1);
    }

    /** When it is due once extended: three calendar months after receipt. */
    public static Instant extendedDueAfter(Instant receivedAt) {
        return plusMonths(receivedAt, 3);
    }

    /** Calendar months in UTC; a day of month the target month lacks becomes its last day. */
    static Instant plusMonths(Instant at, int months) {
        return at.atOffset(ZoneOffset.UTC).plusMonths(months).toInstant();
    }
}
