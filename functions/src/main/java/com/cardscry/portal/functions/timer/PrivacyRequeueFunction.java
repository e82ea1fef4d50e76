package com.cardscry.portal.functions.timer;

import com.cardscry.portal.application.privacy.RequeuePrivacyRequests;
import com.microsoft.azure.functions.ExecutionContext;
import com.microsoft.azure.functions.annotation.FunctionName;
import com.microsoft.azure.functions.annotation.TimerTrigger;
import java.util.Objects;

/**
 * Re-enqueues privacy requests that were stored but never enqueued, on the schedule of
 * {@code PORTAL_PRIVACY_REQUEUE_SCHEDULE} (every 5 minutes by default).
 */
public final class PrivacyRequeueFunction {

    private final RequeuePrivacyRequests requeue;

    public PrivacyRequeueFunction(RequeuePrivacyRequests requeue) {
        this.requeue = Objects.requireNonNull(requeue, "requeue");
    }

    @FunctionName("privacyRequeue")
    public void run(@TimerTrigger(name = "timer", schedule = "%PORTAL_PRIVACY_REQUEUE_SCHEDULE%") String timer,
                    ExecutionContext context) {
        RequeuePrivacyRequests.Report report = requeue.run();
        context.getLogger().info("privacy requeue: " + report.requeued() + " requests enqueued again, " + report.entriesDropped()
                + " index entries dropped" + (report.complete() ? "" : "; more were left for the next run"));
    }
}
