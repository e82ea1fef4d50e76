package com.cardscry.portal.contract;

import static com.cardscry.portal.contract.ContractHttp.assertProblem;
import static com.cardscry.portal.contract.ContractHttp.body;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The gateway's routes (verification and usage) and the owner's usage view, driven over HTTP through the local host serving the real portal (embedded store,
 * system clock), with every response checked against {@code openapi/portal.yaml}: the gateway reports
 * with a function key, the owner reads the buckets. Events are placed two hours back, well inside one
 * hour, so the clock moving on during the test changes nothing.
 */
class GatewayRoutesContractTest {

    private static final String FUNCTION_KEY = "usage-contract-function-key-0123456789";
    private static final String GATEWAY = "/v1/gateway/usage";
    private static final String VERIFY = "/v1/gateway/verify";

    private static ContractPortal portal;
    private static Instant hour;

    @BeforeAll
    static void startThePortal(@TempDir Path dataDir) {
        portal = ContractPortal.start(dataDir, Map.of("PORTAL_LOCAL_FUNCTION_KEY", FUNCTION_KEY));
        hour = Instant.now().truncatedTo(ChronoUnit.HOURS).minus(Duration.ofHours(2));
    }

    @AfterAll
    static void stopThePortal() {
        portal.close();
    }

    @Nested
    class Reporting {

        @Test
        void reported_requests_are_counted_once_per_batch_and_shown_to_the_owner_per_hour_and_day() {
            String bearer = activeDeveloper();
            String subscription = subscribe(bearer);
            String keyId = issueKey(bearer, subscription);
            String batch = "{\"batchId\":\"" + UUID.randomUUID() + "\",\"events\":["
                    + event(keyId, 10, 200) + "," + event(keyId, 20, 404) + "," + event(keyId, 30, 503) + ","
                    + event(UUID.randomUUID().toString(), 40, 200) + "]}";

            for (int delivery = 0; delivery < 2; delivery++) {
                HttpResponse<String> recorded = report(batch);
                assertEquals(200, recorded.statusCode(), recorded.body());
                assertEquals(3, body(recorded).get("accepted").asInt());
                assertEquals(1, body(recorded).get("rejected").asInt());
                assertEquals(1, body(recorded).get("unknownKeys").asInt());
            }

            JsonNode hourly = body(expect(200, usage(bearer, subscription, hour, hour.plus(Duration.ofHours(1)), null)));
            assertEquals("hour", hourly.get("granularity").asText());
            assertEquals(1, hourly.get("periods").size());
            JsonNode period = hourly.get("periods").get(0);
            assertEquals(hour, Instant.parse(period.get("start").asText()));
            assertEquals(3, period.get("requests").asLong(), "the second delivery of the batch is not counted");
            assertEquals(1, period.get("clientErrors").asLong());
            assertEquals(1, period.get("serverErrors").asLong());
            assertEquals(2.0 / 3, period.get("errorRate").asDouble(), 1e-9);

            Instant day = hour.truncatedTo(ChronoUnit.DAYS);
            JsonNode daily = body(expect(200, usage(bearer, subscription, day, day.plus(Duration.ofDays(1)), "day")));
            assertEquals(day, Instant.parse(daily.get("periods").get(0).get("start").asText()));
            assertEquals(3, daily.get("totals").get("requests").asLong());
            JsonNode year = body(expect(200, usage(bearer, subscription, day.minus(Duration.ofDays(395)), day.plus(Duration.ofDays(1)),
                    "day")));
            assertEquals(3, year.get("totals").get("requests").asLong(), "the daily view reaches back 13 months");

            JsonNode key = body(expect(200, send("GET", "/v1/subscriptions/" + subscription + "/keys", null,
                    "Authorization", bearer))).get("items").get(0);
            assertEquals(LocalDate.ofInstant(hour, ZoneOffset.UTC).toString(), key.get("lastUsedOn").asText());
        }

