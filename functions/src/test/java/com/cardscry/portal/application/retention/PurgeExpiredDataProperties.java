package com.cardscry.portal.application.retention;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.cardscry.portal.application.port.Notification;
import com.cardscry.portal.application.port.NotificationKind;
import com.cardscry.portal.application.port.Query;
import com.cardscry.portal.application.usage.UsageRecords;
import com.cardscry.portal.domain.RetentionCategory;
import com.cardscry.portal.domain.UsageBucket;
import com.cardscry.portal.domain.UsageCounts;
import com.cardscry.portal.testing.Retention;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;

/**
 * The purge against the clock, over random data. Over random sets of sign-ups (pending, pending under a legal hold, verified, verified with the index
 * entry left behind) at random times, and random item limits: after one run and its continuations,
 * every pending sign-up older than its period and not held is gone, and nothing else is.
 */
class PurgeExpiredDataProperties {

    private static final Duration PERIOD = Retention.STANDARD.period(RetentionCategory.UNVERIFIED_SIGN_UPS);
    /** Sign-ups spread over three weeks, so some days are wholly due, one partly, some not at all. */
    private static final long SPAN_MINUTES = Duration.ofDays(21).toMinutes();
    /** Long enough for exports (7 days), notifications (30) and hourly usage (90) to run out. */
    private static final int TIMELINE_DAYS = 130;

    enum Kind { PENDING, PENDING_UNDER_LEGAL_HOLD, VERIFIED, VERIFIED_INDEX_ENTRY_LEFT }

    record Planned(long minutesAfterStart, Kind kind) {
    }

    @Property(tries = 30)
    void only_unheld_pending_sign_ups_older_than_their_period_are_removed_and_all_of_them(
            @ForAll("signUps") List<Planned> planned, @ForAll @IntRange(min = 1, max = 25) int maxItems,
            @ForAll @IntRange(min = 0, max = 21 * 24) int hoursAfterStart) {
        Path folder = newFolder();
        try (PurgeFixture fixture = new PurgeFixture(folder)) {
            Instant start = fixture.clock.now();
            List<Planned> inOrder = planned.stream().sorted(Comparator.comparingLong(Planned::minutesAfterStart)).toList();
            List<PurgeFixture.SignedUp> signedUp = new ArrayList<>();
            for (Planned sign : inOrder) {
                Instant at = start.plus(Duration.ofMinutes(sign.minutesAfterStart()));
                fixture.clock.set(at);
                PurgeFixture.SignedUp made = fixture.signUp(at);
                if (sign.kind() == Kind.PENDING_UNDER_LEGAL_HOLD) {
                    fixture.holds.place(fixture.accounts.tokenCaller("oid-admin", true), made.accountId(),
                            new LegalHolds.PlaceCommand("Dispute", "2030-01-01")).fold(hold -> hold, problem -> {
                                throw new AssertionError(problem.toString());
                            });
                } else if (sign.kind() != Kind.PENDING) {
                    fixture.verify(made.accountId(), at, sign.kind() == Kind.VERIFIED_INDEX_ENTRY_LEFT);
                }
                signedUp.add(made);
            }
            Instant now = start.plus(Duration.ofHours(hoursAfterStart));
            fixture.clock.set(now.isAfter(fixture.clock.now()) ? now : fixture.clock.now());
            Instant cutoff = fixture.clock.now().minus(PERIOD);

            List<PurgeReport> reports = fixture.runUntilComplete(fixture.purge(new PurgeExpiredData.Limits(maxItems,
                    Duration.ofSeconds(20))), 1000);

            long due = 0;
            for (int i = 0; i < inOrder.size(); i++) {
                Instant at = start.plus(Duration.ofMinutes(inOrder.get(i).minutesAfterStart()));
                boolean isDue = inOrder.get(i).kind() == Kind.PENDING && !at.isAfter(cutoff);
                due += isDue ? 1 : 0;
                assertEquals(!isDue, fixture.exists(signedUp.get(i)), "account " + i + " of " + inOrder.get(i));
                assertEquals(!isDue, fixture.identityBound(signedUp.get(i)), "identity " + i + " of " + inOrder.get(i));
            }
            assertEquals(due, PurgeFixture.removed(reports, RetentionCategory.UNVERIFIED_SIGN_UPS.id()), "each removal counted once");
        } finally {
            delete(folder);
        }
    }

    enum Written { EXPORT, NOTIFICATION, BUCKET_OF_A_HELD_ACCOUNT, BUCKET }

    record Write(int day, int minuteOfDay, Written what) {
    }

