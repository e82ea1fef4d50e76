package com.cardscry.portal.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.cardscry.portal.domain.Plan;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The portal's plan catalogue: built in, or replaced by the file {@code PORTAL_PLANS_FILE} names. */
class PortalPlansTest {

    @TempDir
    Path temp;

    @Test
    void without_the_setting_the_built_in_plans_are_offered() {
        try (Portal portal = Portal.build(local(Map.of()))) {
            assertEquals(List.of("sandbox", "starter", "scale"), portal.plans().plans().stream().map(Plan::id).toList());
        }
    }

    @Test
    void a_file_replaces_the_built_in_plans() throws IOException {
        Path file = Files.writeString(temp.resolve("plans.json"), """
                {"plans": [{"id": "only", "name": "Only", "description": "The one plan.", "environment": "test",
                 "rateLimitPerSecond": 1, "monthlyQuota": 1, "approvalRequired": true,
                 "keysPerSubscription": 1, "subscriptionsPerAccount": 1, "maxKeyLifetimeDays": 1}]}""");

        try (Portal portal = Portal.build(local(Map.of("PORTAL_PLANS_FILE", file.toString())))) {
            assertEquals(List.of("only"), portal.plans().plans().stream().map(Plan::id).toList());
        }
    }

    @Test
    void an_invalid_file_stops_start_up_naming_the_setting_the_file_the_plan_and_the_field() throws IOException {
        Path file = Files.writeString(temp.resolve("plans.json"), """
                {"plans": [{"id": "only", "name": "Only", "description": "The one plan.", "environment": "test",
                 "rateLimitPerSecond": 1, "monthlyQuota": 1, "approvalRequired": true,
                 "keysPerSubscription": 1, "subscriptionsPerAccount": 1}]}""");

        InvalidSettingException refused = assertThrows(InvalidSettingException.class,
                () -> Portal.build(local(Map.of("PORTAL_PLANS_FILE", file.toString()))));

        assertEquals("PORTAL_PLANS_FILE", refused.settingName());
        assertTrue(refused.getMessage().contains(file + ": plan #1 ('only'): missing field \"maxKeyLifetimeDays\""),
                refused.getMessage());
    }

    @Test
    void a_missing_file_stops_start_up_naming_the_setting() {
        InvalidSettingException refused = assertThrows(InvalidSettingException.class,
                () -> Portal.build(local(Map.of("PORTAL_PLANS_FILE", temp.resolve("absent.json").toString()))));

        assertEquals("PORTAL_PLANS_FILE", refused.settingName());
    }

    private Settings local(Map<String, String> more) {
        return Settings.of(Map.of("PORTAL_ENVIRONMENT", "local", "PORTAL_DATA_DIR", temp.resolve("data").toString()))
                .overriddenBy(more);
    }
}
