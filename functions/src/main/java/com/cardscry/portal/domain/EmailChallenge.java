package com.cardscry.portal.domain;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * An open request to prove control of an email address with a six-digit code: for a new account's
 * address, or for the new address of a profile change. Only a keyed hash of the code is kept.
 *
 * <p>Rules: a code is valid for {@link #LIFETIME}; {@link #MAX_FAILED_ATTEMPTS} wrong entries spend
 * it; a new code may be sent at most once per {@link #RESEND_GAP} and at most {@link #MAX_SENDS_PER_WINDOW}
 * times per {@link #SEND_WINDOW}. So a guesser gets at most 25 tries an hour at a million codes.
 *
 * @param email           the address the code was sent to
 * @param codeHash        keyed hash of the code (the application computes it; the domain only compares)
 * @param issuedAt        when this code was made
 * @param failedAttempts  wrong codes entered against this code
 * @param sendsInWindow   codes sent since {@code windowStartedAt}, this one included
 * @param windowStartedAt start of the current sending window
 * @param deliveredAt     when the notification carrying the code was handed over, if it was
 */
public record EmailChallenge(
        EmailAddress email,
        String codeHash,
        Instant issuedAt,
        int failedAttempts,
        int sendsInWindow,
        Instant windowStartedAt,
        Optional<Instant> deliveredAt) {

    public static final Duration LIFETIME = Duration.ofMinutes(15);
    public static final int MAX_FAILED_ATTEMPTS = 5;
    public static final Duration RESEND_GAP = Duration.ofSeconds(60);
    public static final Duration SEND_WINDOW = Duration.ofHours(1);
    public static final int MAX_SENDS_PER_WINDOW = 5;

    public EmailChallenge {
        Objects.requireNonNull(email, "email");
        Objects.requireNonNull(codeHash, "codeHash");
        Objects.requireNonNull(issuedAt, "issuedAt");
        Objects.requireNonNull(windowStartedAt, "windowStartedAt");
        Objects.requireNonNull(deliveredAt, "deliveredAt");
        if (failedAttempts < 0 || sendsInWindow < 1) {
            throw new IllegalArgumentException("counts out of range");
        }
    }

    /** The first code for an address. */
    public static EmailChallenge first(EmailAddress email, String codeHash, Instant now) {
        return new EmailChallenge(email, codeHash, now, 0, 1, now, Optional.empty());
    }

    /**
     * How long until another code may be sent, or empty if one may be sent now. A code that was
     * never delivered (the notifier was down) may be sent again at once.
     */
    public Optional<Duration> resendAllowedIn(Instant now) {
        if (deliveredAt.isEmpty()) {
            return Optional.empty();
        }
        Instant gapEnds = issuedAt.plus(RESEND_GAP);
        Instant windowEnds = windowStartedAt.plus(SEND_WINDOW);
        Instant allowedAt = sendsInWindow >= MAX_SENDS_PER_WINDOW && now.isBefore(windowEnds)
                ? (windowEnds.isAfter(gapEnds) ? windowEnds : gapEnds) : gapEnds;
        return now.isBefore(allowedAt) ? Optional.of(Duration.between(now, allowedAt)) : Optional.empty();
    }

    /**
     * A new code, for the same or another address (a profile change made before the first was
     * entered); the sending window carries over, so switching addresses does not reset the limits.
     * The caller checked {@link #resendAllowedIn}.
     */
    public EmailChallenge reissued(EmailAddress address, String newCodeHash, Instant now) {
        boolean sameWindow = now.isBefore(windowStartedAt.plus(SEND_WINDOW));
        return new EmailChallenge(address, newCodeHash, now, 0,
                sameWindow ? sendsInWindow + 1 : 1, sameWindow ? windowStartedAt : now, Optional.empty());
    }

    public EmailChallenge delivered(Instant now) {
        return new EmailChallenge(email, codeHash, issuedAt, failedAttempts, sendsInWindow, windowStartedAt, Optional.of(now));
    }

    public Instant expiresAt() {
        return issuedAt.plus(LIFETIME);
    }

    public boolean isExpired(Instant now) {
        return !now.isBefore(expiresAt());
    }

    public boolean isSpent() {
        return failedAttempts >= MAX_FAILED_ATTEMPTS;
    }

    /** Whether {@code attemptHash} is this code's hash, compared in constant time. */
    public boolean matches(String attemptHash) {
        return MessageDigest.isEqual(codeHash.getBytes(StandardCharsets.US_ASCII), attemptHash.getBytes(StandardCharsets.US_ASCII));
    }

    public EmailChallenge withFailedAttempt() {
        return new EmailChallenge(email, codeHash, issuedAt, failedAttempts + 1, sendsInWindow, windowStartedAt, deliveredAt);
    }

    @Override
    public String toString() {
        return "EmailChallenge[issuedAt=" + issuedAt + ", failedAttempts=" + failedAttempts + "]";
    }
}
