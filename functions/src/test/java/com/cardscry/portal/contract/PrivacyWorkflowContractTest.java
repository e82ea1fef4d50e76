package com.cardscry.portal.contract;

import static com.cardscry.portal.contract.ContractHttp.assertProblem;
import static com.cardscry.portal.contract.ContractHttp.body;
import static com.cardscry.portal.contract.ContractPortal.awaitUntil;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Privacy requests carried out end to end by the local host: intake over HTTP, the message on the
 * embedded queue, the worker function taking it, and the results served over HTTP, every response
 * checked against {@code openapi/portal.yaml}. The worker runs on its own thread, so each test waits
 * (boundedly) for the state it expects.
 */
class PrivacyWorkflowContractTest {


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

    @Test
    void an_access_request_is_carried_out_and_its_export_is_served_to_its_owner_only() {
        ContractPortal.Developer ada = portal.activeDeveloper("Ada Lovelace");
        ContractPortal.Developer stranger = portal.activeDeveloper("Some Stranger");
        HttpResponse<String> received = portal.send("POST", "/v1/privacy-requests", "{\"type\":\"access\"}", "Authorization", ada.bearer());
        assertEquals(202, received.statusCode(), received.body());
        String id = body(received).get("id").asText();

        awaitUntil(() -> portal.send("GET", "/v1/privacy-requests/" + id, null, "Authorization", ada.bearer()),
                response -> body(response).get("status").asText().equals("completed"));

        HttpResponse<String> json = portal.send("GET", "/v1/privacy-requests/" + id + "/export?format=json", null,
                "Authorization", ada.bearer());
        assertEquals(200, json.statusCode(), json.body());
        assertTrue(json.body().contains("Ada Lovelace") && json.body().contains(ada.email()), "the export holds the profile");
        HttpResponse<String> html = portal.send("GET", "/v1/privacy-requests/" + id + "/export?format=html", null,
                "Authorization", ada.bearer());
        assertEquals(200, html.statusCode());
        assertTrue(html.headers().firstValue("Content-Type").orElse("").startsWith("text/html"));
        assertTrue(html.body().contains("Ada Lovelace"));
        assertProblem(portal.send("GET", "/v1/privacy-requests/" + id + "/export?format=json", null, "Authorization",
                stranger.bearer()), 404, "not-found");
    }

    @Test
    void closing_an_account_erases_it_leaves_a_receipt_and_nothing_of_the_person_in_the_data_folder() {
        String name = "Alan Erasable";
        ContractPortal.Developer alan = portal.activeDeveloper(name);
        String subscription = body(portal.send("POST", "/v1/subscriptions", "{\"planId\":\"starter\"}", "Authorization", alan.bearer()))
                .get("id").asText();
        assertEquals(201, portal.send("POST", "/v1/subscriptions/" + subscription + "/keys", "{\"name\":\"soon gone\"}",
                "Authorization", alan.bearer()).statusCode());

        HttpResponse<String> closed = portal.send("DELETE", "/v1/me", null, "Authorization", alan.bearer());
        assertEquals(202, closed.statusCode(), closed.body());
        String location = closed.headers().firstValue("Location").orElseThrow();
        String requestId = location.substring(location.lastIndexOf('/') + 1);

        awaitUntil(() -> portal.send("GET", "/v1/me", null, "Authorization", alan.bearer()), response -> response.statusCode() == 404);
        assertProblem(portal.send("GET", "/v1/me", null, "Authorization", alan.bearer()), 404, "account-not-found");

        JsonNode receipt = body(awaitUntil(() -> portal.send("GET", "/v1/privacy-requests/" + requestId + "/receipt", null,
                "Authorization", alan.bearer()), response -> response.statusCode() == 200));
        assertEquals(requestId, receipt.get("requestId").asText());
        List<String> outcomes = new ArrayList<>();
        receipt.get("categories").forEach(category -> outcomes.add(category.get("outcome").asText()));
        assertTrue(outcomes.contains("deleted"), receipt.toString());

        List<Path> holding = filesContaining(dataDir, List.of(alan.email(), name));
        assertEquals(List.of(), holding, "no file of the data folder holds the person's email or name");
    }


    @Test
    void an_erasure_under_a_legal_hold_completes_with_a_receipt_naming_what_the_hold_keeps_and_until_when() {
        ContractPortal.Developer grace = portal.activeDeveloper("Grace Held");
        ContractPortal.Identity admin = portal.identity(true);
        String lastDay = LocalDate.now(ZoneOffset.UTC).plusDays(60).toString();
        HttpResponse<String> placed = portal.send("PUT", "/v1/admin/accounts/" + grace.accountId() + "/legal-hold",
                "{\"reason\":\"Chargeback dispute\",\"endsOn\":\"" + lastDay + "\"}", "Authorization", admin.bearer());
        assertEquals(200, placed.statusCode(), placed.body());

        HttpResponse<String> closed = portal.send("DELETE", "/v1/me", null, "Authorization", grace.bearer());
        assertEquals(202, closed.statusCode(), closed.body());
        String location = closed.headers().firstValue("Location").orElseThrow();
        String requestId = location.substring(location.lastIndexOf('/') + 1);

        JsonNode receipt = body(awaitUntil(() -> portal.send("GET", "/v1/privacy-requests/" + requestId + "/receipt", null,
                "Authorization", grace.bearer()), response -> response.statusCode() == 200));
        Map<String, JsonNode> categories = new HashMap<>();
        receipt.get("categories").forEach(category -> categories.put(category.get("category").asText(), category));
        assertEquals("held", categories.get("accounts").get("outcome").asText(), receipt.toString());
        assertEquals(lastDay, categories.get("accounts").get("heldUntil").asText());
        assertEquals("held", categories.get("usage-hourly").get("outcome").asText());
        assertEquals("deleted", categories.get("sessions").get("outcome").asText());
        assertEquals("kept", categories.get("billing-records").get("outcome").asText());
    }

    private static List<Path> filesContaining(Path folder, List<String> texts) {
        try (Stream<Path> files = Files.walk(folder)) {
            return files.filter(Files::isRegularFile).filter(file -> {
                try {
                    String content = new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1);
                    return texts.stream().anyMatch(content::contains);
                } catch (IOException unreadable) {
                    throw new UncheckedIOException(unreadable);
                }
            }).toList();
        } catch (IOException unreadable) {
            throw new UncheckedIOException(unreadable);
        }
    }

    @Test
    void the_helpers_scan_would_see_a_name_in_a_file(@TempDir Path folder) throws IOException {
        Files.writeString(folder.resolve("x.bin"), "...Alan Erasable...");
        assertEquals(1, filesContaining(folder, List.of("Alan Erasable")).size());
        assertFalse(filesContaining(folder, List.of("Grace")).size() > 0);
    }
}
