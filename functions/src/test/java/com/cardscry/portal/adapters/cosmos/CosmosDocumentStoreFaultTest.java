package com.cardscry.portal.adapters.cosmos;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.cardscry.portal.adapters.cosmos.ScriptedCosmosAccount.PageScript;
import com.cardscry.portal.adapters.cosmos.ScriptedCosmosAccount.SyntheticCosmosException;
import com.cardscry.portal.application.port.ComponentHealth;
import com.cardscry.portal.application.port.ContainerSpec;
import com.cardscry.portal.application.port.Document;
import com.cardscry.portal.application.port.Page;
import com.cardscry.portal.application.port.Query;
import com.cardscry.portal.application.port.StoreUnavailableException;
import com.cardscry.portal.application.port.StoredDocument;
import com.cardscry.portal.application.port.WriteResult.Status;
import com.cardscry.portal.application.port.WriteResult;
import java.text.MessageFormat;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * The store's handling of Cosmos answers and faults, against a scripted account: no emulator, no
 * real waiting (the sleeper records what it was asked to wait).
 */
class CosmosDocumentStoreFaultTest {

    private static final String A = "accounts";
    private static final ContainerSpec ACCOUNTS = ContainerSpec.of(A, "accountId");
    private static final RetryPolicy POLICY = new RetryPolicy(4, Duration.ofMillis(100), Duration.ofSeconds(2));
    private static final int UNAVAILABLE = 503;
    private static final int GATEWAY_ENDPOINT_UNAVAILABLE = 10001;

    private final ScriptedCosmosAccount account = new ScriptedCosmosAccount();
    private final List<Duration> waits = new ArrayList<>();
    private double jitter = 1.0;
    private CosmosDocumentStore store;

    @BeforeEach
    void openStore() {
        store = new CosmosDocumentStore(account, List.of(ACCOUNTS),
                new TransientFaultRetry(POLICY, waits::add, () -> jitter));
    }

    private static Document profile(String name) {
        return Document.of("profile", "acc-1", Map.of("name", name));
    }

    private StoredDocument created(Document document) {
        return store.create(A, document).stored();
    }

    private static List<String> ids(Page page) {
        return page.items().stream().map(StoredDocument::id).toList();
    }

    private long requestsOf(String operation) {
        return account.requests().stream().filter(operation::equals).count();
    }

    @Nested
    class ThrottlingIsRetried {

        @Test
        void afterTheServersRetryAfterWhenItIsLongerThanTheBackoff() {
            account.failNext(429, 3200, Duration.ofMillis(700));

            WriteResult result = store.create(A, profile("Ada"));

            assertEquals(Status.WRITTEN, result.status());
            assertEquals(List.of(Duration.ofMillis(700)), waits);
            assertEquals(2, requestsOf("create"));
            assertEquals(1, account.storedCount(A));
        }

        @Test
        void afterTheBackoffWhenTheServersRetryAfterIsShorter() {
            account.failNext(429, 3200, Duration.ofMillis(10));

            store.create(A, profile("Ada"));

            assertEquals(List.of(Duration.ofMillis(100)), waits);
        }

        @Test
        void notAtAllWhenTheServerAsksForMoreThanTheLongestWait() {
            account.failNext(429, 3200, Duration.ofSeconds(3));

            assertThrows(StoreUnavailableException.class, () -> store.create(A, profile("Ada")));
            assertEquals(List.of(), waits);
            assertEquals(0, account.storedCount(A));
        }
    }

    @Nested
    class PassingFaultsAreRetried {

        @Test
        void withBackoffThatDoublesAndJitterThatShortensIt() {
            jitter = 0.0;
            account.failNext(UNAVAILABLE, 0, null);
            account.failNext(UNAVAILABLE, 0, null);
            account.failNext(449, 0, null);

            assertTrue(store.read(A, "acc-1", "profile").isEmpty());

            assertEquals(List.of(Duration.ofMillis(50), Duration.ofMillis(100), Duration.ofMillis(200)), waits);
        }

        @Test
        void includingADroppedConnectionAndATimeoutBeforeTheWriteArrived() {
            account.failNext(UNAVAILABLE, GATEWAY_ENDPOINT_UNAVAILABLE, null);
            account.failNext(408, 0, null);
            account.failNext(0, 0, null);

            assertEquals(Status.WRITTEN, store.upsert(A, profile("Ada")).status());
            assertEquals(1, account.storedCount(A));
        }

        @Test
        void untilTheAttemptsAreSpentThenTheStoreIsUnavailable() {
            for (int i = 0; i < POLICY.maxAttempts(); i++) {
                account.failNext(UNAVAILABLE, 0, null);
            }

            StoreUnavailableException e = assertThrows(StoreUnavailableException.class, () -> store.read(A, "acc-1", "profile"));

            assertEquals(POLICY.maxAttempts(), requestsOf("read"));
            assertEquals(POLICY.maxAttempts() - 1, waits.size());
            assertTrue(e.getMessage().contains("503"), e.getMessage());
            assertNull(e.getCause(), "the SDK exception, with its diagnostics, stays inside the adapter");
        }

