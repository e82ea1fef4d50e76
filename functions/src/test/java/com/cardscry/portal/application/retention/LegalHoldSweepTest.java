package com.cardscry.portal.application.retention;

import static com.cardscry.portal.application.retention.PurgeFixture.days;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.cardscry.portal.application.accounts.Caller;
import com.cardscry.portal.application.port.Query;
import com.cardscry.portal.application.port.StoredDocument;
import com.cardscry.portal.application.privacy.PrivacyRequestMessage;
import com.cardscry.portal.application.usage.UsageRecords;
import com.cardscry.portal.domain.PrivacyRequest;
import com.cardscry.portal.domain.PrivacyRequestStatus;
import com.cardscry.portal.domain.PrivacyRequestType;
import com.cardscry.portal.domain.UsageBucket;
import com.cardscry.portal.domain.UsageCounts;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Legal holds against time to live, with the clock: a held account's records outlive their ttl, get
 * the rest of it back when the hold ends (or are deleted if it ran out meanwhile), and a held erasure
 * is finished by a deletion request filed once.
 */
class LegalHoldSweepTest {

    @TempDir
    Path folder;

    private PurgeFixture fixture;
    private Caller admin;
    private String held;
    private String free;
    private LocalDate today;

    @BeforeEach
    void open() {
        fixture = new PurgeFixture(folder);
        fixture.accounts.activeAccount("oid-admin", "admin@example.com");
        admin = fixture.accounts.tokenCaller("oid-admin", true);
        held = fixture.accounts.activeAccount("oid-held", "held@example.com");
        free = fixture.accounts.activeAccount("oid-free", "free@example.com");
        today = LocalDate.ofInstant(fixture.clock.now(), ZoneOffset.UTC);
    }

    @AfterEach
    void close() {
        fixture.close();
    }

    @Nested
    class WhileHeld {

        @Test
        void a_held_accounts_usage_outlives_its_ttl_while_another_accounts_expires() {
            bucket(held, fixture.clock.now());
            bucket(free, fixture.clock.now());
            place(today.plusDays(200));

            PurgeReport first = run();

            assertTrue(first.removed().get(PurgeReport.SUSPENDED) >= 1, first.toString());
            assertTrue(usage(held).stream().allMatch(record -> record.document().ttlSeconds().equals(OptionalInt.of(-1))));
            fixture.clock.advance(days(100));
            assertEquals(1, usage(held).size(), "held past its 90 days");
            assertEquals(0, usage(free).size(), "expired by its ttl");
        }

        @Test
        void a_record_written_during_the_hold_is_suspended_by_the_next_days_walk_and_not_walked_twice_a_day() {
            place(today.plusDays(200));
            run();
            bucket(held, fixture.clock.now());

            PurgeReport sameDay = run();
            assertEquals(0L, sameDay.removed().get(PurgeReport.SUSPENDED), "a held account is walked once a day");

            fixture.clock.advance(days(1));
            PurgeReport nextDay = run();
            assertEquals(1L, nextDay.removed().get(PurgeReport.SUSPENDED), nextDay.toString());
            fixture.clock.advance(days(120));
            assertEquals(1, usage(held).size());
        }

        @Test
        void a_walk_stopped_by_its_budget_goes_on_where_it_stopped_and_suspends_every_record_once() {
            Instant hour = fixture.clock.now().truncatedTo(ChronoUnit.HOURS);
            for (int i = 0; i < 30; i++) {
                bucket(held, hour.minus(Duration.ofHours(i)));
            }
            place(today.plusDays(200));
            PurgeExpiredData small = fixture.purge(new PurgeExpiredData.Limits(7, Duration.ofMinutes(1)));

            List<PurgeReport> reports = fixture.runUntilComplete(small, 50);

            assertTrue(reports.size() > 4, "the budget split the walk: " + reports.size());
            long expiring = usage(held).size() + auditEntriesOf(held);
            assertEquals(expiring, PurgeFixture.removed(reports, PurgeReport.SUSPENDED));
            assertTrue(usage(held).stream().allMatch(record -> record.document().ttlSeconds().equals(OptionalInt.of(-1))));
        }
    }

