package com.cardscry.portal.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.cardscry.portal.application.HealthReport;
import com.cardscry.portal.application.IssueDevelopmentToken;
import com.cardscry.portal.application.port.ComponentHealth;
import com.cardscry.portal.application.port.DevelopmentClaims;
import com.cardscry.portal.application.port.TokenRejection;
import com.cardscry.portal.application.port.Verification;
import com.cardscry.portal.functions.http.HealthFunction;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

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

    /** Users' bearer tokens: PORTAL_AUTH and the settings that go with it. */
    @Nested
    class Authentication {

        private static final String ENTRA_TENANT = "4a1b6c2d-0000-4000-8000-00000000a11e";

        private Map<String, String> entra(Path dataDir) {
            Map<String, String> values = new HashMap<>(Map.of("PORTAL_ENVIRONMENT", "local", "PORTAL_DATA_DIR", dataDir.toString()));
            values.putAll(Map.of(
                    "PORTAL_AUTH", "entra",
                    "PORTAL_AUTH_ISSUER", "https://login.microsoftonline.com/{tenantid}/v2.0",
                    "PORTAL_AUTH_METADATA_URL", "https://login.microsoftonline.com/organizations/v2.0/.well-known/openid-configuration",
                    "PORTAL_AUTH_AUDIENCES", "api://cardscry-portal, 0c5e3f1a-0000-4000-8000-00000000c11d",
                    "PORTAL_AUTH_ALLOWED_TENANTS", ENTRA_TENANT));
            return values;
        }

        private static DevelopmentClaims user(String tenantId, Set<String> roles) {
            return new DevelopmentClaims("5b2c7d3e-0000-4000-8000-0000000000a1", tenantId, Optional.empty(), Optional.empty(), roles);
        }

        private static String issue(Portal portal, DevelopmentClaims claims) {
            return assertInstanceOf(IssueDevelopmentToken.Issued.class, portal.developmentTokens().orElseThrow().issue(claims))
                    .accessToken();
        }

        @Test
        void by_default_the_development_issuer_signs_for_the_local_tenant_and_the_portal_verifies_it() {
            try (Portal portal = Portal.build(local(temp.resolve("data")))) {
                Verification verification = portal.tokenVerifier().verify(issue(portal, user(PortalSettings.LOCAL_TENANT_ID, Set.of())));

                assertEquals(PortalSettings.LOCAL_TENANT_ID,
                        assertInstanceOf(Verification.Verified.class, verification).identity().tenantId());
                assertEquals("rw-------", permissionsOf(temp.resolve("data").resolve("dev-issuer-key.json")));
                assertFalse(portal.appServiceAuthEnforced());
            }
        }

        @Test
        void the_allowlist_still_applies_to_development_tokens() {
            try (Portal portal = Portal.build(local(temp.resolve("data")))) {
                assertEquals(new Verification.Rejected(TokenRejection.TENANT_NOT_ALLOWED),
                        portal.tokenVerifier().verify(issue(portal, user(ENTRA_TENANT, Set.of()))));
            }
        }

        @Test
        void dev_takes_the_configured_audiences_tenants_and_admin_role() {
            Settings settings = local(temp.resolve("data")).overriddenBy(Map.of(
                    "PORTAL_AUTH_AUDIENCES", "api://mine,api://other",
                    "PORTAL_AUTH_ALLOWED_TENANTS", ENTRA_TENANT,
                    "PORTAL_AUTH_ADMIN_ROLE", "Cardscry.Operator"));
            try (Portal portal = Portal.build(settings)) {
                Verification verification = portal.tokenVerifier().verify(issue(portal, user(ENTRA_TENANT, Set.of("Cardscry.Operator"))));

                assertTrue(assertInstanceOf(Verification.Verified.class, verification).identity().admin());
                assertEquals(new Verification.Rejected(TokenRejection.TENANT_NOT_ALLOWED),
                        portal.tokenVerifier().verify(issue(portal, user(PortalSettings.LOCAL_TENANT_ID, Set.of()))));
            }
        }

        @Test
        void dev_is_refused_outside_local_mode_like_embedded_parts(@TempDir Path elsewhere) {
            Path dataDir = elsewhere.resolve("never-made");
            InvalidSettingException refused = assertThrows(InvalidSettingException.class, () -> Portal.build(Settings.of(Map.of(
                    "PORTAL_ENVIRONMENT", "azure", "PORTAL_DATA_DIR", dataDir.toString(), "PORTAL_STORE", "cosmos",
                    "PORTAL_QUEUE", "storage", "PORTAL_EXPORTS", "blob", "PORTAL_SECRETS", "keyvault"))));

            assertEquals("PORTAL_ENVIRONMENT", refused.settingName());
            assertTrue(refused.getMessage().contains("PORTAL_AUTH=dev"), refused.getMessage());
            assertTrue(Files.notExists(dataDir));
        }

        @Test
        void with_entra_there_is_no_development_issuer_and_no_key_file() {
            Path dataDir = temp.resolve("data");
            try (Portal portal = Portal.build(Settings.of(entra(dataDir)).overriddenBy(Map.of("PORTAL_AUTH_APP_SERVICE_ENFORCED", "true")))) {
                assertEquals(Optional.empty(), portal.developmentTokens());
                assertEquals(new Verification.Rejected(TokenRejection.MALFORMED), portal.tokenVerifier().verify("not-a-token"));
                assertTrue(portal.appServiceAuthEnforced());
            }
            assertTrue(Files.notExists(dataDir.resolve("dev-issuer-key.json")));
        }

        @ParameterizedTest
        @ValueSource(strings = {"PORTAL_AUTH_ISSUER", "PORTAL_AUTH_METADATA_URL", "PORTAL_AUTH_AUDIENCES", "PORTAL_AUTH_ALLOWED_TENANTS"})
        void entra_requires_each_of_its_settings(String missing) {
            Map<String, String> values = entra(temp.resolve("data"));
            values.remove(missing);

            InvalidSettingException refused = assertThrows(InvalidSettingException.class, () -> Portal.build(Settings.of(values)));

            assertEquals(missing, refused.settingName());
            assertTrue(refused.getMessage().contains("PORTAL_AUTH=entra"), refused.getMessage());
        }

        @ParameterizedTest
        @ValueSource(strings = {"PORTAL_AUTH_ISSUER", "PORTAL_AUTH_METADATA_URL"})
        void dev_refuses_an_issuer_or_key_source_of_its_own(String setting) {
            Settings settings = local(temp.resolve("data")).overriddenBy(Map.of(setting, entra(temp).get(setting)));

            assertEquals(setting, assertThrows(InvalidSettingException.class, () -> Portal.build(settings)).settingName());
        }

        @ParameterizedTest
        @CsvSource(delimiter = '|', value = {
                "PORTAL_AUTH | none",
                "PORTAL_AUTH_ISSUER | http://login.microsoftonline.com/{tenantid}/v2.0",
                "PORTAL_AUTH_ISSUER | https://x/{tenantid}/{tenantid}",
                "PORTAL_AUTH_AUDIENCES | api://a,,api://b",
                "PORTAL_AUTH_ALLOWED_TENANTS | not-a-guid",
                "PORTAL_AUTH_ADMIN_ROLE | Portal Admin",
                "PORTAL_AUTH_APP_SERVICE_ENFORCED | yes"})
        void an_invalid_value_is_refused_naming_the_setting(String setting, String value) {
            Settings settings = Settings.of(entra(temp.resolve("data"))).overriddenBy(Map.of(setting, value));

            assertEquals(setting, assertThrows(InvalidSettingException.class, () -> Portal.build(settings)).settingName());
        }

        private static String permissionsOf(Path file) {
            try {
                return PosixFilePermissions.toString(Files.getPosixFilePermissions(file));
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
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
