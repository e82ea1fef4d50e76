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
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The expiry timer as the local host finds it in the real composition root, with its schedule resolved. */
class SubscriptionExpiryFunctionTest {

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

    @Nested
    class IsScheduled {

        @Test
        void every_fifteen_minutes_when_the_setting_is_not_given() {
            try (LocalHost host = LocalHost.startPortal(settings(Map.of()), HostJson.DEFAULTS)) {
                String text = listing(host);
                assertTrue(text.contains("subscriptionExpiry: timer, schedule '0 */15 * * * *'"
                        + " (from %PORTAL_SUBSCRIPTION_EXPIRY_SCHEDULE%)"), text);
            }
        }

        @Test
        void by_the_setting_when_it_is_given() {
            try (LocalHost host = LocalHost.startPortal(settings(Map.of("PORTAL_SUBSCRIPTION_EXPIRY_SCHEDULE", "0 30 3 * * *")),
                    HostJson.DEFAULTS)) {
                String text = listing(host);
                assertTrue(text.contains("subscriptionExpiry: timer, schedule '0 30 3 * * *'"), text);
            }
        }
    }

    @Test
    void a_schedule_that_is_not_six_field_ncrontab_stops_start_up_naming_the_setting() {
        InvalidSettingException failure = assertThrows(InvalidSettingException.class, () -> LocalHost.startPortal(
                settings(Map.of("PORTAL_SUBSCRIPTION_EXPIRY_SCHEDULE", "*/15 * * * *")), HostJson.DEFAULTS));
        assertEquals("PORTAL_SUBSCRIPTION_EXPIRY_SCHEDULE", failure.settingName());
    }
}
