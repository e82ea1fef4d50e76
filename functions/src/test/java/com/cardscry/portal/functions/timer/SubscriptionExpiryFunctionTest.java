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
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The expiry timer as the local host finds it in the real composition root, with its schedule resolved. */
class SubscriptionExpiryFunctionTest {

    @TempDir
    Path dataDir;

    @Nested
    class IsScheduled {

        @Test
        void every_fifteen_minutes_when_the_setting_is_not_given() {
            try (LocalHost host = LocalHost.startPortal(settings(dataDir, Map.of()), HostJson.DEFAULTS)) {
                String text = listing(host);
                assertTrue(text.contains("subscriptionExpiry: timer, schedule '0 */15 * * * *'"
                        + " (from %PORTAL_SUBSCRIPTION_EXPIRY_SCHEDULE%)"), text);
            }
        }

        @Test
        void by_the_setting_when_it_is_given() {
            try (LocalHost host = LocalHost.startPortal(settings(dataDir, Map.of("PORTAL_SUBSCRIPTION_EXPIRY_SCHEDULE", "0 30 3 * * *")),
                    HostJson.DEFAULTS)) {
                String text = listing(host);
                assertTrue(text.contains("subscriptionExpiry: timer, schedule '0 30 3 * * *'"), text);
            }
        }
    }

    @Test
    void a_schedule_that_is_not_six_field_ncrontab_stops_start_up_naming_the_setting() {
        InvalidSettingException failure = assertThrows(InvalidSettingException.class, () -> LocalHost.startPortal(
                settings(dataDir, Map.of("PORTAL_SUBSCRIPTION_EXPIRY_SCHEDULE", "*/15 * * * *")), HostJson.DEFAULTS));
        assertEquals("PORTAL_SUBSCRIPTION_EXPIRY_SCHEDULE", failure.settingName());
    }
}