    @Nested
    class TwoRunsAtOnce {

        @Test
        void suspend_and_restore_each_record_once_and_miss_none_and_file_the_held_erasure_once() throws Exception {
            Instant hour = fixture.clock.now().truncatedTo(ChronoUnit.HOURS);
            for (int i = 0; i < 40; i++) {
                bucket(held, hour.minus(Duration.ofHours(i)));
            }
            place(today.plusDays(200));
            fixture.holds.holdErasure(held, "request-1");
            long expiring = usage(held).size() + auditEntriesOf(held);

            List<PurgeReport> suspending = fixture.runTwoAtOnce(new PurgeExpiredData.Limits(9, Duration.ofMinutes(1)), 200);

            assertEquals(expiring, PurgeFixture.removed(suspending, PurgeReport.SUSPENDED), "each record suspended by one run");
            assertTrue(usage(held).stream().allMatch(record -> record.document().ttlSeconds().equals(OptionalInt.of(-1))));

            done(fixture.holds.lift(admin, held));
            List<PurgeReport> releasing = fixture.runTwoAtOnce(new PurgeExpiredData.Limits(9, Duration.ofMinutes(1)), 200);

            assertEquals(expiring, PurgeFixture.removed(releasing, PurgeReport.RESTORED), "each record restored by one run");
            assertTrue(usage(held).stream().noneMatch(record -> record.document().ttlSeconds().equals(OptionalInt.of(-1))));
            assertEquals(1L, PurgeFixture.removed(releasing, PurgeReport.ERASURES_RESUMED));
            assertEquals(1, queued().size());
        }
    }

    @Nested
    class WhenTheHoldEnds {

        @Test
        void lifting_restores_the_ttl_left_and_deletes_what_ran_out_during_the_hold() {
            Instant start = fixture.clock.now();
            bucket(held, start);
            place(today.plusDays(300));
            run();
            fixture.clock.advance(days(100));
            Instant later = fixture.clock.now();
            bucket(held, later);
            fixture.clock.advance(days(1));
            run();

            done(fixture.holds.lift(admin, held));
            PurgeReport released = run();

            assertEquals(1L, released.removed().get(PurgeReport.EXPIRED_AFTER_HOLD), released.toString());
            assertTrue(released.removed().get(PurgeReport.RESTORED) >= 1, released.toString());
            List<StoredDocument> left = usage(held);
            assertEquals(1, left.size(), "the bucket written during the hold keeps the rest of its period");
            assertFalse(left.get(0).document().fields().containsKey(LegalHoldSweep.HELD_EXPIRES_AT));
            fixture.clock.set(later.truncatedTo(ChronoUnit.HOURS).plus(Duration.ofHours(1)).plus(days(90)).minusSeconds(2));
            assertEquals(1, usage(held).size());
            fixture.clock.advance(Duration.ofSeconds(3));
            assertEquals(0, usage(held).size(), "gone when its period would have ended without the hold");

            PurgeReport afterwards = run();
            assertEquals(0L, afterwards.removed().get(PurgeReport.RESTORED) + afterwards.removed().get(PurgeReport.SUSPENDED),
                    "a released hold is not walked again");
        }

        @Test
        void a_hold_that_reaches_its_end_date_is_released_like_a_lifted_one() {
            bucket(held, fixture.clock.now());
            place(today);
            run();
            fixture.clock.advance(days(1));

            PurgeReport released = run();

            assertTrue(released.removed().get(PurgeReport.RESTORED) >= 1, released.toString());
            assertTrue(usage(held).stream().noneMatch(record -> record.document().ttlSeconds().equals(OptionalInt.of(-1))));
        }
    }

    @Nested
    class HeldErasure {

