package com.cardscry.portal.adapters.storage;

import com.azure.storage.common.policy.RequestRetryOptions;
import com.azure.storage.common.policy.RetryPolicyType;
import java.time.Duration;

/**
 * The retry policy of every Storage client this package builds, stated here rather than left to the
 * SDK's defaults so that its bounds are known: exponential backoff from 1 s, at most 8 s between tries,
 * at most 4 tries, each try cut off after 30 s. The SDK retries I/O failures (a dropped connection, a
 * timeout) and the statuses 408, 429, 500, 502, 503 and 504, for every operation including a send;
 * what is still failing after the last try reaches the adapter, which reports it as
 * {@code StoreUnavailableException}.
 */
final class StorageRetry {

    static final int MAX_TRIES = 4;
    static final Duration FIRST_DELAY = Duration.ofSeconds(1);
    static final Duration MAX_DELAY = Duration.ofSeconds(8);
    static final Duration TRY_TIMEOUT = Duration.ofSeconds(30);

    private StorageRetry() {
    }

    static RequestRetryOptions options() {
        return new RequestRetryOptions(RetryPolicyType.EXPONENTIAL, MAX_TRIES, TRY_TIMEOUT, FIRST_DELAY, MAX_DELAY, null);
    }
}