        @Test
        void butAnInterruptedWaitGivesUpAndKeepsTheInterrupt() {
            CosmosDocumentStore interrupted = new CosmosDocumentStore(account, List.of(ACCOUNTS),
                    new TransientFaultRetry(POLICY, wait -> {
                        throw new InterruptedException();
                    }, () -> jitter));
            account.failNext(UNAVAILABLE, 0, null);

            try {
                assertThrows(StoreUnavailableException.class, () -> interrupted.read(A, "acc-1", "profile"));
                assertTrue(Thread.currentThread().isInterrupted());
            } finally {
                Thread.interrupted();
            }
        }
    }

    @Nested
    class RefusalsAreOutcomesNotRetried {

        @Test
        void aStaleEtagIsAConflict() {
            StoredDocument first = created(profile("Ada"));
            store.replace(A, profile("Bob"), first.etag());

            assertEquals(Status.CONFLICT, store.replace(A, profile("Eve"), first.etag()).status());
            assertEquals(Status.CONFLICT, store.delete(A, "acc-1", "profile", first.etag()).status());
            assertEquals(List.of(), waits);
            assertEquals(2, requestsOf("replace"));
        }

        @Test
        void aMissingDocumentIsEmptyOrNotFound() {
            assertAll(
                    () -> assertEquals(Optional.empty(), store.read(A, "acc-1", "profile")),
                    () -> assertEquals(Status.NOT_FOUND, store.replace(A, profile("Ada"), null).status()),
                    () -> assertEquals(Status.NOT_FOUND, store.delete(A, "acc-1", "profile", null).status()));
            assertEquals(List.of(), waits);
        }

        @Test
        void aTakenIdIsAlreadyExists() {
            created(profile("Ada"));

            assertEquals(Status.ALREADY_EXISTS, store.create(A, profile("Eve")).status());
            assertEquals(List.of(), waits);
        }

        @Test
        void otherStatusesMakeTheStoreUnavailableAndATooLargeDocumentIsBadInput() {
            account.failNext(403, 5301, null);
            account.failNext(500, 0, null);
            account.failNext(413, 0, null);

            assertThrows(StoreUnavailableException.class, () -> store.read(A, "acc-1", "profile"));
            assertThrows(StoreUnavailableException.class, () -> store.upsert(A, profile("Ada")));
            assertThrows(IllegalArgumentException.class, () -> store.upsert(A, profile("Ada")));
            assertEquals(List.of(), waits);
        }

        @Test
        void anythingElseTheSdkThrowsMakesTheStoreUnavailableButBadInputStaysBadInput() {
            account.throwNext(new IllegalStateException("reactor says no"));
            account.throwNext(new IllegalArgumentException("Invalid continuation token"));

            StoreUnavailableException e = assertThrows(StoreUnavailableException.class, () -> store.read(A, "acc-1", "profile"));
            assertThrows(IllegalArgumentException.class, () -> store.read(A, "acc-1", "profile"));

            assertNull(e.getCause());
            assertFalse(e.getMessage().contains("reactor says no"));
        }
    }

    /** A write whose answer was lost, retried, and then refused because of its own earlier effect. */
    @Nested
    class AnAcceptedWriteIsNeverReportedAsFailed {

        @Test
        void aCreateThatTimedOutAfterWritingIsWritten() {
            account.applyThenFailNext(408);

            WriteResult result = store.create(A, profile("Ada"));

            assertEquals(Status.WRITTEN, result.status());
            assertEquals(result.stored(), store.read(A, "acc-1", "profile").orElseThrow());
            assertEquals("Ada", result.stored().document().fields().get("name"));
        }

        @Test
        void butACreateThatTimedOutBeforeMeetingAnotherDocumentIsAlreadyExists() {
            StoredDocument other = created(profile("Eve"));
            account.failNext(408, 0, null);

            assertEquals(Status.ALREADY_EXISTS, store.create(A, profile("Ada")).status());
            assertEquals(other, store.read(A, "acc-1", "profile").orElseThrow());
        }

        @Test
        void aConditionalReplaceWhoseConnectionDroppedAfterWritingIsWritten() {
            StoredDocument first = created(profile("Ada"));
            account.applyThenFailNext(UNAVAILABLE);

            WriteResult result = store.replace(A, profile("Bob"), first.etag());

            assertEquals(Status.WRITTEN, result.status());
            assertEquals("Bob", result.stored().document().fields().get("name"));
        }

        @Test
        void aDeleteThatTimedOutAfterDeletingIsDeleted() {
            StoredDocument first = created(profile("Ada"));
            account.applyThenFailNext(0);

            assertEquals(Status.DELETED, store.delete(A, "acc-1", "profile", first.etag()).status());
            assertEquals(Optional.empty(), store.read(A, "acc-1", "profile"));
        }
    }

    @Nested
    class Queries {

