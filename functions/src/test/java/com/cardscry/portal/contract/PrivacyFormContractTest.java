package com.cardscry.portal.contract;

import static com.cardscry.portal.contract.ContractHttp.assertProblem;
import static com.cardscry.portal.contract.ContractHttp.body;
import static com.cardscry.portal.contract.ContractPortal.awaitUntil;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The privacy form end to end on the local host: sent without a sign-in, confirmed with the code the
 * outbox holds, carried out by the worker, and followed by the emailed link's token; every response
 * checked against {@code openapi/portal.yaml}. The worker runs on its own thread, so tests wait
 * (boundedly) for the state they expect.
 */
class PrivacyFormContractTest {


    @TempDir
    static Path dataDir;

    private static ContractPortal portal;

    @BeforeAll
    static void startThePortal() {
        portal = ContractPortal.start(dataDir, Map.of());
    }

    @AfterAll
    static void stopThePortal() {
        portal.close();
    }

    /** What the code mail sent to an address carried. */
    private record CodeMail(String code, String requestId, String token) {
    }

    private static HttpResponse<String> sendForm(String email, String type) {
        return portal.send("POST", "/v1/privacy-requests/form", "{\"email\":\"" + email + "\",\"type\":\"" + type + "\"}");
    }

    private static CodeMail codeMailFor(String email) {
        List<JsonNode> sent = portal.outbox().notifications().stream()
                .filter(mail -> email.equals(mail.path("recipientEmail").asText()))
                .filter(mail -> "PRIVACY_REQUEST_CODE".equals(mail.path("kind").asText()))
                .toList();
        assertEquals(1, sent.size(), "one code mail to the address");
        JsonNode values = sent.get(0).path("values");
        return new CodeMail(values.path("code").asText(), values.path("requestId").asText(), values.path("followToken").asText());
    }

    private static String unknownAddress() {
        return "nobody-" + UUID.randomUUID() + "@example.com";
    }

    private static HttpResponse<String> confirm(String formId, String code) {
        return portal.send("POST", "/v1/privacy-requests/form/" + formId + "/confirm", "{\"code\":\"" + code + "\"}");
    }

    private static HttpResponse<String> follow(CodeMail mail) {
        return portal.send("GET", "/v1/privacy-requests/form/" + mail.requestId() + "?token=" + mail.token(), null);
    }

    private static String wrong(String code) {
        return String.format("%06d", (Integer.parseInt(code) + 1) % 1_000_000);
    }

    @Nested
    class TheFormRevealsNothing {

        @Test
        void the_answers_for_an_address_with_an_account_and_one_without_are_the_same_but_for_the_id_and_both_get_a_code() {
            ContractPortal.Developer ada = portal.activeDeveloper("Ada Form");
            String nobody = unknownAddress();

            HttpResponse<String> known = sendForm(ada.email(), "access");
            HttpResponse<String> unknown = sendForm(nobody, "access");

            assertEquals(202, known.statusCode(), known.body());
            assertEquals(202, unknown.statusCode(), unknown.body());
            String knownId = body(known).get("id").asText();
            String unknownId = body(unknown).get("id").asText();
            assertNotEquals(knownId, unknownId);
            assertEquals(known.body().replace(knownId, "ID"), unknown.body().replace(unknownId, "ID"), "byte for byte but the id");
            assertEquals(known.headers().map().keySet(), unknown.headers().map().keySet());
            assertEquals(knownId, codeMailFor(ada.email()).requestId());
            assertEquals(unknownId, codeMailFor(nobody).requestId());
        }

        @Test
        void a_correction_is_refused_naming_the_type_and_sends_nothing() {
            String nobody = unknownAddress();
            assertProblem(sendForm(nobody, "correction"), 400, "invalid-request", "/type");
            assertEquals(0, portal.outbox().countFor(nobody));
        }
    }

    @Nested
    class TheCode {

        @Test
        void three_wrong_codes_kill_the_submission() {
            String nobody = unknownAddress();
            assertEquals(202, sendForm(nobody, "deletion").statusCode());
            CodeMail mail = codeMailFor(nobody);

            assertProblem(confirm(mail.requestId(), wrong(mail.code())), 400, "verification-code-rejected", "/code");
            assertProblem(confirm(mail.requestId(), wrong(mail.code())), 400, "verification-code-rejected", "/code");
            assertProblem(confirm(mail.requestId(), wrong(mail.code())), 400, "verification-code-rejected", "/code");

            assertProblem(confirm(mail.requestId(), mail.code()), 404, "not-found");
            assertProblem(follow(mail), 404, "not-found");
        }

