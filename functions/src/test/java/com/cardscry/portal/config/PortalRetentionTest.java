package com.cardscry.portal.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.cardscry.portal.domain.RetentionCategory;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The retention schedule the portal starts with: the shipped one, changed by {@code PORTAL_RETENTION_DAYS} within its bounds. */
class PortalRetentionTest {

    @TempDir
    Path temp;

    @Test
    void overrides_change_the_periods_in_force() {
        try (Portal portal = Portal.build(local(Map.of("PORTAL_RETENTION_DAYS", "usage-hourly=120, audit-trail=730")))) {
            assertEquals(Duration.ofDays(120), portal.retention().period(RetentionCategory.USAGE_HOURLY));
            assertEquals(Duration.ofDays(730), portal.retention().period(RetentionCategory.AUDIT_TRAIL));
            assertEquals(Duration.ofDays(7), portal.retention().period(RetentionCategory.EXPORTS));
        }
    }

    @Test
    void the_session_settings_are_what_the_schedule_says_of_sessions() {
        try (Portal portal = Portal.build(local(Map.of("PORTAL_SESSION_IDLE_MINUTES", "45")))) {
            assertTrue(portal.retention().entry(RetentionCategory.SESSIONS).keep().inWords().contains("45 minutes unused"));
        }
    }

    @Test
    void a_period_below_the_legal_minimum_stops_start_up_naming_the_setting_and_the_category() {
        InvalidSettingException refused = assertThrows(InvalidSettingException.class,
                () -> Portal.build(local(Map.of("PORTAL_RETENTION_DAYS", "billing-records=365"))));
        assertEquals("PORTAL_RETENTION_DAYS", refused.settingName());
        assertTrue(refused.getMessage().contains("billing-records: 365 days is shorter than the 3653 days"), refused.getMessage());
    }

    @Test
    void a_category_kept_until_an_event_stops_start_up() {
        InvalidSettingException refused = assertThrows(InvalidSettingException.class,
                () -> Portal.build(local(Map.of("PORTAL_RETENTION_DAYS", "sessions=3"))));
        assertEquals("PORTAL_RETENTION_DAYS", refused.settingName());
        assertTrue(refused.getMessage().contains("sessions is kept until the session ends"), refused.getMessage());
    }

    @Test
    void an_unknown_category_a_negative_period_or_a_repeated_category_stops_start_up_listing_the_categories() {
        for (String value : new String[] {"usage-weekly=10", "exports=-1", "exports=0", "exports=7,exports=8", "exports"}) {
            InvalidSettingException refused = assertThrows(InvalidSettingException.class,
                    () -> Portal.build(local(Map.of("PORTAL_RETENTION_DAYS", value))), value);
            assertEquals("PORTAL_RETENTION_DAYS", refused.settingName());
            assertTrue(refused.getMessage().contains("categories: unverified-sign-ups, accounts,"), refused.getMessage());
        }
    }

    private Settings local(Map<String, String> extra) {
        Map<String, String> values = new HashMap<>(Map.of("PORTAL_ENVIRONMENT", "local", "PORTAL_DATA_DIR", temp.toString()));
        values.putAll(extra);
        return Settings.of(values);
    }
}
