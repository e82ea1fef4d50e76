package com.cardscry.portal.domain;

import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * An email address in its normalised form: trimmed and lower-cased. Uniqueness across accounts is
 * decided on this form, so {@code Ada@Example.COM} and {@code ada@example.com} are one address.
 * (Strictly, the local part may be case-sensitive; no mail provider developers use treats it so, and
 * treating two spellings as two accounts would let one person hold two.)
 *
 * <p>Accepted: the RFC 5321 "dot-atom" local part (no quoted strings, no comments), at most 64
 * characters, and a domain of at least two LDH labels (internationalised domains in their
 * {@code xn--} form), 254 characters in all. {@link #toString()} does not reveal the address, so an
 * address in a log line by accident shows nothing.
 */
public final class EmailAddress {

    public static final int MAX_LENGTH = 254;
    private static final int MAX_LOCAL_LENGTH = 64;
    private static final Pattern LOCAL_PART = Pattern.compile("[a-z0-9!#$%&'*+/=?^_`{|}~-]+(\\.[a-z0-9!#$%&'*+/=?^_`{|}~-]+)*");
    private static final Pattern LABEL = Pattern.compile("[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?");
    private static final Pattern TOP_LEVEL = Pattern.compile("[a-z]{2,63}|xn--[a-z0-9-]{1,59}");

    private final String value;

    private EmailAddress(String value) {
        this.value = value;
    }

    /** The normalised address, or empty when {@code text} is not an address this portal accepts. */
    public static Optional<EmailAddress> parse(String text) {
        if (text == null) {
            return Optional.empty();
        }
        String normalised = text.strip().toLowerCase(Locale.ROOT);
        if (normalised.isEmpty() || normalised.length() > MAX_LENGTH) {
            return Optional.empty();
        }
        int at = normalised.indexOf('@');
        if (at < 1 || at != normalised.lastIndexOf('@') || at > MAX_LOCAL_LENGTH) {
            return Optional.empty();
        }
        String local = normalised.substring(0, at);
        String domain = normalised.substring(at + 1);
        if (!LOCAL_PART.matcher(local).matches() || !isDomain(domain)) {
            return Optional.empty();
        }
        return Optional.of(new EmailAddress(normalised));
    }

    /** An address known to be normalised and valid, such as one read back from the store. */
    public static EmailAddress of(String normalised) {
        EmailAddress address = parse(normalised).orElseThrow(() -> new IllegalArgumentException("not a valid email address"));
        if (!address.value.equals(normalised)) {
            throw new IllegalArgumentException("email address is not in normalised form");
        }
        return address;
    }

    private static boolean isDomain(String domain) {
        String[] labels = domain.split("\\.", -1);
        if (labels.length < 2) {
            return false;
        }
        for (String label : labels) {
            if (!LABEL.matcher(label).matches()) {
                return false;
            }
        }
        return TOP_LEVEL.matcher(labels[labels.length - 1]).matches();
    }

    /** The normalised address itself: for the store, the blind index and the notification, never a log. */
    public String value() {
        return value;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof EmailAddress address && address.value.equals(value);
    }

    @Override
    public int hashCode() {
        return Objects.hash(value);
    }

    @Override
    public String toString() {
        return "EmailAddress[redacted]";
    }
}
