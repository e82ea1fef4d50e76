package com.cardscry.portal.application;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * An error answer in the terms of RFC 9457: a stable {@link ProblemType}, a human-readable detail,
 * and, for bad input, the field it is about. The detail never echoes secrets or personal data.
 *
 * @param type   what kind of problem
 * @param detail what went wrong in this occurrence, for a developer reading it
 * @param field  JSON pointer style path of the offending input (for example {@code /email}), if any
 * @param retryAfter for a problem that passes with time (a rate limit), how long to wait; sent as
 *               {@code Retry-After} in whole seconds
 */
public record Problem(ProblemType type, String detail, Optional<String> field, Optional<Duration> retryAfter) {

    public Problem {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(detail, "detail");
        Objects.requireNonNull(field, "field");
        Objects.requireNonNull(retryAfter, "retryAfter");
    }

    public static Problem of(ProblemType type, String detail) {
        return new Problem(type, detail, Optional.empty(), Optional.empty());
    }

    public static Problem ofField(ProblemType type, String field, String detail) {
        return new Problem(type, detail, Optional.of(field), Optional.empty());
    }

    /** Too many requests; the caller may try again after {@code wait}. */
    public static Problem rateLimited(String detail, Duration wait) {
        return new Problem(ProblemType.RATE_LIMITED, detail, Optional.empty(), Optional.of(wait));
    }

    /** Seconds to send as {@code Retry-After}: the wait rounded up, at least 1. */
    public Optional<Long> retryAfterSeconds() {
        return retryAfter.map(wait -> Math.max(1, wait.toSeconds() + (wait.toNanosPart() > 0 ? 1 : 0)));
    }

    public int status() {
        return type.status();
    }
}
