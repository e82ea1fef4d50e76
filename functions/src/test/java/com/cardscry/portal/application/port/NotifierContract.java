package com.cardscry.portal.application.port;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.cardscry.portal.testing.CapturedLogs;
import com.cardscry.portal.testing.FakeClock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * The behaviour every {@link Notifier} shows, written once and run by each implementation's test
 * class, which says how to build one, how to read back what its transport holds, and how to break
 * the transport.
 */
public abstract class NotifierContract {

    protected static final String ADA = "ada.lovelace@example.com";
    protected static final String ZOE = "zoë@exämple.com";
    protected static final String ADA_CODE = "493027";
    protected static final String ZOE_CODE = "118604";

    protected final FakeClock clock = new FakeClock(Instant.parse("2026-01-15T10:00:00Z"));
    protected Notifier notifier;

    /** A notifier whose transport holds nothing yet and whose time is {@code clock}. */
    protected abstract Notifier newNotifier(Clock clock);

    /** Every notification the transport holds, in any order; called at most once per test. */
    protected abstract List<Notification> delivered();

    /** Whether the transport keeps one notification per idempotency key. */
    protected abstract boolean recognisesRepeats();

    /** Makes every later send fail as the transport would when it is down. */
    protected abstract void makeTransportUnavailable();

    /**
     * Whether the notifier keeps notifications itself, so that the retention purge deletes them through
     * {@link Notifier#deleteWrittenBefore}; false for one whose transport expires them on its own.
     */
    protected abstract boolean keepsNotificationsItself();

    @BeforeEach
    void openNotifier() {
        notifier = newNotifier(clock);
    }

    protected Notification verificationCode(String email, String code, String key) {
        return new Notification(email, NotificationKind.EMAIL_VERIFICATION_CODE,
                Map.of("code", code, "expiresAt", clock.now().plus(Duration.ofMinutes(15)).toString()), key);
    }

    @Nested
    class Delivers {

        @Test
        void a_notification_with_its_address_kind_values_and_key() {
            Notification ada = verificationCode(ADA, ADA_CODE, "signup:acc-1:1");

            notifier.send(ada);

            assertEquals(List.of(ada), delivered());
        }

        @Test
        void each_notification_under_its_own_key_including_non_ascii_addresses() {
            Notification ada = verificationCode(ADA, ADA_CODE, "signup:acc-1:1");
            Notification zoe = verificationCode(ZOE, ZOE_CODE, "signup:acc-2:1");

            notifier.send(ada);
            clock.advance(Duration.ofSeconds(1));
            notifier.send(zoe);

            assertEquals(Set.of(ada, zoe), Set.copyOf(delivered()));
        }
    }

    @Nested
    class UnderARepeatedKey {

        @Test
        void delivers_once_or_carries_the_key_for_the_sender_to_drop_the_repeat() {
            Notification ada = verificationCode(ADA, ADA_CODE, "signup:acc-1:1");

            notifier.send(ada);
            notifier.send(ada);

            List<Notification> delivered = delivered();
            if (recognisesRepeats()) {
                assertEquals(List.of(ada), delivered);
            } else {
                assertEquals(List.of(ada, ada), delivered);
            }
        }
    }

    @Nested
    class ForTheRetentionPurge {

        private Notification first;
        private Notification second;
        private Notification third;
        private Instant cutoff;

        @BeforeEach
        void sendThreeAMinuteApart() {
            first = verificationCode(ADA, ADA_CODE, "signup:acc-1:1");
            second = verificationCode(ZOE, ZOE_CODE, "signup:acc-2:1");
            third = verificationCode(ADA, ADA_CODE, "signup:acc-1:2");
            notifier.send(first);
            clock.advance(Duration.ofMinutes(1));
            notifier.send(second);
            clock.advance(Duration.ofMinutes(1));
            cutoff = clock.now();
            notifier.send(third);
        }

        @Test
        void deletes_what_it_keeps_written_before_the_cutoff_oldest_first_at_most_as_many_as_asked() {
            if (!keepsNotificationsItself()) {
                assertEquals(0, notifier.deleteWrittenBefore(cutoff, 10));
                return;
            }
            assertEquals(1, notifier.deleteWrittenBefore(cutoff, 1));

            assertEquals(Set.of(second, third), Set.copyOf(delivered()));
        }

        @Test
        void answers_fewer_than_asked_once_nothing_older_is_left_and_keeps_what_is_younger() {
            int deleted = notifier.deleteWrittenBefore(cutoff, 10);

            assertEquals(keepsNotificationsItself() ? 2 : 0, deleted);
            assertEquals(0, notifier.deleteWrittenBefore(cutoff, 10));
            List<Notification> left = delivered();
            assertEquals(keepsNotificationsItself() ? List.of(third) : List.of(first, second, third), left);
        }
    }

    @Nested
    class WhenTheTransportIsDown {

        @Test
        void throws_store_unavailable_naming_nothing_of_the_notification() {
            makeTransportUnavailable();

            StoreUnavailableException refused = assertThrows(StoreUnavailableException.class,
                    () -> notifier.send(verificationCode(ADA, ADA_CODE, "signup:acc-1:1")));

            assertRevealsNothing(describe(refused));
        }
    }

    @Nested
    class Logs {

        @Test
        void nothing_of_the_address_code_or_key_whether_sending_works_or_not() {
            String logged;
            try (CapturedLogs logs = CapturedLogs.start()) {
                notifier.send(verificationCode(ADA, ADA_CODE, "signup:acc-1:1"));
                notifier.send(verificationCode(ADA, ADA_CODE, "signup:acc-1:1"));
                makeTransportUnavailable();
                assertThrows(StoreUnavailableException.class,
                        () -> notifier.send(verificationCode(ADA, ADA_CODE, "signup:acc-1:1")));
                logged = logs.text();
            }

            assertRevealsNothing(logged);
        }
    }

    private static void assertRevealsNothing(String text) {
        assertAll(
                () -> assertFalse(text.contains("ada.lovelace"), text),
                () -> assertFalse(text.contains(ADA_CODE), text),
                () -> assertFalse(text.contains("acc-1"), text));
    }

    /** The exception's messages down its cause chain, as a log line with the exception would show them. */
    private static String describe(Throwable thrown) {
        StringBuilder text = new StringBuilder();
        for (Throwable t = thrown; t != null; t = t.getCause()) {
            text.append(t).append('\n');
        }
        return text.toString();
    }
}
