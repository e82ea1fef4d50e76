package com.cardscry.portal.security;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.cardscry.portal.testing.CapturedLogs;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The scan the security tests rely on finds what it must, and its report does not repeat the secret. */
class LogScanTest {

    private static final String SECRET = "eyJhbGciOiJSUzI1NiJ9.secret-payload.signature";

    @Test
    void finds_a_secret_logged_at_any_level_and_names_it_only_by_its_first_characters() {
        try (CapturedLogs logs = CapturedLogs.start()) {
            System.getLogger(LogScanTest.class.getName()).log(System.Logger.Level.TRACE, "token was " + SECRET);

            AssertionError failure = assertThrows(AssertionError.class, () -> LogScan.assertNoSecretIn(logs, List.of(SECRET)));

            assertTrue(failure.getMessage().contains("token was <secret>"), failure.getMessage());
            assertFalse(failure.getMessage().contains(SECRET), failure.getMessage());
        }
    }

    @Test
    void passes_when_no_secret_was_logged() {
        try (CapturedLogs logs = CapturedLogs.start()) {
            System.getLogger(LogScanTest.class.getName()).log(System.Logger.Level.INFO, "bearer token rejected: expired");

            assertDoesNotThrow(() -> LogScan.assertNoSecretIn(logs, List.of(SECRET)));
        }
    }
}