        @Test
        void the_right_code_confirms_and_entering_it_again_answers_the_same() {
            String nobody = unknownAddress();
            assertEquals(202, sendForm(nobody, "access").statusCode());
            CodeMail mail = codeMailFor(nobody);
            assertEquals("awaiting-confirmation", body(follow(mail)).get("status").asText());

            HttpResponse<String> first = confirm(mail.requestId(), mail.code());
            HttpResponse<String> again = confirm(mail.requestId(), mail.code());

            assertEquals(202, first.statusCode(), first.body());
            assertEquals(first.body(), again.body());
            assertEquals("confirmed", body(first).get("status").asText());
        }

        @Test
        void an_unknown_form_is_404() {
            assertProblem(confirm("no-such-form", "123456"), 404, "not-found");
        }
    }

    @Nested
    class FollowingTheRequest {

        @Test
        void an_access_request_for_an_account_is_carried_out_and_its_export_served_with_the_token_only() {
            ContractPortal.Developer grace = portal.activeDeveloper("Grace Formhopper");
            assertEquals(202, sendForm(grace.email(), "access").statusCode());
            CodeMail mail = codeMailFor(grace.email());
            assertEquals(202, confirm(mail.requestId(), mail.code()).statusCode());

            JsonNode done = body(awaitUntil(() -> follow(mail),
                    response -> body(response).path("request").path("status").asText().equals("completed")));
            assertTrue(done.get("accountFound").asBoolean());
            assertEquals(mail.requestId(), done.get("request").get("id").asText());
            String exportPath = done.get("export").get("json").asText();

            HttpResponse<String> export = portal.send("GET", exportPath.substring("/api".length()) + "&token=" + mail.token(), null);
            assertEquals(200, export.statusCode(), export.body());
            assertTrue(export.body().contains("Grace Formhopper") && export.body().contains(grace.email()));

            String forged = (mail.token().charAt(0) == 'A' ? "B" : "A") + mail.token().substring(1);
            assertProblem(portal.send("GET", "/v1/privacy-requests/form/" + mail.requestId() + "/export?format=json&token=" + forged, null),
                    404, "not-found");
            assertProblem(portal.send("GET", "/v1/privacy-requests/form/" + mail.requestId() + "?token=" + forged, null), 404, "not-found");
            // The signed-in owner sees the request the form made on their account too.
            assertEquals(200, portal.send("GET", "/v1/privacy-requests/" + mail.requestId(), null, "Authorization", grace.bearer())
                    .statusCode());
        }

        @Test
        void a_deletion_for_an_address_without_an_account_is_recorded_answered_and_says_nothing_was_held() {
            String nobody = unknownAddress();
            assertEquals(202, sendForm(nobody, "deletion").statusCode());
            CodeMail mail = codeMailFor(nobody);
            assertEquals(202, confirm(mail.requestId(), mail.code()).statusCode());

            JsonNode done = body(awaitUntil(() -> follow(mail),
                    response -> body(response).path("request").path("status").asText().equals("completed")));

            assertFalse(done.get("accountFound").asBoolean());
            assertEquals(mail.requestId(), done.get("receipt").get("requestId").asText());
            done.get("receipt").get("categories").forEach(category ->
                    assertEquals("nothing-held", category.get("outcome").asText(), category.toString()));
        }

        @Test
        void the_export_of_an_unconfirmed_form_is_409_and_an_invalid_format_400() {
            String nobody = unknownAddress();
            assertEquals(202, sendForm(nobody, "access").statusCode());
            CodeMail mail = codeMailFor(nobody);
            String path = "/v1/privacy-requests/form/" + mail.requestId() + "/export?token=" + mail.token();

            assertProblem(portal.send("GET", path + "&format=json", null), 409, "conflict");
            assertProblem(portal.send("GET", path + "&format=pdf", null), 400, "invalid-request", "/format");
        }
    }

}
