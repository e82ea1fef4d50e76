package com.cardscry.portal.application.port;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.cardscry.portal.application.port.Query.Operator;
import com.cardscry.portal.application.port.WriteResult.Status;
import com.cardscry.portal.testing.FakeClock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * The behaviour every {@link DocumentStore} shows, written once and run by each implementation's test
 * class, which only says how to build a store.
 *
 * <p>Decisions this suite makes explicit: the partition key field is part of the stored document, so
 * reads return it in {@code fields} whether or not the caller wrote it, and a caller who writes it
 * must write the partition key there; conditions can test it and {@code id} like any field.
 *
 * <p>Time: the store is given {@link #clock}. Tests that depend on it moving (expiry, second-precise
 * timestamps) are in {@link ClockDrivenDocumentStoreContract}, which only stores whose expiry follows
 * that clock extend; a service that expires by its own time (Cosmos DB) proves its ttl otherwise.
 */
public abstract class DocumentStoreContract {

    /** A container whose documents never expire unless they say so. */
    protected static final ContainerSpec ACCOUNTS = ContainerSpec.of("accounts", "accountId");
    /** A container whose documents expire after an hour unless they say otherwise. */
    protected static final ContainerSpec SESSIONS = ContainerSpec.withDefaultTtl("sessions", "accountId", 3600);

    protected static final String A = "accounts";
    protected static final String S = "sessions";
    private static final long DEADLINE_SECONDS = 60;

    protected final FakeClock clock = new FakeClock(Instant.parse("2026-01-15T10:00:00Z"));
    protected DocumentStore store;

    /**
     * A new, empty store serving exactly these containers, whose time is {@code clock}. The suite
     * closes it after each test if it is {@link AutoCloseable}.
     */
    protected abstract DocumentStore newStore(List<ContainerSpec> containers, Clock clock);

    @BeforeEach
    void openStore() {
        store = newStore(List.of(ACCOUNTS, SESSIONS), clock);
    }

    @AfterEach
    void closeStore() throws Exception {
        if (store instanceof AutoCloseable closeable) {
            closeable.close();
        }
    }

    protected static Document doc(String partitionKey, String id, Map<String, Object> fields) {
        return Document.of(id, partitionKey, fields);
    }

    protected static Document doc(String partitionKey, String id) {
        return doc(partitionKey, id, Map.of("name", "Ada"));
    }

    protected static Map<String, Object> withPartitionKey(String partitionKey, Map<String, Object> fields) {
        Map<String, Object> expected = new LinkedHashMap<>(fields);
        expected.put("accountId", partitionKey);
        return expected;
    }

    protected StoredDocument created(String container, Document document) {
        WriteResult result = store.create(container, document);
        assertEquals(Status.WRITTEN, result.status());
        return result.stored();
    }

    protected StoredDocument readBack(String container, String partitionKey, String id) {
        return store.read(container, partitionKey, id).orElseThrow(() -> new AssertionError("not found: " + id));
    }

    protected List<String> ids(Page page) {
        return page.items().stream().map(StoredDocument::id).toList();
    }

    /** Every match, page by page; checks that no page is larger than asked. */
    protected List<String> allIds(String container, Query query, int pageSize) {
        List<String> ids = new ArrayList<>();
        Optional<String> continuation = Optional.empty();
        do {
            Page page = store.query(container, query, pageSize, continuation);
            assertTrue(page.items().size() <= pageSize, "page larger than " + pageSize);
            ids.addAll(ids(page));
            continuation = page.continuation();
        } while (continuation.isPresent());
        return ids;
    }

    @Nested
    class PointReads {

        @Test
        void returnTheDocumentAsWrittenPlusItsPartitionKeyField() {
            Document written = doc("acc-1", "profile", Map.of("name", "Ada", "plan", "free"));
            StoredDocument stored = created(A, written);

            StoredDocument read = readBack(A, "acc-1", "profile");

            assertEquals(withPartitionKey("acc-1", written.fields()), read.document().fields());
            assertEquals(stored, read);
            assertEquals("acc-1", read.document().partitionKey());
        }

