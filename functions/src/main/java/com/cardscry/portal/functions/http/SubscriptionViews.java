package com.cardscry.portal.functions.http;

import com.cardscry.portal.application.subscriptions.SubscriptionRecords;
import com.cardscry.portal.domain.Subscription;
import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** The JSON shapes of subscriptions; see {@code Subscription} in openapi/portal.yaml. */
final class SubscriptionViews {

    private SubscriptionViews() {
    }

    @JsonInclude(JsonInclude.Include.NON_ABSENT)
    record SubscriptionView(String id, String planId, String state, Optional<String> reason, Optional<Instant> expiresAt,
                            Instant createdAt, Instant updatedAt) {
        static SubscriptionView of(Subscription subscription) {
            return new SubscriptionView(subscription.id(), subscription.planId(), subscription.state().code(), subscription.reason(),
                    subscription.expiresAt(), subscription.createdAt(), subscription.updatedAt());
        }
    }

    record SubscriptionList(List<SubscriptionView> items) {
        static SubscriptionList of(List<Subscription> subscriptions) {
            return new SubscriptionList(subscriptions.stream().map(SubscriptionView::of).toList());
        }
    }

    /** A subscription waiting for review, as administrators see it: ids, plan and when, no personal data. */
    record SubmittedView(String subscriptionId, String accountId, String planId, Instant submittedAt) {
    }

    @JsonInclude(JsonInclude.Include.NON_ABSENT)
    record SubmittedList(List<SubmittedView> items, Optional<String> continuation) {
        static SubmittedList of(SubscriptionRecords.ReviewPage page) {
            return new SubmittedList(page.items().stream().map(item ->
                    new SubmittedView(item.subscriptionId(), item.accountId(), item.planId(), item.submittedAt())).toList(),
                    page.continuation());
        }
    }
}
