package com.cardscry.portal.application.port;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Instant;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class AuditEntryTest {

    private static final Instant AT = Instant.parse("2026-01-15T10:00:00Z");
    private static final String SUBJECT = "AAAAAAAAAAAAAAAAAAAAAA";
    private static final String ADMIN = "b-_9b-_9b-_9b-_9b-_9bw";

    @Nested
    class Accepts {

        @Test
        void an_admins_action_with_non_personal_details_sorted_by_key() {
            AuditEntry entry = AuditEntry.byAdmin(AT, AuditAction.ACCOUNT_BLOCKED, SUBJECT, ADMIN,
                    Map.of("reason", "abuse", "endedSessions", "3"));

            assertAll(
                    () -> assertEquals(Optional.of(ADMIN), entry.actor()),
                    () -> assertEquals(List.of("endedSessions", "reason"), List.copyOf(entry.details().keySet())),
                    () -> assertThrows(UnsupportedOperationException.class, () -> entry.details().put("x", "y")));
        }

        @Test
        void changed_field_names_as_values_even_when_they_name_personal_data() {
            AuditEntry entry = AuditEntry.bySubject(AT, AuditAction.PROFILE_CHANGED, SUBJECT,
                    Map.of("fields", "displayName,email"));

            assertEquals("displayName,email", entry.details().get("fields"));
        }

        @Test
        void a_copy_of_the_details_that_later_changes_to_the_source_do_not_reach() {
            Map<String, String> source = new HashMap<>(Map.of("sessionId", "s-1"));
            AuditEntry entry = AuditEntry.bySubject(AT, AuditAction.SESSION_STARTED, SUBJECT, source);
            source.put("sessionId", "s-2");

            assertEquals("s-1", entry.details().get("sessionId"));
        }
    }

    @Nested
    class RefusesPersonalData {

        @ParameterizedTest
        @ValueSource(strings = {"ada@example.com", "acc-123", "Ada Lovelace", ""})
        void as_subject_anything_but_a_pseudonym_and_does_not_repeat_it(String subject) {
            IllegalArgumentException refused = assertThrows(IllegalArgumentException.class,
                    () -> AuditEntry.bySubject(AT, AuditAction.SIGN_UP, subject, Map.of()));

            assertFalse(!subject.isEmpty() && refused.getMessage().contains(subject), refused.getMessage());
        }

        @Test
        void as_actor_anything_but_a_pseudonym() {
            assertThrows(IllegalArgumentException.class,
                    () -> AuditEntry.byAdmin(AT, AuditAction.ACCOUNT_BLOCKED, SUBJECT, "admin@example.com", Map.of()));
        }

        @ParameterizedTest
        @ValueSource(strings = {"email", "newEmail", "emailAddress", "name", "displayName", "fullName", "firstName",
            "lastName", "givenName", "surname", "familyName", "userName"})
        void under_a_key_that_names_it(String key) {
            assertThrows(IllegalArgumentException.class,
                    () -> AuditEntry.bySubject(AT, AuditAction.PROFILE_CHANGED, SUBJECT, Map.of(key, "x")));
        }

        @Test
        void in_a_value_that_looks_like_an_email_address_and_does_not_repeat_it() {
            IllegalArgumentException refused = assertThrows(IllegalArgumentException.class,
                    () -> AuditEntry.bySubject(AT, AuditAction.PROFILE_CHANGED, SUBJECT, Map.of("previous", "ada@example.com")));

            assertFalse(refused.getMessage().contains("ada@example.com"), refused.getMessage());
        }
    }

    @Nested
    class RefusesMalformedEntries {

        @Test
        void an_actor_acting_on_their_own_account() {
            assertThrows(IllegalArgumentException.class,
                    () -> AuditEntry.byAdmin(AT, AuditAction.ACCOUNT_BLOCKED, SUBJECT, SUBJECT, Map.of()));
        }

        @ParameterizedTest
        @ValueSource(strings = {"", "Reason", "with space", "dotted.key", "abcdefghijklmnopqrstuvwxyzabcdefghijklmno"})
        void a_key_outside_the_key_shape(String key) {
            assertThrows(IllegalArgumentException.class,
                    () -> AuditEntry.bySubject(AT, AuditAction.SIGN_UP, SUBJECT, Map.of(key, "x")));
        }

        @Test
        void an_empty_multi_line_or_overlong_value() {
            assertAll(
                    () -> assertThrows(IllegalArgumentException.class,
                            () -> AuditEntry.bySubject(AT, AuditAction.SIGN_UP, SUBJECT, Map.of("reason", ""))),
                    () -> assertThrows(IllegalArgumentException.class,
                            () -> AuditEntry.bySubject(AT, AuditAction.SIGN_UP, SUBJECT, Map.of("reason", "a\nb"))),
                    () -> assertThrows(IllegalArgumentException.class, () -> AuditEntry.bySubject(AT, AuditAction.SIGN_UP,
                            SUBJECT, Map.of("reason", "x".repeat(AuditEntry.MAX_VALUE_LENGTH + 1)))));
        }

        @Test
        void more_details_than_the_limit() {
            Map<String, String> many = IntStream.rangeClosed(0, AuditEntry.MAX_DETAILS).boxed()
                    .collect(Collectors.toMap(i -> "k" + i, i -> "v"));

            assertThrows(IllegalArgumentException.class,
                    () -> AuditEntry.bySubject(AT, AuditAction.SIGN_UP, SUBJECT, many));
        }
    }

    @Nested
    class ActionCodes {

        @Test
        void are_distinct_and_read_back_as_their_action() {
            Set<String> codes = Arrays.stream(AuditAction.values()).map(AuditAction::code).collect(Collectors.toSet());

            assertAll(
                    () -> assertEquals(AuditAction.values().length, codes.size()),
                    () -> Arrays.stream(AuditAction.values())
                            .forEach(action -> assertEquals(Optional.of(action), AuditAction.fromCode(action.code()))),
                    () -> assertEquals(Optional.empty(), AuditAction.fromCode("SIGN_UP")));
        }
    }
}