        @Test
        void findNothingForAMissingIdPartitionOrContainer() {
            created(A, doc("acc-1", "profile"));

            assertAll(
                    () -> assertEquals(Optional.empty(), store.read(A, "acc-1", "other")),
                    () -> assertEquals(Optional.empty(), store.read(A, "acc-2", "profile")),
                    () -> assertEquals(Optional.empty(), store.read(S, "acc-1", "profile")));
        }

        @Test
        void keepTheSameIdInTwoPartitionsApart() {
            created(A, doc("acc-1", "profile", Map.of("name", "Ada")));
            created(A, doc("acc-2", "profile", Map.of("name", "Grace")));

            assertEquals("Ada", readBack(A, "acc-1", "profile").document().fields().get("name"));
            assertEquals("Grace", readBack(A, "acc-2", "profile").document().fields().get("name"));
        }
    }

    @Nested
    class Values {

        @Test
        void roundTripEveryJsonTypeEqualToWhatWasWritten() {
            Map<String, Object> nested = new LinkedHashMap<>();
            nested.put("empty", Map.of());
            nested.put("list", List.of(1L, "two", 3.5, true, List.of(), Map.of("deep", List.of("x"))));
            nested.put("nothing", null);
            Map<String, Object> fields = new LinkedHashMap<>();
            fields.put("text", "Zoë 🂡 日本語 \"quoted\" back\\slash\nnew line \u2028");
            fields.put("max", Long.MAX_VALUE);
            fields.put("min", Long.MIN_VALUE);
            fields.put("integral", 0L);
            fields.put("fraction", 0.1);
            fields.put("wholeDouble", 3.0);
            fields.put("tiny", 1.0e-300);
            fields.put("huge", 1.7976931348623157e308);
            fields.put("yes", true);
            fields.put("no", false);
            fields.put("nothing", null);
            fields.put("nested", nested);
            fields.put("emptyList", List.of());

            created(A, doc("acc-1", "values", fields));

            assertEquals(withPartitionKey("acc-1", fields), readBack(A, "acc-1", "values").document().fields());
        }

        @Test
        void keepTheDocumentsOwnTtlAsWritten() {
            created(S, doc("acc-1", "default"));
            created(S, doc("acc-1", "never").withTtl(-1));
            created(S, doc("acc-1", "minute").withTtl(60));

            assertEquals(OptionalInt.empty(), readBack(S, "acc-1", "default").document().ttlSeconds());
            assertEquals(OptionalInt.of(-1), readBack(S, "acc-1", "never").document().ttlSeconds());
            assertEquals(OptionalInt.of(60), readBack(S, "acc-1", "minute").document().ttlSeconds());
        }

        @Test
        void reportLastModifiedToTheSecond() {
            clock.advance(Duration.ofMillis(1_234));

            StoredDocument stored = created(A, doc("acc-1", "profile"));

            assertEquals(0, stored.lastModified().getNano());
        }
    }

    @Nested
    class PartitionKeyField {

        @Test
        void mayBeWrittenByTheCallerWithThePartitionKey() {
            created(A, doc("acc-1", "profile", Map.of("accountId", "acc-1", "name", "Ada")));

            assertEquals(Map.of("accountId", "acc-1", "name", "Ada"), readBack(A, "acc-1", "profile").document().fields());
        }

        @Test
        void mustNotDisagreeWithThePartitionKey() {
            Document mismatch = doc("acc-1", "profile", Map.of("accountId", "acc-2"));
            Document wrongType = doc("acc-1", "profile", Map.of("accountId", 1L));

            assertAll(
                    () -> assertThrows(IllegalArgumentException.class, () -> store.create(A, mismatch)),
                    () -> assertThrows(IllegalArgumentException.class, () -> store.upsert(A, wrongType)),
                    () -> assertThrows(IllegalArgumentException.class, () -> store.replace(A, mismatch, null)));
            assertEquals(Optional.empty(), store.read(A, "acc-1", "profile"));
        }
    }

    @Nested
    class Create {

        @Test
        void writesANewDocumentWithAnEtag() {
            WriteResult result = store.create(A, doc("acc-1", "profile"));

            assertEquals(Status.WRITTEN, result.status());
            assertFalse(result.stored().etag().isBlank());
        }

