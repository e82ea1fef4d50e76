package com.cardscry.portal.adapters.embedded;

import java.util.Objects;

/**
 * A key of the expiry index: when a document expires, then which document. Encoded as text that
 * sorts by expiry time first, so the expired documents are always at the start of the index.
 *
 * @param epochSecond   the second at which the document expires
 * @param container     the container's name
 * @param documentKey   the document's key in its container map (partition key, separator, id)
 */
record ExpiryKey(long epochSecond, String container, String documentKey) {

    private static final char SEPARATOR = '\u0000';
    private static final int TIME_DIGITS = 16;

    ExpiryKey {
        Objects.requireNonNull(container, "container");
        Objects.requireNonNull(documentKey, "documentKey");
    }

    /**
     * Sixteen hex digits of the time with its sign bit flipped, so that text order is numeric order for
     * every long; container names cannot hold the separator.
     */
    String encode() {
        return String.format("%016x", epochSecond ^ Long.MIN_VALUE) + SEPARATOR + container + SEPARATOR + documentKey;
    }

    static ExpiryKey decode(String encoded) {
        int containerEnd = encoded.indexOf(SEPARATOR, TIME_DIGITS + 1);
        long epochSecond = Long.parseUnsignedLong(encoded.substring(0, TIME_DIGITS), 16) ^ Long.MIN_VALUE;
        return new ExpiryKey(epochSecond, encoded.substring(TIME_DIGITS + 1, containerEnd),
                encoded.substring(containerEnd + 1));
    }
}