        @Test
        void a_key_never_used_shows_last_used_on_as_null() {
            String bearer = activeDeveloper();
            String subscription = subscribe(bearer);
            issueKey(bearer, subscription);

            JsonNode key = body(expect(200, send("GET", "/v1/subscriptions/" + subscription + "/keys", null,
                    "Authorization", bearer))).get("items").get(0);
            assertTrue(key.get("lastUsedOn").isNull(), key::toString);
        }

        @Test
        void an_event_carrying_an_address_is_refused_and_nothing_of_the_batch_is_counted() {
            String bearer = activeDeveloper();
            String subscription = subscribe(bearer);
            String keyId = issueKey(bearer, subscription);
            String withAddress = event(keyId, 10, 200).replace("}", ",\"ip\":\"192.0.2.7\"}");

            HttpResponse<String> refused = report("{\"events\":[" + event(keyId, 5, 200) + "," + withAddress + "]}");
            assertProblem(refused, 400, "invalid-request", "/events/1/ip");
            assertTrue(!refused.body().contains("192.0.2.7"), "the problem does not echo the value");
            assertProblem(report("{\"events\":[" + event(keyId, 5, 200) + "," + event(keyId, 6, 600) + "]}"),
                    400, "invalid-request", "/events/1/status");

            JsonNode hourly = body(expect(200, usage(bearer, subscription, hour, hour.plus(Duration.ofHours(1)), null)));
            assertEquals(0, hourly.get("periods").size());
            assertEquals(0, hourly.get("totals").get("requests").asLong());
        }
    }

    @Nested
    class Verification {

        @Test
        void an_issued_key_is_valid_and_its_reported_requests_come_off_its_quota_at_once() {
            String bearer = activeDeveloper();
            String subscription = subscribe(bearer);
            JsonNode issued = issue(bearer, subscription);
            String key = issued.get("key").asText();
            String keyId = issued.get("metadata").get("id").asText();

            JsonNode verdict = body(expect(200, verify(key)));
            assertTrue(verdict.get("valid").asBoolean());
            assertEquals("VALID", verdict.get("code").asText());
            assertEquals(subscription, verdict.get("subscriptionId").asText());
            assertEquals(keyId, verdict.get("keyId").asText());
            assertEquals("starter", verdict.get("planId").asText());
            assertEquals(20, verdict.get("rateLimitPerSecond").asInt());
            long quotaBefore = verdict.get("quotaRemaining").asLong();

            // Reported this hour, so the counts fall in this month's quota.
            Instant now = Instant.now().minusSeconds(5);
            expect(200, report("{\"events\":[" + eventAt(keyId, now, 200) + "," + eventAt(keyId, now, 200) + ","
                    + eventAt(keyId, now, 429) + "]}"));
            assertEquals(quotaBefore - 3, body(expect(200, verify(key))).get("quotaRemaining").asLong(),
                    "counted on this instance before any flush");
        }

        @Test
        void a_revoked_key_is_refused_at_once_and_a_malformed_one_without_a_look_up() {
            String bearer = activeDeveloper();
            String subscription = subscribe(bearer);
            JsonNode issued = issue(bearer, subscription);
            String key = issued.get("key").asText();
            expect(200, verify(key));

            expect(200, send("DELETE", "/v1/subscriptions/" + subscription + "/keys/" + issued.get("metadata").get("id").asText(), null,
                    "Authorization", bearer));

            JsonNode revoked = body(expect(200, verify(key)));
            assertEquals("REVOKED", revoked.get("code").asText());
            assertTrue(!revoked.get("valid").asBoolean());
            JsonNode malformed = body(expect(200, verify(key.substring(0, key.length() - 1) + "!")));
            assertEquals("MALFORMED", malformed.get("code").asText());
            assertTrue(malformed.get("subscriptionId").isNull());
            assertEquals(300, malformed.get("cacheSeconds").asInt());
        }

