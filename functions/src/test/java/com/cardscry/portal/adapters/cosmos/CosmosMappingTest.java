package com.cardscry.portal.adapters.cosmos;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.cardscry.portal.application.port.Document;
import com.cardscry.portal.application.port.Query.Operator;
import com.cardscry.portal.application.port.Query;
import com.cardscry.portal.application.port.StoreUnavailableException;
import com.cardscry.portal.application.port.StoredDocument;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** How documents become items and queries become SQL, checked without a server. */
class CosmosMappingTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Nested
    class Items {

        @Test
        void carryIdFieldsAndOwnTtlAndReadBackWithoutSystemProperties() throws Exception {
            Map<String, Object> fields = new LinkedHashMap<>();
            fields.put("accountId", "acc-1");
            fields.put("count", 3L);
            fields.put("ratio", 3.0);
            fields.put("nested", Map.of("_kept", List.of(1L, 0.5)));
            Document document = new Document("k1", "acc-1", fields, OptionalInt.of(60));

            JsonNode item = ItemJson.toItem(document);
            JsonNode stored = JSON.readTree(item.toString().replaceFirst("\\}$",
                    ",\"_rid\":\"r\",\"_self\":\"s\",\"_etag\":\"\\\\\"e1\\\\\"\",\"_attachments\":\"a\",\"_ts\":1768471200}"));
            StoredDocument read = ItemJson.fromItem(stored, "accountId");

            assertEquals("k1", item.get("id").textValue());
            assertEquals(60, item.get("ttl").intValue());
            assertEquals(document, read.document());
            assertEquals("\"e1\"", read.etag());
            assertEquals(Instant.parse("2026-01-15T10:00:00Z"), read.lastModified());
        }

        @Test
        void keepWholeDoublesAndLongsBeyondTwoToTheFiftyThirdExactThroughAServerThatRewritesThem() throws Exception {
            Map<String, Object> fields = new LinkedHashMap<>();
            fields.put("accountId", "acc-1");
            fields.put("whole", 3.0);
            fields.put("max", Long.MAX_VALUE);
            fields.put("small", 7L);
            fields.put("fraction", 0.5);
            fields.put("nested", Map.of("list", List.of(2.0, "x", Map.of("a/b~c", -9007199254740993L))));
            Document document = Document.of("k1", "acc-1", fields);

            String written = ItemJson.toItem(document).toString();
            // What a JavaScript server sends back: whole numbers without ".0", big integers rounded.
            String rewritten = written.replace("3.0", "3").replace("[2.0", "[2")
                    .replace("9223372036854775807,", "9223372036854776000,").replace("-9007199254740993}", "-9007199254740992}")
                    .replaceFirst("\\}$", ",\"_etag\":\"e\",\"_ts\":1}");
            assertTrue(rewritten.contains(":3,") && rewritten.contains("[2,") && rewritten.contains("9223372036854776000")
                    && rewritten.contains("-9007199254740992"), "the server's rewriting applies: " + rewritten);
            StoredDocument read = ItemJson.fromItem(JSON.readTree(rewritten), "accountId");

            assertEquals(document.fields(), read.document().fields());
            assertFalse(ItemJson.toItem(Document.of("k2", "acc-1", Map.of("n", 1L, "x", 0.5))).has(ItemJson.EXACT_NUMBERS),
                    "only documents that need it carry the annotation");
        }

        @Test
        void withoutEtagOrTimestampAreAFaultThatQuotesNoContent() throws Exception {
            JsonNode item = JSON.readTree("{\"id\":\"k1\",\"accountId\":\"acc-1\",\"email\":\"ada@example.com\"}");

            StoreUnavailableException e = assertThrows(StoreUnavailableException.class, () -> ItemJson.fromItem(item, "accountId"));

            assertFalse(e.getMessage().contains("ada@example.com"));
        }
    }

    @Nested
    class Queries {

        @Test
        void passEveryValueAsAParameterAndGuardEachComparisonByType() {
            Query query = Query.partition("acc-1").where("state", Operator.NOT_EQUAL, "x' OR 1=1 --")
                    .where("quota.used", Operator.GREATER_THAN, 5L).where("flag", Operator.EQUAL, true);

            QuerySql.Statement statement = QuerySql.of(query, "accountId");

            assertEquals("SELECT * FROM c WHERE c[\"accountId\"] = @partitionKey"
                    + " AND (IS_STRING(c[\"state\"]) AND c[\"state\"] != @p0)"
                    + " AND (IS_NUMBER(c[\"quota\"][\"used\"]) AND c[\"quota\"][\"used\"] > @p1)"
                    + " AND (IS_BOOL(c[\"flag\"]) AND c[\"flag\"] = @p2) ORDER BY c.id", statement.text());
            assertEquals(Map.of("@partitionKey", "acc-1", "@p0", "x' OR 1=1 --", "@p1", 5L, "@p2", true),
                    statement.parameters());
        }

        @Test
        void matchNothingForAnOrderingComparisonOfBooleans() {
            QuerySql.Statement statement = QuerySql.of(Query.partition("acc-1").where("flag", Operator.LESS_THAN, true), "accountId");

            assertEquals("SELECT * FROM c WHERE c[\"accountId\"] = @partitionKey AND false ORDER BY c.id", statement.text());
        }
    }

    @Nested
    class RetryPolicies {

        @Test
        void doubleTheBackoffUpToTheLongestWait() {
            RetryPolicy policy = new RetryPolicy(10, Duration.ofMillis(100), Duration.ofMillis(350));

            assertEquals(List.of(Duration.ofMillis(100), Duration.ofMillis(200), Duration.ofMillis(350), Duration.ofMillis(350)),
                    List.of(policy.backoffAfter(1), policy.backoffAfter(2), policy.backoffAfter(3), policy.backoffAfter(40)));
        }

        @Test
        void needAnAttemptAndABackoffWithinTheLongestWait() {
            assertThrows(IllegalArgumentException.class, () -> new RetryPolicy(0, Duration.ZERO, Duration.ZERO));
            assertThrows(IllegalArgumentException.class, () -> new RetryPolicy(3, Duration.ofSeconds(2), Duration.ofSeconds(1)));
        }
    }
}
