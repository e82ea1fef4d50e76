package com.cardscry.portal.application.privacy;

import com.cardscry.portal.domain.PrivacyRequest;
import com.cardscry.portal.domain.PrivacyRequestType;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * A request sent through the privacy form (no sign-in), from its submission until it is followed no
 * more. It starts unconfirmed: a six-digit code went to the address it named, valid for
 * {@link #CODE_LIFETIME}, and {@link #MAX_FAILED_ATTEMPTS} wrong codes kill it. The right code confirms
 * it: the address's blind-index key is matched to an account (or to none) and then dropped, and once
 * the privacy request is stored the form keeps only the way to it.
 *
 * <p>What it holds is what the form needs and no more: never the address itself, only its blind-index
 * key until confirmation; the code and the link's token only as keyed hashes ({@link PrivacyFormKeys}).
 *
 * @param id             the form's random id; also the id of the request it makes
 * @param type           access or deletion
 * @param details        what the requester wrote, until the request (which keeps it as its note) is stored
 * @param submittedAt    when the form was sent; the code and the unconfirmed submission expire from here
 * @param tokenHash      keyed hash of the secret of the emailed link
 * @param codeHash       keyed hash of the code
 * @param failedAttempts wrong codes entered
 * @param emailIndexKey  the blind-index key of the address, until confirmation
 * @param confirmation   set once the right code was entered
 */
public record PrivacyFormSubmission(String id, PrivacyRequestType type, Optional<String> details, Instant submittedAt,
                                    String tokenHash, String codeHash, int failedAttempts, Optional<String> emailIndexKey,
                                    Optional<Confirmation> confirmation) {

    public static final Duration CODE_LIFETIME = Duration.ofMinutes(15);
    public static final int MAX_FAILED_ATTEMPTS = 3;

    /**
     * The request the form made.
     *
     * @param accountId   the account the address matched, or, when none did, the form's own id (the
     *                    request's partition then holds that request alone: there is no account to invent)
     * @param requestId   the request followed, once stored: the form's id, or the account's open request
     *                    of the same type if it had one
     * @param confirmedAt when the right code was entered
     */
    public record Confirmation(String accountId, Optional<String> requestId, Instant confirmedAt) {
        public Confirmation {
            Objects.requireNonNull(accountId, "accountId");
            Objects.requireNonNull(requestId, "requestId");
            Objects.requireNonNull(confirmedAt, "confirmedAt");
        }
    }

    public PrivacyFormSubmission {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(type, "type");
        if (type == PrivacyRequestType.CORRECTION) {
            throw new IllegalArgumentException("the form takes access and deletion requests only");
        }
        Objects.requireNonNull(details, "details");
        details.filter(text -> text.isBlank() || text.length() > PrivacyRequest.MAX_NOTE_LENGTH).ifPresent(text -> {
            throw new IllegalArgumentException("details must be 1 to " + PrivacyRequest.MAX_NOTE_LENGTH + " characters");
        });
        Objects.requireNonNull(submittedAt, "submittedAt");
        Objects.requireNonNull(tokenHash, "tokenHash");
        Objects.requireNonNull(codeHash, "codeHash");
        Objects.requireNonNull(emailIndexKey, "emailIndexKey");
        Objects.requireNonNull(confirmation, "confirmation");
        if (failedAttempts < 0 || failedAttempts > MAX_FAILED_ATTEMPTS) {
            throw new IllegalArgumentException("failedAttempts must be 0 to " + MAX_FAILED_ATTEMPTS);
        }
        if (confirmation.isEmpty() == emailIndexKey.isEmpty()) {
            throw new IllegalArgumentException("an unconfirmed submission, and only one, holds the address's blind-index key");
        }
    }

    /** A new, unconfirmed submission. */
    public static PrivacyFormSubmission received(String id, PrivacyRequestType type, Optional<String> details, Instant now,
                                                 String tokenHash, String codeHash, String emailIndexKey) {
        return new PrivacyFormSubmission(id, type, details, now, tokenHash, codeHash, 0, Optional.of(emailIndexKey), Optional.empty());
    }

    public Instant codeExpiresAt() {
        return submittedAt.plus(CODE_LIFETIME);
    }

    public boolean isCodeExpired(Instant now) {
        return !now.isBefore(codeExpiresAt());
    }

    /** Whether no attempt is left (it is deleted right after the last one; this covers a crash in between). */
    public boolean isSpent() {
        return failedAttempts >= MAX_FAILED_ATTEMPTS;
    }

    public int attemptsLeft() {
        return MAX_FAILED_ATTEMPTS - failedAttempts;
    }

    public boolean isConfirmed() {
        return confirmation.isPresent();
    }

    /** Whether {@code attemptHash} is the code's hash, compared in constant time. */
    public boolean codeMatches(String attemptHash) {
        return constantTimeEquals(codeHash, attemptHash);
    }

    /** Whether {@code offeredHash} is the link token's hash, compared in constant time. */
    public boolean tokenMatches(String offeredHash) {
        return constantTimeEquals(tokenHash, offeredHash);
    }

    public PrivacyFormSubmission withFailedAttempt() {
        return new PrivacyFormSubmission(id, type, details, submittedAt, tokenHash, codeHash, failedAttempts + 1, emailIndexKey,
                confirmation);
    }

    /** Confirmed for {@code accountId} (see {@link Confirmation#accountId}); the blind-index key is dropped. */
    public PrivacyFormSubmission confirmedFor(String accountId, Instant now) {
        if (isConfirmed()) {
            throw new IllegalStateException("the submission is confirmed already");
        }
        return new PrivacyFormSubmission(id, type, details, submittedAt, tokenHash, codeHash, failedAttempts, Optional.empty(),
                Optional.of(new Confirmation(accountId, Optional.empty(), now)));
    }

    /** The request is stored as {@code requestId}; the details now live on it as its note, and are dropped here. */
    public PrivacyFormSubmission submittedAs(String requestId) {
        Confirmation confirmed = confirmation.orElseThrow(() -> new IllegalStateException("an unconfirmed submission makes no request"));
        return new PrivacyFormSubmission(id, type, Optional.empty(), submittedAt, tokenHash, codeHash, failedAttempts, Optional.empty(),
                Optional.of(new Confirmation(confirmed.accountId(), Optional.of(requestId), confirmed.confirmedAt())));
    }

    /** Whether the confirmed request is stored (the form's last write). */
    public boolean isSubmitted() {
        return confirmation.flatMap(Confirmation::requestId).isPresent();
    }

    /** Whether the address matched an account; false while unconfirmed. */
    public boolean accountFound() {
        return confirmation.filter(confirmed -> !confirmed.accountId().equals(id)).isPresent();
    }

    private static boolean constantTimeEquals(String expected, String offered) {
        return MessageDigest.isEqual(expected.getBytes(StandardCharsets.US_ASCII), offered.getBytes(StandardCharsets.US_ASCII));
    }

    /** The id, type and state only: the rest is the requester's words or secrets' hashes. */
    @Override
    public String toString() {
        return "PrivacyFormSubmission[" + id + ", " + type.code() + ", " + (isSubmitted() ? "submitted" : isConfirmed() ? "confirmed"
                : "unconfirmed, failedAttempts=" + failedAttempts) + "]";
    }
}
