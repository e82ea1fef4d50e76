package com.cardscry.portal.adapters.embedded;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.cardscry.portal.application.port.Clock;
import com.cardscry.portal.application.port.ClockDrivenDocumentStoreContract;
import com.cardscry.portal.application.port.ComponentHealth;
import com.cardscry.portal.application.port.ContainerSpec;
import com.cardscry.portal.application.port.Document;
import com.cardscry.portal.application.port.DocumentStore;
import com.cardscry.portal.application.port.Query;
import com.cardscry.portal.application.port.StoreUnavailableException;
import com.cardscry.portal.application.port.StoredDocument;
import com.cardscry.portal.application.port.WriteResult.Status;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.h2.mvstore.MVMap;
import org.h2.mvstore.MVStore;
import org.h2.mvstore.type.StringDataType;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EmbeddedDocumentStoreTest extends ClockDrivenDocumentStoreContract {

    private static final List<ContainerSpec> BOTH = List.of(ACCOUNTS, SESSIONS);
    private static final long DEADLINE_MILLIS = TimeUnit.SECONDS.toMillis(30);

    @TempDir
    Path folder;

    @Override
    protected DocumentStore newStore(List<ContainerSpec> containers, Clock clock) {
        return EmbeddedDocumentStore.open(storeFile(), containers, clock);
    }

    private Path storeFile() {
        return folder.resolve("store.mv.db");
    }

    private EmbeddedDocumentStore embedded() {
        return (EmbeddedDocumentStore) store;
    }

    private EmbeddedDocumentStore reopen(List<ContainerSpec> containers) {
        embedded().close();
        store = EmbeddedDocumentStore.open(storeFile(), containers, clock);
        return embedded();
    }

    @Nested
    class RewriteFile {

        @Test
        void leaves_no_trace_of_a_deleted_document_and_keeps_the_live_ones() throws Exception {
            store.upsert(A, doc("acc-1", "gone", Map.of("name", "Grace Forgettable")));
            store.upsert(A, doc("acc-2", "kept", Map.of("name", "Ada Lovelace")));
            store.delete(A, "acc-1", "gone", null);

            embedded().rewriteFile();

            String text = new String(java.nio.file.Files.readAllBytes(storeFile()), java.nio.charset.StandardCharsets.ISO_8859_1);
            assertFalse(text.contains("Grace Forgettable"), "the deleted document's text is gone from the file");
            assertEquals("Ada Lovelace", store.read(A, "acc-2", "kept").orElseThrow().document().fields().get("name"));
            store.upsert(A, doc("acc-3", "after", Map.of("name", "Written after")));
            assertTrue(reopen(BOTH).read(A, "acc-3", "after").isPresent(), "the rewritten file is the store's file now");
        }

        @Test
        void never_fails_an_operation_that_waits_for_it() throws Exception {
            store.upsert(A, doc("acc-1", "profile", Map.of("name", "Ada")));
            java.util.concurrent.atomic.AtomicBoolean rewriting = new java.util.concurrent.atomic.AtomicBoolean(true);
            java.util.concurrent.ConcurrentLinkedQueue<Throwable> failures = new java.util.concurrent.ConcurrentLinkedQueue<>();
            java.util.concurrent.atomic.AtomicLong reads = new java.util.concurrent.atomic.AtomicLong();
            List<Thread> readers = new java.util.ArrayList<>();
            // Callers that pause between operations arrive at any moment of a rewrite, also while the old
            // file is closed and the new one is being opened.
            for (int i = 0; i < 4; i++) {
                Thread reader = new Thread(() -> {
                    while (rewriting.get()) {
                        try {
                            store.read(A, "acc-1", "profile").orElseThrow();
                            store.upsert(A, doc("acc-2", "counter", Map.of("n", reads.incrementAndGet())));
                        } catch (RuntimeException failed) {
                            failures.add(failed);
                        }
                        java.util.concurrent.locks.LockSupport.parkNanos(
                                java.util.concurrent.ThreadLocalRandom.current().nextLong(50_000, 500_000));
                    }
                });
                reader.start();
                readers.add(reader);
            }
            for (int i = 0; i < 50; i++) {
                embedded().rewriteFile();
            }
            rewriting.set(false);
            for (Thread reader : readers) {
                reader.join(DEADLINE_MILLIS);
            }

            assertEquals(List.of(), List.copyOf(failures));
            assertTrue(reads.get() > 0, "the readers ran");
        }
    }

    @Nested
    class FileSize {

        @Test
        void stays_near_the_live_data_however_often_documents_are_rewritten() throws Exception {
            for (int i = 0; i < 3_000; i++) {
                store.upsert("accounts", Document.of("profile-" + (i % 20), "acc-1", Map.of("name", "Ada", "n", (long) i)));
            }
            // Each write commits a chunk; without reuse of freed space this is tens of megabytes.
            long bytes = java.nio.file.Files.size(storeFile());
            org.junit.jupiter.api.Assertions.assertTrue(bytes < 2 * 1024 * 1024, "store file grew to " + bytes + " bytes");
        }
    }

    @Nested
    class Persistence {

        @Test
        void everyAcceptedWriteSurvivesCloseAndReopen() {
            Map<String, Object> fields = new LinkedHashMap<>();
            fields.put("big", Long.MAX_VALUE);
            fields.put("ratio", 0.1);
            fields.put("text", "Zoë 🂡");
            fields.put("nested", Map.of("list", List.of(1L, 2.5, "x", false)));
            fields.put("nothing", null);
            StoredDocument kept = store.create("accounts", Document.of("profile", "acc-1", fields)).stored();
            StoredDocument expiring = store.create("sessions", doc("acc-1", "session")).stored();
            store.create("accounts", doc("acc-1", "gone"));
            store.delete("accounts", "acc-1", "gone", null);

            reopen(BOTH);

            assertEquals(Optional.of(kept), store.read("accounts", "acc-1", "profile"));
            assertEquals(Optional.of(expiring), store.read("sessions", "acc-1", "session"));
            assertEquals(Optional.empty(), store.read("accounts", "acc-1", "gone"));
            clock.advance(Duration.ofHours(1));
            assertEquals(Optional.empty(), store.read("sessions", "acc-1", "session"));
            assertEquals(1, embedded().removeExpired(10));
        }

        @Test
        void keepsEachDocumentAsCosmosShapedJsonText() throws Exception {
            StoredDocument stored = store.create("accounts", doc("acc-1", "profile").withTtl(60)).stored();
            embedded().close();

            MVStore raw = new MVStore.Builder().fileName(storeFile().toString()).readOnly().open();
            try {
                MVMap<String, String> documents = raw.openMap("documents/accounts",
                        new MVMap.Builder<String, String>().keyType(StringDataType.INSTANCE).valueType(StringDataType.INSTANCE));
                JsonNode json = new ObjectMapper().readTree(documents.get("acc-1\u0000profile"));

                assertEquals("profile", json.get("id").asText());
                assertEquals("acc-1", json.get("accountId").asText());
                assertEquals("Ada", json.get("name").asText());
                assertEquals(60, json.get("ttl").asInt());
                assertEquals(stored.etag(), json.get("_etag").asText());
                assertEquals(stored.lastModified().getEpochSecond(), json.get("_ts").asLong());
                assertEquals(stored.lastModified().getEpochSecond() + 60, json.get("_expiresAt").asLong());
            } finally {
                raw.close();
            }
        }

        @Test
        void documentsOfAContainerLeftOutAreKeptForLater() {
            StoredDocument session = store.create("sessions", doc("acc-1", "session")).stored();

            reopen(List.of(ACCOUNTS));
            assertThrows(IllegalArgumentException.class, () -> store.read("sessions", "acc-1", "session"));
            reopen(BOTH);

            assertEquals(Optional.of(session), store.read("sessions", "acc-1", "session"));
        }

        @Test
        void createsTheFoldersOfTheFile() {
            try (EmbeddedDocumentStore nested = EmbeddedDocumentStore.open(
                    folder.resolve("data/deeper/store.mv.db"), BOTH, clock)) {
                assertEquals(Status.WRITTEN, nested.create("accounts", doc("acc-1", "profile")).status());
            }
        }

        @Test
        void aFileInUseIsRefusedWithAMessageNamingIt() {
            StoreUnavailableException e = assertThrows(StoreUnavailableException.class,
                    () -> EmbeddedDocumentStore.open(storeFile(), BOTH, clock));

            assertTrue(e.getMessage().contains(storeFile().toString()), e.getMessage());
            assertTrue(e.getMessage().contains("locked"), e.getMessage());
            assertEquals(Status.WRITTEN, store.create("accounts", doc("acc-1", "still-works")).status());
        }
    }

    /** The sweep, on an in-memory MVStore: its behaviour does not depend on the file. */
    @Nested
    class ExpiryIndex {

        private EmbeddedDocumentStore memory;

        @BeforeEach
        void openInMemory() {
            memory = new EmbeddedDocumentStore(new MVStore.Builder().open(), BOTH, clock);
        }

        @AfterEach
        void closeInMemory() {
            memory.close();
        }

        @Test
        void theSweepReadsAndRemovesOnlyExpiredDocuments() {
            for (int i = 0; i < 5_000; i++) {
                memory.create("accounts", doc("acc-" + (i % 50), "permanent-" + i));
                memory.create("sessions", doc("acc-" + (i % 50), "later-" + i));
            }
            for (int i = 0; i < 10; i++) {
                memory.create("accounts", doc("acc-" + i, "soon-" + i).withTtl(60));
            }
            clock.advance(Duration.ofSeconds(60));

            int removed = memory.removeExpired(1_000);

            assertEquals(10, removed);
            assertEquals(10, memory.documentsReadBySweep());
            assertEquals(5_000, memory.storedDocumentCount("accounts"));
            assertEquals(5_000, memory.storedDocumentCount("sessions"));
            assertEquals(0, memory.removeExpired(1_000));
            assertEquals(10, memory.documentsReadBySweep());
        }

        @Test
        void anExpiredDocumentIsInvisibleAtOnceAndRemovedByTheSweep() {
            memory.create("accounts", doc("acc-1", "code").withTtl(10));
            clock.advance(Duration.ofSeconds(10));

            assertEquals(Optional.empty(), memory.read("accounts", "acc-1", "code"));
            assertEquals(1, memory.storedDocumentCount("accounts"));
            assertEquals(1, memory.removeExpired(10));
            assertEquals(0, memory.storedDocumentCount("accounts"));
        }

        @Test
        void eachRunRemovesAtMostTheGivenNumber() {
            for (int i = 0; i < 10; i++) {
                memory.create("accounts", doc("acc-1", "code-" + i).withTtl(10));
            }
            clock.advance(Duration.ofSeconds(10));

            List<Integer> runs = List.of(memory.removeExpired(3), memory.removeExpired(3), memory.removeExpired(3),
                    memory.removeExpired(3), memory.removeExpired(3));

            assertEquals(List.of(3, 3, 3, 1, 0), runs);
        }

        @Test
        void aDocumentRewrittenWithALaterExpiryIsNotRemovedAtTheEarlierOne() {
            memory.create("accounts", doc("acc-1", "code").withTtl(10));
            memory.upsert("accounts", doc("acc-1", "code").withTtl(1_000));
            memory.create("accounts", doc("acc-1", "other").withTtl(10));
            clock.advance(Duration.ofSeconds(10));
            memory.create("accounts", doc("acc-1", "other"));

            assertEquals(0, memory.removeExpired(10));
            assertTrue(memory.read("accounts", "acc-1", "code").isPresent());
            assertTrue(memory.read("accounts", "acc-1", "other").isPresent());
            clock.advance(Duration.ofSeconds(990));
            assertEquals(1, memory.removeExpired(10));
        }

        @Test
        void aDeletedDocumentLeavesNothingForTheSweep() {
            memory.create("accounts", doc("acc-1", "code").withTtl(10));
            memory.delete("accounts", "acc-1", "code", null);
            clock.advance(Duration.ofSeconds(10));

            assertEquals(0, memory.removeExpired(10));
            assertEquals(0, memory.documentsReadBySweep());
        }

        @Test
        void aBoundBelowOneIsRejected() {
            assertThrows(IllegalArgumentException.class, () -> memory.removeExpired(0));
        }
    }

    @Nested
    class BackgroundSweep {

        @Test
        void removesExpiredDocumentsWithoutBeingAsked() throws Exception {
            try (EmbeddedDocumentStore swept = EmbeddedDocumentStore.open(
                    folder.resolve("swept.mv.db"), BOTH, clock, Duration.ofMillis(10))) {
                swept.create("accounts", doc("acc-1", "code").withTtl(10));
                swept.create("accounts", doc("acc-1", "profile"));
                clock.advance(Duration.ofSeconds(10));

                long deadline = System.currentTimeMillis() + DEADLINE_MILLIS;
                while (swept.storedDocumentCount("accounts") > 1 && System.currentTimeMillis() < deadline) {
                    Thread.sleep(5);
                }

                assertEquals(1, swept.storedDocumentCount("accounts"));
                assertTrue(swept.read("accounts", "acc-1", "profile").isPresent());
            }
        }

        @Test
        void runsOnADaemonThreadThatStopsOnClose() throws Exception {
            EmbeddedDocumentStore swept = EmbeddedDocumentStore.open(folder.resolve("stopped.mv.db"), BOTH, clock);
            Thread sweeper = Thread.getAllStackTraces().keySet().stream()
                    .filter(thread -> thread.getName().equals("embedded-store-sweeper-stopped.mv.db"))
                    .findFirst().orElseThrow(() -> new AssertionError("no sweeper thread"));
            assertTrue(sweeper.isDaemon());

            swept.close();
            sweeper.join(DEADLINE_MILLIS);

            assertFalse(sweeper.isAlive());
        }
    }

    @Nested
    class Faults {

        @Test
        void aClosedStoreIsUnavailableForEveryOperation() {
            embedded().close();

            assertAll(
                    () -> assertThrows(StoreUnavailableException.class, () -> store.read("accounts", "acc-1", "x")),
                    () -> assertThrows(StoreUnavailableException.class, () -> store.create("accounts", doc("acc-1", "x"))),
                    () -> assertThrows(StoreUnavailableException.class, () -> store.upsert("accounts", doc("acc-1", "x"))),
                    () -> assertThrows(StoreUnavailableException.class,
                            () -> store.replace("accounts", doc("acc-1", "x"), null)),
                    () -> assertThrows(StoreUnavailableException.class, () -> store.delete("accounts", "acc-1", "x", null)),
                    () -> assertThrows(StoreUnavailableException.class,
                            () -> store.query("accounts", Query.partition("acc-1"), 10, Optional.empty())),
                    () -> assertThrows(StoreUnavailableException.class, () -> embedded().removeExpired(10)));
        }

        @Test
        void aFailedStoreFileMakesOperationsUnavailable() {
            MVStore mvStore = new MVStore.Builder().fileName(folder.resolve("broken.mv.db").toString()).open();
            try (EmbeddedDocumentStore broken = new EmbeddedDocumentStore(mvStore, BOTH, clock)) {
                broken.create("accounts", doc("acc-1", "profile"));

                mvStore.closeImmediately(); // what MVStore itself does when the file fails

                assertThrows(StoreUnavailableException.class, () -> broken.read("accounts", "acc-1", "profile"));
                assertThrows(StoreUnavailableException.class, () -> broken.upsert("accounts", doc("acc-1", "profile")));
                assertFalse(broken.check().up());
            }
        }

        @Test
        void healthIsUpWhileOpenAndDownOnceClosed() {
            assertEquals(ComponentHealth.up("store", "embedded"), embedded().check());

            embedded().close();

            ComponentHealth closed = embedded().check();
            assertEquals("store", closed.component());
            assertEquals("embedded", closed.implementation());
            assertFalse(closed.up());
        }
    }

    @Nested
    class Containers {

        @Test
        void mustBeListedOnceEach() {
            Path other = folder.resolve("other.mv.db");

            assertThrows(IllegalArgumentException.class,
                    () -> EmbeddedDocumentStore.open(other, List.of(ACCOUNTS, ACCOUNTS), clock));
        }

        @Test
        void mayBeNoneYetWhileStillAnsweringHealthChecks() {
            try (EmbeddedDocumentStore empty = EmbeddedDocumentStore.open(folder.resolve("empty.mv.db"), List.of(), clock)) {
                assertTrue(empty.check().up());
                assertThrows(IllegalArgumentException.class, () -> empty.read("accounts", "acc-1", "profile"));
            }
        }

        @Test
        void mayNotUseAReservedNameAsPartitionKeyField() {
            assertThrows(IllegalArgumentException.class, () -> ContainerSpec.of("by-id", "id"));
            assertThrows(IllegalArgumentException.class, () -> ContainerSpec.of("by-ttl", "ttl"));
        }
    }
}
