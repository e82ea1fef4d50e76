package com.cardscry.portal.application.port;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Map;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class NotificationTest {

    private static final String ADA = "ada@example.com";
    private static final Map<String, String> VALUES = Map.of("code", "493027", "expiresAt", "2026-01-15T10:15:00Z");

    @Test
    void shows_its_kind_and_value_names_but_redacts_address_values_and_key() {
        String shown = new Notification(ADA, NotificationKind.EMAIL_VERIFICATION_CODE, VALUES, "signup:acc-1:1").toString();

        assertAll(
                () -> assertEquals("Notification[kind=EMAIL_VERIFICATION_CODE, recipientEmail=(redacted),"
                        + " values=(redacted [code, expiresAt]), idempotencyKey=(redacted)]", shown),
                () -> assertFalse(shown.contains("ada@") || shown.contains("493027") || shown.contains("acc-1"), shown));
    }

    @Nested
    class Refuses {

        @Test
        void values_other_than_those_of_its_kind() {
            assertAll(
                    () -> assertThrows(IllegalArgumentException.class, () -> new Notification(ADA,
                            NotificationKind.EMAIL_VERIFICATION_CODE, Map.of("code", "493027"), "k")),
                    () -> assertThrows(IllegalArgumentException.class, () -> new Notification(ADA,
                            NotificationKind.EMAIL_VERIFICATION_CODE, Map.of("code", "1", "expiresAt", "2", "link", "3"), "k")));
        }

        @Test
        void an_address_without_at_sign_or_on_two_lines_without_repeating_it() {
            IllegalArgumentException noAt = assertThrows(IllegalArgumentException.class,
                    () -> new Notification("ada.example.com", NotificationKind.EMAIL_VERIFICATION_CODE, VALUES, "k"));
            IllegalArgumentException twoLines = assertThrows(IllegalArgumentException.class,
                    () -> new Notification("ada@example.com\nBcc: eve@example.com", NotificationKind.EMAIL_VERIFICATION_CODE, VALUES, "k"));

            assertFalse(noAt.getMessage().contains("ada.example.com") || twoLines.getMessage().contains("eve@"));
        }

        @Test
        void an_empty_or_overlong_key_or_value() {
            assertAll(
                    () -> assertThrows(IllegalArgumentException.class,
                            () -> new Notification(ADA, NotificationKind.EMAIL_VERIFICATION_CODE, VALUES, "")),
                    () -> assertThrows(IllegalArgumentException.class, () -> new Notification(ADA,
                            NotificationKind.EMAIL_VERIFICATION_CODE, VALUES, "k".repeat(Notification.MAX_KEY_LENGTH + 1))),
                    () -> assertThrows(IllegalArgumentException.class, () -> new Notification(ADA,
                            NotificationKind.EMAIL_VERIFICATION_CODE, Map.of("code", "", "expiresAt", "x"), "k")));
        }
    }
}