        @Test
        void the_verdict_never_echoes_the_key() {
            String bearer = activeDeveloper();
            String key = issue(bearer, subscribe(bearer)).get("key").asText();

            HttpResponse<String> answered = verify(key);
            assertEquals(200, answered.statusCode());
            assertTrue(!answered.body().contains(key));
            assertEquals("no-store", answered.headers().firstValue("Cache-Control").orElse(""));
        }

        @Test
        void a_counted_verification_is_rate_limited_once_the_plans_rate_is_used_up_and_an_uncounted_one_never() {
            String bearer = activeDeveloper();
            String subscription = subscribe(bearer, "sandbox");
            String key = issue(bearer, subscription).get("key").asText();

            JsonNode counted = body(expect(200, verifyCounted(key)));
            assertEquals("VALID", counted.get("code").asText());
            assertEquals(0, counted.get("cacheSeconds").asInt(), "a counted verdict is not to be reused");
            assertTrue(counted.get("retryAfterSeconds").isNull());

            // The sandbox plan admits 5 a second; back-to-back verifications use that up long before
            // a hundred of them have been answered.
            JsonNode limited = null;
            for (int attempt = 0; attempt < 100 && limited == null; attempt++) {
                JsonNode verdict = body(expect(200, verifyCounted(key)));
                if (verdict.get("code").asText().equals("RATE_LIMITED")) {
                    limited = verdict;
                }
            }
            assertTrue(limited != null, "100 counted verifications in a row were all admitted at 5 a second");
            assertTrue(!limited.get("valid").asBoolean());
            assertEquals(subscription, limited.get("subscriptionId").asText());
            assertEquals(5, limited.get("rateLimitPerSecond").asInt());
            assertEquals(0, limited.get("cacheSeconds").asInt());
            assertEquals(1, limited.get("retryAfterSeconds").asInt());

            assertEquals("VALID", body(expect(200, verify(key))).get("code").asText(), "without the flag nothing is counted or refused");
            assertEquals("VALID", body(expect(200, send("POST", VERIFY, "{\"key\":\"" + key + "\",\"countTowardsRateLimit\":false}",
                    "x-functions-key", FUNCTION_KEY))).get("code").asText());
        }

        @Test
        void a_body_without_a_key_string_is_a_bad_request_and_the_function_key_is_required() {
            assertProblem(send("POST", VERIFY, "{}", "x-functions-key", FUNCTION_KEY), 400, "invalid-request", "/key");
            assertProblem(send("POST", VERIFY, "{\"key\":42}", "x-functions-key", FUNCTION_KEY), 400, "invalid-request", "/key");
            for (String notBoolean : new String[] {"\"true\"", "1", "{}"}) {
                assertProblem(send("POST", VERIFY, "{\"key\":\"cs_live_x\",\"countTowardsRateLimit\":" + notBoolean + "}",
                        "x-functions-key", FUNCTION_KEY), 400, "invalid-request", "/countTowardsRateLimit");
            }
            assertProblem(send("POST", VERIFY, "{\"key\":\"cs_live_x\"}"), 401, "unauthenticated");
            assertProblem(send("POST", VERIFY, "{\"key\":\"cs_live_x\"}", "Authorization", activeDeveloper()), 401, "unauthenticated");
        }
    }

    @Nested
    class Refusals {

        @Test
        void the_gateway_route_needs_the_function_key_and_a_bearer_token_is_no_substitute() {
            String bearer = activeDeveloper();
            String batch = "{\"events\":[" + event(UUID.randomUUID().toString(), 10, 200) + "]}";

            assertProblem(send("POST", GATEWAY, batch), 401, "unauthenticated");
            assertProblem(send("POST", GATEWAY, batch, "x-functions-key", FUNCTION_KEY.replace('0', '1')), 401, "unauthenticated");
            assertProblem(send("POST", GATEWAY, batch, "Authorization", bearer), 401, "unauthenticated");
            assertEquals(200, send("POST", GATEWAY + "?code=" + FUNCTION_KEY, batch).statusCode(), "the key as code parameter");
        }

