package com.cardscry.portal.application.privacy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.cardscry.portal.adapters.embedded.EmbeddedDocumentStore;
import com.cardscry.portal.application.OptimisticUpdate;
import com.cardscry.portal.application.Outcome;
import com.cardscry.portal.application.Problem;
import com.cardscry.portal.application.ProblemType;
import com.cardscry.portal.application.port.StoredDocument;
import com.cardscry.portal.domain.PrivacyRequest;
import com.cardscry.portal.domain.PrivacyRequestType;
import com.cardscry.portal.domain.PrivacyStep;
import com.cardscry.portal.domain.RetentionCategory;
import com.cardscry.portal.domain.RetentionSchedule;
import com.cardscry.portal.testing.FakeClock;
import com.cardscry.portal.testing.Retention;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * How long privacy requests are kept: an open request (received, in progress, failed) never expires; a
 * closed one (completed, rejected) carries the retention schedule's {@code privacy-requests} period,
 * counted from its last change, on every write.
 */
class PrivacyRequestRecordsTest {

    private static final Duration SHIPPED = Duration.ofDays(1096);
    private static final String ACCOUNT = "acc-1";

    @TempDir
    Path folder;

    private FakeClock clock;
    private EmbeddedDocumentStore store;
    private PrivacyRequestRecords records;

    @BeforeEach
    void open() {
        clock = new FakeClock(Instant.parse("2026-11-29T08:00:00Z"));
        store = EmbeddedDocumentStore.open(folder.resolve("store"), List.of(PrivacyRequestRecords.REQUESTS, PrivacyRequestRecords.OPEN),
                clock);
        records = new PrivacyRequestRecords(store, Retention.STANDARD, clock);
    }

    @AfterEach
    void close() {
        store.close();
    }

    /** A new request with a note (the requester's words), stored. */
    private PrivacyRequest received(String id, PrivacyRequestType type) {
        return create(PrivacyRequest.received(id, ACCOUNT, type, Optional.empty(), Optional.of("please hurry"), clock.now()));
    }

    private PrivacyRequest create(PrivacyRequest request) {
        assertTrue(records.create(request).isWritten());
        return request;
    }

    /** Writes the request as {@code change} makes it from the stored version; returns what was written. */
    private PrivacyRequest change(PrivacyRequestRecords through, PrivacyRequest request, UnaryOperator<PrivacyRequest> change) {
        PrivacyRequestRecords.Versioned found = through.read(ACCOUNT, request.id()).orElseThrow();
        return through.update(found, current -> OptimisticUpdate.Change.write(change.apply(current.request()), Outcome::done),
                Problem.of(ProblemType.NOT_FOUND, "gone")).fold(PrivacyRequestRecords.Versioned::request, problem -> {
                    throw new AssertionError("refused: " + problem);
                });
    }

    private PrivacyRequest completed(PrivacyRequestRecords through, PrivacyRequest request) {
        PrivacyRequest done = request;
        for (PrivacyStep step : request.type().steps()) {
            done = change(through, done, current -> current.stepDone(step, clock.now()));
        }
        return done;
    }

    private StoredDocument stored(PrivacyRequest request) {
        return store.read(PrivacyRequestRecords.REQUESTS.name(), ACCOUNT, request.id()).orElseThrow();
    }

    private OptionalInt ttlOf(PrivacyRequest request) {
        return stored(request).document().ttlSeconds();
    }

    /** When the stored request expires: its ttl counts from its last write. */
    private Instant expiresAt(PrivacyRequest request) {
        StoredDocument stored = stored(request);
        return stored.lastModified().plusSeconds(stored.document().ttlSeconds().orElseThrow());
    }

    @Nested
    class Open {

        @Test
        void a_received_and_an_in_progress_request_never_expire() {
            PrivacyRequest deletion = received("req-1", PrivacyRequestType.DELETION);
            assertEquals(OptionalInt.of(-1), ttlOf(deletion));

            change(records, deletion, current -> current.stepDone(PrivacyStep.STOP_KEYS, clock.now()));
            assertEquals(OptionalInt.of(-1), ttlOf(deletion));
        }

        @Test
        void a_failed_request_waits_for_an_administrator_and_never_expires_nor_after_its_retry() {
            PrivacyRequest access = received("req-1", PrivacyRequestType.ACCESS);
            change(records, access, current -> current.failed("the export store is down", clock.now()));
            assertEquals(OptionalInt.of(-1), ttlOf(access));

            clock.advance(Duration.ofDays(2000));
            change(records, access, current -> current.retried(clock.now()));
            assertEquals(OptionalInt.of(-1), ttlOf(access));
        }
    }

    @Nested
    class Closed {

        @Test
        void a_completed_request_expires_3_years_after_it_completed() {
            PrivacyRequest access = received("req-1", PrivacyRequestType.ACCESS);
            clock.advance(Duration.ofDays(3));
            completed(records, access);

            assertEquals(clock.now().plus(SHIPPED), expiresAt(access));
        }

        @Test
        void a_rejected_request_expires_3_years_after_its_rejection() {
            PrivacyRequest correction = create(PrivacyRequest.received("req-1", ACCOUNT, PrivacyRequestType.CORRECTION,
                    Optional.of(new PrivacyRequest.Correction(Optional.of("Ada"), Optional.empty())), Optional.empty(), clock.now()));
            clock.advance(Duration.ofHours(1));
            change(records, correction, current -> current.rejected("the name cannot be applied", clock.now()));

            assertEquals(clock.now().plus(SHIPPED), expiresAt(correction));
        }

        @Test
        void erasing_the_requesters_words_later_is_its_last_change_and_restarts_the_period() {
            PrivacyRequest access = completed(records, received("req-1", PrivacyRequestType.ACCESS));
            clock.advance(Duration.ofDays(100));
            change(records, access, current -> current.withRequesterTextErased(clock.now()));

            assertEquals(clock.now().plus(SHIPPED), expiresAt(access));
        }

        @Test
        void an_overridden_period_gives_the_ttl() {
            RetentionSchedule fiveYears = Retention.STANDARD.withOverrides(
                    Map.of(RetentionCategory.PRIVACY_REQUESTS, Duration.ofDays(1826)));
            PrivacyRequestRecords overridden = new PrivacyRequestRecords(store, fiveYears, clock);
            PrivacyRequest access = received("req-1", PrivacyRequestType.ACCESS);
            completed(overridden, access);

            assertEquals(clock.now().plus(Duration.ofDays(1826)), expiresAt(access));
        }
    }
}
