package com.cardscry.portal.functions.timer;

import com.cardscry.portal.application.privacy.WatchPrivacyDeadlines;
import com.microsoft.azure.functions.ExecutionContext;
import com.microsoft.azure.functions.annotation.FunctionName;
import com.microsoft.azure.functions.annotation.TimerTrigger;
import java.util.Objects;

/**
 * Watches privacy requests' legal deadlines on the schedule of {@code PORTAL_PRIVACY_DEADLINE_SCHEDULE}
 * (daily by default): counts those due within a week and raises an operator alert for each overdue one.
 */
public final class PrivacyDeadlineWatchFunction {

    private final WatchPrivacyDeadlines watch;

    public PrivacyDeadlineWatchFunction(WatchPrivacyDeadlines watch) {
        this.watch = Objects.requireNonNull(watch, "watch");
    }

    @FunctionName("privacyDeadlineWatch")
    public void run(@TimerTrigger(name = "timer", schedule = "%PORTAL_PRIVACY_DEADLINE_SCHEDULE%") String timer,
                    ExecutionContext context) {
        WatchPrivacyDeadlines.Report report = watch.run();
        context.getLogger().info("privacy deadline watch: " + report.overdue() + " overdue (alerted), " + report.dueSoon()
                + " due within 7 days, " + report.entriesRepaired() + " index entries repaired"
                + (report.complete() ? "" : "; more were left for the next run"));
    }
}
