package com.cardscry.portal.functions.timer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.cardscry.portal.config.InvalidSettingException;
import com.cardscry.portal.config.Settings;
import com.cardscry.portal.local.HostJson;
import com.cardscry.portal.local.LocalHost;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The privacy deadline watch and the re-enqueuing timer as the local host finds them, with their schedules resolved. */
class PrivacyTimerFunctionsTest {

    @TempDir
    Path dataDir;

    private Settings settings(Map<String, String> extra) {
        Map<String, String> values = new HashMap<>(Map.of("PORTAL_ENVIRONMENT", "local", "PORTAL_LOCAL_PORT", "0",
                "PORTAL_DATA_DIR", dataDir.toString()));
        values.putAll(extra);
        return Settings.of(values);
    }

    private static String listing(LocalHost host) {
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        host.describe(new PrintStream(printed, true, StandardCharsets.UTF_8));
        return printed.toString(StandardCharsets.UTF_8);
    }

    @Test
    void daily_watch_and_five_minute_requeue_when_the_settings_are_not_given() {
        try (LocalHost host = LocalHost.startPortal(settings(Map.of()), HostJson.DEFAULTS)) {
            String text = listing(host);
            assertTrue(text.contains("privacyDeadlineWatch: timer, schedule '0 0 6 * * *' (from %PORTAL_PRIVACY_DEADLINE_SCHEDULE%)"), text);
            assertTrue(text.contains("privacyRequeue: timer, schedule '0 */5 * * * *' (from %PORTAL_PRIVACY_REQUEUE_SCHEDULE%)"), text);
        }
    }

    @Test
    void by_the_settings_when_they_are_given() {
        try (LocalHost host = LocalHost.startPortal(settings(Map.of("PORTAL_PRIVACY_DEADLINE_SCHEDULE", "0 30 5 * * *",
                "PORTAL_PRIVACY_REQUEUE_SCHEDULE", "0 */2 * * * *")), HostJson.DEFAULTS)) {
            String text = listing(host);
            assertTrue(text.contains("privacyDeadlineWatch: timer, schedule '0 30 5 * * *'"), text);
            assertTrue(text.contains("privacyRequeue: timer, schedule '0 */2 * * * *'"), text);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"PORTAL_PRIVACY_DEADLINE_SCHEDULE", "PORTAL_PRIVACY_REQUEUE_SCHEDULE"})
    void a_schedule_that_is_not_six_field_ncrontab_stops_start_up_naming_the_setting(String setting) {
        InvalidSettingException failure = assertThrows(InvalidSettingException.class, () -> LocalHost.startPortal(
                settings(Map.of(setting, "*/5 * * * *")), HostJson.DEFAULTS));
        assertEquals(setting, failure.settingName());
    }
}
