package com.cardscry.portal.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SettingsTest {

    @Nested
    class Defaults {
        @Test
        void absent_or_blank_settings_take_their_default() {
            Settings settings = Settings.of(Map.of("PORTAL_MAX_BODY_BYTES", "  "));
            assertEquals(1_048_576, settings.get(PortalSettings.MAX_BODY_BYTES));
            assertEquals(Path.of(".portal-data"), settings.get(PortalSettings.DATA_DIR));
            assertEquals(java.util.Optional.empty(), settings.value("PORTAL_MAX_BODY_BYTES"), "blank counts as not given");
        }

        @Test
        void given_values_are_parsed() {
            Settings settings = Settings.of(Map.of("PORTAL_ENVIRONMENT", "Local", "PORTAL_MAX_BODY_BYTES", "2048"));
            assertEquals(PortalSettings.Environment.LOCAL, settings.get(PortalSettings.ENVIRONMENT));
            assertEquals(2048, settings.get(PortalSettings.MAX_BODY_BYTES));
        }

        @Test
        void overrides_take_precedence() {
            Settings settings = Settings.of(Map.of("PORTAL_LOCAL_PORT", "7071")).overriddenBy(Map.of("PORTAL_LOCAL_PORT", "0"));
            assertEquals(0, settings.get(PortalSettings.LOCAL_PORT));
        }
    }

    @Nested
    class StopsStartUp {
        @Test
        void when_a_required_setting_is_missing_naming_it_and_the_accepted_values() {
            InvalidSettingException e = assertThrows(InvalidSettingException.class,
                    () -> Portal.build(Settings.of(Map.of())));
            assertEquals("PORTAL_ENVIRONMENT", e.settingName());
            assertTrue(e.getMessage().contains("PORTAL_ENVIRONMENT is missing"), e.getMessage());
            assertTrue(e.getMessage().contains("local, azure"), e.getMessage());
        }

        @Test
        void when_a_value_is_invalid_naming_the_setting_and_range_but_not_echoing_the_value() {
            InvalidSettingException e = assertThrows(InvalidSettingException.class, () -> Portal.build(
                    Settings.of(Map.of("PORTAL_ENVIRONMENT", "local", "PORTAL_MAX_BODY_BYTES", "12x-secretish"))));
            assertEquals("PORTAL_MAX_BODY_BYTES", e.settingName());
            assertTrue(e.getMessage().contains("an integer from 1024 to 104857600"), e.getMessage());
            assertFalse(e.getMessage().contains("12x-secretish"), e.getMessage());
        }

        @Test
        void when_a_value_is_out_of_range() {
            InvalidSettingException e = assertThrows(InvalidSettingException.class, () -> Portal.build(
                    Settings.of(Map.of("PORTAL_ENVIRONMENT", "local", "PORTAL_LOCAL_PORT", "70000"))));
            assertEquals("PORTAL_LOCAL_PORT", e.settingName());
        }

        @Test
        void when_an_unknown_adapter_is_named() {
            InvalidSettingException e = assertThrows(InvalidSettingException.class, () -> Portal.build(
                    Settings.of(Map.of("PORTAL_ENVIRONMENT", "local", "PORTAL_STORE", "mongodb"))));
            assertEquals("PORTAL_STORE", e.settingName());
            assertTrue(e.getMessage().contains("Accepted values: embedded"), e.getMessage());
        }

        @Test
        void when_a_local_host_key_is_too_weak() {
            InvalidSettingException e = assertThrows(InvalidSettingException.class, () -> Portal.build(
                    Settings.of(Map.of("PORTAL_ENVIRONMENT", "local", "PORTAL_LOCAL_FUNCTION_KEY", "short"))));
            assertEquals("PORTAL_LOCAL_FUNCTION_KEY", e.settingName());
        }

        @Test
        void when_key_vault_is_chosen_without_a_vault_naming_the_setting_and_why(@TempDir Path dataDir) {
            InvalidSettingException e = assertThrows(InvalidSettingException.class, () -> Portal.build(Settings.of(Map.of(
                    "PORTAL_ENVIRONMENT", "local", "PORTAL_DATA_DIR", dataDir.toString(), "PORTAL_SECRETS", "keyvault"))));
            assertEquals("PORTAL_KEYVAULT_URI", e.settingName());
            assertTrue(e.getMessage().contains("PORTAL_SECRETS=keyvault needs it"), e.getMessage());
        }

        @Test
        void when_the_vault_is_not_https_or_the_client_id_not_a_guid() {
            assertEquals("PORTAL_KEYVAULT_URI", assertThrows(InvalidSettingException.class, () -> Portal.build(Settings.of(Map.of(
                    "PORTAL_ENVIRONMENT", "local", "PORTAL_KEYVAULT_URI", "http://kv.vault.azure.net/")))).settingName());
            assertEquals("AZURE_CLIENT_ID", assertThrows(InvalidSettingException.class, () -> Portal.build(Settings.of(Map.of(
                    "PORTAL_ENVIRONMENT", "local", "AZURE_CLIENT_ID", "not-a-guid")))).settingName());
        }

        @Test
        void when_an_emulator_key_or_connection_string_is_given_outside_local_mode(@TempDir Path dataDir) {
            InvalidSettingException e = assertThrows(InvalidSettingException.class, () -> Portal.build(Settings.of(Map.of(
                    "PORTAL_ENVIRONMENT", "azure", "PORTAL_DATA_DIR", dataDir.toString(),
                    "PORTAL_COSMOS_KEY", "a2V5", "PORTAL_STORAGE_CONNECTION_STRING", "UseDevelopmentStorage=true"))));
            assertTrue(e.getMessage().contains("PORTAL_COSMOS_KEY"), e.getMessage());
            assertTrue(e.getMessage().contains("PORTAL_STORAGE_CONNECTION_STRING"), e.getMessage());
            assertFalse(e.getMessage().contains("a2V5"), "the key itself is never repeated: " + e.getMessage());
        }

        @Test
        void when_storage_is_chosen_without_a_connection_string_or_endpoint(@TempDir Path dataDir) {
            InvalidSettingException e = assertThrows(InvalidSettingException.class, () -> Portal.build(Settings.of(Map.of(
                    "PORTAL_ENVIRONMENT", "local", "PORTAL_DATA_DIR", dataDir.toString(), "PORTAL_QUEUE", "storage"))));
            assertEquals("PORTAL_STORAGE_QUEUE_ENDPOINT", e.settingName());
        }

        @Test
        void when_embedded_parts_are_selected_outside_local_mode(@TempDir Path dataDir) {
            InvalidSettingException e = assertThrows(InvalidSettingException.class, () -> Portal.build(
                    Settings.of(Map.of("PORTAL_ENVIRONMENT", "azure", "PORTAL_DATA_DIR", dataDir.toString()))));
            assertEquals("PORTAL_ENVIRONMENT", e.settingName());
            assertTrue(e.getMessage().contains("PORTAL_STORE=embedded"), e.getMessage());
        }
    }
}
