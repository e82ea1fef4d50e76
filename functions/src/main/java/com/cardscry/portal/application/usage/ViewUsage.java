package com.cardscry.portal.application.usage;

import com.cardscry.portal.application.Outcome;
import com.cardscry.portal.application.Problem;
import com.cardscry.portal.application.ProblemType;
import com.cardscry.portal.application.accounts.Caller;
import com.cardscry.portal.application.subscriptions.ViewSubscriptions;
import com.cardscry.portal.domain.Subscription;
import com.cardscry.portal.domain.UsageBucket;
import com.cardscry.portal.domain.UsageCounts;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * {@code GET /subscriptions/{id}/usage}: the owner's view of a subscription's usage over a range, per
 * hour or per UTC day. The range is widened to whole hours (days); only periods with requests are
 * listed, with the totals of the range. Another account's subscription is not found (404), as a
 * missing one. One single-partition query per request.
 */
public final class ViewUsage {

    /** The longest range of an hourly view. */
    public static final Duration MAX_HOURLY_RANGE = Duration.ofDays(31);
    /** The longest range of a daily view. */
    public static final Duration MAX_DAILY_RANGE = Duration.ofDays(90);

    /** How finely the range is divided. */
    public enum Granularity {
        HOUR(ChronoUnit.HOURS, MAX_HOURLY_RANGE), DAY(ChronoUnit.DAYS, MAX_DAILY_RANGE);

        private final ChronoUnit unit;
        private final Duration maxRange;

        Granularity(ChronoUnit unit, Duration maxRange) {
            this.unit = unit;
            this.maxRange = maxRange;
        }

        public String code() {
            return name().toLowerCase(Locale.ROOT);
        }

        Instant startOf(Instant at) {
            return at.truncatedTo(unit);
        }

        /** The first period start at or after {@code at}. */
        Instant endCovering(Instant at) {
            Instant start = startOf(at);
            return start.equals(at) ? at : start.plus(1, unit);
        }
    }

    /** The query parameters, as sent: {@code from}, {@code to} (ISO 8601 instants), {@code granularity}. */
    public record Request(Optional<String> from, Optional<String> to, Optional<String> granularity) {
    }

    /** The usage of one period (an hour or a UTC day) that had requests. */
    public record Period(Instant start, UsageCounts counts) {
    }

    /**
     * The answer.
     *
     * @param from    the start of the first period covered (the requested {@code from} widened)
     * @param to      the end of the last period covered (exclusive)
     * @param periods the periods with requests, oldest first
     * @param totals  the sums over the whole range
     */
    public record Report(String subscriptionId, Instant from, Instant to, Granularity granularity, List<Period> periods,
                         UsageCounts totals) {
    }

    private final ViewSubscriptions subscriptions;
    private final UsageRecords usage;

    public ViewUsage(ViewSubscriptions subscriptions, UsageRecords usage) {
        this.subscriptions = Objects.requireNonNull(subscriptions, "subscriptions");
        this.usage = Objects.requireNonNull(usage, "usage");
    }

    public Outcome<Report> handle(Caller caller, String subscriptionId, Request request) {
        Optional<Granularity> granularity = granularity(request.granularity());
        if (granularity.isEmpty()) {
            return invalid("The query parameter granularity is hour (the default) or day.");
        }
        Optional<Instant> from = request.from().flatMap(ViewUsage::instant);
        Optional<Instant> to = request.to().flatMap(ViewUsage::instant);
        if (from.isEmpty() || to.isEmpty()) {
            return invalid("The query parameters from and to are required ISO 8601 instants, for example 2026-11-29T00:00:00Z.");
        }
        if (!from.get().isBefore(to.get())) {
            return invalid("The query parameter from must be before to.");
        }
        Duration maxRange = granularity.get().maxRange;
        if (Duration.between(from.get(), to.get()).compareTo(maxRange) > 0) {
            return invalid("From from to to is at most " + maxRange.toDays() + " days with granularity " + granularity.get().code() + ".");
        }
        return subscriptions.one(caller, subscriptionId)
                .then(subscription -> Outcome.done(report(subscription, granularity.get(), from.get(), to.get())));
    }

    private Report report(Subscription subscription, Granularity granularity, Instant from, Instant to) {
        Instant start = granularity.startOf(from);
        Instant end = granularity.endCovering(to);
        Map<Instant, UsageCounts> periods = new LinkedHashMap<>();
        UsageCounts totals = UsageCounts.ZERO;
        for (UsageBucket bucket : usage.inRange(subscription.accountId(), subscription.id(), start, end)) {
            periods.merge(granularity.startOf(bucket.hour()), bucket.counts(), UsageCounts::plus);
            totals = totals.plus(bucket.counts());
        }
        List<Period> listed = new ArrayList<>();
        periods.forEach((periodStart, counts) -> listed.add(new Period(periodStart, counts)));
        return new Report(subscription.id(), start, end, granularity, listed, totals);
    }

    private static Optional<Granularity> granularity(Optional<String> given) {
        if (given.isEmpty()) {
            return Optional.of(Granularity.HOUR);
        }
        for (Granularity granularity : Granularity.values()) {
            if (granularity.code().equals(given.get())) {
                return Optional.of(granularity);
            }
        }
        return Optional.empty();
    }

    private static Optional<Instant> instant(String text) {
        try {
            return Optional.of(Instant.parse(text));
        } catch (DateTimeParseException notAnInstant) {
            return Optional.empty();
        }
    }

    private static <T> Outcome<T> invalid(String detail) {
        return Outcome.refused(Problem.of(ProblemType.INVALID_REQUEST, detail));
    }
}
