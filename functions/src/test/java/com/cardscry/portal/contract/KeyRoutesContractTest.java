package com.cardscry.portal.contract;

import static com.cardscry.portal.contract.ContractHttp.assertProblem;
import static com.cardscry.portal.contract.ContractHttp.body;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.cardscry.portal.adapters.embedded.EmbeddedStoreContents;
import com.cardscry.portal.config.Settings;
import com.cardscry.portal.domain.ApiKey;
import com.cardscry.portal.local.HostJson;
import com.cardscry.portal.local.LocalHost;
import com.cardscry.portal.testing.CapturedLogs;
import com.cardscry.portal.testing.Outbox;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The API key routes driven over HTTP through the local host serving the real portal (embedded store,
 * local outbox, development issuer, the built-in plans: {@code starter} is active at once, allows 2
 * working keys per subscription and keys of up to 365 days, and its keys start {@code cs_live_};
 * {@code scale} needs approval), with every response checked against {@code openapi/portal.yaml}.
 * Each test uses identities of its own; the last one runs a portal of its own, to read everything it
 * stored and logged.
 */
class KeyRoutesContractTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String LOCAL_TENANT = "10ca1000-0000-4000-8000-000000000001";
    private static final String POLICY_VERSION = "2026-11-01";
    private static final String KEY = "{\"name\":\"Production server\"}";

    /**
     * The routes, on one portal for these tests. It is stopped before {@link Storage} starts its own:
     * the portal's functions reach it through process-wide state, so two cannot run at once.
     */
    @Nested
    class Routes {

        private static Portal portal;

        @BeforeAll
        static void startThePortal(@TempDir Path dataDir) {
            portal = Portal.start(dataDir);
        }

        @AfterAll
        static void stopThePortal() {
            portal.close();
        }

        @Nested
        class Owners {

            @Test
            void issue_list_rotate_and_revoke_a_key_shown_only_when_it_is_issued() {
                Developer ada = portal.activeDeveloper("Ada Lovelace");
                String subscription = portal.subscribe(ada, "starter");
                String keys = "/v1/subscriptions/" + subscription + "/keys";

                HttpResponse<String> issued = portal.send("POST", keys, KEY, "Authorization", ada.bearer());
                assertEquals(201, issued.statusCode(), issued.body());
                assertEquals(Optional.of("/api" + keys), issued.headers().firstValue("Location"));
                String key = body(issued).get("key").asText();
                assertTrue(key.startsWith("cs_live_"), "a starter key is a live key");
                assertTrue(ApiKey.parse(key).isPresent(), "the key parses");
                JsonNode metadata = body(issued).get("metadata");
                String keyId = metadata.get("id").asText();
                assertEquals("Production server", metadata.get("name").asText());
                assertEquals("active", metadata.get("state").asText());
                assertEquals(ApiKey.parse(key).orElseThrow().hint(), metadata.get("hint").asText());
                assertEquals(Duration.ofDays(365), Duration.between(instant(metadata, "createdAt"), instant(metadata, "expiresAt")),
                        "without expiresInDays a key lives the plan's longest key lifetime");
                Stream.of("graceUntil", "revokedAt", "successorId").forEach(absent ->
                        assertFalse(metadata.has(absent), "an absent optional member is left out: " + absent));

                HttpResponse<String> listed = portal.send("GET", keys, null, "Authorization", ada.bearer());
                assertEquals(200, listed.statusCode(), listed.body());
                assertFalse(listed.body().contains(key), "a list never shows a key");
                assertEquals(1, body(listed).get("items").size());
                assertEquals(metadata, body(listed).get("items").get(0));

                HttpResponse<String> rotated = portal.send("POST", keys + "/" + keyId + "/rotate", null, "Authorization", ada.bearer());
                assertEquals(201, rotated.statusCode(), rotated.body());
                assertEquals(Optional.of("/api" + keys), rotated.headers().firstValue("Location"));
                String successorKey = body(rotated).get("key").asText();
                assertNotEquals(key, successorKey);
                assertTrue(ApiKey.parse(successorKey).isPresent(), "the successor parses");
                JsonNode successor = body(rotated).get("metadata");
                String successorId = successor.get("id").asText();
                assertEquals("active", successor.get("state").asText());
                assertEquals("Production server", successor.get("name").asText(), "the successor keeps the name");
                assertEquals(instant(metadata, "expiresAt"), instant(successor, "expiresAt"), "the successor keeps the expiry");

                HttpResponse<String> afterRotation = portal.send("GET", keys, null, "Authorization", ada.bearer());
                assertEquals(200, afterRotation.statusCode(), afterRotation.body());
                assertFalse(afterRotation.body().contains(key) || afterRotation.body().contains(successorKey), "a list never shows a key");
                JsonNode old = item(afterRotation, keyId);
                assertEquals("rotating", old.get("state").asText());
                assertEquals(successorId, old.get("successorId").asText());
                assertEquals(Duration.ofHours(24), Duration.between(instant(successor, "createdAt"), instant(old, "graceUntil")),
                        "the default grace period");
                assertEquals("active", item(afterRotation, successorId).get("state").asText());
                assertProblem(portal.send("POST", keys + "/" + keyId + "/rotate", null, "Authorization", ada.bearer()), 409, "conflict");

                HttpResponse<String> revoked = portal.send("DELETE", keys + "/" + successorId, null, "Authorization", ada.bearer());
                assertEquals(200, revoked.statusCode(), revoked.body());
                assertEquals("revoked", body(revoked).get("state").asText());
                HttpResponse<String> again = portal.send("DELETE", keys + "/" + successorId, null, "Authorization", ada.bearer());
                assertEquals(200, again.statusCode(), again.body());
                assertEquals("revoked", body(again).get("state").asText());
                assertEquals(body(revoked).get("revokedAt"), body(again).get("revokedAt"), "revoking again changes nothing");
                assertProblem(portal.send("POST", keys + "/" + successorId + "/rotate", null, "Authorization", ada.bearer()),
                        409, "conflict");
            }

            @Test
            void the_plan_allows_two_working_keys_not_counting_rotating_or_revoked_ones() {
                Developer grace = portal.activeDeveloper("Grace Hopper");
                String keys = "/v1/subscriptions/" + portal.subscribe(grace, "starter") + "/keys";
                String first = portal.issueKey(grace, keys);
                HttpResponse<String> rotated = portal.send("POST", keys + "/" + first + "/rotate", "{\"graceHours\":168}",
                        "Authorization", grace.bearer());
                assertEquals(201, rotated.statusCode(), rotated.body());
                String second = portal.issueKey(grace, keys);

                assertProblem(portal.send("POST", keys, KEY, "Authorization", grace.bearer()), 409, "conflict");

                assertEquals(200, portal.send("DELETE", keys + "/" + second, null, "Authorization", grace.bearer()).statusCode());
                portal.issueKey(grace, keys);
                assertEquals(4, body(portal.send("GET", keys, null, "Authorization", grace.bearer())).get("items").size(),
                        "rotating, active, revoked, active");
            }

            @Test
            void a_lifetime_or_grace_period_out_of_range_and_a_blank_name_are_refused_naming_the_field() {
                Developer alan = portal.activeDeveloper("Alan Turing");
                String keys = "/v1/subscriptions/" + portal.subscribe(alan, "starter") + "/keys";

                assertProblem(portal.send("POST", keys, "{\"name\":\"Too long\",\"expiresInDays\":366}", "Authorization", alan.bearer()),
                        400, "invalid-request", "/expiresInDays");
                assertProblem(portal.send("POST", keys, "{\"name\":\"Too short\",\"expiresInDays\":0}", "Authorization", alan.bearer()),
                        400, "invalid-request", "/expiresInDays");
                assertProblem(portal.send("POST", keys, "{\"name\":\"  \"}", "Authorization", alan.bearer()),
                        400, "invalid-request", "/name");

                HttpResponse<String> week = portal.send("POST", keys, "{\"name\":\"A week\",\"expiresInDays\":7}",
                        "Authorization", alan.bearer());
                assertEquals(201, week.statusCode(), week.body());
                JsonNode metadata = body(week).get("metadata");
                assertEquals(Duration.ofDays(7), Duration.between(instant(metadata, "createdAt"), instant(metadata, "expiresAt")));
                assertProblem(portal.send("POST", keys + "/" + metadata.get("id").asText() + "/rotate", "{\"graceHours\":169}",
                        "Authorization", alan.bearer()), 400, "invalid-request", "/graceHours");
            }

            @Test
            void a_subscription_waiting_for_review_gets_no_keys() {
                Developer edsger = portal.activeDeveloper("Edsger Dijkstra");
                String subscription = portal.subscribe(edsger, "scale");

                assertProblem(portal.send("POST", "/v1/subscriptions/" + subscription + "/keys", KEY, "Authorization", edsger.bearer()),
                        409, "conflict");
            }
        }

        @Nested
        class OtherAccounts {

            @Test
            void another_accounts_subscription_and_key_are_not_found_and_stay_as_they_are() {
                Developer owner = portal.activeDeveloper("Owner Person");
                Developer stranger = portal.activeDeveloper("Stranger Person");
                String keys = "/v1/subscriptions/" + portal.subscribe(owner, "starter") + "/keys";
                String keyId = portal.issueKey(owner, keys);
                String strangersKeys = "/v1/subscriptions/" + portal.subscribe(stranger, "starter") + "/keys";

                assertProblem(portal.send("GET", keys, null, "Authorization", stranger.bearer()), 404, "not-found");
                assertProblem(portal.send("POST", keys, KEY, "Authorization", stranger.bearer()), 404, "not-found");
                assertProblem(portal.send("DELETE", keys + "/" + keyId, null, "Authorization", stranger.bearer()), 404, "not-found");
                assertProblem(portal.send("POST", keys + "/" + keyId + "/rotate", null, "Authorization", stranger.bearer()),
                        404, "not-found");
                assertProblem(portal.send("DELETE", strangersKeys + "/" + keyId, null, "Authorization", stranger.bearer()),
                        404, "not-found");

                HttpResponse<String> listed = portal.send("GET", keys, null, "Authorization", owner.bearer());
                assertEquals(1, body(listed).get("items").size());
                assertEquals("active", body(listed).get("items").get(0).get("state").asText());
            }
        }

    }

    @Nested
    class Storage {

        /**
         * Issue 5: "After issuing keys, a scan of every stored document and every log line finds no
         * plaintext key". Every map of the store file is read, the key index (partitioned by key hash)
         * included, and every other file of the data folder as raw bytes; the key ids, which are stored,
         * show the scan reads the key records.
         */
        @Test
        void after_issuing_keys_no_stored_document_and_no_log_line_holds_a_plaintext_key(@TempDir Path dataDir) throws IOException {
            List<String> handedOut = new ArrayList<>();
            List<String> keyIds = new ArrayList<>();
            String logged;
            try (CapturedLogs logs = CapturedLogs.start()) {
                try (Portal own = Portal.start(dataDir)) {
                    Developer dev = own.activeDeveloper("Key Keeper");
                    for (String plan : List.of("starter", "sandbox")) {
                        String keys = "/v1/subscriptions/" + own.subscribe(dev, plan) + "/keys";
                        JsonNode first = own.issue(dev, keys, handedOut);
                        JsonNode rotated = body(own.send("POST", keys + "/" + first.get("metadata").get("id").asText() + "/rotate",
                                "{\"graceHours\":0}", "Authorization", dev.bearer()));
                        handedOut.add(rotated.get("key").asText());
                        JsonNode second = own.issue(dev, keys, handedOut);
                        own.send("DELETE", keys + "/" + second.get("metadata").get("id").asText(), null, "Authorization", dev.bearer());
                        own.send("GET", keys, null, "Authorization", dev.bearer());
                        Stream.of(first, rotated, second).map(issued -> issued.get("metadata").get("id").asText()).forEach(keyIds::add);
                    }
                }
                logged = logs.text();
            }
            assertEquals(6, handedOut.stream().distinct().count(), "six keys were handed out: " + handedOut.size());
            assertTrue(handedOut.stream().allMatch(key -> ApiKey.parse(key).isPresent()));

            Map<String, List<String>> stored = EmbeddedStoreContents.of(dataDir.resolve("documents.mv.db"));
            String storedText = String.join("\n", stored.values().stream().flatMap(List::stream).toList());
            keyIds.forEach(id -> assertTrue(storedText.contains(id), "the scan reads the key records: " + id));
            List<String> otherFiles;
            try (Stream<Path> files = Files.walk(dataDir)) {
                otherFiles = files.filter(Files::isRegularFile).filter(file -> !file.getFileName().toString().equals("documents.mv.db"))
                        .map(file -> new String(readAll(file), StandardCharsets.ISO_8859_1)).toList();
            }
            for (String key : handedOut) {
                String hint = ApiKey.parse(key).orElseThrow().hint();
                assertFalse(logged.contains(key), "a log line holds the key " + hint);
                stored.forEach((map, entries) -> assertTrue(entries.stream().noneMatch(entry -> entry.contains(key)),
                        "the store's map " + map + " holds the key " + hint));
                assertTrue(otherFiles.stream().noneMatch(text -> text.contains(key)), "a file of the data folder holds the key " + hint);
            }
        }
    }

    // --- the portal ---------------------------------------------------------------------------------

    /** A signed-in identity with an account: its bearer token, and the address it signed up with. */
    private record Developer(String token, String email, String accountId) {
        String bearer() {
            return "Bearer " + token;
        }
    }

    /** A local host serving the portal over a data folder, and what it sends by email. */
    private record Portal(LocalHost host, Outbox outbox) implements AutoCloseable {

        static Portal start(Path dataDir) {
            LocalHost host = LocalHost.startPortal(Settings.of(Map.of("PORTAL_ENVIRONMENT", "local",
                    "PORTAL_DATA_DIR", dataDir.toString(), "PORTAL_LOCAL_PORT", "0")), HostJson.DEFAULTS);
            return new Portal(host, new Outbox(dataDir.resolve("outbox")));
        }

        @Override
        public void close() {
            host.close();
        }

        /** A developer with a fresh identity of the local tenant, signed up and verified: active. */
        Developer activeDeveloper(String displayName) {
            String oid = UUID.randomUUID().toString();
            HttpResponse<String> token = send("POST", "/v1/dev/token", "{\"oid\":\"" + oid + "\",\"tid\":\"" + LOCAL_TENANT + "\"}");
            assertEquals(200, token.statusCode(), token.body());
            String bearer = "Bearer " + body(token).get("accessToken").asText();
            String email = "dev-" + oid + "@example.com";
            HttpResponse<String> signedUp = send("POST", "/v1/signup", "{\"displayName\":\"" + displayName + "\",\"email\":\"" + email
                    + "\",\"acceptedTermsVersion\":\"" + POLICY_VERSION + "\",\"acceptedPrivacyPolicyVersion\":\"" + POLICY_VERSION + "\"}",
                    "Authorization", bearer);
            assertEquals(201, signedUp.statusCode(), signedUp.body());
            HttpResponse<String> verified = send("POST", "/v1/me/email-verification",
                    "{\"code\":\"" + outbox.latestCodeFor(email) + "\"}", "Authorization", bearer);
            assertEquals(200, verified.statusCode(), verified.body());
            return new Developer(body(token).get("accessToken").asText(), email, body(signedUp).get("id").asText());
        }

        /** A new subscription of the developer to the plan; its id. */
        String subscribe(Developer developer, String planId) {
            HttpResponse<String> created = send("POST", "/v1/subscriptions", "{\"planId\":\"" + planId + "\"}",
                    "Authorization", developer.bearer());
            assertEquals(201, created.statusCode(), created.body());
            return body(created).get("id").asText();
        }

        /** Issues a key at {@code keys} (a subscription's keys path); answers its id. */
        String issueKey(Developer developer, String keys) {
            return issue(developer, keys, new ArrayList<>()).get("metadata").get("id").asText();
        }

        /** Issues a key at {@code keys}, adding it to {@code handedOut}; answers the response body. */
        JsonNode issue(Developer developer, String keys, List<String> handedOut) {
            HttpResponse<String> issued = send("POST", keys, KEY, "Authorization", developer.bearer());
            assertEquals(201, issued.statusCode(), issued.body());
            handedOut.add(body(issued).get("key").asText());
            return body(issued);
        }

        /** Sends a request to a path of the document (without {@code /api}); a body is sent as JSON. */
        HttpResponse<String> send(String method, String documentPath, String jsonBody, String... headers) {
            return ContractHttp.send(host.baseUri(), method, documentPath, jsonBody, headers);
        }
    }

    // --- reading answers ----------------------------------------------------------------------------

    /** The list's item with this id. */
    private static JsonNode item(HttpResponse<String> list, String id) {
        for (JsonNode item : body(list).get("items")) {
            if (item.get("id").asText().equals(id)) {
                return item;
            }
        }
        throw new AssertionError("the list lacks " + id + ": " + list.body());
    }

    private static Instant instant(JsonNode object, String member) {
        return Instant.parse(object.get(member).asText());
    }

    private static byte[] readAll(Path file) {
        try {
            return Files.readAllBytes(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
