package com.cardscry.portal.domain;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * How long each category of data is kept, why, and what an erasure does with it: the one table the
 * portal's retention promises come from. It is published ({@code GET /api/v1/retention-policy}),
 * quoted in access exports and erasure receipts, gives every expiring document its ttl, and tells the
 * purge timer what to remove. At the end of its period a record is deleted; what the privacy policy
 * calls pseudonymised billing records are subscriptions, which never hold a name or an address and
 * which an erasure leaves under an account id nothing links to a person any more.
 *
 * <p>Fixed periods may be lengthened or shortened by the operator ({@link #withOverrides}), within
 * the bounds of {@link Entry#minimum()}; periods that are events (a session ending, an account
 * being erased) may not.
 *
 * @param entries one per {@link RetentionCategory}, in the order of the enum
 */
public record RetentionSchedule(List<Entry> entries) {

    /** The longest period any category may be given: a typo of one digit too many is refused, not obeyed. */
    public static final Duration LONGEST = Duration.ofDays(36_525);

    /** What an erasure (a deletion request, closing an account) does with a category. */
    public enum OnErasure {
        DELETED, KEPT
    }

    /** How long a category is kept: a fixed period counted from an event, or until an event. */
    public sealed interface Keep permits Fixed, UntilEvent {
        /** How long, in words, e.g. "90 days after the hour ends". */
        String inWords();

        /** The fixed period; empty when the category is kept until an event instead. */
        Optional<Duration> fixedPeriod();
    }

    /**
     * Kept for {@code period} counted from an event.
     *
     * @param countedFrom the event, in words, e.g. "after the hour ends"
     */
    public record Fixed(Duration period, String countedFrom) implements Keep {
        public Fixed {
            Objects.requireNonNull(period, "period");
            Objects.requireNonNull(countedFrom, "countedFrom");
            if (period.isNegative() || period.isZero()) {
                throw new IllegalArgumentException("a retention period must be positive");
            }
        }

        @Override
        public String inWords() {
            long days = period.toDays();
            return (period.equals(Duration.ofDays(days)) ? days + (days == 1 ? " day " : " days ") : period.toMinutes() + " minutes ")
                    + countedFrom;
        }

        @Override
        public Optional<Duration> fixedPeriod() {
            return Optional.of(period);
        }
    }

    /** Kept until an event ends it (a session ends, the account is erased). */
    public record UntilEvent(String inWords) implements Keep {
        public UntilEvent {
            Objects.requireNonNull(inWords, "inWords");
        }

        @Override
        public Optional<Duration> fixedPeriod() {
            return Optional.empty();
        }
    }

    /**
     * One category of data.
     *
     * @param category   which
     * @param title      what it is, in words
     * @param keep       how long it is kept
     * @param purpose    why it is processed
     * @param legalBasis under which article it is processed (and kept, where an erasure keeps it)
     * @param onErasure  what an erasure does with it
     * @param minimum    the shortest period an override may give (a legal minimum); empty when the
     *                   category may not be overridden because it is kept until an event
     */
    public record Entry(RetentionCategory category, String title, Keep keep, String purpose, String legalBasis,
                        OnErasure onErasure, Optional<Duration> minimum) {
        public Entry {
            Objects.requireNonNull(category, "category");
            Objects.requireNonNull(title, "title");
            Objects.requireNonNull(keep, "keep");
            Objects.requireNonNull(purpose, "purpose");
            Objects.requireNonNull(legalBasis, "legalBasis");
            Objects.requireNonNull(onErasure, "onErasure");
            Objects.requireNonNull(minimum, "minimum");
            if (minimum.isPresent() != keep instanceof Fixed) {
                throw new IllegalArgumentException(category.id() + ": a minimum goes with a fixed period and only with one");
            }
        }

        /** The fixed period; {@link IllegalStateException} for a category kept until an event. */
        public Duration period() {
            return keep.fixedPeriod().orElseThrow(() -> new IllegalStateException(category.id() + " has no fixed period"));
        }

        Entry withPeriod(Duration period) {
            Fixed fixed = (Fixed) keep;
            return new Entry(category, title, new Fixed(period, fixed.countedFrom()), purpose, legalBasis, onErasure, minimum);
        }
    }

    public RetentionSchedule {
        entries = List.copyOf(entries);
        if (entries.size() != RetentionCategory.values().length) {
            throw new IllegalArgumentException("the schedule needs one entry per category");
        }
        for (int i = 0; i < entries.size(); i++) {
            if (entries.get(i).category() != RetentionCategory.values()[i]) {
                throw new IllegalArgumentException("the schedule lists the categories in their declared order, one each");
            }
        }
        for (Entry entry : entries) {
            entry.keep().fixedPeriod().ifPresent(period -> {
                if (period.compareTo(entry.minimum().orElseThrow()) < 0) {
                    throw new IllegalArgumentException(entry.category().id() + ": " + period.toDays() + " days is shorter than the "
                            + entry.minimum().orElseThrow().toDays() + " days it must be kept");
                }
                if (period.compareTo(LONGEST) > 0) {
                    throw new IllegalArgumentException(entry.category().id() + ": at most " + LONGEST.toDays() + " days");
                }
            });
        }
        Duration hourly = entries.get(RetentionCategory.USAGE_HOURLY.ordinal()).period();
        Duration daily = entries.get(RetentionCategory.USAGE_DAILY.ordinal()).period();
        if (daily.compareTo(hourly) < 0) {
            throw new IllegalArgumentException(RetentionCategory.USAGE_DAILY.id() + " must be kept at least as long as "
                    + RetentionCategory.USAGE_HOURLY.id() + ", whose buckets it sums up");
        }
    }

    private static final String CONTRACT = "performance of the contract (Art. 6(1)(b) GDPR)";
    private static final String LEGITIMATE_SECURITY = "legitimate interest in securing the service (Art. 6(1)(f) GDPR)";
    private static final Duration ONE_DAY = Duration.ofDays(1);

    /**
     * The schedule as shipped.
     *
     * @param sessionIdle     a session unused this long ends (its record with it)
     * @param sessionLifetime a session ends this long after it started
     */
    public static RetentionSchedule standard(Duration sessionIdle, Duration sessionLifetime) {
        Objects.requireNonNull(sessionIdle, "sessionIdle");
        Objects.requireNonNull(sessionLifetime, "sessionLifetime");
        return new RetentionSchedule(List.of(
                fixed(RetentionCategory.UNVERIFIED_SIGN_UPS, "Sign-ups whose email address was never verified: the pending account,"
                                + " its identity and email index entries", 7, "after sign-up",
                        "to let the person finish signing up", CONTRACT, OnErasure.DELETED, ONE_DAY),
                new Entry(RetentionCategory.ACCOUNTS, "Account: display name, email address, consents, Entra ID tenant and object ids,"
                        + " the email blind-index entry", new UntilEvent("while the account exists; deleted by a deletion request or"
                        + " by closing the account"), "to run the account, sign the person in and tell them about it", CONTRACT,
                        OnErasure.DELETED, Optional.empty()),
                new Entry(RetentionCategory.SESSIONS, "Sessions: when they started and were last used (the session id only hashed)",
                        new UntilEvent("until the session ends: " + minutes(sessionIdle) + " unused, or " + minutes(sessionLifetime)
                                + " after it started"), "to keep the person signed in and let them end sessions", CONTRACT,
                        OnErasure.DELETED, Optional.empty()),
                fixed(RetentionCategory.API_KEYS, "API key metadata and index entries: name, hint, dates, the keyed hash (never the key)",
                        30, "after the key stops working (revoked, replaced or expired)",
                        "to let the gateway accept the person's keys, name a revoked one as revoked, and show the keys", CONTRACT,
                        OnErasure.DELETED, ONE_DAY),
                fixed(RetentionCategory.USAGE_HOURLY, "Usage per hour: request, error and throttled counts per key", 90,
                        "after the hour ends", "to enforce quotas and show usage", CONTRACT, OnErasure.DELETED, ONE_DAY),
                fixed(RetentionCategory.USAGE_DAILY, "Usage per day: the hourly counts summed up per day", 396,
                        "after the day ends (13 months)", "to show usage over a year and compare it with the year before", CONTRACT,
                        OnErasure.DELETED, ONE_DAY),
                fixed(RetentionCategory.QUOTA_COUNTERS, "Monthly request counters per subscription", 35, "after the month ends",
                        "to enforce the plan's monthly quota", CONTRACT, OnErasure.KEPT, ONE_DAY),
                fixed(RetentionCategory.BILLING_RECORDS, "Subscriptions: plan, state, dates (no name or email); billing records", 3653,
                        "after the subscription ends (10 years)", "billing and the plan's limits",
                        "legal obligation to keep billing records (Art. 6(1)(c) and 17(3)(b) GDPR, § 147 AO, § 257 HGB)",
                        OnErasure.KEPT, Duration.ofDays(3653)),
                fixed(RetentionCategory.SUBSCRIPTION_SCHEDULE, "Due dates of subscription expiry notices and expiries", 30,
                        "after the date was due", "to send expiry notices and expire subscriptions on time", CONTRACT,
                        OnErasure.KEPT, ONE_DAY),
                fixed(RetentionCategory.PRIVACY_REQUESTS, "Privacy requests: type, dates, progress (the requester's own words are"
                                + " erased with the account)", 1096, "after the request last changed (3 years)",
                        "to answer data-subject requests and prove they were answered",
                        "legal obligation and accountability (Art. 6(1)(c), 5(2) and 17(3)(b) GDPR)", OnErasure.KEPT,
                        Duration.ofDays(1096)),
                fixed(RetentionCategory.ERASED_IDENTITY_POINTERS, "After an erasure: a keyed hash of the Entra ID identity pointing to"
                                + " the deletion request", 90, "after the erasure",
                        "to let the person read the receipt of their erasure", "legal obligation (Art. 6(1)(c) and 12(3) GDPR)",
                        OnErasure.KEPT, ONE_DAY),
                fixed(RetentionCategory.EXPORTS, "Exports made for access requests", 7, "after the export was written",
                        "to answer access requests (Art. 15)", "legal obligation (Art. 6(1)(c) GDPR)", OnErasure.DELETED, ONE_DAY),
                fixed(RetentionCategory.NOTIFICATIONS, "Notifications: mail to the person (the email address, what it is about, a code"
                                + " or a link) waiting to be sent", 30, "after it was written",
                        "to send the person the mail the service owes them (codes, notices, receipts)", CONTRACT, OnErasure.DELETED,
                        ONE_DAY),
                fixed(RetentionCategory.AUDIT_TRAIL, "Audit trail: what was done to and by the account, under a pseudonym, without"
                        + " name or email", 365, "after each entry", "security and accountability", LEGITIMATE_SECURITY,
                        OnErasure.KEPT, ONE_DAY),
                fixed(RetentionCategory.LEGAL_HOLDS, "Legal holds on an account: the administrator's reason and end date", 365,
                        "after the hold ends or is lifted", "to keep data a court, an authority or a dispute requires",
                        "legal obligation or the establishment, exercise or defence of legal claims (Art. 17(3)(b) and (e) GDPR)",
                        OnErasure.KEPT, ONE_DAY)));
    }

    private static Entry fixed(RetentionCategory category, String title, long days, String countedFrom, String purpose,
                               String legalBasis, OnErasure onErasure, Duration minimum) {
        return new Entry(category, title, new Fixed(Duration.ofDays(days), countedFrom), purpose, legalBasis, onErasure,
                Optional.of(minimum));
    }

    private static String minutes(Duration duration) {
        return duration.toMinutes() % 60 == 0 ? duration.toHours() + (duration.toHours() == 1 ? " hour" : " hours")
                : duration.toMinutes() + " minutes";
    }

    /**
     * This schedule with some fixed periods replaced.
     *
     * @throws IllegalArgumentException naming the category, when it is kept until an event, or a period
     *     is shorter than its minimum or longer than {@link #LONGEST}, or the result is inconsistent
     */
    public RetentionSchedule withOverrides(Map<RetentionCategory, Duration> periods) {
        Map<RetentionCategory, Duration> left = new EnumMap<>(RetentionCategory.class);
        left.putAll(periods);
        List<Entry> changed = new ArrayList<>();
        for (Entry entry : entries) {
            Duration period = left.remove(entry.category());
            if (period == null) {
                changed.add(entry);
            } else if (entry.minimum().isEmpty()) {
                throw new IllegalArgumentException(entry.category().id() + " is kept " + entry.keep().inWords()
                        + ", not for a period that could be changed");
            } else {
                changed.add(entry.withPeriod(period));
            }
        }
        return new RetentionSchedule(changed);
    }

    /** The entry of a category. */
    public Entry entry(RetentionCategory category) {
        return entries.get(category.ordinal());
    }

    /** The fixed period of a category; {@link IllegalStateException} for one kept until an event. */
    public Duration period(RetentionCategory category) {
        return entry(category).period();
    }

    /**
     * The ttl to write on a record of this category whose period is counted from {@code countedFrom}:
     * the seconds from {@code now} until its period ends, at least 1 (a record whose period is over is
     * gone at once) and at most {@link Integer#MAX_VALUE}.
     */
    public int ttlSeconds(RetentionCategory category, Instant countedFrom, Instant now) {
        return ttl(Duration.between(now, countedFrom.plus(period(category))));
    }

    /** The ttl to write on a record of this category whose period starts when it is written: the whole period. */
    public int ttlSeconds(RetentionCategory category) {
        return ttl(period(category));
    }

    private static int ttl(Duration left) {
        long seconds = left.toSeconds();
        return (int) Math.min(Integer.MAX_VALUE, Math.max(1, seconds));
    }
}
