package com.cardscry.portal.functions.timer;

import com.cardscry.portal.application.retention.PurgeExpiredData;
import com.cardscry.portal.application.retention.PurgeReport;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.microsoft.azure.functions.ExecutionContext;
import com.microsoft.azure.functions.annotation.FunctionName;
import com.microsoft.azure.functions.annotation.TimerTrigger;
import java.util.Objects;

/**
 * Removes what the retention schedule says is over and no ttl removes (docs/retention.md), on the
 * schedule of {@code PORTAL_RETENTION_PURGE_SCHEDULE} (hourly by default). A late run ({@code IsPastDue})
 * simply runs; a run that stops at its limits is resumed by the next.
 */
public final class RetentionPurgeFunction {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final PurgeExpiredData purge;

    public RetentionPurgeFunction(PurgeExpiredData purge) {
        this.purge = Objects.requireNonNull(purge, "purge");
    }

    @FunctionName("retentionPurge")
    public void run(@TimerTrigger(name = "timer", schedule = "%PORTAL_RETENTION_PURGE_SCHEDULE%") String timer,
                    ExecutionContext context) {
        PurgeReport report = purge.run(isPastDue(timer));
        context.getLogger().info("retention purge: removed " + report.removed()
                + (report.pastDue() ? "; the timer fired late" : "")
                + (report.complete() ? "" : "; more was left for the next run"));
    }

    /** The host's timer status says whether this run is late; unreadable status counts as on time. */
    private static boolean isPastDue(String timer) {
        try {
            return timer != null && JSON.readTree(timer).path("IsPastDue").asBoolean(false);
        } catch (JsonProcessingException unreadable) {
            return false;
        }
    }
}