        @Test
        void refusesAnExistingIdAsAlreadyExistsAndKeepsTheStoredVersion() {
            StoredDocument first = created(A, doc("acc-1", "profile", Map.of("name", "Ada")));

            WriteResult second = store.create(A, doc("acc-1", "profile", Map.of("name", "Eve")));

            assertEquals(Status.ALREADY_EXISTS, second.status());
            assertEquals(first, readBack(A, "acc-1", "profile"));
        }
    }

    @Nested
    class Upsert {

        @Test
        void createsAMissingDocument() {
            assertEquals(Status.WRITTEN, store.upsert(A, doc("acc-1", "profile")).status());
            assertTrue(store.read(A, "acc-1", "profile").isPresent());
        }

        @Test
        void overwritesAnExistingDocumentWithANewEtag() {
            StoredDocument first = created(A, doc("acc-1", "profile", Map.of("name", "Ada")));

            StoredDocument second = store.upsert(A, doc("acc-1", "profile", Map.of("name", "Eve"))).stored();

            assertNotEquals(first.etag(), second.etag());
            assertEquals(second, readBack(A, "acc-1", "profile"));
            assertEquals("Eve", second.document().fields().get("name"));
        }
    }

    @Nested
    class Replace {

        @Test
        void withTheCurrentEtagWrites() {
            StoredDocument first = created(A, doc("acc-1", "profile", Map.of("name", "Ada")));

            WriteResult result = store.replace(A, doc("acc-1", "profile", Map.of("name", "Eve")), first.etag());

            assertEquals(Status.WRITTEN, result.status());
            assertEquals(result.stored(), readBack(A, "acc-1", "profile"));
        }

        @Test
        void withAStaleEtagIsAConflictAndChangesNothing() {
            StoredDocument first = created(A, doc("acc-1", "profile", Map.of("name", "Ada")));
            StoredDocument second = store.replace(A, doc("acc-1", "profile", Map.of("name", "Bob")), first.etag()).stored();

            WriteResult stale = store.replace(A, doc("acc-1", "profile", Map.of("name", "Eve")), first.etag());

            assertEquals(Status.CONFLICT, stale.status());
            assertEquals(second, readBack(A, "acc-1", "profile"));
        }

        @Test
        void withTheEtagOfADeletedAndRecreatedDocumentIsAConflict() {
            StoredDocument first = created(A, doc("acc-1", "profile"));
            store.delete(A, "acc-1", "profile", null);
            created(A, doc("acc-1", "profile"));

            assertEquals(Status.CONFLICT, store.replace(A, doc("acc-1", "profile"), first.etag()).status());
        }

        @Test
        void withoutAnEtagWritesUnconditionally() {
            created(A, doc("acc-1", "profile", Map.of("name", "Ada")));

            WriteResult result = store.replace(A, doc("acc-1", "profile", Map.of("name", "Eve")), null);

            assertEquals(Status.WRITTEN, result.status());
            assertEquals("Eve", readBack(A, "acc-1", "profile").document().fields().get("name"));
        }

        @Test
        void ofAMissingDocumentIsNotFoundWithOrWithoutAnEtag() {
            StoredDocument other = created(A, doc("acc-1", "other"));

            assertEquals(Status.NOT_FOUND, store.replace(A, doc("acc-1", "profile"), null).status());
            assertEquals(Status.NOT_FOUND, store.replace(A, doc("acc-1", "profile"), other.etag()).status());
            assertEquals(Optional.empty(), store.read(A, "acc-1", "profile"));
        }
    }

    @Nested
    class Delete {

        @Test
        void removesTheDocument() {
            created(A, doc("acc-1", "profile"));

            assertEquals(Status.DELETED, store.delete(A, "acc-1", "profile", null).status());
            assertEquals(Optional.empty(), store.read(A, "acc-1", "profile"));
        }

        @Test
        void withTheCurrentEtagDeletes() {
            StoredDocument stored = created(A, doc("acc-1", "profile"));

            assertEquals(Status.DELETED, store.delete(A, "acc-1", "profile", stored.etag()).status());
        }

