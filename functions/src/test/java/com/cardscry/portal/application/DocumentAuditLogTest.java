package com.cardscry.portal.application;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.cardscry.portal.adapters.embedded.EmbeddedDocumentStore;
import com.cardscry.portal.application.port.AuditAction;
import com.cardscry.portal.application.port.AuditEntry;
import com.cardscry.portal.application.port.Query;
import com.cardscry.portal.application.port.StoreUnavailableException;
import com.cardscry.portal.application.port.StoredDocument;
import com.cardscry.portal.domain.RetentionCategory;
import com.cardscry.portal.testing.FakeClock;
import com.cardscry.portal.testing.Retention;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DocumentAuditLogTest {

    private static final String ADA = "AdaAdaAdaAdaAdaAdaAda0";
    private static final String BOB = "BobBobBobBobBobBobBob0";
    private static final String ADMIN = "AdminAdminAdminAdmin00";

    private final FakeClock clock = new FakeClock(Instant.parse("2026-01-15T10:00:00Z"));

    @TempDir
    Path folder;

    private EmbeddedDocumentStore store;
    private DocumentAuditLog audit;

    @BeforeEach
    void open() {
        store = EmbeddedDocumentStore.open(folder.resolve("documents.mv.db"), Containers.ALL, clock);
        audit = new DocumentAuditLog(store, new SecureRandom(), Retention.STANDARD);
    }

    @AfterEach
    void close() {
        store.close();
    }

    private AuditEntry entry(String subject, AuditAction action, Duration afterStart) {
        return AuditEntry.bySubject(clock.now().plus(afterStart), action, subject, Map.of());
    }

    @Nested
    class Records {

        @Test
        void an_entry_that_reads_back_equal() {
            AuditEntry blocked = AuditEntry.byAdmin(clock.now(), AuditAction.ACCOUNT_BLOCKED, ADA, ADMIN,
                    Map.of("reason", "abuse", "endedSessions", "2"));

            audit.record(blocked);

            assertEquals(List.of(blocked), audit.entriesFor(ADA, 10));
        }

        @Test
        void a_repeated_entry_twice_because_a_retry_was_attempted_too() {
            AuditEntry verified = entry(ADA, AuditAction.EMAIL_VERIFIED, Duration.ZERO);

            audit.record(verified);
            audit.record(verified);

            assertEquals(List.of(verified, verified), audit.entriesFor(ADA, 10));
        }

        @Test
        void each_entry_as_a_document_in_the_subjects_partition_with_the_stable_action_code() {
            audit.record(AuditEntry.bySubject(Instant.parse("2026-01-15T10:00:00.5Z"), AuditAction.SESSION_STARTED, ADA,
                    Map.of("sessionId", "s-1")));

            StoredDocument stored = store.query("audit", Query.partition(ADA), 10, Optional.empty()).items().get(0);

            assertAll(
                    () -> assertEquals(ADA, stored.document().fields().get("subject")),
                    () -> assertEquals("session-started", stored.document().fields().get("action")),
                    () -> assertEquals("2026-01-15T10:00:00.500Z", stored.document().fields().get("at")),
                    () -> assertEquals(Map.of("sessionId", "s-1"), stored.document().fields().get("details")),
                    () -> assertEquals("20260115T100000.500000000Z-", stored.id().substring(0, 27)));
        }

        @Test
        void never_over_an_existing_entry_even_when_the_random_source_repeats_itself() {
            DocumentAuditLog repeating = new DocumentAuditLog(store, new SecureRandom() {
                @Override
                public void nextBytes(byte[] bytes) {
                    java.util.Arrays.fill(bytes, (byte) 7);
                }
            }, Retention.STANDARD);
            AuditEntry first = entry(ADA, AuditAction.SIGN_UP, Duration.ZERO);
            repeating.record(first);

            assertThrows(IllegalStateException.class, () -> repeating.record(entry(ADA, AuditAction.EMAIL_VERIFIED, Duration.ZERO)));
            assertEquals(List.of(first), audit.entriesFor(ADA, 10));
        }
    }

    @Nested
    class ListsEntries {

        @Test
        void of_one_subject_only_oldest_first_whatever_order_they_were_recorded_in() {
            AuditEntry signUp = entry(ADA, AuditAction.SIGN_UP, Duration.ZERO);
            AuditEntry verified = entry(ADA, AuditAction.EMAIL_VERIFIED, Duration.ofMinutes(3));
            AuditEntry session = entry(ADA, AuditAction.SESSION_STARTED, Duration.ofDays(2));
            audit.record(verified);
            audit.record(entry(BOB, AuditAction.SIGN_UP, Duration.ofMinutes(1)));
            audit.record(session);
            audit.record(signUp);

            assertEquals(List.of(signUp, verified, session), audit.entriesFor(ADA, 10));
        }

        @Test
        void up_to_the_limit() {
            List<AuditEntry> recorded = IntStream.range(0, 5)
                    .mapToObj(i -> entry(ADA, AuditAction.SESSION_ENDED, Duration.ofSeconds(i))).toList();
            recorded.forEach(audit::record);

            assertEquals(recorded.subList(0, 3), audit.entriesFor(ADA, 3));
        }

        @Test
        void across_more_than_one_page_of_the_store() {
            List<AuditEntry> recorded = IntStream.range(0, 1005)
                    .mapToObj(i -> entry(ADA, AuditAction.SESSION_STARTED, Duration.ofSeconds(i))).toList();
            recorded.forEach(audit::record);

            assertEquals(recorded, audit.entriesFor(ADA, 2000));
        }

        @Test
        void every_one_as_a_stream_read_a_page_at_a_time() {
            List<AuditEntry> recorded = IntStream.range(0, 1005)
                    .mapToObj(i -> entry(ADA, AuditAction.SESSION_STARTED, Duration.ofSeconds(i))).toList();
            recorded.forEach(audit::record);
            audit.record(entry(BOB, AuditAction.SIGN_UP, Duration.ZERO));

            assertEquals(recorded, audit.everyEntryFor(ADA).toList());
            assertEquals(List.of(), audit.everyEntryFor("NobodyNobodyNobodyNob0").toList());
            assertThrows(IllegalArgumentException.class, () -> audit.everyEntryFor("ada@example.com"));
        }

        @Test
        void only_for_a_pseudonym_and_a_positive_limit() {
            assertAll(
                    () -> assertThrows(IllegalArgumentException.class, () -> audit.entriesFor("ada@example.com", 10)),
                    () -> assertThrows(IllegalArgumentException.class, () -> audit.entriesFor(ADA, 0)));
        }
    }

    @Nested
    class KeptFor {

        @Test
        void the_schedules_audit_period_after_it_was_written_and_not_a_second_longer() {
            audit.record(entry(ADA, AuditAction.SIGN_UP, Duration.ZERO));

            clock.advance(Retention.STANDARD.period(RetentionCategory.AUDIT_TRAIL).minusSeconds(1));
            assertEquals(1, audit.entriesFor(ADA, 10).size());
            clock.advance(Duration.ofSeconds(1));
            assertEquals(List.of(), audit.entriesFor(ADA, 10));
        }
    }

    @Nested
    class FailsWithTheStore {

        @Test
        void when_it_is_unavailable_so_that_nothing_happens_unaudited() {
            store.close();

            assertThrows(StoreUnavailableException.class, () -> audit.record(entry(ADA, AuditAction.SIGN_UP, Duration.ZERO)));
        }
    }
}
