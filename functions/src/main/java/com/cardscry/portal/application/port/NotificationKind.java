package com.cardscry.portal.application.port;

import java.util.List;

/**
 * What a {@link Notification} tells its recipient, and which values it carries. A mail sender
 * outside this app picks its template by the constant's name, so a constant is never renamed and a
 * value name never changes meaning (see {@code docs/notifications.md}).
 */
public enum NotificationKind {

    /**
     * The code that proves an email address at sign-up. Values: {@code code}, the six digits to type
     * in; {@code expiresAt}, the ISO-8601 UTC instant after which the code is refused.
     */
    EMAIL_VERIFICATION_CODE(List.of("code", "expiresAt")),

    /**
     * A subscription with an end date is about to expire; sent 30, 7 and 1 days ahead, each once. Values:
     * {@code planName}, the plan's display name; {@code subscriptionId}, for a link to the subscription;
     * {@code expiresAt}, the ISO-8601 UTC instant it expires (after which its keys are refused);
     * {@code daysLeft}, which reminder this is: {@code 30}, {@code 7} or {@code 1}.
     */
    SUBSCRIPTION_EXPIRING(List.of("planName", "subscriptionId", "expiresAt", "daysLeft")),

    /**
     * Someone sent the privacy-request form (no sign-in) naming this address; sent whether or not an
     * account has it. Values: {@code code}, the six digits that confirm the request; {@code expiresAt},
     * the ISO-8601 UTC instant after which the code is refused; {@code requestId} and
     * {@code followToken}, for the link that follows the request
     * ({@code /api/v1/privacy-requests/form/{requestId}?token={followToken}} behind the frontend).
     * The token is a secret: it is the only credential of the link.
     */
    PRIVACY_REQUEST_CODE(List.of("code", "expiresAt", "requestId", "followToken"));

    private final List<String> valueNames;

    NotificationKind(List<String> valueNames) {
        this.valueNames = List.copyOf(valueNames);
    }

    /** The names of the values a notification of this kind carries: exactly these, each once. */
    public List<String> valueNames() {
        return valueNames;
    }
}
