package com.cardscry.portal.application.retention;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.cardscry.portal.domain.RetentionCategory;
import com.cardscry.portal.testing.Retention;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;

/**
 * Over random sets of sign-ups (pending, pending under a legal hold, verified, verified with the index
 * entry left behind) at random times, and random item limits: after one run and its continuations,
 * every pending sign-up older than its period and not held is gone, and nothing else is.
 */
class PurgeExpiredDataProperties {

    private static final Duration PERIOD = Retention.STANDARD.period(RetentionCategory.UNVERIFIED_SIGN_UPS);
    /** Sign-ups spread over three weeks, so some days are wholly due, one partly, some not at all. */
    private static final long SPAN_MINUTES = Duration.ofDays(21).toMinutes();

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