        @Test
        void withAStaleEtagIsAConflictAndKeepsTheDocument() {
            StoredDocument first = created(A, doc("acc-1", "profile"));
            StoredDocument second = store.upsert(A, doc("acc-1", "profile")).stored();

            assertEquals(Status.CONFLICT, store.delete(A, "acc-1", "profile", first.etag()).status());
            assertEquals(second, readBack(A, "acc-1", "profile"));
        }

        @Test
        void ofAMissingDocumentIsNotFound() {
            assertEquals(Status.NOT_FOUND, store.delete(A, "acc-1", "profile", null).status());
        }

        @Test
        void manyAtOnceRemovesThoseThereAndCountsThem() {
            created(A, doc("acc-1", "one"));
            created(A, doc("acc-1", "two"));
            created(A, doc("acc-2", "one"));

            assertEquals(2, store.deleteAll(A, "acc-1", List.of("one", "two", "never-there")));
            assertEquals(Optional.empty(), store.read(A, "acc-1", "one"));
            assertEquals(Optional.empty(), store.read(A, "acc-1", "two"));
            assertTrue(store.read(A, "acc-2", "one").isPresent(), "another partition's document of that id stays");
            assertEquals(0, store.deleteAll(A, "acc-1", List.of("one", "two")), "again: nothing left");
        }

        @Test
        void ofADeletedDocumentIsNotFound() {
            created(A, doc("acc-1", "profile"));
            store.delete(A, "acc-1", "profile", null);

            assertEquals(Status.NOT_FOUND, store.delete(A, "acc-1", "profile", null).status());
        }
    }

    @Nested
    class Etags {

        @Test
        void differOnEveryWriteEvenOfTheSameContent() {
            Document same = doc("acc-1", "profile");
            Set<String> etags = new HashSet<>();
            etags.add(created(A, same).etag());
            for (int i = 0; i < 5; i++) {
                etags.add(store.upsert(A, same).stored().etag());
                etags.add(store.replace(A, same, null).stored().etag());
            }
            etags.add(created(A, doc("acc-2", "profile")).etag());

            assertEquals(12, etags.size());
        }

        @Test
        void ofConcurrentWritersWithTheSameEtagExactlyOneWins() throws Exception {
            int writers = 8;
            String etag = created(A, doc("acc-1", "counter", Map.of("n", 0L))).etag();
            CountDownLatch start = new CountDownLatch(1);

            List<Status> outcomes = inParallel(writers, writer -> {
                start.await();
                return store.replace(A, doc("acc-1", "counter", Map.of("n", (long) writer)), etag).status();
            }, start);

            assertEquals(1, outcomes.stream().filter(Status.WRITTEN::equals).count());
            assertEquals(writers - 1, outcomes.stream().filter(Status.CONFLICT::equals).count());
        }

        @Test
        void letConcurrentIncrementsThatRetryOnConflictLoseNothing() throws Exception {
            int writers = 8;
            int incrementsEach = 25;
            created(A, doc("acc-1", "counter", Map.of("n", 0L)));
            CountDownLatch start = new CountDownLatch(1);

            inParallel(writers, writer -> {
                start.await();
                for (int i = 0; i < incrementsEach; i++) {
                    while (!tryIncrement()) {
                        // CONFLICT: another writer got there first; read again and retry.
                    }
                }
                return null;
            }, start);

            assertEquals((long) writers * incrementsEach, readBack(A, "acc-1", "counter").document().fields().get("n"));
        }

        private boolean tryIncrement() {
            StoredDocument current = readBack(A, "acc-1", "counter");
            long n = (Long) current.document().fields().get("n");
            Document next = current.document().withFields(Map.of("n", n + 1));
            return store.replace(A, next, current.etag()).status() == Status.WRITTEN;
        }

