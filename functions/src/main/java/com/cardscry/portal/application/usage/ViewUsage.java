package com.cardscry.portal.application.usage;

import com.cardscry.portal.application.Outcome;
import com.cardscry.portal.application.Problem;
import com.cardscry.portal.application.ProblemType;
import com.cardscry.portal.application.accounts.Caller;
import com.cardscry.portal.application.port.Clock;
import com.cardscry.portal.application.subscriptions.ViewSubscriptions;
import com.cardscry.portal.domain.RetentionCategory;
import com.cardscry.portal.domain.RetentionSchedule;
import com.cardscry.portal.domain.Subscription;
import com.cardscry.portal.domain.UsageBucket;
import com.cardscry.portal.domain.UsageCounts;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * {@code GET /subscriptions/{id}/usage}: the owner's view of a subscription's usage over a range, per
 * hour or per UTC day. The range is widened to whole hours (days); only periods with requests are
 * listed, with the totals of the range. Another account's subscription is not found (404), as a
 * missing one.
 *
 * <p>What can be shown follows the retention schedule: hourly buckets are kept for the
 * {@link RetentionCategory#USAGE_HOURLY} period after their hour ends, daily aggregates for the
 * {@link RetentionCategory#USAGE_DAILY} period after their day ends. A range reaching back before what
 * its granularity keeps is refused (400, the detail naming {@code from} and the earliest allowed),
 * rather than answered with periods that look as if nothing happened. A day is summed from its hourly
 * buckets while all of them are still kept (its first hour is within the hourly period): they are exact
 * and include what arrived after the roll-up. An older day is its daily aggregate; one the roll-up has
 * not reached shows the hours still kept. At most two single-partition queries per request (buckets,
 * aggregates).
 */
public final class ViewUsage {

    /** The longest range of an hourly view: a month of hours is as much as one answer carries. */
    public static final Duration MAX_HOURLY_RANGE = Duration.ofDays(31);

    /** How finely the range is divided. */
    public enum Granularity {
        HOUR(ChronoUnit.HOURS, RetentionCategory.USAGE_HOURLY), DAY(ChronoUnit.DAYS, RetentionCategory.USAGE_DAILY);

        private final ChronoUnit unit;
        private final RetentionCategory keptAs;

        Granularity(ChronoUnit unit, RetentionCategory keptAs) {
            this.unit = unit;
            this.keptAs = keptAs;
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
    private final RetentionSchedule retention;
    private final Clock clock;

    /**
     * @param retention how long hourly buckets and daily aggregates are kept: what each granularity can reach back to
     * @param clock     tells which periods are still kept
     */
    public ViewUsage(ViewSubscriptions subscriptions, UsageRecords usage, RetentionSchedule retention, Clock clock) {
        this.subscriptions = Objects.requireNonNull(subscriptions, "subscriptions");
        this.usage = Objects.requireNonNull(usage, "usage");
        this.retention = Objects.requireNonNull(retention, "retention");
        this.clock = Objects.requireNonNull(clock, "clock");
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
        Duration maxRange = maxRange(granularity.get());
        if (Duration.between(from.get(), to.get()).compareTo(maxRange) > 0) {
            return invalid("From from to to is at most " + maxRange.toDays() + " days with granularity " + granularity.get().code() + ".");
        }
        Instant now = clock.now();
        Instant earliest = oldestKept(granularity.get(), now);
        if (from.get().isBefore(earliest)) {
            return tooOld(granularity.get(), earliest);
        }
        return subscriptions.one(caller, subscriptionId)
                .then(subscription -> Outcome.done(report(subscription, granularity.get(), from.get(), to.get(), now)));
    }

    /** An hourly view spans at most {@link #MAX_HOURLY_RANGE}; a daily one as many days as daily aggregates are kept. */
    private Duration maxRange(Granularity granularity) {
        return granularity == Granularity.HOUR ? MAX_HOURLY_RANGE : retention.period(RetentionCategory.USAGE_DAILY);
    }

    /**
     * The start of the oldest period of this granularity still kept at {@code now}: a period is kept
     * until its retention period has passed after its end.
     */
    private Instant oldestKept(Granularity granularity, Instant now) {
        return granularity.startOf(now.minus(retention.period(granularity.keptAs)));
    }

    private Report report(Subscription subscription, Granularity granularity, Instant from, Instant to, Instant now) {
        Instant start = granularity.startOf(from);
        Instant end = granularity.endCovering(to);
        // The buckets still kept: the oldest is the first to expire, so a day from here on has all its hours.
        Instant keptHoursFrom = oldestKept(Granularity.HOUR, now);
        Instant wholeDaysFrom = Granularity.DAY.endCovering(keptHoursFrom);
        Map<Instant, UsageCounts> periods = new TreeMap<>();
        if (granularity == Granularity.DAY && start.isBefore(wholeDaysFrom)) {
            Instant aggregatesEnd = end.isBefore(wholeDaysFrom) ? end : wholeDaysFrom;
            for (UsageRecords.DailyTotal daily : usage.dailyInRange(subscription.accountId(), subscription.id(), day(start),
                    day(aggregatesEnd))) {
                periods.put(daily.day().atStartOfDay(ZoneOffset.UTC).toInstant(), daily.counts());
            }
        }
        Set<Instant> aggregated = Set.copyOf(periods.keySet());
        Instant bucketsStart = start.isBefore(keptHoursFrom) ? keptHoursFrom : start;
        if (bucketsStart.isBefore(end)) {
            for (UsageBucket bucket : usage.inRange(subscription.accountId(), subscription.id(), bucketsStart, end)) {
                Instant period = granularity.startOf(bucket.hour());
                if (!aggregated.contains(period)) {
                    periods.merge(period, bucket.counts(), UsageCounts::plus);
                }
            }
        }
        List<Period> listed = new ArrayList<>();
        UsageCounts totals = UsageCounts.ZERO;
        for (Map.Entry<Instant, UsageCounts> period : periods.entrySet()) {
            listed.add(new Period(period.getKey(), period.getValue()));
            totals = totals.plus(period.getValue());
        }
        return new Report(subscription.id(), start, end, granularity, listed, totals);
    }

    private static LocalDate day(Instant dayStart) {
        return LocalDate.ofInstant(dayStart, ZoneOffset.UTC);
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

    private <T> Outcome<T> tooOld(Granularity granularity, Instant earliest) {
        String kept = retention.entry(granularity.keptAs).keep().inWords();
        return invalid("Usage per " + granularity.code() + " is kept " + kept + ", so the query parameter from is at the earliest "
                + earliest + (granularity == Granularity.HOUR ? "; older days are in granularity day." : "."));
    }

    private static <T> Outcome<T> invalid(String detail) {
        return Outcome.refused(Problem.of(ProblemType.INVALID_REQUEST, detail));
    }
}
