package com.cardscry.portal.functions.timer;

import static com.cardscry.portal.functions.timer.LocalHostListing.listing;
import static com.cardscry.portal.functions.timer.LocalHostListing.settings;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.cardscry.portal.config.InvalidSettingException;
import com.cardscry.portal.local.HostJson;
import com.cardscry.portal.local.LocalHost;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The privacy deadline watch and the re-enqueuing timer as the local host finds them, with their schedules resolved. */
class PrivacyTimerFunctionsTest {

    @TempDir
    Path dataDir;

    @Test
    void daily_watch_and_five_minute_requeue_when_the_settings_are_not_given() {
        try (LocalHost host = LocalHost.startPortal(settings(dataDir, Map.of()), HostJson.DEFAULTS)) {
            String text = listing(host);
            assertTrue(text.contains("privacyDeadlineWatch: timer, schedule '0 0 6 * * *' (from %PORTAL_PRIVACY_DEADLINE_SCHEDULE%)"), text);
            assertTrue(text.contains("privacyRequeue: timer, schedule '0 */5 * * * *' (from %PORTAL_PRIVACY_REQUEUE_SCHEDULE%)"), text);
        }
    }

    @Test
    void by_the_settings_when_they_are_given() {
        try (LocalHost host = LocalHost.startPortal(settings(dataDir, Map.of("PORTAL_PRIVACY_DEADLINE_SCHEDULE", "0 30 5 * * *",
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
                settings(dataDir, Map.of(setting, "*/5 * * * *")), HostJson.DEFAULTS));
        assertEquals(setting, failure.settingName());
    }
}
