package com.cardscry.portal.application.privacy;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Locale;

/**
 * Where an access request's export lives in the {@code ExportStore}: one name per request and format,
 * the same every time, so writing it again (a redelivered message) replaces it instead of adding a
 * second one, and an erasure finds every earlier export from the account's requests alone. The name
 * is a hash of the account and request ids, so it reveals neither and fits the store's name rules
 * whatever characters the ids use.
 */
public final class ExportNames {

    /** The formats an export is written in. */
    public enum Format {
        JSON("json", "application/json; charset=utf-8"),
        HTML("html", "text/html; charset=utf-8");

        private final String code;
        private final String contentType;

        Format(String code, String contentType) {
            this.code = code;
            this.contentType = contentType;
        }

        public String code() {
            return code;
        }

        public String contentType() {
            return contentType;
        }

        /** The format named {@code code}, case-insensitively; JSON when none is named. */
        public static java.util.Optional<Format> fromCode(java.util.Optional<String> code) {
            if (code.isEmpty()) {
                return java.util.Optional.of(JSON);
            }
            for (Format format : values()) {
                if (format.code.equals(code.get().toLowerCase(Locale.ROOT))) {
                    return java.util.Optional.of(format);
                }
            }
            return java.util.Optional.empty();
        }
    }

    static final String FOLDER = "privacy-exports/";

    private ExportNames() {
    }

    /** The export name of the request's content in {@code format}. */
    public static String of(String accountId, String requestId, Format format) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest((accountId + "/" + requestId).getBytes(StandardCharsets.UTF_8));
            return FOLDER + HexFormat.of().formatHex(digest) + "." + format.code();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform provides SHA-256", e);
        }
    }
}