        @Test
        void is_finished_by_one_deletion_request_filed_when_the_hold_is_lifted_however_often_the_purge_runs() {
            place(today.plusDays(30));
            assertEquals(Optional.of(today.plusDays(30)), fixture.holds.holdErasure(held, "request-1"));
            assertEquals(Optional.of(today.plusDays(30)), fixture.holds.holdErasure(held, "request-1"), "asking again changes nothing");
            done(fixture.holds.lift(admin, held));

            PurgeReport first = run();
            PurgeReport second = run();

            assertEquals(1L, first.removed().get(PurgeReport.ERASURES_RESUMED));
            assertEquals(0L, second.removed().get(PurgeReport.ERASURES_RESUMED));
            String resumingId = LegalHoldSweep.resumingRequestId("request-1");
            PrivacyRequest resuming = fixture.privacyRequests.read(held, resumingId).orElseThrow().request();
            assertEquals(PrivacyRequestType.DELETION, resuming.type());
            assertEquals(PrivacyRequestStatus.RECEIVED, resuming.status());
            assertEquals(List.of(new PrivacyRequestMessage(held, resumingId).text()), queued());
        }

        @Test
        void a_crash_after_filing_and_before_the_release_files_nothing_twice() {
            place(today.plusDays(30));
            fixture.holds.holdErasure(held, "request-1");
            done(fixture.holds.lift(admin, held));
            String resumingId = LegalHoldSweep.resumingRequestId("request-1");
            // As if a run filed the request and crashed before marking the hold released.
            fixture.privacyRequests.create(PrivacyRequest.received(resumingId, held, PrivacyRequestType.DELETION, Optional.empty(),
                    Optional.empty(), fixture.clock.now()));

            PurgeReport next = run();

            assertEquals(0L, next.removed().get(PurgeReport.ERASURES_RESUMED));
            assertTrue(next.complete());
            assertEquals(0L, run().removed().get(PurgeReport.ERASURES_RESUMED));
        }

        @Test
        void an_erasure_asking_after_the_hold_was_lifted_is_not_held() {
            place(today.plusDays(30));
            done(fixture.holds.lift(admin, held));

            assertEquals(Optional.empty(), fixture.holds.holdErasure(held, "request-1"));
            assertEquals(0L, run().removed().get(PurgeReport.ERASURES_RESUMED));
        }

        @Test
        void a_hold_placed_again_before_the_sweep_released_the_last_one_keeps_the_waiting_erasure() {
            place(today.plusDays(30));
            fixture.holds.holdErasure(held, "request-1");
            done(fixture.holds.lift(admin, held));
            place(today.plusDays(60));

            assertEquals(0L, run().removed().get(PurgeReport.ERASURES_RESUMED), "held again");
            done(fixture.holds.lift(admin, held));
            assertEquals(1L, run().removed().get(PurgeReport.ERASURES_RESUMED));
        }
    }

    private void place(LocalDate endsOn) {
        done(fixture.holds.place(admin, held, new LegalHolds.PlaceCommand("Court order 12 O 345/26", endsOn.toString())));
    }

    private PurgeReport run() {
        return fixture.purge(PurgeExpiredData.Limits.STANDARD).run(false);
    }

    private void bucket(String accountId, Instant at) {
        fixture.usage.create(accountId, new UsageBucket("subscription-1", at.truncatedTo(ChronoUnit.HOURS), new UsageCounts(5, 1, 0),
                List.of("batch-" + at.toEpochMilli())));
    }

    private List<StoredDocument> usage(String accountId) {
        return fixture.accounts.store.query(UsageRecords.USAGE.name(), Query.partition(accountId), 1000, Optional.empty()).items();
    }

    private long auditEntriesOf(String accountId) {
        return fixture.accounts.audit.entriesFor(fixture.accounts.services.pseudonyms().of(accountId), 1000).size();
    }

    private List<String> queued() {
        return fixture.queue.receive(PrivacyRequestMessage.QUEUE, 32, Duration.ofMillis(1)).stream()
                .map(message -> message.text().orElseThrow()).toList();
    }

    private static <T> T done(com.cardscry.portal.application.Outcome<T> outcome) {
        return outcome.fold(value -> value, problem -> {
            throw new AssertionError("refused: " + problem);
        });
    }
}
