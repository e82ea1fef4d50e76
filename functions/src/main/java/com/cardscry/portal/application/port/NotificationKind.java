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
    EMAIL_VERIFICATION_CODE(List.of("code", "expiresAt"));

    private final List<String> valueNames;

    NotificationKind(List<String> valueNames) {
        this.valueNames = List.copyOf(valueNames);
    }

    /** The names of the values a notification of this kind carries: exactly these, each once. */
    public List<String> valueNames() {
        return valueNames;
    }
}
