package com.cardscry.portal.adapters.cosmos;

import com.azure.cosmos.CosmosException;
import com.cardscry.portal.application.port.StoreUnavailableException;
import java.time.Duration;
import java.util.Objects;
import java.util.function.DoubleSupplier;
import java.util.function.Supplier;

/**
 * Runs one Cosmos request under a {@link RetryPolicy}: passing faults are retried with exponential
 * backoff and jitter, waiting at least as long as the server's {@code x-ms-retry-after-ms}; every
 * other answer is handed back for the store to map. A request that still fails when the policy is
 * spent ends in {@link StoreUnavailableException}.
 *
 * <p>Passing faults: 429 (throttled), 449 (retry with), 503 (unavailable, which is also how the SDK
 * reports a connection it could not make or lost), 408 (timed out) and 0 (no answer at all). After a
 * 503, 408 or 0 the request may have been carried out even though no answer came back; the outcome
 * says so, so that a retried write that then meets its own earlier effect (409 on create, 412 on a
 * conditional write) can be recognised rather than reported as refused. A 429 or 449 means the
 * server did nothing.
 */
final class TransientFaultRetry {

    /** Waits; {@code Thread::sleep} in production, a recorder in tests. */
    @FunctionalInterface
    interface Sleeper {
        void sleep(Duration duration) throws InterruptedException;
    }

    /** How the request ended. */
    sealed interface Outcome<T> {
    }

    /** It succeeded. */
    record Done<T>(T value) implements Outcome<T> {
    }

    /**
     * The server answered with a status that is not a passing fault (404, 409, 412, 400, ...).
     *
     * @param earlierAttemptMayHaveApplied an earlier attempt ended without a definite answer, so it
     *                                     may have done what this one was refused
     */
    record Refused<T>(int statusCode, int subStatusCode, boolean earlierAttemptMayHaveApplied) implements Outcome<T> {
    }

    private static final int THROTTLED = 429;
    private static final int RETRY_WITH = 449;
    private static final int UNAVAILABLE = 503;
    private static final int TIMED_OUT = 408;
    private static final int NO_RESPONSE = 0;

    private final RetryPolicy policy;
    private final Sleeper sleeper;
    private final DoubleSupplier jitter;

    /**
     * @param jitter numbers in [0, 1); the wait is between half the backoff and the full backoff
     */
    TransientFaultRetry(RetryPolicy policy, Sleeper sleeper, DoubleSupplier jitter) {
        this.policy = Objects.requireNonNull(policy, "policy");
        this.sleeper = Objects.requireNonNull(sleeper, "sleeper");
        this.jitter = Objects.requireNonNull(jitter, "jitter");
    }

    /**
     * @param what names the request in a failure message, for example {@code "create in 'sessions'"};
     *             never ids or content
     */
    <T> Outcome<T> run(String what, Supplier<T> request) {
        boolean mayHaveApplied = false;
        for (int attempt = 1;; attempt++) {
            try {
                return new Done<>(request.get());
            } catch (CosmosException e) {
                int status = e.getStatusCode();
                if (!isPassing(status)) {
                    return new Refused<>(status, e.getSubStatusCode(), mayHaveApplied);
                }
                mayHaveApplied |= leavesTheOutcomeOpen(status);
                if (attempt >= policy.maxAttempts()) {
                    throw unavailable(what, e, attempt + " attempts");
                }
                Duration wait = waitAfter(attempt, retryAfter(e));
                if (wait.compareTo(policy.maxWait()) > 0) {
                    throw unavailable(what, e, "server asked to wait " + wait.toMillis() + " ms");
                }
                pause(what, wait);
            }
        }
    }

    static boolean isPassing(int status) {
        return status == THROTTLED || status == RETRY_WITH || status == UNAVAILABLE || status == TIMED_OUT
                || status == NO_RESPONSE;
    }

    private static boolean leavesTheOutcomeOpen(int status) {
        return status == UNAVAILABLE || status == TIMED_OUT || status == NO_RESPONSE;
    }

    /** Backoff with jitter, or the server's retry-after when that is longer. */
    private Duration waitAfter(int attempt, Duration retryAfter) {
        Duration backoff = policy.backoffAfter(attempt);
        long jitteredNanos = (long) (backoff.toNanos() * (0.5 + 0.5 * jitter.getAsDouble()));
        Duration jittered = Duration.ofNanos(jitteredNanos);
        return retryAfter.compareTo(jittered) > 0 ? retryAfter : jittered;
    }

    private static Duration retryAfter(CosmosException e) {
        Duration retryAfter = e.getRetryAfterDuration();
        return retryAfter == null || retryAfter.isNegative() ? Duration.ZERO : retryAfter;
    }

    private void pause(String what, Duration wait) {
        try {
            sleeper.sleep(wait);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StoreUnavailableException("Cosmos " + what + ": interrupted while waiting to retry");
        }
    }

    /**
     * The port's fault, naming the status but without the SDK exception as cause: its message carries
     * request diagnostics with resource addresses, which callers might log.
     */
    private static StoreUnavailableException unavailable(String what, CosmosException e, String why) {
        return new StoreUnavailableException("Cosmos " + what + " failed with status " + e.getStatusCode() + "/"
                + e.getSubStatusCode() + " (" + why + ")");
    }
}
