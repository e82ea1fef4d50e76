package com.cardscry.portal.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.cardscry.portal.config.InvalidSettingException;
import com.cardscry.portal.config.PortalSettings;
import com.cardscry.portal.config.Settings;
import com.cardscry.portal.contract.OpenApiContract;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LocalHostTest {

    @TempDir
    Path workingDirectory;

    @Nested
    class ServesThePortal {

        @Test
        void healthThroughTheRealCompositionRoot() throws Exception {
            Settings settings = Settings.of(Map.of(
                    "PORTAL_ENVIRONMENT", "local",
                    "PORTAL_DATA_DIR", workingDirectory.resolve("data").toString(),
                    "PORTAL_LOCAL_PORT", "0"));
            try (LocalHost host = LocalHost.startPortal(settings, HostJson.DEFAULTS)) {
                HttpResponse<String> response = HttpClient.newHttpClient().send(
                        HttpRequest.newBuilder(host.baseUri().resolve("api/v1/health")).GET().build(),
                        HttpResponse.BodyHandlers.ofString());

                JsonNode health = new ObjectMapper().readTree(response.body());
                assertEquals(200, response.statusCode(), response.body());
                assertEquals("application/json", response.headers().firstValue("Content-Type").orElse(""));
                assertEquals("up", health.path("status").asText());
                OpenApiContract.load().assertResponseConforms("GET", "/v1/health", response.statusCode(),
                        response.headers().firstValue("Content-Type").orElse(""), response.body());
                assertTrue(Files.exists(workingDirectory.resolve("data").resolve("local-host-keys.json")));
            }
        }

        @Test
        void describesItsRoutesAndWhereTheKeysAreButNotTheKeys() throws Exception {
            Path data = workingDirectory.resolve("data");
            Settings settings = Settings.of(Map.of("PORTAL_ENVIRONMENT", "local", "PORTAL_DATA_DIR", data.toString(),
                    "PORTAL_LOCAL_PORT", "0"));
            ByteArrayOutputStream printed = new ByteArrayOutputStream();
            try (LocalHost host = LocalHost.startPortal(settings, HostJson.DEFAULTS)) {
                host.describe(new PrintStream(printed, true, StandardCharsets.UTF_8));
            }

            String text = printed.toString(StandardCharsets.UTF_8);
            JsonNode keys = new ObjectMapper().readTree(data.resolve("local-host-keys.json").toFile());
            assertTrue(text.contains("http://127.0.0.1:"), text);
            assertTrue(text.matches("(?s).*health\\s+GET\\s+/api/v1/health \\(anonymous\\).*"), text);
            assertTrue(text.contains(data.resolve("local-host-keys.json").toAbsolutePath().toString()), text);
            assertFalse(text.contains(keys.path("functionKey").asText()) || text.contains(keys.path("masterKey").asText()));
        }
    }

    @Nested
    class DisabledFunctions {

        @Test
        void a_function_disabled_by_its_app_setting_is_neither_served_nor_listed() throws Exception {
            Path data = workingDirectory.resolve("data");
            Settings settings = Settings.of(Map.of("PORTAL_ENVIRONMENT", "local", "PORTAL_DATA_DIR", data.toString(),
                    "PORTAL_LOCAL_PORT", "0", "AzureWebJobs.listPlans.Disabled", "true",
                    "AzureWebJobs.privacyRequestWorker.Disabled", "1", "AzureWebJobs.health.Disabled", "false"));
            ByteArrayOutputStream printed = new ByteArrayOutputStream();
            try (LocalHost host = LocalHost.startPortal(settings, HostJson.DEFAULTS)) {
                host.describe(new PrintStream(printed, true, StandardCharsets.UTF_8));
                HttpClient client = HttpClient.newHttpClient();
                HttpResponse<String> plans = client.send(HttpRequest.newBuilder(host.baseUri().resolve("api/v1/plans")).GET().build(),
                        HttpResponse.BodyHandlers.ofString());
                HttpResponse<String> health = client.send(HttpRequest.newBuilder(host.baseUri().resolve("api/v1/health")).GET().build(),
                        HttpResponse.BodyHandlers.ofString());

                assertEquals(404, plans.statusCode(), plans.body());
                assertEquals(200, health.statusCode(), "false leaves a function on");
            }
            String text = printed.toString(StandardCharsets.UTF_8);
            assertFalse(text.contains("listPlans") || text.contains("privacyRequestWorker"), text);
            assertTrue(text.contains("privacyRequestPoison"), text);
        }
    }

    @Nested
    class LayeredSettings {

        @Test
        void environmentOverridesLocalSettingsFileOverridesLocalDefaults() throws Exception {
            Files.writeString(workingDirectory.resolve("local.settings.json"), """
                    {"IsEncrypted": false, "Values": {"PORTAL_MAX_BODY_BYTES": 4096, "PORTAL_LOCAL_PORT": "7072"}}
                    """);

            Settings settings = LocalHost.settings(Map.of("PORTAL_LOCAL_PORT", "7073"), workingDirectory);

            assertEquals(PortalSettings.Environment.LOCAL, settings.get(PortalSettings.ENVIRONMENT));
            assertEquals(4096, settings.get(PortalSettings.MAX_BODY_BYTES));
            assertEquals(7073, settings.get(PortalSettings.LOCAL_PORT));
        }

        @Test
        void withoutALocalSettingsFileTheDefaultsApply() {
            Settings settings = LocalHost.settings(Map.of(), workingDirectory);

            assertEquals(PortalSettings.Environment.LOCAL, settings.get(PortalSettings.ENVIRONMENT));
            assertEquals(7071, settings.get(PortalSettings.LOCAL_PORT));
        }

        @Test
        void anEncryptedLocalSettingsFileIsRefused() throws Exception {
            Files.writeString(workingDirectory.resolve("local.settings.json"), "{\"IsEncrypted\": true, \"Values\": {}}");

            IllegalArgumentException failure = assertThrows(IllegalArgumentException.class,
                    () -> LocalHost.settings(Map.of(), workingDirectory));

            assertTrue(failure.getMessage().contains("encrypted"), failure.getMessage());
        }
    }

    @Nested
    class StartUpFails {

        @Test
        void onAnInvalidSettingWithItsNameAndStatus2AndNoStackTrace() throws Exception {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            ByteArrayOutputStream err = new ByteArrayOutputStream();

            int status = LocalHost.run(Map.of("PORTAL_MAX_BODY_BYTES", "12", "PORTAL_DATA_DIR",
                            workingDirectory.resolve("data").toString()), workingDirectory,
                    new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));

            String message = err.toString(StandardCharsets.UTF_8);
            assertEquals(LocalHost.INVALID_SETTINGS, status);
            assertTrue(message.contains("PORTAL_MAX_BODY_BYTES"), message);
            assertFalse(message.contains("Exception") || message.contains("\tat "), message);
            assertEquals("", out.toString(StandardCharsets.UTF_8));
        }

        @Test
        void onAWeakKeyNamingTheSetting() {
            Settings settings = Settings.of(Map.of("PORTAL_ENVIRONMENT", "local", "PORTAL_LOCAL_PORT", "0",
                    "PORTAL_DATA_DIR", workingDirectory.toString(), "PORTAL_LOCAL_FUNCTION_KEY", "short"));

            InvalidSettingException failure = assertThrows(InvalidSettingException.class,
                    () -> LocalHost.startPortal(settings, HostJson.DEFAULTS));

            assertEquals("PORTAL_LOCAL_FUNCTION_KEY", failure.settingName());
            assertFalse(failure.getMessage().contains("short"), "the value is never repeated");
        }
    }
}
