package com.cardscry.portal.contract;

import static com.cardscry.portal.contract.ContractHttp.assertProblem;
import static com.cardscry.portal.contract.ContractHttp.body;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The privacy routes, the requester's and the administrators', driven over HTTP through the local host
 * serving the real portal, with every response checked against {@code openapi/portal.yaml}. Each test
 * uses identities of its own. Intake is seen here as the requester sees it before the worker picks a
 * request up: the worker is off (its app setting, as in Azure), and PrivacyWorkflowContractTest runs it.
 */
class PrivacyRoutesContractTest {

    private static final String ACCESS = "{\"type\":\"access\"}";

    @TempDir
    static Path dataDir;

    private static ContractPortal portal;

    @BeforeAll
    static void startThePortal() {
        portal = ContractPortal.start(dataDir, Map.of("AzureWebJobs.privacyRequestWorker.Disabled", "true"));
    }

    @AfterAll
    static void stopThePortal() {
        portal.close();
    }

    @Nested
    class Requesters {

        @Test
        void a_new_request_is_202_with_its_location_and_asking_again_is_200_with_the_same() {
            String bearer = activeDeveloper("Ada Lovelace");

            HttpResponse<String> created = send("POST", "/v1/privacy-requests", ACCESS, "Authorization", bearer);
            assertEquals(202, created.statusCode(), created.body());
            String id = body(created).get("id").asText();
            assertEquals(Optional.of("/api/v1/privacy-requests/" + id), created.headers().firstValue("Location"));
            assertEquals("received", body(created).get("status").asText());

            HttpResponse<String> again = send("POST", "/v1/privacy-requests", ACCESS, "Authorization", bearer);
            assertEquals(200, again.statusCode(), again.body());
            assertEquals(id, body(again).get("id").asText());

            HttpResponse<String> read = send("GET", "/v1/privacy-requests/" + id, null, "Authorization", bearer);
            assertEquals(200, read.statusCode(), read.body());
            assertEquals("received", body(read).get("history").get(0).get("what").asText());
            HttpResponse<String> listed = send("GET", "/v1/privacy-requests", null, "Authorization", bearer);
            assertEquals(1, body(listed).get("items").size());
        }

        @Test
        void a_correction_shows_the_fields_it_changes_never_their_values() {
            String bearer = activeDeveloper("Grace Hopper");

            HttpResponse<String> created = send("POST", "/v1/privacy-requests",
                    "{\"type\":\"correction\",\"corrections\":{\"displayName\":\"Grace Murray\"},\"note\":\"maiden name\"}",
                    "Authorization", bearer);
            assertEquals(202, created.statusCode(), created.body());
            assertEquals("displayName", body(created).get("correctionFields").get(0).asText());
            assertFalse(created.body().contains("Grace Murray") || created.body().contains("maiden"), created.body());

            assertProblem(send("POST", "/v1/privacy-requests", "{\"type\":\"correction\",\"corrections\":{\"email\":\"nope\"}}",
                    "Authorization", bearer), 400, "invalid-request", "/corrections/email");
            assertProblem(send("POST", "/v1/privacy-requests", "{\"type\":\"forget-me\"}", "Authorization", bearer),
                    400, "invalid-request", "/type");
        }

        @Test
        void closing_the_account_names_its_erasure_request_and_another_account_cannot_read_it() {
            String bearer = activeDeveloper("Alan Turing");
            String stranger = activeDeveloper("Stranger Person");

            HttpResponse<String> closed = send("DELETE", "/v1/me", null, "Authorization", bearer);
            assertEquals(202, closed.statusCode(), closed.body());
            String location = closed.headers().firstValue("Location").orElseThrow();
            String id = location.substring(location.lastIndexOf('/') + 1);

            HttpResponse<String> erasure = send("GET", "/v1/privacy-requests/" + id, null, "Authorization", bearer);
            assertEquals(200, erasure.statusCode(), erasure.body());
            assertEquals("deletion", body(erasure).get("type").asText());
            assertEquals(Optional.of(location), send("DELETE", "/v1/me", null, "Authorization", bearer).headers().firstValue("Location"),
                    "closing again names the same request");
            assertProblem(send("GET", "/v1/privacy-requests/" + id, null, "Authorization", stranger), 404, "not-found");
        }
    }

    @Nested
    class Administrators {

        @Test
        void the_due_list_shows_open_requests_and_a_deadline_is_extended_once() {
            String developer = activeDeveloper("Katherine Johnson");
            String admin = identity(true);
            String id = body(send("POST", "/v1/privacy-requests", ACCESS, "Authorization", developer)).get("id").asText();

            JsonNode listed = body(send("GET", "/v1/admin/privacy-requests?dueWithinDays=90", null, "Authorization", admin));
            JsonNode entry = StreamSupport.stream(listed.get("items").spliterator(), false)
                    .filter(item -> item.get("requestId").asText().equals(id)).findFirst().orElseThrow();
            assertFalse(entry.get("overdue").asBoolean());
            assertProblem(send("GET", "/v1/admin/privacy-requests?dueWithinDays=91", null, "Authorization", admin), 400, "invalid-request");
            assertProblem(send("GET", "/v1/admin/privacy-requests", null, "Authorization", developer), 403, "forbidden");

            HttpResponse<String> extended = send("POST", "/v1/admin/privacy-requests/" + id + "/extend",
                    "{\"reason\":\"The export is unusually large.\"}", "Authorization", admin);
            assertEquals(200, extended.statusCode(), extended.body());
            assertEquals("The export is unusually large.", body(extended).get("extension").get("reason").asText());
            assertProblem(send("POST", "/v1/admin/privacy-requests/" + id + "/extend", "{\"reason\":\"Again.\"}", "Authorization", admin),
                    409, "conflict");
            assertProblem(send("POST", "/v1/admin/privacy-requests/" + UUID.randomUUID() + "/extend", "{\"reason\":\"Unknown.\"}",
                    "Authorization", admin), 404, "not-found");
            assertTrue(body(send("GET", "/v1/privacy-requests/" + id, null, "Authorization", developer)).has("extension"),
                    "the requester sees the extension");
        }
    }

    // --- identities ---------------------------------------------------------------------------------

    /** A fresh identity of the local tenant, with no account: its {@code Authorization} value. */
    private static String identity(boolean admin) {
        return portal.identity(admin).bearer();
    }

    /** A developer whose account is signed up and verified: its {@code Authorization} value. */
    private static String activeDeveloper(String displayName) {
        return portal.activeDeveloper(displayName).bearer();
    }

    private static HttpResponse<String> send(String method, String documentPath, String jsonBody, String... headers) {
        return portal.send(method, documentPath, jsonBody, headers);
    }
}
