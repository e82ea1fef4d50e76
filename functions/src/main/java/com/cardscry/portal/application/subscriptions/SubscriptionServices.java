package com.cardscry.portal.application.subscriptions;

import com.cardscry.portal.application.Pseudonyms;
import com.cardscry.portal.application.port.AuditLog;
import com.cardscry.portal.application.port.Clock;
import com.cardscry.portal.domain.PlanCatalogue;
import java.util.Objects;

/** What the subscription use cases share, built once by the composition root. */
public record SubscriptionServices(SubscriptionRecords subscriptions, OpenSubscriptionSlots slots, SubscriptionSchedule schedule,
                                   PlanCatalogue plans, AuditLog audit, Pseudonyms pseudonyms,
                                   SubscriptionStateListener onStateChange, Clock clock) {

    public SubscriptionServices {
        Objects.requireNonNull(subscriptions, "subscriptions");
        Objects.requireNonNull(slots, "slots");
        Objects.requireNonNull(schedule, "schedule");
        Objects.requireNonNull(plans, "plans");
        Objects.requireNonNull(audit, "audit");
        Objects.requireNonNull(pseudonyms, "pseudonyms");
        Objects.requireNonNull(onStateChange, "onStateChange");
        Objects.requireNonNull(clock, "clock");
    }
}