    /**
     * Over random exports, notifications and usage buckets written on random days of 130, with the purge
     * run daily on random item limits: at the end, what the schedule says is over is gone, nothing
     * younger is, and a held account keeps every bucket past its ttl, until the hold is lifted.
     */
    @Property(tries = 10)
    void daily_runs_remove_what_is_over_keep_what_is_not_and_keep_everything_a_hold_holds(
            @ForAll("timeline") List<Write> writes, @ForAll @IntRange(min = 1, max = 40) int maxItems) {
        Path folder = newFolder();
        try (PurgeFixture fixture = new PurgeFixture(folder)) {
            String held = fixture.accounts.activeAccount("oid-held", "held@example.com");
            String free = fixture.accounts.activeAccount("oid-free", "free@example.com");
            fixture.holds.place(fixture.accounts.tokenCaller("oid-admin", true), held, new LegalHolds.PlaceCommand("Dispute", "2030-01-01"))
                    .fold(hold -> hold, problem -> {
                        throw new AssertionError(problem.toString());
                    });
            Instant start = fixture.clock.now().truncatedTo(ChronoUnit.DAYS).plus(Duration.ofDays(1));
            List<Write> inOrder = writes.stream().sorted(Comparator.comparingInt(Write::day).thenComparingInt(Write::minuteOfDay)).toList();
            List<Instant> writtenAt = new ArrayList<>();
            PurgeExpiredData purge = fixture.purge(new PurgeExpiredData.Limits(maxItems, Duration.ofSeconds(20)));
            int next = 0;
            for (int day = 0; day <= TIMELINE_DAYS; day++) {
                for (; next < inOrder.size() && inOrder.get(next).day() == day; next++) {
                    Write write = inOrder.get(next);
                    Instant at = start.plus(Duration.ofDays(day)).plus(Duration.ofMinutes(write.minuteOfDay()));
                    fixture.clock.set(at);
                    write(fixture, next, write.what(), write.what() == Written.BUCKET_OF_A_HELD_ACCOUNT ? held : free);
                    writtenAt.add(at);
                }
                fixture.clock.set(start.plus(Duration.ofDays(day + 1)).minusSeconds(1));
                fixture.runUntilComplete(purge, 1000);
            }
            Instant now = fixture.clock.now();

            for (int i = 0; i < inOrder.size(); i++) {
                Instant at = writtenAt.get(i);
                Instant hourEnds = at.truncatedTo(ChronoUnit.HOURS).plus(Duration.ofHours(1));
                boolean kept = switch (inOrder.get(i).what()) {
                    case EXPORT -> now.isBefore(at.plus(Retention.STANDARD.period(RetentionCategory.EXPORTS)));
                    case NOTIFICATION -> now.isBefore(at.plus(Retention.STANDARD.period(RetentionCategory.NOTIFICATIONS)));
                    case BUCKET -> now.isBefore(hourEnds.plus(Retention.STANDARD.period(RetentionCategory.USAGE_HOURLY)));
                    case BUCKET_OF_A_HELD_ACCOUNT -> true;
                };
                assertEquals(kept, exists(fixture, i, inOrder.get(i).what(), held, free), "write " + i + " " + inOrder.get(i));
            }

            fixture.holds.lift(fixture.accounts.tokenCaller("oid-admin", true), held);
            fixture.runUntilComplete(purge, 1000);
            for (int i = 0; i < inOrder.size(); i++) {
                if (inOrder.get(i).what() == Written.BUCKET_OF_A_HELD_ACCOUNT) {
                    Instant hourEnds = writtenAt.get(i).truncatedTo(ChronoUnit.HOURS).plus(Duration.ofHours(1));
                    assertEquals(now.isBefore(hourEnds.plus(Retention.STANDARD.period(RetentionCategory.USAGE_HOURLY))),
                            exists(fixture, i, Written.BUCKET_OF_A_HELD_ACCOUNT, held, free), "held bucket " + i + " after the hold");
                }
            }
        } finally {
            delete(folder);
        }
    }

    private static void write(PurgeFixture fixture, int index, Written what, String accountId) {
        Instant now = fixture.clock.now();
        switch (what) {
            case EXPORT -> fixture.exports.write("exports/" + index + ".json", "application/json",
                    out -> out.write("{}".getBytes(StandardCharsets.UTF_8)));
            case NOTIFICATION -> fixture.accounts.services.notifier().send(new Notification("n" + index + "@example.com",
                    NotificationKind.EMAIL_VERIFICATION_CODE, Map.of("code", "123456", "expiresAt", now.toString()), "key-" + index));
            case BUCKET, BUCKET_OF_A_HELD_ACCOUNT -> fixture.usage.create(accountId, new UsageBucket("sub-" + index,
                    now.truncatedTo(ChronoUnit.HOURS), new UsageCounts(3, 1, 0), List.of("batch-" + index)));
        }
    }

    private static boolean exists(PurgeFixture fixture, int index, Written what, String held, String free) {
        return switch (what) {
            case EXPORT -> fixture.exports.describe("exports/" + index + ".json").isPresent();
            case NOTIFICATION -> fixture.accounts.outbox.countFor("n" + index + "@example.com") > 0;
            case BUCKET, BUCKET_OF_A_HELD_ACCOUNT -> !fixture.accounts.store.query(UsageRecords.USAGE.name(),
                    Query.partition(what == Written.BUCKET ? free : held).where("subscriptionId", Query.Operator.EQUAL, "sub-" + index),
                    10, Optional.empty()).items().isEmpty();
        };
    }

    @Provide
    Arbitrary<List<Write>> timeline() {
        Arbitrary<Write> one = Combinators.combine(Arbitraries.integers().between(0, TIMELINE_DAYS),
                Arbitraries.integers().between(0, 24 * 60 - 2), Arbitraries.of(Written.class)).as(Write::new);
        return one.list().ofMaxSize(30);
    }

    @Provide
    Arbitrary<List<Planned>> signUps() {
        Arbitrary<Planned> one = Combinators.combine(Arbitraries.longs().between(0, SPAN_MINUTES),
                Arbitraries.of(Kind.class)).as(Planned::new);
        return one.list().ofMaxSize(40);
    }

    private static Path newFolder() {
        try {
            return Files.createTempDirectory("purge-property");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void delete(Path folder) {
        try (Stream<Path> files = Files.walk(folder)) {
            for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(file);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
