package com.cardscry.portal.application.privacy;

import java.util.Objects;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What the {@code privacy-requests} queue carries: where to read the request (its account partition
 * and id), nothing else, so the worker always acts on the request as stored. The text is
 * {@code <accountId>/<requestId>}; the queue adapter Base64-encodes it on the wire.
 */
public record PrivacyRequestMessage(String accountId, String requestId) {

    public static final String QUEUE = "privacy-requests";
    public static final String POISON_QUEUE = QUEUE + "-poison";

    private static final Pattern ID = Pattern.compile("[A-Za-z0-9-]{1,64}");
    private static final Pattern TEXT = Pattern.compile("([A-Za-z0-9-]{1,64})/([A-Za-z0-9-]{1,64})");

    public PrivacyRequestMessage {
        requireId(accountId, "accountId");
        requireId(requestId, "requestId");
    }

    /** The message text. */
    public String text() {
        return accountId + "/" + requestId;
    }

    /** The message a text is, if it is one (a poison message may hold anything). */
    public static Optional<PrivacyRequestMessage> parse(String text) {
        if (text == null) {
            return Optional.empty();
        }
        Matcher matcher = TEXT.matcher(text.strip());
        return matcher.matches() ? Optional.of(new PrivacyRequestMessage(matcher.group(1), matcher.group(2))) : Optional.empty();
    }

    private static void requireId(String id, String what) {
        Objects.requireNonNull(id, what);
        if (!ID.matcher(id).matches()) {
            throw new IllegalArgumentException(what + " must be 1 to 64 letters, digits or hyphens");
        }
    }
}
