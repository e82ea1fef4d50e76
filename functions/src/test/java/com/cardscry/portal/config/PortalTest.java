package com.cardscry.portal.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.cardscry.portal.application.HealthReport;
import com.cardscry.portal.application.port.ComponentHealth;
import com.cardscry.portal.functions.http.HealthFunction;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PortalTest {

    @TempDir
    Path temp;

    private Settings local(Path dataDir) {
        return Settings.of(Map.of("PORTAL_ENVIRONMENT", "local", "PORTAL_DATA_DIR", dataDir.toString()));
    }

    @Test
    void the_data_folder_is_readable_by_its_owner_only_even_if_it_existed() throws IOException {
        Path dataDir = Files.createDirectories(temp.resolve("data"));
        Files.setPosixFilePermissions(dataDir, PosixFilePermissions.fromString("rwxr-xr-x"));
        try (Portal portal = Portal.build(local(dataDir))) {
            assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(dataDir)));
        }
    }

    @Test
    void outside_local_mode_no_data_folder_is_made(@TempDir Path elsewhere) {
        Path dataDir = elsewhere.resolve("never-made");
        // Start-up stops at the first Azure adapter without an endpoint, after the data folder step.
        assertThrows(InvalidSettingException.class, () -> Portal.build(Settings.of(Map.of("PORTAL_ENVIRONMENT", "azure",
                "PORTAL_DATA_DIR", dataDir.toString(), "PORTAL_STORE", "cosmos", "PORTAL_QUEUE", "storage",
                "PORTAL_EXPORTS", "blob", "PORTAL_SECRETS", "keyvault", "PORTAL_AUTH", "entra"))));
        assertTrue(Files.notExists(dataDir));
    }

    @Test
    void health_reports_every_component_with_its_adapter() {
        try (Portal portal = Portal.build(local(temp.resolve("data")))) {
            HealthReport report = portal.checkHealth().check();
            assertTrue(report.up(), report.toString());
            assertEquals(Map.of("store", "embedded", "queue", "embedded", "exports", "embedded", "secrets", "local"), report.components().stream()
                    .collect(java.util.stream.Collectors.toMap(ComponentHealth::component, ComponentHealth::implementation)));
        }
    }

    @Test
    void generates_the_apps_secrets_on_first_start_and_keeps_them_across_restarts() {
        Path dataDir = temp.resolve("data");
        byte[] pepper;
        try (Portal first = Portal.build(local(dataDir))) {
            for (String name : com.cardscry.portal.application.SecretNames.ALL) {
                assertEquals(32, first.secretSource().current(name).value().length, name);
            }
            pepper = first.secretSource().current("api-key-pepper").value();
        }
        try (Portal again = Portal.build(local(dataDir))) {
            assertTrue(java.util.Arrays.equals(pepper, again.secretSource().current("api-key-pepper").value()));
        }
    }

    @Test
    void makes_function_instances_for_its_own_function_classes_only() {
        try (Portal portal = Portal.build(local(temp.resolve("data")))) {
            assertTrue(portal.newFunction(HealthFunction.class) instanceof HealthFunction);
            assertThrows(IllegalArgumentException.class, () -> portal.newFunction(String.class));
        }
    }

    @Test
    void a_second_portal_on_the_same_data_folder_is_refused_and_the_first_keeps_working() {
        try (Portal first = Portal.build(local(temp.resolve("data")))) {
            RuntimeException refused = assertThrows(RuntimeException.class, () -> Portal.build(local(temp.resolve("data"))));
            assertTrue(refused.getMessage().contains("locked"), refused.getMessage());
            assertTrue(first.checkHealth().check().up());
        }
    }

    @Test
    void after_close_the_data_folder_can_be_opened_again() {
        Portal.build(local(temp.resolve("data"))).close();
        try (Portal again = Portal.build(local(temp.resolve("data")))) {
            assertTrue(again.checkHealth().check().up());
        }
    }
}
