package com.cardscry.portal.application.accounts;

import com.cardscry.portal.application.Problem;
import com.cardscry.portal.application.limits.RateLimitPolicy;
import com.cardscry.portal.application.limits.RateLimiter;
import com.cardscry.portal.application.port.Clock;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;

/**
 * The rate limits on the actions an attacker would repeat: signing up, entering a code, starting a
 * session. Each is limited per identity and, separately, per client address (so neither many
 * identities from one address nor one identity from many addresses get far). In memory, per
 * instance: with several instances the effective limit is that many times higher, which is accepted
 * since the other guards (five attempts per code, resend throttling) are stored.
 */
public final class AbuseLimits {

    /** What is limited. */
    public enum Action {
        SIGN_UP(new RateLimitPolicy("signup-per-identity", 5, Duration.ofHours(1)),
                new RateLimitPolicy("signup-per-address", 20, Duration.ofHours(1))),
        CODE_ENTRY(new RateLimitPolicy("code-entry-per-identity", 10, Duration.ofMinutes(15)),
                new RateLimitPolicy("code-entry-per-address", 30, Duration.ofMinutes(15))),
        SESSION_START(new RateLimitPolicy("session-start-per-identity", 10, Duration.ofMinutes(1)),
                new RateLimitPolicy("session-start-per-address", 30, Duration.ofMinutes(1)));

        private final RateLimitPolicy perIdentity;
        private final RateLimitPolicy perAddress;

        Action(RateLimitPolicy perIdentity, RateLimitPolicy perAddress) {
            this.perIdentity = perIdentity;
            this.perAddress = perAddress;
        }
    }

    private static final String UNKNOWN_ADDRESS = "unknown";

    private final Map<Action, RateLimiter> perIdentity = new EnumMap<>(Action.class);
    private final Map<Action, RateLimiter> perAddress = new EnumMap<>(Action.class);

    public AbuseLimits(Clock clock, SecureRandom random) {
        for (Action action : Action.values()) {
            perIdentity.put(action, new RateLimiter(action.perIdentity, clock, random));
            perAddress.put(action, new RateLimiter(action.perAddress, clock, random));
        }
    }

    /** Empty if the caller may go on; otherwise the 429 to answer with. */
    public Optional<Problem> check(Action action, Caller caller) {
        Optional<Problem> identity = refusal(perIdentity.get(action).tryAcquire(caller.identityKey()));
        if (identity.isPresent()) {
            return identity;
        }
        // Requests without a usable address share one key: a malformed header must not lift the limit.
        return refusal(perAddress.get(action).tryAcquire(caller.clientAddress().orElse(UNKNOWN_ADDRESS)));
    }

    private static Optional<Problem> refusal(RateLimiter.Decision decision) {
        return decision instanceof RateLimiter.Refused refused
                ? Optional.of(Problem.rateLimited("Too many attempts; try again later.", refused.retryAfter()))
                : Optional.empty();
    }
}
