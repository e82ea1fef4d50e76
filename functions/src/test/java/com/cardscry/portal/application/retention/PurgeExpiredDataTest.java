package com.cardscry.portal.application.retention;

import static com.cardscry.portal.application.retention.PurgeFixture.days;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.cardscry.portal.application.accounts.AccountRecords;
import com.cardscry.portal.application.accounts.SignUp;
import com.cardscry.portal.application.accounts.VerifyEmail;
import com.cardscry.portal.application.port.AuditAction;
import com.cardscry.portal.application.port.AuditEntry;
import com.cardscry.portal.application.port.Clock;
import com.cardscry.portal.application.port.Notification;
import com.cardscry.portal.application.port.NotificationKind;
import com.cardscry.portal.application.usage.UsageRecords;
import com.cardscry.portal.domain.RetentionCategory;
import com.cardscry.portal.domain.UsageBucket;
import com.cardscry.portal.domain.UsageCounts;
import com.cardscry.portal.testing.CountingDocumentStore;
import com.cardscry.portal.testing.Retention;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PurgeExpiredDataTest {

    private static final String SIGN_UPS = RetentionCategory.UNVERIFIED_SIGN_UPS.id();
    private static final String EXPORTS = RetentionCategory.EXPORTS.id();
    private static final String USAGE_DAILY = RetentionCategory.USAGE_DAILY.id();
    private static final PurgeExpiredData.Limits GENEROUS = new PurgeExpiredData.Limits(10_000, Duration.ofSeconds(20));

    @TempDir
    Path folder;

    private PurgeFixture fixture;

    @BeforeEach
    void open() {
        fixture = new PurgeFixture(folder);
    }

    @AfterEach
    void close() {
        fixture.close();
    }

    @Nested
    class UnverifiedSignUps {

        @Test
        void a_sign_up_never_verified_goes_with_its_identity_entry_after_seven_days_and_not_before() {
            Instant signedUpAt = fixture.clock.now();
            PurgeFixture.SignedUp pending = fixture.signUp(signedUpAt);

            fixture.clock.set(signedUpAt.plus(days(7)).minusSeconds(1));
            PurgeReport early = fixture.purge(GENEROUS).run(false);
            assertTrue(fixture.exists(pending) && fixture.identityBound(pending), "kept until its seven days are over");
            assertEquals(0L, early.removed().get(SIGN_UPS));

            fixture.clock.set(signedUpAt.plus(days(7)));
            PurgeReport due = fixture.purge(GENEROUS).run(false);
            assertFalse(fixture.exists(pending), "the pending account is gone");
            assertFalse(fixture.identityBound(pending), "the identity may sign up afresh");
            assertEquals(1L, due.removed().get(SIGN_UPS));
            assertTrue(due.complete());
            assertTrue(fixture.records().signUpsOn(AccountRecords.dayOf(signedUpAt), fixture.clock.now(), 10).isEmpty(),
                    "its index entry is gone");
        }

        @Test
        void a_sign_up_verified_through_the_use_case_leaves_the_index_and_is_kept() {
            String email = "ada@example.com";
            new SignUp(fixture.accounts.services).handle(fixture.accounts.tokenCaller("oid-ada"), fixture.accounts.signUpCommand(email));
            Instant signedUpAt = fixture.clock.now();
            assertEquals(1, fixture.records().signUpsOn(AccountRecords.dayOf(signedUpAt), signedUpAt.plusSeconds(1), 10).size(),
                    "sign-up writes the index entry");

            new VerifyEmail(fixture.accounts.services).handle(fixture.accounts.tokenCaller("oid-ada"),
                    new VerifyEmail.Command(fixture.accounts.outbox.latestCodeFor(email)));
            assertTrue(fixture.records().signUpsOn(AccountRecords.dayOf(signedUpAt), signedUpAt.plusSeconds(1), 10).isEmpty(),
                    "verification removes it");

            fixture.clock.advance(days(30));
            PurgeReport report = fixture.purge(GENEROUS).run(false);
            assertTrue(fixture.records().findByIdentity("tenant-1", "oid-ada").isPresent());
            assertEquals(0L, report.removed().get(SIGN_UPS));
        }

        @Test
        void a_verified_account_whose_index_entry_was_left_behind_is_kept_and_the_entry_dropped() {
            Instant signedUpAt = fixture.clock.now();
            PurgeFixture.SignedUp verified = fixture.signUp(signedUpAt);
            fixture.verify(verified.accountId(), signedUpAt.plusSeconds(60), true);

            fixture.clock.advance(days(8));
            PurgeReport report = fixture.purge(GENEROUS).run(false);

            assertTrue(fixture.exists(verified) && fixture.identityBound(verified));
            assertEquals(0L, report.removed().get(SIGN_UPS));
            assertEquals(1L, report.removed().get(PurgeReport.ORPHANED_INDEX_ENTRIES));
        }

        @Test
        void the_continuation_moves_past_finished_days_only() {
            Instant start = fixture.clock.now();
            fixture.signUp(start);
            fixture.clock.set(start.plus(days(10)));

            fixture.purge(GENEROUS).run(false);

            LocalDate cutoffDay = LocalDate.ofInstant(fixture.clock.now().minus(days(7)), ZoneOffset.UTC);
            assertEquals(cutoffDay, fixture.runs.day(RetentionRuns.Lane.SIGN_UPS).orElseThrow(), "the cutoff's own day may still get due sign-ups");
        }
    }

    @Nested
    class BoundedRuns {

        @Test
        void a_run_stopped_by_its_item_limit_leaves_the_rest_to_the_next_which_finishes() {
            Instant start = fixture.clock.now();
            List<PurgeFixture.SignedUp> pending = new ArrayList<>();
            for (int i = 0; i < 10; i++) {
                pending.add(fixture.signUp(start.plus(Duration.ofHours(5L * i))));
            }
            fixture.clock.set(start.plus(days(20)));
            PurgeExpiredData purge = fixture.purge(new PurgeExpiredData.Limits(3, Duration.ofSeconds(20)));

            PurgeReport first = purge.run(false);
            assertFalse(first.complete());
            assertEquals(3L, first.removed().get(SIGN_UPS));
            assertEquals(7, pending.stream().filter(fixture::exists).count());

            List<PurgeReport> rest = fixture.runUntilComplete(purge, 10);
            assertEquals(7L, PurgeFixture.removed(rest, SIGN_UPS));
            assertTrue(pending.stream().noneMatch(fixture::exists));
        }

        @Test
        void a_run_stopped_by_its_time_limit_leaves_the_rest_to_the_next() {
            Instant start = fixture.clock.now();
            for (int i = 0; i < 5; i++) {
                fixture.signUp(start.plusSeconds(i));
            }
            fixture.clock.set(start.plus(days(8)));
            // Every reading of this clock is a second later: an 8-second run sees the time run out after a few
            // records or days of the index (each part of a run reads the clock at least once), so it takes many runs.
            Clock slow = () -> {
                fixture.clock.advance(Duration.ofSeconds(1));
                return fixture.clock.now();
            };
            PurgeExpiredData purge = fixture.purge(new PurgeExpiredData.Limits(1000, Duration.ofSeconds(8)), slow);

            PurgeReport first = purge.run(false);
            assertFalse(first.complete());
            assertTrue(first.removed().get(SIGN_UPS) < 5, first.toString());

            List<PurgeReport> rest = fixture.runUntilComplete(purge, 100);
            assertEquals(5L, first.removed().get(SIGN_UPS) + PurgeFixture.removed(rest, SIGN_UPS));
        }

        @Test
        void what_a_run_costs_follows_what_is_due_not_what_is_kept(@TempDir Path other) {
            try (PurgeFixture crowded = new PurgeFixture(other)) {
                List<Long> operations = new ArrayList<>();
                for (PurgeFixture each : List.of(fixture, crowded)) {
                    Instant start = each.clock.now();
                    for (int i = 0; i < 10; i++) {
                        each.signUp(start.plusSeconds(i));
                    }
                    each.clock.set(start.plus(days(10)));
                    if (each == crowded) {
                        for (int i = 0; i < 200; i++) {
                            each.signUp(each.clock.now().minus(Duration.ofMinutes(i)));
                        }
                    }
                    CountingDocumentStore counting = new CountingDocumentStore(each.accounts.store);
                    assertTrue(each.purgeThrough(counting, GENEROUS).run(false).complete());
                    operations.add((long) counting.operations().size());
                }

                assertEquals(operations.get(0), operations.get(1), "200 young sign-ups more cost nothing");
            }
        }

        @Test
        void two_runs_at_once_remove_each_sign_up_once_and_miss_none() throws Exception {
            Instant start = fixture.clock.now();
            List<PurgeFixture.SignedUp> pending = new ArrayList<>();
            for (int i = 0; i < 60; i++) {
                pending.add(fixture.signUp(start.plus(Duration.ofMinutes(97L * i))));
            }
            fixture.clock.set(start.plus(days(20)));
            List<PurgeReport> reports = fixture.runTwoAtOnce(new PurgeExpiredData.Limits(7, Duration.ofSeconds(20)), 100);

            assertEquals(60L, PurgeFixture.removed(reports, SIGN_UPS), "each removal counted once, by the run that made it");
            assertTrue(pending.stream().noneMatch(fixture::exists));
            assertTrue(pending.stream().noneMatch(fixture::identityBound));
        }
    }

    @Nested
    class UnderALegalHold {

        @Test
        void a_held_sign_up_survives_while_the_hold_lasts_is_reported_as_held_and_goes_after_it_ends() {
            Instant signedUpAt = fixture.clock.now();
            PurgeFixture.SignedUp pending = fixture.signUp(signedUpAt);
            LocalDate endsOn = LocalDate.ofInstant(signedUpAt, ZoneOffset.UTC).plusDays(20);
            place(pending.accountId(), endsOn);

            fixture.clock.set(signedUpAt.plus(days(8)));
            PurgeReport held = fixture.purge(GENEROUS).run(false);
            for (int day = 9; day <= 20; day++) {
                fixture.clock.set(signedUpAt.plus(days(day)));
                fixture.purge(GENEROUS).run(false);
            }
            assertEquals(1L, held.removed().get(PurgeReport.HELD));
            assertEquals(0L, held.removed().get(SIGN_UPS));
            assertTrue(fixture.exists(pending) && fixture.identityBound(pending), "kept through the hold");

            fixture.clock.set(endsOn.plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant());
            PurgeReport after = fixture.purge(GENEROUS).run(false);
            assertEquals(1L, after.removed().get(SIGN_UPS));
            assertFalse(fixture.exists(pending));
        }

        @Test
        void a_lifted_hold_lets_the_next_days_run_remove_the_sign_up() {
            Instant signedUpAt = fixture.clock.now();
            PurgeFixture.SignedUp pending = fixture.signUp(signedUpAt);
            place(pending.accountId(), LocalDate.ofInstant(signedUpAt, ZoneOffset.UTC).plusDays(300));
            fixture.clock.set(signedUpAt.plus(days(8)));
            fixture.purge(GENEROUS).run(false);

            fixture.holds.lift(fixture.accounts.tokenCaller("oid-admin", true), pending.accountId());
            fixture.clock.advance(days(1));
            PurgeReport report = fixture.purge(GENEROUS).run(false);

            assertEquals(1L, report.removed().get(SIGN_UPS));
            assertFalse(fixture.exists(pending));
        }

        private void place(String accountId, LocalDate endsOn) {
            fixture.holds.place(fixture.accounts.tokenCaller("oid-admin", true), accountId,
                    new LegalHolds.PlaceCommand("Court order 12/2026", endsOn.toString())).fold(hold -> hold, problem -> {
                        throw new AssertionError(problem.toString());
                    });
        }
    }

    @Nested
    class UsageRollUp {

        private final Instant day = Instant.parse("2026-12-01T00:00:00Z");

        @Test
        void a_days_buckets_are_summed_up_a_day_before_the_first_expires_and_the_sum_outlives_them() {
            fixture.clock.set(day.plus(Duration.ofHours(3)));
            for (int hour = 0; hour < 3; hour++) {
                fixture.usage.create("account-1", new UsageBucket("sub-1", day.plus(Duration.ofHours(hour)),
                        new UsageCounts(10 + hour, 2, 1), List.of()));
            }
            fixture.usage.create("account-1", new UsageBucket("sub-1", day.plus(Duration.ofHours(24)), new UsageCounts(99, 0, 0),
                    List.of()));
            Instant firstExpiry = day.plus(Duration.ofHours(1)).plus(Retention.STANDARD.period(RetentionCategory.USAGE_HOURLY));

            fixture.clock.set(firstExpiry.minus(PurgeExpiredData.ROLL_UP_AHEAD).minusSeconds(1));
            PurgeReport early = fixture.purge(GENEROUS).run(false);
            assertEquals(0L, early.removed().get(USAGE_DAILY));
            assertTrue(fixture.usage.daily("account-1", "sub-1", LocalDate.of(2026, 12, 1)).isEmpty());

            fixture.clock.set(firstExpiry.minus(PurgeExpiredData.ROLL_UP_AHEAD));
            PurgeReport due = fixture.purge(GENEROUS).run(false);
            fixture.purge(GENEROUS).run(false);
            assertEquals(1L, due.removed().get(USAGE_DAILY), "one subscription-day, rolled up once");
            assertEquals(new UsageCounts(33, 6, 3), fixture.usage.daily("account-1", "sub-1", LocalDate.of(2026, 12, 1)).orElseThrow());
            assertTrue(fixture.usage.daily("account-1", "sub-1", LocalDate.of(2026, 12, 2)).isEmpty(), "the next day is not due yet");

            fixture.clock.advance(Duration.ofDays(2));
            assertTrue(fixture.usage.inRange("account-1", "sub-1", day, day.plus(Duration.ofDays(1))).isEmpty(), "the hours expired");
            assertEquals(new UsageCounts(33, 6, 3), fixture.usage.daily("account-1", "sub-1", LocalDate.of(2026, 12, 1)).orElseThrow());
        }

        @Test
        void a_day_whose_buckets_were_erased_meanwhile_gets_no_aggregate() {
            fixture.clock.set(day.plus(Duration.ofHours(1)));
            fixture.usage.create("account-1", new UsageBucket("sub-1", day, new UsageCounts(5, 0, 0), List.of()));
            fixture.accounts.store.delete(UsageRecords.USAGE.name(), "account-1", "sub-1:" + UsageBucket.hourId(day), null);

            fixture.clock.advance(Retention.STANDARD.period(RetentionCategory.USAGE_HOURLY));
            PurgeReport report = fixture.purge(GENEROUS).run(false);

            assertTrue(fixture.usage.daily("account-1", "sub-1", LocalDate.of(2026, 12, 1)).isEmpty());
            assertTrue(fixture.usage.usageOn(LocalDate.of(2026, 12, 1), 10).isEmpty(), "the day's entry is dealt with");
            assertTrue(report.complete());
        }
    }

    @Nested
    class Exports {

        @Test
        void an_export_goes_after_its_seven_days_and_a_younger_one_stays() {
            fixture.exports.write("exports/old.json", "application/json", out -> write(out, "{}"));
            fixture.clock.advance(days(3));
            fixture.exports.write("exports/young.json", "application/json", out -> write(out, "{}"));
            fixture.clock.advance(days(4).plusSeconds(1));

            PurgeReport report = fixture.purge(GENEROUS).run(false);

            assertEquals(1L, report.removed().get(EXPORTS));
            assertTrue(fixture.exports.describe("exports/old.json").isEmpty());
            assertTrue(fixture.exports.describe("exports/young.json").isPresent());
        }

        private static void write(OutputStream out, String text) throws java.io.IOException {
            out.write(text.getBytes(StandardCharsets.UTF_8));
        }
    }

    @Nested
    class Notifications {

        @Test
        void mail_in_the_outbox_goes_after_its_thirty_days_and_younger_mail_stays() {
            send("old@example.com", "notice:old");
            fixture.clock.advance(days(2));
            send("young@example.com", "notice:young");
            fixture.clock.advance(days(28).plusSeconds(1));

            PurgeReport report = fixture.purge(GENEROUS).run(false);

            assertEquals(1L, report.removed().get(RetentionCategory.NOTIFICATIONS.id()));
            assertEquals(0, fixture.accounts.outbox.countFor("old@example.com"));
            assertEquals(1, fixture.accounts.outbox.countFor("young@example.com"));
        }

        @Test
        void a_run_out_of_budget_leaves_the_rest_to_the_next() {
            for (int i = 0; i < 5; i++) {
                send("old-" + i + "@example.com", "notice:" + i);
            }
            fixture.clock.advance(days(31));

            List<PurgeReport> reports = fixture.runUntilComplete(fixture.purge(new PurgeExpiredData.Limits(2, Duration.ofMinutes(1))), 10);

            assertTrue(reports.size() >= 3, "two per run: " + reports.size());
            assertEquals(5L, PurgeFixture.removed(reports, RetentionCategory.NOTIFICATIONS.id()));
        }

        private void send(String email, String key) {
            fixture.accounts.services.notifier().send(new Notification(email, NotificationKind.EMAIL_VERIFICATION_CODE,
                    Map.of("code", "123456", "expiresAt", fixture.clock.now().plus(Duration.ofMinutes(15)).toString()), key));
        }
    }

    @Nested
    class Reports {

        @Test
        void each_run_is_reported_to_the_audit_trail_and_listed_newest_first_in_counts_only() {
            Instant start = fixture.clock.now();
            fixture.signUp(start);
            fixture.clock.set(start.plus(days(8)));
            fixture.purge(GENEROUS).run(true);
            fixture.clock.advance(Duration.ofHours(1));
            fixture.purge(GENEROUS).run(false);

            List<PurgeReport> listed = fixture.runs.recent(10);
            assertEquals(2, listed.size());
            assertEquals(fixture.clock.now(), listed.get(0).startedAt(), "newest first");
            assertTrue(listed.get(1).pastDue());
            assertEquals(1L, listed.get(1).removed().get(SIGN_UPS));

            List<AuditEntry> audited = fixture.auditOfPurge();
            assertEquals(2, audited.size());
            assertEquals(AuditAction.RETENTION_PURGE_RUN, audited.get(0).action());
            assertEquals("1", audited.get(0).details().get("unverifiedSignUps"));
            assertEquals("true", audited.get(0).details().get("pastDue"));
        }
    }
}
