package com.cardscry.portal.application.privacy;

import com.cardscry.portal.application.Problem;
import com.cardscry.portal.application.limits.RateLimitPolicy;
import com.cardscry.portal.application.limits.RateLimiter;
import com.cardscry.portal.application.port.Clock;
import com.cardscry.portal.domain.EmailAddress;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Optional;

/**
 * The privacy form's rate limits: sending the form, per client address and per email address (so that
 * neither one sender nor one target gets many codes sent), and entering codes, per client address (each
 * submission also dies after three wrong codes, which is stored). In memory, per instance, under
 * keyed hashes ({@link RateLimiter}): neither address is stored for this.
 */
public final class PrivacyFormLimits {

    public static final RateLimitPolicy SUBMIT_PER_ADDRESS = new RateLimitPolicy("privacy-form-per-address", 10, Duration.ofHours(1));
    public static final RateLimitPolicy SUBMIT_PER_EMAIL = new RateLimitPolicy("privacy-form-per-email", 3, Duration.ofHours(1));
    public static final RateLimitPolicy CONFIRM_PER_ADDRESS = new RateLimitPolicy("privacy-form-code-per-address", 30,
            Duration.ofMinutes(15));

    /** Requests without a usable client address share one key: a malformed header must not lift the limit. */
    private static final String UNKNOWN_ADDRESS = "unknown";

    private final RateLimiter submitPerAddress;
    private final RateLimiter submitPerEmail;
    private final RateLimiter confirmPerAddress;

    public PrivacyFormLimits(Clock clock, SecureRandom random) {
        this.submitPerAddress = new RateLimiter(SUBMIT_PER_ADDRESS, clock, random);
        this.submitPerEmail = new RateLimiter(SUBMIT_PER_EMAIL, clock, random);
        this.confirmPerAddress = new RateLimiter(CONFIRM_PER_ADDRESS, clock, random);
    }

    /** Empty if the form may be sent; otherwise the 429 to answer with. */
    public Optional<Problem> checkSubmission(Optional<String> clientAddress, EmailAddress email) {
        return refusal(submitPerAddress.tryAcquire(clientAddress.orElse(UNKNOWN_ADDRESS)))
                .or(() -> refusal(submitPerEmail.tryAcquire(email.value())));
    }

    /** Empty if a code may be entered; otherwise the 429 to answer with. */
    public Optional<Problem> checkCodeEntry(Optional<String> clientAddress) {
        return refusal(confirmPerAddress.tryAcquire(clientAddress.orElse(UNKNOWN_ADDRESS)));
    }

    private static Optional<Problem> refusal(RateLimiter.Decision decision) {
        return decision instanceof RateLimiter.Refused refused
                ? Optional.of(Problem.rateLimited("Too many attempts; try again later.", refused.retryAfter()))
                : Optional.empty();
    }
}
