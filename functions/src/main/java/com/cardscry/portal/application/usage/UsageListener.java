package com.cardscry.portal.application.usage;

import java.time.Instant;

/**
 * Told of the requests that usage ingestion has just counted for a subscription: once per hourly
 * bucket change actually written, never for a batch recognised as a retry, so a listener that sums
 * them (the monthly quota) counts each request once.
 */
@FunctionalInterface
public interface UsageListener {

    UsageListener NONE = (subscriptionId, hour, requests) -> { };

    /**
     * @param subscriptionId whose requests they were
     * @param hour           the start of the UTC hour they were made in
     * @param requests       how many were added (at least 1)
     */
    void requestsRecorded(String subscriptionId, Instant hour, long requests);
}