        private <T> List<T> inParallel(int threads, ThrowingFunction<T> work, CountDownLatch start) throws Exception {
            ExecutorService pool = Executors.newFixedThreadPool(threads);
            try {
                List<Future<T>> futures = new ArrayList<>();
                for (int i = 0; i < threads; i++) {
                    int writer = i;
                    futures.add(pool.submit((Callable<T>) () -> work.apply(writer)));
                }
                start.countDown();
                List<T> results = new ArrayList<>();
                for (Future<T> future : futures) {
                    results.add(future.get(DEADLINE_SECONDS, TimeUnit.SECONDS));
                }
                return results;
            } finally {
                pool.shutdownNow();
            }
        }
    }

    @FunctionalInterface
    private interface ThrowingFunction<T> {
        T apply(int writer) throws Exception;
    }

    @Nested
    class Queries {

        @BeforeEach
        void fillTwoPartitions() {
            for (String id : List.of("c", "a", "e", "b", "d")) {
                created(A, doc("acc-1", id, Map.of("letter", id, "rank", (long) (id.charAt(0) - 'a'))));
            }
            created(A, doc("acc-2", "a", Map.of("letter", "a", "rank", 0L)));
        }

        @Test
        void returnOnlyTheQueriedPartitionOrderedById() {
            Page page = store.query(A, Query.partition("acc-1"), 100, Optional.empty());

            assertEquals(List.of("a", "b", "c", "d", "e"), ids(page));
            assertFalse(page.hasMore());
        }

        @Test
        void returnNothingForAnEmptyPartition() {
            Page page = store.query(A, Query.partition("acc-9"), 10, Optional.empty());

            assertEquals(List.of(), page.items());
            assertFalse(page.hasMore());
        }

        @Test
        void returnTheStoredDocumentsWithTheirEtags() {
            StoredDocument stored = readBack(A, "acc-1", "c");

            Page page = store.query(A, Query.partition("acc-1").where("letter", Operator.EQUAL, "c"), 10, Optional.empty());

            assertEquals(List.of(stored), page.items());
        }

        @Test
        void pageByContinuationThroughEveryMatchInOrder() {
            for (int pageSize : List.of(1, 2, 3, 5, 1000)) {
                assertEquals(List.of("a", "b", "c", "d", "e"), allIds(A, Query.partition("acc-1"), pageSize),
                        "page size " + pageSize);
            }
        }

        @Test
        void pageByContinuationThroughConditionMatchesOnly() {
            Query odd = Query.partition("acc-1").where("rank", Operator.NOT_EQUAL, 1L).where("rank", Operator.NOT_EQUAL, 3L);

            assertEquals(List.of("a", "c", "e"), allIds(A, odd, 1));
        }

        @Test
        void boundIdsByRangeAlonePagedAndTogetherWithOtherConditions() {
            Function<Query, List<String>> run = query -> allIds(A, query, 1);
            Query base = Query.partition("acc-1");

            assertAll(
                    () -> assertEquals(List.of("b", "c"), run.apply(base.where("id", Operator.GREATER_OR_EQUAL, "b")
                            .where("id", Operator.LESS_THAN, "d"))),
                    () -> assertEquals(List.of("c", "d"), run.apply(base.where("id", Operator.GREATER_THAN, "b")
                            .where("id", Operator.LESS_OR_EQUAL, "d"))),
                    () -> assertEquals(List.of("c"), run.apply(base.where("id", Operator.EQUAL, "c"))),
                    () -> assertEquals(List.of("a", "b", "c", "e"), run.apply(base.where("id", Operator.NOT_EQUAL, "d"))),
                    () -> assertEquals(List.of("b", "d"), run.apply(base.where("id", Operator.GREATER_OR_EQUAL, "b")
                            .where("id", Operator.LESS_THAN, "e").where("rank", Operator.NOT_EQUAL, 2L))),
                    () -> assertEquals(List.of("d", "e"), run.apply(base.where("id", Operator.GREATER_OR_EQUAL, "a")
                            .where("id", Operator.GREATER_OR_EQUAL, "d"))),
                    () -> assertEquals(List.of("a", "b"), run.apply(base.where("id", Operator.LESS_THAN, "e")
                            .where("id", Operator.LESS_THAN, "c"))),
                    () -> assertEquals(List.of(), run.apply(base.where("id", Operator.GREATER_THAN, "c").where("id", Operator.LESS_THAN, "c"))),
                    () -> assertEquals(List.of("a", "b", "c", "d", "e"), run.apply(base.where("id", Operator.LESS_THAN, "\u00e9"))));
        }