        @Test
        void another_accounts_subscription_is_not_found_and_a_bad_range_is_refused() {
            String owner = activeDeveloper();
            String stranger = activeDeveloper();
            String subscription = subscribe(owner);
            Instant to = hour.plus(Duration.ofHours(1));

            assertProblem(usage(stranger, subscription, hour, to, null), 404, "not-found");
            assertProblem(usage(owner, subscription, to, hour, null), 400, "invalid-request");
            assertProblem(usage(owner, subscription, hour, hour.plus(Duration.ofDays(32)), "hour"), 400, "invalid-request");
            assertProblem(usage(owner, subscription, hour, to, "minute"), 400, "invalid-request");
            HttpResponse<String> hoursGone = usage(owner, subscription, hour.minus(Duration.ofDays(91)), hour.minus(Duration.ofDays(90)),
                    "hour");
            assertProblem(hoursGone, 400, "invalid-request");
            assertTrue(body(hoursGone).get("detail").asText().contains("from is at the earliest"), hoursGone.body());
            assertProblem(usage(owner, subscription, hour.minus(Duration.ofDays(398)), hour.minus(Duration.ofDays(390)), "day"), 400,
                    "invalid-request");
            assertProblem(send("GET", "/v1/subscriptions/" + subscription + "/usage", null, "Authorization", owner), 400,
                    "invalid-request");
        }
    }

    // --- helpers ------------------------------------------------------------------------------------

    private static String event(String keyId, int minute, int status) {
        return eventAt(keyId, hour.plus(Duration.ofMinutes(minute)), status);
    }

    private static String eventAt(String keyId, Instant at, int status) {
        return "{\"keyId\":\"" + keyId + "\",\"timestamp\":\"" + at + "\",\"status\":" + status + "}";
    }

    private static HttpResponse<String> verify(String key) {
        return send("POST", VERIFY, "{\"key\":\"" + key + "\"}", "x-functions-key", FUNCTION_KEY);
    }

    private static HttpResponse<String> verifyCounted(String key) {
        return send("POST", VERIFY, "{\"key\":\"" + key + "\",\"countTowardsRateLimit\":true}", "x-functions-key", FUNCTION_KEY);
    }

    private static HttpResponse<String> report(String batch) {
        return send("POST", GATEWAY, batch, "x-functions-key", FUNCTION_KEY);
    }

    private static HttpResponse<String> usage(String bearer, String subscription, Instant from, Instant to, String granularity) {
        return send("GET", "/v1/subscriptions/" + subscription + "/usage?from=" + from + "&to=" + to
                + (granularity == null ? "" : "&granularity=" + granularity), null, "Authorization", bearer);
    }

    /** A fresh identity of the local tenant, signed up and verified; its {@code Authorization} value. */
    private static String activeDeveloper() {
        return portal.activeDeveloper("Usage Reader").bearer();
    }

    private static String subscribe(String bearer) {
        return subscribe(bearer, "starter");
    }

    private static String subscribe(String bearer, String planId) {
        return body(expect(201, send("POST", "/v1/subscriptions", "{\"planId\":\"" + planId + "\"}", "Authorization", bearer)))
                .get("id").asText();
    }

    private static String issueKey(String bearer, String subscription) {
        return issue(bearer, subscription).get("metadata").get("id").asText();
    }

    /** The issue answer: the key itself and its metadata. */
    private static JsonNode issue(String bearer, String subscription) {
        return body(expect(201, send("POST", "/v1/subscriptions/" + subscription + "/keys", "{\"name\":\"Usage key\"}",
                "Authorization", bearer)));
    }

    private static HttpResponse<String> expect(int status, HttpResponse<String> response) {
        assertEquals(status, response.statusCode(), response.body());
        return response;
    }

    private static HttpResponse<String> send(String method, String documentPath, String jsonBody, String... headers) {
        return portal.send(method, documentPath, jsonBody, headers);
    }
}
