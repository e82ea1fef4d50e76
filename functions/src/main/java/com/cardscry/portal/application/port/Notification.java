package com.cardscry.portal.application.port;

import java.util.Collections;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;

/**
 * A message to one person, for a {@link Notifier} to deliver.
 *
 * <p>Everything in it is personal or secret (an address, a verification code), so {@link #toString()}
 * shows only the kind and the names of the values; a notification that ends up in a log line or an
 * exception message gives nothing away.
 *
 * @param recipientEmail  the address to deliver to: 3 to 254 characters on one line, with an {@code @}
 * @param kind            what the notification says
 * @param values          exactly the {@link NotificationKind#valueNames() values of its kind}, each
 *                        1 to {@value #MAX_VALUE_LENGTH} characters on one line (copied, unmodifiable,
 *                        sorted by name)
 * @param idempotencyKey  names this notification for the transport: sending again under the same key
 *                        (a retry after a timeout) is the same notification, which the transport
 *                        delivers once where it can ({@link Notifier}). 1 to
 *                        {@value #MAX_KEY_LENGTH} characters on one line; a new notification (a resent
 *                        code) needs a new key.
 */
public record Notification(String recipientEmail, NotificationKind kind, Map<String, String> values,
                           String idempotencyKey) {

    public static final int MAX_VALUE_LENGTH = 1000;
    public static final int MAX_KEY_LENGTH = 200;
    /** The longest address SMTP can carry (RFC 5321 path limit less the angle brackets). */
    private static final int MAX_EMAIL_LENGTH = 254;

    public Notification {
        // Messages name what is wrong, never the value: every value here is personal or secret.
        requireLine(recipientEmail, "recipientEmail", 3, MAX_EMAIL_LENGTH);
        if (recipientEmail.indexOf('@') < 0) {
            throw new IllegalArgumentException("recipientEmail must be an email address");
        }
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(values, "values");
        if (!values.keySet().equals(Set.copyOf(kind.valueNames()))) {
            throw new IllegalArgumentException("a " + kind + " notification carries exactly the values " + kind.valueNames());
        }
        values.forEach((name, value) -> requireLine(value, "value " + name, 1, MAX_VALUE_LENGTH));
        values = Collections.unmodifiableMap(new TreeMap<>(values));
        requireLine(idempotencyKey, "idempotencyKey", 1, MAX_KEY_LENGTH);
    }

    /** The kind and the value names only; the address, the values and the key are redacted. */
    @Override
    public String toString() {
        return "Notification[kind=" + kind + ", recipientEmail=(redacted), values=(redacted " + values.keySet()
                + "), idempotencyKey=(redacted)]";
    }

    private static void requireLine(String text, String what, int minLength, int maxLength) {
        Objects.requireNonNull(text, what);
        if (text.length() < minLength || text.length() > maxLength || text.chars().anyMatch(Character::isISOControl)) {
            throw new IllegalArgumentException(what + " must be " + minLength + " to " + maxLength + " characters on one line");
        }
    }
}