        @Test
        void compareNumbersByValue() {
            Function<Query, List<String>> run = query -> allIds(A, query, 10);
            Query base = Query.partition("acc-1");

            assertAll(
                    () -> assertEquals(List.of("c"), run.apply(base.where("rank", Operator.EQUAL, 2L))),
                    () -> assertEquals(List.of("c"), run.apply(base.where("rank", Operator.EQUAL, 2.0))),
                    () -> assertEquals(List.of("a", "b", "d", "e"), run.apply(base.where("rank", Operator.NOT_EQUAL, 2))),
                    () -> assertEquals(List.of("a", "b"), run.apply(base.where("rank", Operator.LESS_THAN, 1.5))),
                    () -> assertEquals(List.of("a", "b", "c"), run.apply(base.where("rank", Operator.LESS_OR_EQUAL, 2L))),
                    () -> assertEquals(List.of("e"), run.apply(base.where("rank", Operator.GREATER_THAN, 3L))),
                    () -> assertEquals(List.of("d", "e"), run.apply(base.where("rank", Operator.GREATER_OR_EQUAL, 2.5))));
        }

        @Test
        void compareStringsByCodePoint() {
            // U+1F600 is above U+FFFD by code point, though its first UTF-16 unit (U+D83D) is below.
            created(A, doc("acc-3", "emoji", Map.of("s", "\uD83D\uDE00")));
            created(A, doc("acc-3", "replacement", Map.of("s", "\uFFFD")));
            created(A, doc("acc-3", "ascii", Map.of("s", "z")));
            Query base = Query.partition("acc-3");

            assertEquals(List.of("emoji"), allIds(A, base.where("s", Operator.GREATER_THAN, "\uFFFD"), 10));
            assertEquals(List.of("ascii", "replacement"), allIds(A, base.where("s", Operator.LESS_THAN, "\uD83D\uDE00"), 10));
            assertEquals(List.of("emoji", "replacement"), allIds(A, base.where("s", Operator.GREATER_OR_EQUAL, "{"), 10));
        }

        @Test
        void compareBooleansForEqualityOnly() {
            created(A, doc("acc-3", "on", Map.of("flag", true)));
            created(A, doc("acc-3", "off", Map.of("flag", false)));
            Query base = Query.partition("acc-3");

            assertAll(
                    () -> assertEquals(List.of("on"), allIds(A, base.where("flag", Operator.EQUAL, true), 10)),
                    () -> assertEquals(List.of("on"), allIds(A, base.where("flag", Operator.NOT_EQUAL, false), 10)),
                    () -> assertEquals(List.of(), allIds(A, base.where("flag", Operator.GREATER_THAN, false), 10)),
                    () -> assertEquals(List.of(), allIds(A, base.where("flag", Operator.LESS_OR_EQUAL, true), 10)));
        }

        @Test
        void letMissingNullAndOtherTypedFieldsMeetNoConditionNotEvenNotEqual() {
            Map<String, Object> nullState = new LinkedHashMap<>();
            nullState.put("state", null);
            created(A, doc("acc-3", "missing", Map.of()));
            created(A, doc("acc-3", "null", nullState));
            created(A, doc("acc-3", "number", Map.of("state", 1L)));
            created(A, doc("acc-3", "string", Map.of("state", "1")));
            created(A, doc("acc-3", "object", Map.of("state", Map.of("x", "1"))));
            created(A, doc("acc-3", "list", Map.of("state", List.of("1"))));
            Query base = Query.partition("acc-3");

            assertAll(
                    () -> assertEquals(List.of("string"), allIds(A, base.where("state", Operator.NOT_EQUAL, "x"), 10)),
                    () -> assertEquals(List.of("number"), allIds(A, base.where("state", Operator.NOT_EQUAL, 2L), 10)),
                    () -> assertEquals(List.of(), allIds(A, base.where("state", Operator.NOT_EQUAL, true), 10)),
                    () -> assertEquals(List.of(), allIds(A, base.where("absent", Operator.NOT_EQUAL, "x"), 10)));
        }

