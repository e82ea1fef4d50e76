package com.cardscry.portal.application.port;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import com.cardscry.portal.application.port.Query.Operator;
import com.cardscry.portal.application.port.WriteResult.Status;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * The rest of the {@link DocumentStore} contract, for stores whose time-to-live follows the
 * {@link Clock} they are given: a test moves the clock and watches documents expire. A store whose
 * service keeps its own time (Cosmos DB; its emulator does not expire at all) runs only the base
 * contract and proves instead that it writes the ttl.
 */
public abstract class ClockDrivenDocumentStoreContract extends DocumentStoreContract {

    /** Time-to-live, driven by moving {@link #clock}. */
    @Nested
    class ExpiryFollowsTheClock {

        @Test
        void aDocumentIsVisibleUntilItsTtlAndGoneFromThatSecond() {
            created(A, doc("acc-1", "code", Map.of("kind", "otp")).withTtl(60));
            Query query = Query.partition("acc-1").where("kind", Operator.EQUAL, "otp");

            clock.advance(Duration.ofSeconds(59));
            assertTrue(store.read(A, "acc-1", "code").isPresent());
            assertEquals(List.of("code"), allIds(A, query, 10));

            clock.advance(Duration.ofSeconds(1));
            assertEquals(Optional.empty(), store.read(A, "acc-1", "code"));
            assertEquals(List.of(), allIds(A, query, 10));
        }

        @Test
        void theContainerDefaultAppliesToDocumentsWithoutTheirOwnTtl() {
            created(S, doc("acc-1", "session"));

            clock.advance(Duration.ofSeconds(3599));
            assertTrue(store.read(S, "acc-1", "session").isPresent());
            clock.advance(Duration.ofSeconds(1));
            assertEquals(Optional.empty(), store.read(S, "acc-1", "session"));
        }

        @Test
        void aDocumentsOwnTtlOverridesTheContainerDefault() {
            created(S, doc("acc-1", "short").withTtl(10));
            created(S, doc("acc-1", "forever").withTtl(-1));

            clock.advance(Duration.ofSeconds(10));
            assertEquals(Optional.empty(), store.read(S, "acc-1", "short"));
            clock.advance(Duration.ofDays(400));
            assertTrue(store.read(S, "acc-1", "forever").isPresent());
        }

        @Test
        void withoutAnyTtlADocumentNeverExpires() {
            created(A, doc("acc-1", "profile"));

            clock.advance(Duration.ofDays(4000));

            assertTrue(store.read(A, "acc-1", "profile").isPresent());
        }

        @Test
        void everyWriteRestartsTheTtl() {
            StoredDocument first = created(A, doc("acc-1", "code").withTtl(60));
            clock.advance(Duration.ofSeconds(50));
            store.replace(A, doc("acc-1", "code").withTtl(60), first.etag());

            clock.advance(Duration.ofSeconds(59));
            assertTrue(store.read(A, "acc-1", "code").isPresent());
            clock.advance(Duration.ofSeconds(1));
            assertEquals(Optional.empty(), store.read(A, "acc-1", "code"));
        }

        @Test
        void aWriteCanMakeAnExpiringDocumentPermanent() {
            created(A, doc("acc-1", "code").withTtl(60));

            store.upsert(A, doc("acc-1", "code").withTtl(-1));
            clock.advance(Duration.ofDays(1));

            assertTrue(store.read(A, "acc-1", "code").isPresent());
        }

        @Test
        void anExpiredDocumentCannotBeReplacedOrDeletedButCanBeCreatedAgain() {
            StoredDocument expired = created(A, doc("acc-1", "code").withTtl(60));
            clock.advance(Duration.ofSeconds(60));

            assertEquals(Status.NOT_FOUND, store.replace(A, doc("acc-1", "code"), null).status());
            assertEquals(Status.NOT_FOUND, store.replace(A, doc("acc-1", "code"), expired.etag()).status());
            assertEquals(Status.NOT_FOUND, store.delete(A, "acc-1", "code", expired.etag()).status());
            assertEquals(Status.WRITTEN, store.create(A, doc("acc-1", "code", Map.of("again", true))).status());
            assertEquals(true, readBack(A, "acc-1", "code").document().fields().get("again"));
        }

        @Test
        void expiredDocumentsDoNotTakeUpPages() {
            created(A, doc("acc-1", "a"));
            created(A, doc("acc-1", "b").withTtl(5));
            created(A, doc("acc-1", "c").withTtl(5));
            created(A, doc("acc-1", "d"));
            clock.advance(Duration.ofSeconds(5));

            Page first = store.query(A, Query.partition("acc-1"), 2, Optional.empty());

            assertEquals(List.of("a", "d"), ids(first));
        }

        @Test
        void lastModifiedIsTheSecondOfTheLastWrite() {
            clock.advance(Duration.ofMillis(2_750));

            StoredDocument stored = created(A, doc("acc-1", "profile"));

            assertEquals(Instant.parse("2026-01-15T10:00:02Z"), stored.lastModified());
            assertEquals(stored.lastModified(), readBack(A, "acc-1", "profile").lastModified());
        }
    }
}
