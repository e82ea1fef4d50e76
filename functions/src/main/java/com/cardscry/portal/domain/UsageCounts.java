package com.cardscry.portal.domain;

/**
 * How many requests a key's subscription made over some span of time, and how many of them the API
 * answered with a client error (4xx) or a server error (5xx). Counts only: usage metadata never says
 * who called, from where, or what for.
 *
 * @param requests     every request, whatever its status
 * @param clientErrors those answered 400 to 499
 * @param serverErrors those answered 500 to 599
 */
public record UsageCounts(long requests, long clientErrors, long serverErrors) {

    public static final UsageCounts ZERO = new UsageCounts(0, 0, 0);

    public UsageCounts {
        if (requests < 0 || clientErrors < 0 || serverErrors < 0) {
            throw new IllegalArgumentException("counts are not negative");
        }
        if (clientErrors + serverErrors > requests) {
            throw new IllegalArgumentException("errors are some of the requests, not more");
        }
    }

    /** One request answered with {@code status} (an HTTP status, 100 to 599). */
    public static UsageCounts ofOne(int status) {
        if (status < 100 || status > 599) {
            throw new IllegalArgumentException("an HTTP status is 100 to 599");
        }
        return new UsageCounts(1, status >= 400 && status < 500 ? 1 : 0, status >= 500 ? 1 : 0);
    }

    public UsageCounts plus(UsageCounts other) {
        return new UsageCounts(Math.addExact(requests, other.requests), Math.addExact(clientErrors, other.clientErrors),
                Math.addExact(serverErrors, other.serverErrors));
    }

    /** The share of requests answered with an error (4xx or 5xx), 0 to 1; 0 when there were none. */
    public double errorRate() {
        return requests == 0 ? 0 : (double) (clientErrors + serverErrors) / requests;
    }
}
