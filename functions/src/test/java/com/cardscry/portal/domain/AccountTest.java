package com.cardscry.portal.domain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class AccountTest {

    private static final Instant NOW = Instant.parse("2026-11-29T08:00:00Z");
    private static final EmailAddress ADA = EmailAddress.of("ada@example.com");
    private static final EmailAddress ADA_WORK = EmailAddress.of("ada@work.example");

    private static Account pending() {
        return Account.signUp("acc-1", "tenant-1", "object-1", "Ada", ADA, Consent.acceptedAt("t1", "p1", NOW),
                EmailChallenge.first(ADA, "hash-1", NOW), NOW);
    }

    @Nested
    class Verification {

        @Test
        void the_right_code_activates_a_pending_account_and_verifies_its_address() {
            Account active = pending().afterCodeEntered(true, NOW.plusSeconds(30));
            assertEquals(AccountState.ACTIVE, active.state());
            assertTrue(active.emailVerified());
            assertTrue(active.challenge().isEmpty());
        }

        @Test
        void a_wrong_code_is_counted_and_five_spend_the_code() {
            Account account = pending();
            for (int i = 0; i < EmailChallenge.MAX_FAILED_ATTEMPTS; i++) {
                assertFalse(account.challenge().orElseThrow().isSpent());
                account = account.afterCodeEntered(false, NOW);
            }
            assertTrue(account.challenge().orElseThrow().isSpent());
            assertEquals(AccountState.PENDING, account.state());
        }

        @Test
        void a_code_expires_after_fifteen_minutes() {
            EmailChallenge challenge = pending().challenge().orElseThrow();
            assertFalse(challenge.isExpired(NOW.plus(Duration.ofMinutes(15)).minusNanos(1)));
            assertTrue(challenge.isExpired(NOW.plus(Duration.ofMinutes(15))));
        }

        @Test
        void an_address_change_replaces_the_verified_address_only_when_its_code_is_entered() {
            Account active = pending().afterCodeEntered(true, NOW);
            Account changing = active.withChallenge(EmailChallenge.first(ADA_WORK, "hash-2", NOW), NOW);
            assertEquals(ADA, changing.email());
            Account changed = changing.afterCodeEntered(true, NOW);
            assertEquals(ADA_WORK, changed.email());
            assertEquals(AccountState.ACTIVE, changed.state());
        }

        @Test
        void an_undelivered_code_may_be_sent_again_at_once() {
            assertEquals(Optional.empty(), pending().challenge().orElseThrow().resendAllowedIn(NOW));
        }

        @Test
        void a_delivered_code_may_be_replaced_after_a_minute_and_five_times_an_hour() {
            EmailChallenge challenge = pending().challenge().orElseThrow().delivered(NOW);
            assertEquals(Optional.of(Duration.ofSeconds(60)), challenge.resendAllowedIn(NOW));
            Instant at = NOW;
            for (int sent = 1; sent < EmailChallenge.MAX_SENDS_PER_WINDOW; sent++) {
                at = at.plusSeconds(60);
                assertEquals(Optional.empty(), challenge.resendAllowedIn(at));
                challenge = challenge.reissued(ADA, "hash", at).delivered(at);
            }
            assertEquals(Optional.of(Duration.ofHours(1).minus(Duration.between(NOW, at))), challenge.resendAllowedIn(at));
            assertEquals(Optional.empty(), challenge.resendAllowedIn(NOW.plus(Duration.ofHours(1))));
            assertEquals(1, challenge.reissued(ADA, "hash", NOW.plus(Duration.ofHours(1))).sendsInWindow());
        }
    }

    @Nested
    class States {

        @Test
        void blocking_remembers_the_state_and_unblocking_returns_to_it() {
            Account blocked = pending().blocked("spam", NOW);
            assertEquals(AccountState.BLOCKED, blocked.state());
            assertFalse(blocked.isUsable());
            assertEquals(Optional.of("spam"), blocked.moderationReason());
            Account again = blocked.blocked("fraud", NOW);
            assertEquals(Optional.of(AccountState.PENDING), again.stateBeforeBlock());
            assertEquals(AccountState.PENDING, again.unblocked("appeal upheld", NOW).state());
        }

        @Test
        void unblocking_an_account_that_is_not_blocked_changes_nothing() {
            Account account = pending();
            assertSame(account, account.unblocked("why", NOW));
        }

        @Test
        void closing_is_idempotent_and_drops_an_open_code() {
            Account closing = pending().closing(NOW);
            assertEquals(AccountState.CLOSING, closing.state());
            assertTrue(closing.challenge().isEmpty());
            assertSame(closing, closing.closing(NOW));
        }

        @Test
        void a_blocked_account_cannot_close_itself_and_a_closing_one_cannot_be_blocked() {
            assertThrows(IllegalStateException.class, () -> pending().blocked("x", NOW).closing(NOW));
            assertThrows(IllegalStateException.class, () -> pending().closing(NOW).blocked("x", NOW));
        }
    }

    @Nested
    class DisplayNames {

        @Test
        void are_stripped() {
            assertEquals("Ada Lovelace", Account.requireDisplayName("  Ada Lovelace \t"));
        }

        @ParameterizedTest
        @ValueSource(strings = {"", "   ", "Ada\nLovelace", "Ada\u0000", "Ada\u202Eecalevol"})
        void refuse_empty_names_and_control_or_formatting_characters(String name) {
            assertThrows(IllegalArgumentException.class, () -> Account.requireDisplayName(name));
        }

        @Test
        void allow_a_hundred_characters_counted_as_code_points() {
            assertEquals(100, Account.requireDisplayName("😀".repeat(100)).codePointCount(0, 200));
            assertThrows(IllegalArgumentException.class, () -> Account.requireDisplayName("a".repeat(101)));
        }
    }

    @Test
    void its_string_form_shows_no_personal_data() {
        String shown = pending().toString();
        assertFalse(shown.contains("Ada") || shown.contains("example"), shown);
    }
}
