package com.cardscry.portal.security;

import static org.junit.jupiter.api.Assertions.assertTrue;

import com.cardscry.portal.testing.CapturedLogs;
import java.util.List;

/** Decision 9: no token, cookie, CSRF token, code, email or name in any captured log line. */
final class LogScan {

    private LogScan() {
    }

    /**
     * Fails if any of {@code secrets} occurs in what {@code logs} captured. The message names the
     * secret only by its first characters, so the failure report does not spread it further.
     */
    static void assertNoSecretIn(CapturedLogs logs, List<String> secrets) {
        String text = logs.text();
        assertTrue(!secrets.isEmpty(), "the scan needs secrets to look for");
        for (String secret : secrets) {
            assertTrue(!text.contains(secret),
                    () -> "a log line contains the secret starting " + secret.substring(0, Math.min(6, secret.length()))
                            + "…: " + lineWith(text, secret).replace(secret, "<secret>"));
        }
    }

    private static String lineWith(String text, String secret) {
        return text.lines().filter(line -> line.contains(secret)).findFirst().orElse("");
    }
}