        @Test
        void wrapTheSdkContinuationAndHandItBackUnchanged() {
            created(Document.of("a", "acc-1", Map.of()));
            created(Document.of("b", "acc-1", Map.of()));
            account.answerNextQueryWith(new PageScript(List.of("a"), Optional.of("{\"sdk\":\"token\"}")));
            account.answerNextQueryWith(new PageScript(List.of("b"), Optional.empty()));

            Page first = store.query(A, Query.partition("acc-1"), 1, Optional.empty());
            Page second = store.query(A, Query.partition("acc-1"), 1, first.continuation());

            assertFalse(first.continuation().orElseThrow().contains("sdk"), "the token is opaque");
            assertEquals(List.of("a"), ids(first));
            assertEquals(List.of("b"), ids(second));
            assertFalse(second.hasMore());
            assertEquals(Arrays.asList(null, "{\"sdk\":\"token\"}"), account.continuationsAsked());
        }

        @Test
        void skipEmptyPagesThatPromiseMore() {
            created(Document.of("a", "acc-1", Map.of()));
            account.answerNextQueryWith(new PageScript(List.of(), Optional.of("next")));

            Page page = store.query(A, Query.partition("acc-1"), 10, Optional.empty());

            assertEquals(List.of("a"), ids(page));
            assertFalse(page.hasMore());
        }

        @Test
        void areRetriedLikeEveryRequest() {
            created(Document.of("a", "acc-1", Map.of()));
            account.failNext(UNAVAILABLE, 0, Duration.ofMillis(300));

            Page page = store.query(A, Query.partition("acc-1"), 10, Optional.empty());

            assertEquals(1, page.items().size());
            assertEquals(List.of(Duration.ofMillis(300)), waits);
        }

        @Test
        void rejectATokenTheStoreDidNotIssueWithoutAsking() {
            assertThrows(IllegalArgumentException.class,
                    () -> store.query(A, Query.partition("acc-1"), 10, Optional.of("bm90IG91cnM")));
            assertEquals(0, requestsOf("query"));
        }
    }

    @Nested
    class Charges {

        @Test
        void areCountedPerOperationWithRetriesAndRefusalsIncluded() {
            account.failNext(429, 3200, Duration.ofMillis(5));
            StoredDocument first = created(profile("Ada"));
            store.read(A, "acc-1", "profile");
            store.replace(A, profile("Eve"), "\"stale\"");

            Map<String, RequestCharges> charges = store.requestCharges();

            assertEquals(new RequestCharges(1, 5.0), charges.get("create"));
            assertEquals(new RequestCharges(1, 1.0), charges.get("read"));
            assertEquals(new RequestCharges(1, 1.0), charges.get("replace"));
            assertEquals(List.of("create", "read", "replace"), List.copyOf(charges.keySet()));
            assertFalse(first.etag().isEmpty());
        }

        @Test
        void areLoggedAtDebugWithoutIdsOrContent() {
            Logger logger = Logger.getLogger(CosmosDocumentStore.class.getName());
            List<LogRecord> records = new ArrayList<>();
            Handler capture = new Handler() {
                @Override
                public void publish(LogRecord record) {
                    records.add(record);
                }

                @Override
                public void flush() {
                }

                @Override
                public void close() {
                }
            };
            Level before = logger.getLevel();
            logger.setLevel(Level.FINE);
            logger.addHandler(capture);
            try {
                store.create(A, Document.of("secret-id", "person@example.com", Map.of("name", "Ada Lovelace")));
            } finally {
                logger.removeHandler(capture);
                logger.setLevel(before);
            }

            assertEquals(1, records.size());
            String line = MessageFormat.format(records.get(0).getMessage(), records.get(0).getParameters());
            assertEquals("Cosmos create in accounts: 5 RU", line);
        }
    }

    @Nested
    class Health {

        @Test
        void isUpWhenTheDatabaseAnswers() {
            assertEquals(ComponentHealth.up("store", "cosmos"), store.check());
        }

        @Test
        void showsTheRequestUnitsEachOperationHasCostSoFar() {
            store.create(A, Document.of("profile", "acc-1", Map.of("name", "Ada")));
            store.read(A, "acc-1", "profile");

            ComponentHealth health = store.check();
            assertTrue(health.up());
            assertTrue(health.detail().matches("ok; RU since start: create 1 ops [0-9.]+ RU, read 1 ops [0-9.]+ RU"),
                    health.detail());
        }

        @Test
        void isDownWithTheStatusWhenCosmosRefuses() {
            account.failProbeWith(new SyntheticCosmosException(401, 0, null, 0));

            assertEquals(ComponentHealth.down("store", "cosmos", "Cosmos answered status 401"), store.check());
        }

        @Test
        void isDownWithoutThrowingWhenCosmosDoesNotAnswerInTime() {
            account.failProbeWith(new IllegalStateException("Timeout on blocking read for 2000000000 NANOSECONDS"));

            ComponentHealth health = store.check();

            assertFalse(health.up());
            assertEquals("Cosmos did not answer (IllegalStateException)", health.detail());
        }

        @Test
        void isDownOnceClosedAndEveryOperationIsUnavailable() {
            store.close();

            assertTrue(account.isClosed());
            assertFalse(store.check().up());
            assertThrows(StoreUnavailableException.class, () -> store.read(A, "acc-1", "profile"));
            assertThrows(StoreUnavailableException.class, () -> store.upsert(A, profile("Ada")));
        }
    }
}
