package com.cardscry.portal.domain;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Objects;

/**
 * A signed-in browser: the server side of the {@code __Host-cardscry_session} cookie. The cookie holds
 * a random secret; this record is stored under a keyed hash of it, so a copy of the store lets no one
 * take over a session.
 *
 * <p>A session ends when it has been idle for the idle timeout, or at its absolute expiry, whichever
 * comes first. Activity is recorded to the minute ({@link #lastActiveAt}), so a busy session is
 * written at most once a minute; the idle timeout may therefore end a session up to a minute early.
 *
 * @param id                the public id (the secret's keyed hash): what the user sees and ends
 * @param accountId         whose session it is
 * @param admin             whether the token the session was started with carried the admin role
 * @param createdAt         when it started
 * @param lastActiveAt      the last request, truncated to the minute
 * @param absoluteExpiresAt when it ends however active it is
 */
public record Session(String id, String accountId, boolean admin, Instant createdAt, Instant lastActiveAt, Instant absoluteExpiresAt) {

    public Session {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(accountId, "accountId");
        Objects.requireNonNull(createdAt, "createdAt");
        Objects.requireNonNull(lastActiveAt, "lastActiveAt");
        Objects.requireNonNull(absoluteExpiresAt, "absoluteExpiresAt");
    }

    public static Session start(String id, String accountId, boolean admin, Instant now, Duration absoluteLifetime) {
        return new Session(id, accountId, admin, now, toMinute(now), now.plus(absoluteLifetime));
    }

    /** Whether the session still authenticates at {@code now}. */
    public boolean isLive(Instant now, Duration idleTimeout) {
        return now.isBefore(endsAt(idleTimeout));
    }

    /** When the session ends if nothing more happens. */
    public Instant endsAt(Duration idleTimeout) {
        Instant idleEnd = lastActiveAt.plus(idleTimeout);
        return idleEnd.isBefore(absoluteExpiresAt) ? idleEnd : absoluteExpiresAt;
    }

    /** Whether a request at {@code now} should be recorded (a new minute has begun since the last). */
    public boolean needsTouch(Instant now) {
        return toMinute(now).isAfter(lastActiveAt);
    }

    public Session touched(Instant now) {
        return needsTouch(now) ? new Session(id, accountId, admin, createdAt, toMinute(now), absoluteExpiresAt) : this;
    }

    /**
     * Seconds from {@code now} until the stored record may vanish by itself: its end, plus a minute so
     * that the store never drops a record the rules still consider live. At least 1.
     */
    public int ttlSeconds(Instant now, Duration idleTimeout) {
        long seconds = Duration.between(now, endsAt(idleTimeout)).toSeconds() + 60;
        return (int) Math.max(1, Math.min(Integer.MAX_VALUE, seconds));
    }

    private static Instant toMinute(Instant instant) {
        return instant.truncatedTo(ChronoUnit.MINUTES);
    }
}
