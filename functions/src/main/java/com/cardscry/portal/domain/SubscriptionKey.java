package com.cardscry.portal.domain;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * What the portal keeps of an API key (DESIGN.md decision 1): never the key, only its keyed hash with
 * the pepper version, and a hint to recognise it by. A key works from its creation until the first of
 * its expiry, its revocation, and the end of the grace period after it was rotated.
 *
 * @param id             the key's own random id (URLs, audit, usage)
 * @param accountId      the owner's account (the partition)
 * @param subscriptionId the subscription it belongs to
 * @param name           the owner's label for it
 * @param hint           the key's prefix and last four characters
 * @param pepperVersion  the version of the pepper the hash was made with
 * @param keyHash        HMAC-SHA-256 of the key under that pepper version
 * @param createdAt      when it was issued
 * @param expiresAt      when it stops working whatever happens
 * @param revokedAt      when it was revoked, if it was
 * @param graceUntil     for a rotated key, when its grace period ends
 * @param successorId    for a rotated key, the key that replaced it
 * @param lastUsedOn     the latest UTC day the gateway reported a request with it, if any (usage
 *                       metadata: to the day, never the time)
 */
public record SubscriptionKey(
        String id,
        String accountId,
        String subscriptionId,
        String name,
        String hint,
        String pepperVersion,
        String keyHash,
        Instant createdAt,
        Instant expiresAt,
        Optional<Instant> revokedAt,
        Optional<Instant> graceUntil,
        Optional<String> successorId,
        Optional<LocalDate> lastUsedOn) {

    public static final int MAX_NAME_LENGTH = 100;
    /** How long a rotated key keeps working unless the owner says otherwise. */
    public static final Duration DEFAULT_GRACE = Duration.ofHours(24);

    /** Where a key is in its life, as the owner's list shows it. */
    public enum State {
        /** Works. */
        ACTIVE,
        /** Rotated, still working until its grace period ends. */
        ROTATING,
        /** Rotated, and its grace period is over. */
        REPLACED,
        /** Revoked by its owner. */
        REVOKED,
        /** Past its expiry. */
        EXPIRED;

        public String code() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    public SubscriptionKey {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(accountId, "accountId");
        Objects.requireNonNull(subscriptionId, "subscriptionId");
        name = requireName(name);
        Objects.requireNonNull(hint, "hint");
        Objects.requireNonNull(pepperVersion, "pepperVersion");
        Objects.requireNonNull(keyHash, "keyHash");
        Objects.requireNonNull(createdAt, "createdAt");
        Objects.requireNonNull(expiresAt, "expiresAt");
        Objects.requireNonNull(revokedAt, "revokedAt");
        Objects.requireNonNull(graceUntil, "graceUntil");
        Objects.requireNonNull(successorId, "successorId");
        Objects.requireNonNull(lastUsedOn, "lastUsedOn");
        if (!expiresAt.isAfter(createdAt)) {
            throw new IllegalArgumentException("a key expires after it is created");
        }
    }

    /**
     * The name as stored: stripped, 1 to {@value #MAX_NAME_LENGTH} characters, no control characters.
     *
     * @throws IllegalArgumentException otherwise
     */
    public static String requireName(String name) {
        Objects.requireNonNull(name, "name");
        String stripped = name.strip();
        if (stripped.isEmpty() || stripped.codePointCount(0, stripped.length()) > MAX_NAME_LENGTH
                || stripped.codePoints().anyMatch(Character::isISOControl)) {
            throw new IllegalArgumentException("a key name is 1 to " + MAX_NAME_LENGTH + " characters without control characters");
        }
        return stripped;
    }

    /** The moment the key stops working: the first of expiry, revocation and the end of its grace period. */
    public Instant worksUntil() {
        Instant end = expiresAt;
        if (revokedAt.isPresent() && revokedAt.get().isBefore(end)) {
            end = revokedAt.get();
        }
        if (graceUntil.isPresent() && graceUntil.get().isBefore(end)) {
            end = graceUntil.get();
        }
        return end;
    }

    public boolean worksAt(Instant now) {
        return now.isBefore(worksUntil());
    }

    public State state(Instant now) {
        if (revokedAt.filter(at -> !now.isBefore(at)).isPresent()) {
            return State.REVOKED;
        }
        if (!now.isBefore(expiresAt)) {
            return State.EXPIRED;
        }
        if (graceUntil.isPresent()) {
            return now.isBefore(graceUntil.get()) ? State.ROTATING : State.REPLACED;
        }
        return State.ACTIVE;
    }

    /** Revoked at {@code now}; revoking a revoked key changes nothing. */
    public SubscriptionKey revoked(Instant now) {
        return revokedAt.isPresent() ? this : new SubscriptionKey(id, accountId, subscriptionId, name, hint, pepperVersion, keyHash,
                createdAt, expiresAt, Optional.of(now), graceUntil, successorId, lastUsedOn);
    }

    /**
     * Replaced by {@code successor}, working on for {@code grace} (zero: not at all), never past its own
     * expiry.
     */
    public SubscriptionKey rotated(String successor, Duration grace, Instant now) {
        if (grace.isNegative()) {
            throw new IllegalArgumentException("grace is not negative");
        }
        Instant end = now.plus(grace);
        return new SubscriptionKey(id, accountId, subscriptionId, name, hint, pepperVersion, keyHash, createdAt, expiresAt,
                revokedAt, Optional.of(end.isBefore(expiresAt) ? end : expiresAt), Optional.of(successor), lastUsedOn);
    }

    /** Whether {@code day} is later than the last day of use recorded so far (or none is). */
    public boolean isNewUseOn(LocalDate day) {
        return lastUsedOn.map(day::isAfter).orElse(true);
    }

    /** Used on {@code day}; the recorded day only moves forward, so an earlier day changes nothing. */
    public SubscriptionKey usedOn(LocalDate day) {
        return isNewUseOn(day) ? new SubscriptionKey(id, accountId, subscriptionId, name, hint, pepperVersion, keyHash, createdAt,
                expiresAt, revokedAt, graceUntil, successorId, Optional.of(day)) : this;
    }

    /** Leaves out the hash and the hint: a key record in a log line shows ids only. */
    @Override
    public String toString() {
        return "SubscriptionKey[id=" + id + ", subscriptionId=" + subscriptionId + "]";
    }
}
