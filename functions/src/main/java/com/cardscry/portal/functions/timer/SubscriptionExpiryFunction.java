package com.cardscry.portal.functions.timer;

import com.cardscry.portal.application.subscriptions.ExpireSubscriptions;
import com.microsoft.azure.functions.ExecutionContext;
import com.microsoft.azure.functions.annotation.FunctionName;
import com.microsoft.azure.functions.annotation.TimerTrigger;
import java.util.Objects;

/**
 * Sends subscription expiry notices and expires subscriptions whose end date has come, on the schedule
 * of {@code PORTAL_SUBSCRIPTION_EXPIRY_SCHEDULE} (every 15 minutes by default).
 */
public final class SubscriptionExpiryFunction {

    private final ExpireSubscriptions expireSubscriptions;

    public SubscriptionExpiryFunction(ExpireSubscriptions expireSubscriptions) {
        this.expireSubscriptions = Objects.requireNonNull(expireSubscriptions, "expireSubscriptions");
    }

    @FunctionName("subscriptionExpiry")
    public void run(@TimerTrigger(name = "timer", schedule = "%PORTAL_SUBSCRIPTION_EXPIRY_SCHEDULE%") String timer,
                    ExecutionContext context) {
        ExpireSubscriptions.Report report = expireSubscriptions.run();
        context.getLogger().info("subscription expiry: " + report.noticesSent() + " notices sent, "
                + report.subscriptionsExpired() + " subscriptions expired, " + report.entriesDropped() + " entries dropped, "
                + report.daysRead() + " days read" + (report.caughtUp() ? "" : "; more are due, the next run goes on"));
    }
}
