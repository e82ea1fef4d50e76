package com.cardscry.portal.domain;

import java.util.Locale;

/** Where a privacy request is. */
public enum PrivacyRequestStatus {
    /** Stored and queued; no step done yet. */
    RECEIVED,
    /** At least one step done, more to do. */
    IN_PROGRESS,
    /** Every step done; for an access request the export is ready, for a deletion the receipt. */
    COMPLETED,
    /** A step kept failing; an administrator's retry resumes at that step. */
    FAILED,
    /** Carried out no further because it cannot be (a correction whose values are invalid); says why. */
    REJECTED;

    /** The lower-case name the API uses. */
    public String code() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    /** Still to be answered: counts against its deadline, and a second request of its type returns it. */
    public boolean isOpen() {
        return this == RECEIVED || this == IN_PROGRESS || this == FAILED;
    }
}