        @Test
        void followNestedPathsAndSeeIdAndPartitionKeyField() {
            created(A, doc("acc-3", "k1", Map.of("quota", Map.of("used", 10L))));
            created(A, doc("acc-3", "k2", Map.of("quota", Map.of("used", 99L))));
            created(A, doc("acc-3", "k3", Map.of("quota", "unlimited")));
            Query base = Query.partition("acc-3");

            assertAll(
                    () -> assertEquals(List.of("k2"), allIds(A, base.where("quota.used", Operator.GREATER_THAN, 50L), 10)),
                    () -> assertEquals(List.of("k1", "k3"), allIds(A, base.where("id", Operator.NOT_EQUAL, "k2"), 10)),
                    () -> assertEquals(List.of("k1", "k2", "k3"), allIds(A, base.where("accountId", Operator.EQUAL, "acc-3"), 10)));
        }

        @Test
        void requireEveryCondition() {
            Query between = Query.partition("acc-1").where("rank", Operator.GREATER_THAN, 0L).where("rank", Operator.LESS_THAN, 4L)
                    .where("letter", Operator.NOT_EQUAL, "c");

            assertEquals(List.of("b", "d"), allIds(A, between, 10));
        }
    }

    @Nested
    class BadInput {

        @Test
        void anUnknownContainerIsRejectedByEveryOperation() {
            Document document = doc("acc-1", "profile");

            assertAll(
                    () -> assertThrows(IllegalArgumentException.class, () -> store.read("nope", "acc-1", "profile")),
                    () -> assertThrows(IllegalArgumentException.class, () -> store.create("nope", document)),
                    () -> assertThrows(IllegalArgumentException.class, () -> store.upsert("nope", document)),
                    () -> assertThrows(IllegalArgumentException.class, () -> store.replace("nope", document, null)),
                    () -> assertThrows(IllegalArgumentException.class, () -> store.delete("nope", "acc-1", "profile", null)),
                    () -> assertThrows(IllegalArgumentException.class,
                            () -> store.query("nope", Query.partition("acc-1"), 10, Optional.empty())));
        }

        @Test
        void theUnknownContainerIsNamedInTheMessage() {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> store.read("nope", "acc-1", "x"));

            assertTrue(e.getMessage().contains("nope"), e.getMessage());
        }

        @Test
        void emptyIdsAndPartitionKeysAreRejected() {
            assertAll(
                    () -> assertThrows(IllegalArgumentException.class, () -> store.read(A, "acc-1", "")),
                    () -> assertThrows(IllegalArgumentException.class, () -> store.read(A, "", "profile")),
                    () -> assertThrows(IllegalArgumentException.class, () -> store.delete(A, "acc-1", "", null)),
                    () -> assertThrows(IllegalArgumentException.class, () -> store.delete(A, "", "profile", null)),
                    () -> assertThrows(IllegalArgumentException.class,
                            () -> store.query(A, Query.partition(""), 10, Optional.empty())));
        }

        @Test
        void idsWithControlCharactersAreRejected() {
            assertThrows(IllegalArgumentException.class, () -> store.read(A, "acc-1", "pro\u0000file"));
            assertThrows(IllegalArgumentException.class, () -> store.read(A, "acc\u0000", "profile"));
        }

        @Test
        void pageSizesOutsideOneToAThousandAreRejected() {
            Query query = Query.partition("acc-1");

            assertAll(
                    () -> assertThrows(IllegalArgumentException.class, () -> store.query(A, query, 0, Optional.empty())),
                    () -> assertThrows(IllegalArgumentException.class, () -> store.query(A, query, 1001, Optional.empty())),
                    () -> assertEquals(List.of(), store.query(A, query, 1, Optional.empty()).items()),
                    () -> assertEquals(List.of(), store.query(A, query, 1000, Optional.empty()).items()));
        }

        @Test
        void aContinuationTheStoreDidNotIssueIsRejected() {
            assertThrows(IllegalArgumentException.class,
                    () -> store.query(A, Query.partition("acc-1"), 10, Optional.of("not a token!")));
        }
    }
}
