package com.cardscry.portal.domain;

import java.time.Duration;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * A plan developers subscribe to: what its keys may do and how many of them there may be. Plans are
 * declared (a catalogue file), never edited through the API; a plan is valid by construction.
 *
 * @param id                      stable identifier, a lower-case slug such as {@code starter}: what
 *                                subscriptions refer to, so it must not change once used
 * @param name                    what the portal shows, such as {@code Starter}
 * @param description             one or two sentences for the plan list
 * @param environment             the API its keys work against
 * @param rateLimitPerSecond      requests a key may make per second, at least 1
 * @param monthlyQuota            requests a subscription may make per calendar month, at least 1
 * @param approvalRequired        whether an administrator must approve a subscription before it is active
 * @param keysPerSubscription     live keys a subscription may hold at once, at least 1
 * @param subscriptionsPerAccount how many subscriptions to this plan an account may have over time, rejected
 *                                ones not counted (at most one is open at a time), at least 1
 * @param maxKeyLifetime          the longest a key may be valid: whole days, at least one
 */
public record Plan(
        String id,
        String name,
        String description,
        PlanEnvironment environment,
        int rateLimitPerSecond,
        long monthlyQuota,
        boolean approvalRequired,
        int keysPerSubscription,
        int subscriptionsPerAccount,
        Duration maxKeyLifetime) {

    public static final int MAX_ID_LENGTH = 40;
    public static final int MAX_NAME_LENGTH = 80;
    public static final int MAX_DESCRIPTION_LENGTH = 500;

    /** Lower-case letters and digits in groups joined by single hyphens. */
    private static final Pattern SLUG = Pattern.compile("[a-z0-9]+(?:-[a-z0-9]+)*");

    /** @throws IllegalArgumentException naming the first field that breaks its rule */
    public Plan {
        requireSlug(id);
        requireText(name, "name", MAX_NAME_LENGTH);
        requireText(description, "description", MAX_DESCRIPTION_LENGTH);
        Objects.requireNonNull(environment, "environment");
        requireAtLeastOne(rateLimitPerSecond, "rateLimitPerSecond");
        requireAtLeastOne(monthlyQuota, "monthlyQuota");
        requireAtLeastOne(keysPerSubscription, "keysPerSubscription");
        requireAtLeastOne(subscriptionsPerAccount, "subscriptionsPerAccount");
        Objects.requireNonNull(maxKeyLifetime, "maxKeyLifetime");
        if (maxKeyLifetime.compareTo(Duration.ofDays(1)) < 0 || !maxKeyLifetime.equals(Duration.ofDays(maxKeyLifetime.toDays()))) {
            throw new IllegalArgumentException("maxKeyLifetime must be a whole number of days, at least 1");
        }
    }

    /** {@link #maxKeyLifetime()} in days, as catalogues and the API state it. */
    public long maxKeyLifetimeDays() {
        return maxKeyLifetime.toDays();
    }

    private static void requireSlug(String id) {
        Objects.requireNonNull(id, "id");
        if (id.length() > MAX_ID_LENGTH || !SLUG.matcher(id).matches()) {
            throw new IllegalArgumentException("id must be 1 to " + MAX_ID_LENGTH
                    + " lower-case letters and digits, in groups joined by single hyphens");
        }
    }

    private static void requireText(String text, String field, int maxLength) {
        Objects.requireNonNull(text, field);
        if (text.isBlank() || !text.equals(text.strip()) || text.codePointCount(0, text.length()) > maxLength) {
            throw new IllegalArgumentException(field + " must be 1 to " + maxLength
                    + " characters without surrounding white space");
        }
        if (text.codePoints().anyMatch(Character::isISOControl)) {
            throw new IllegalArgumentException(field + " must not contain control characters");
        }
    }

    private static void requireAtLeastOne(long value, String field) {
        if (value < 1) {
            throw new IllegalArgumentException(field + " must be at least 1");
        }
    }
}
