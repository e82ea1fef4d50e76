package com.cardscry.portal.local;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.cardscry.portal.config.Settings;
import com.cardscry.portal.contract.OpenApiContract;
import com.cardscry.portal.testing.emulators.EmulatorSettings;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * End to end: the local host with the portal's Azure adapters pointed at the real emulators, driven
 * over HTTP through every route that exists, each response checked against the OpenAPI document.
 * Later issues add their routes here.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class LocalHostOnEmulatorsIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private final HttpClient http = HttpClient.newHttpClient();
    private LocalHost host;

    @BeforeAll
    void start(@TempDir Path dataDir) {
        Map<String, String> settings = new LinkedHashMap<>(EmulatorSettings.forLocalHost(dataDir));
        settings.put("PORTAL_LOCAL_PORT", "0");
        host = LocalHost.startPortal(Settings.of(settings), HostJson.DEFAULTS);
    }

    @AfterAll
    void stop() {
        if (host != null) {
            host.close();
        }
    }

    private HttpResponse<String> get(String path) throws Exception {
        return http.send(HttpRequest.newBuilder(host.baseUri().resolve(path.substring(1))).GET().build(),
                HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void health_reports_every_component_up_on_the_adapter_the_settings_chose() throws Exception {
        HttpResponse<String> response = get("/api/v1/health");

        assertEquals(200, response.statusCode(), response.body());
        OpenApiContract.load().assertResponseConforms("GET", "/v1/health", 200,
                response.headers().firstValue("Content-Type").orElse(""), response.body());
        Map<String, String> adapters = new LinkedHashMap<>();
        for (JsonNode component : JSON.readTree(response.body()).path("components")) {
            assertEquals("up", component.path("status").asText(), component.toString());
            adapters.put(component.path("name").asText(), component.path("implementation").asText());
        }
        assertEquals(Map.of("store", "cosmos", "queue", "storage", "exports", "blob", "secrets", "local"), adapters);
    }
}
