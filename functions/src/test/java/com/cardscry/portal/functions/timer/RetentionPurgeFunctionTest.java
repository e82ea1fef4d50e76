package com.cardscry.portal.functions.timer;

import static com.cardscry.portal.functions.timer.LocalHostListing.listing;
import static com.cardscry.portal.functions.timer.LocalHostListing.settings;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.cardscry.portal.adapters.embedded.EmbeddedExportStore;
import com.cardscry.portal.adapters.embedded.EmbeddedMessageQueue;
import com.cardscry.portal.application.accounts.AccountsFixture;
import com.cardscry.portal.application.privacy.PrivacyRequestRecords;
import com.cardscry.portal.application.privacy.SubmitPrivacyRequest;
import com.cardscry.portal.application.retention.LegalHoldSweep;
import com.cardscry.portal.application.retention.LegalHolds;
import com.cardscry.portal.application.retention.PurgeExpiredData;
import com.cardscry.portal.application.retention.PurgeReport;
import com.cardscry.portal.application.retention.RetentionRuns;
import com.cardscry.portal.application.usage.UsageRecords;
import com.cardscry.portal.config.InvalidSettingException;
import com.cardscry.portal.local.HostJson;
import com.cardscry.portal.local.LocalHost;
import com.cardscry.portal.testing.Retention;
import com.microsoft.azure.functions.ExecutionContext;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.logging.Logger;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The retention purge timer: its schedule as the local host finds it, and how it reads the host's timer status. */
class RetentionPurgeFunctionTest {

    @TempDir
    Path dataDir;

    @Nested
    class Schedule {

        @Test
        void hourly_at_five_past_unless_the_setting_says_otherwise() {
            try (LocalHost host = LocalHost.startPortal(settings(dataDir, Map.of()), HostJson.DEFAULTS)) {
                assertTrue(listing(host).contains("retentionPurge: timer, schedule '0 5 * * * *' (from %PORTAL_RETENTION_PURGE_SCHEDULE%)"),
                        listing(host));
            }
            try (LocalHost host = LocalHost.startPortal(settings(dataDir, Map.of("PORTAL_RETENTION_PURGE_SCHEDULE", "0 15 3 * * *")),
                    HostJson.DEFAULTS)) {
                assertTrue(listing(host).contains("retentionPurge: timer, schedule '0 15 3 * * *'"), listing(host));
            }
        }

        @Test
        void a_schedule_that_is_not_six_field_ncrontab_stops_start_up_naming_the_setting() {
            InvalidSettingException failure = assertThrows(InvalidSettingException.class, () -> LocalHost.startPortal(
                    settings(dataDir, Map.of("PORTAL_RETENTION_PURGE_SCHEDULE", "5 * * * *")), HostJson.DEFAULTS));
            assertEquals("PORTAL_RETENTION_PURGE_SCHEDULE", failure.settingName());
        }
    }

    @Nested
    class Runs {

        @ParameterizedTest
        @ValueSource(strings = {"{\"IsPastDue\":true}", "{\"ScheduleStatus\":null,\"IsPastDue\":true}"})
        void a_late_timer_runs_and_its_report_says_it_was_late(String timer) {
            assertEquals(List.of(true), pastDueOfRunsAfter(timer));
        }

        @ParameterizedTest
        @ValueSource(strings = {"{\"IsPastDue\":false}", "{}", "not json"})
        void a_timer_on_time_or_with_an_unreadable_status_runs_as_on_time(String timer) {
            assertEquals(List.of(false), pastDueOfRunsAfter(timer));
        }

        private List<Boolean> pastDueOfRunsAfter(String timer) {
            try (AccountsFixture accounts = new AccountsFixture(dataDir);
                 EmbeddedMessageQueue queue = EmbeddedMessageQueue.open(dataDir.resolve("queue.mv.db"), accounts.clock)) {
                RetentionRuns runs = new RetentionRuns(accounts.store);
                LegalHolds holds = new LegalHolds(accounts.store, accounts.services.accounts(), accounts.audit,
                        accounts.services.pseudonyms(), Retention.STANDARD, accounts.clock);
                PrivacyRequestRecords requests = new PrivacyRequestRecords(accounts.store, Retention.STANDARD, accounts.clock);
                LegalHoldSweep sweep = new LegalHoldSweep(holds, accounts.store, accounts.services.pseudonyms(), requests,
                        new SubmitPrivacyRequest(requests, queue, accounts.audit, accounts.services.pseudonyms(), accounts.clock), accounts.clock);
                PurgeExpiredData purge = new PurgeExpiredData(accounts.services.accounts(),
                        new UsageRecords(accounts.store, Retention.STANDARD, accounts.clock),
                        EmbeddedExportStore.open(dataDir.resolve("exports"), accounts.clock), accounts.services.notifier(), holds, sweep,
                        runs, accounts.audit, accounts.services.pseudonyms(), Retention.STANDARD, accounts.clock,
                        PurgeExpiredData.Limits.STANDARD);

                new RetentionPurgeFunction(purge).run(timer, new LoggerContext());

                return runs.recent(10).stream().map(PurgeReport::pastDue).toList();
            }
        }
    }

    /** The smallest execution context: a logger. */
    private static final class LoggerContext implements ExecutionContext {
        @Override
        public Logger getLogger() {
            return Logger.getLogger(RetentionPurgeFunctionTest.class.getName());
        }

        @Override
        public String getInvocationId() {
            return "test-invocation";
        }

        @Override
        public String getFunctionName() {
            return "retentionPurge";
        }
    }
}
