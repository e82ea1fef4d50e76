package com.cardscry.portal.application.usage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.cardscry.portal.application.Outcome;
import com.cardscry.portal.application.Problem;
import com.cardscry.portal.application.ProblemType;
import com.cardscry.portal.application.accounts.AccountsFixture;
import com.cardscry.portal.application.accounts.Caller;
import com.cardscry.portal.application.keys.IssueKey;
import com.cardscry.portal.application.keys.KeyRecords;
import com.cardscry.portal.application.keys.KeyServices;
import com.cardscry.portal.application.keys.KeysFixture;
import com.cardscry.portal.application.keys.ListKeys;
import com.cardscry.portal.application.port.Query;
import com.cardscry.portal.application.port.StoredDocument;
import com.cardscry.portal.application.subscriptions.RequestSubscription;
import com.cardscry.portal.application.subscriptions.SubscriptionServices;
import com.cardscry.portal.application.subscriptions.ViewSubscriptions;
import com.cardscry.portal.domain.RetentionCategory;
import com.cardscry.portal.domain.RetentionSchedule;
import com.cardscry.portal.domain.SubscriptionKey;
import com.cardscry.portal.domain.UsageBucket;
import com.cardscry.portal.domain.UsageCounts;
import com.cardscry.portal.testing.Retention;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Usage ingestion and the owner's view on the embedded store, with keys issued through the key use
 * cases. The fixture's clock stands at 2026-11-29T08:00Z.
 */
class UsageFlowsTest {

    private static final Instant SEVEN = Instant.parse("2026-11-29T07:00:00Z");
    private static final Instant EIGHT = Instant.parse("2026-11-29T08:00:00Z");

    @TempDir
    Path folder;

    private AccountsFixture fixture;
    private KeyRecords keyRecords;
    private KeyServices keys;
    private SubscriptionServices subscriptions;
    private UsageRecords usage;
    private final List<String> heard = Collections.synchronizedList(new ArrayList<>());
    private String accountId;
    private String subscriptionId;
    private String keyId;

    /** What the listener was told, one line per call. */
    private void hear(String subscription, Instant hour, long requests) {
        heard.add(subscription + " " + UsageBucket.hourId(hour) + " +" + requests);
    }

    @BeforeEach
    void open() {
        fixture = new AccountsFixture(folder);
        KeysFixture parts = new KeysFixture(fixture);
        keyRecords = parts.keyRecords;
        subscriptions = parts.subscriptions;
        keys = parts.keys;
        usage = new UsageRecords(fixture.store, Retention.STANDARD, fixture.clock);
        accountId = fixture.activeAccount("oid-1", "ada@example.com");
        subscriptionId = subscribe(owner(), "starter");
        keyId = issueKey(owner(), subscriptionId);
    }

    @AfterEach
    void close() {
        fixture.close();
    }

    private Caller owner() {
        return fixture.tokenCaller("oid-1");
    }

    private String subscribe(Caller caller, String planId) {
        return done(new RequestSubscription(subscriptions).handle(caller, new RequestSubscription.Command(planId, Optional.empty())))
                .subscription().id();
    }

    private String issueKey(Caller caller, String subscription) {
        return done(new IssueKey(keys).handle(caller, subscription, new IssueKey.Command("production", Optional.empty())))
                .record().id();
    }

    /** A use case of a fresh instance: nothing remembered in memory. */
    private RecordUsage recordUsage() {
        return new RecordUsage(new KeyOwners(keyRecords), usage, keyRecords, this::hear, fixture.clock);
    }

    private ViewUsage viewUsage() {
        return new ViewUsage(new ViewSubscriptions(subscriptions), usage, Retention.STANDARD, fixture.clock);
    }

    private static RecordUsage.Event event(String key, String timestamp, int status) {
        return new RecordUsage.Event(key, timestamp, status);
    }

    private static RecordUsage.Command batch(String batchId, RecordUsage.Event... events) {
        return new RecordUsage.Command(Optional.ofNullable(batchId), List.of(events));
    }

    private UsageCounts bucket(Instant hour) {
        return usage.read(accountId, subscriptionId, hour).map(found -> found.bucket().counts()).orElse(UsageCounts.ZERO);
    }

    private List<StoredDocument> storedBuckets() {
        return fixture.store.query(UsageRecords.USAGE.name(), Query.partition(accountId), 1000, Optional.empty()).items();
    }

    private static <T> T done(Outcome<T> outcome) {
        return outcome.fold(value -> value, problem -> {
            throw new AssertionError("refused: " + problem);
        });
    }

    private static Problem refused(Outcome<?> outcome) {
        return assertInstanceOf(Outcome.Refused.class, outcome).problem();
    }

    @Nested
    class Folding {

        @Test
        void events_fold_into_the_utc_hour_they_fall_in_counting_client_and_server_errors() {
            RecordUsage.Recorded recorded = done(recordUsage().handle(batch("b-1",
                    event(keyId, "2026-11-29T07:10:00Z", 200),
                    event(keyId, "2026-11-29T07:20:00Z", 404),
                    event(keyId, "2026-11-29T07:30:00Z", 503),
                    event(keyId, "2026-11-29T07:59:59.999Z", 301),
                    event(keyId, "2026-11-29T09:00:00+01:00", 500))));

            assertEquals(new RecordUsage.Recorded(5, 0, 0), recorded);
            assertEquals(new UsageCounts(4, 1, 1), bucket(SEVEN));
            assertEquals(new UsageCounts(1, 0, 1), bucket(EIGHT), "08:00 UTC opens the next hour");
            assertEquals(List.of(subscriptionId + " 2026-11-29T07 +4", subscriptionId + " 2026-11-29T08 +1"), heard);
        }

        @Test
        void events_of_unknown_keys_are_counted_as_rejected_and_the_rest_is_recorded() {
            RecordUsage.Recorded recorded = done(recordUsage().handle(batch(null,
                    event("no-such-key", "2026-11-29T07:10:00Z", 200),
                    event(keyId, "2026-11-29T07:10:00Z", 200),
                    event("no-such-key", "2026-11-29T07:11:00Z", 200),
                    event("another-unknown-key", "2026-11-29T07:11:00Z", 200))));

            assertEquals(new RecordUsage.Recorded(1, 3, 2), recorded);
            assertEquals(new UsageCounts(1, 0, 0), bucket(SEVEN));
        }

        @Test
        void each_subscription_gets_buckets_of_its_own() {
            String second = subscribe(owner(), "sandbox");
            String secondKey = issueKey(owner(), second);
            done(recordUsage().handle(batch("b-1", event(keyId, "2026-11-29T07:10:00Z", 200),
                    event(secondKey, "2026-11-29T07:10:00Z", 200), event(secondKey, "2026-11-29T07:11:00Z", 200))));

            assertEquals(new UsageCounts(1, 0, 0), bucket(SEVEN));
            assertEquals(new UsageCounts(2, 0, 0), usage.read(accountId, second, SEVEN).orElseThrow().bucket().counts());
        }

        @Test
        void a_stored_bucket_holds_counts_hour_and_batch_ids_only_and_expires_90_days_after_its_hour() {
            done(recordUsage().handle(batch("b-1", event(keyId, "2026-11-29T07:10:00Z", 404))));

            List<StoredDocument> stored = storedBuckets();
            assertEquals(1, stored.size());
            StoredDocument only = stored.get(0);
            assertTrue(UsageRecords.FIELDS.containsAll(only.document().fields().keySet()), () -> "stored: " + only.document().fields());
            assertEquals("2026-11-29T07", only.document().fields().get("hour"));
            assertEquals(Duration.between(fixture.clock.now(), Instant.parse("2027-02-27T08:00:00Z")).toSeconds(),
                    only.document().ttlSeconds().getAsInt(), "the hour ends at 08:00; 90 days later the bucket goes");
        }
    }

    @Nested
    class Retries {

        @Test
        void a_batch_delivered_again_is_not_counted_again_in_any_bucket() {
            RecordUsage.Command command = batch("retry-1", event(keyId, "2026-11-29T07:10:00Z", 200),
                    event(keyId, "2026-11-29T08:00:01Z", 500));
            assertEquals(new RecordUsage.Recorded(2, 0, 0), done(recordUsage().handle(command)));
            assertEquals(new RecordUsage.Recorded(2, 0, 0), done(recordUsage().handle(command)), "the answer is the same");

            assertEquals(new UsageCounts(1, 0, 0), bucket(SEVEN));
            assertEquals(new UsageCounts(1, 0, 1), bucket(EIGHT));
            assertEquals(2, heard.size(), "the listener hears of each bucket once: " + heard);
        }

        @Test
        void a_batch_half_applied_before_a_crash_completes_on_redelivery() {
            // The first delivery reached the 07 bucket only (as if the process died after that write).
            done(recordUsage().handle(batch("crash-1", event(keyId, "2026-11-29T07:10:00Z", 200))));
            done(recordUsage().handle(batch("crash-1", event(keyId, "2026-11-29T07:10:00Z", 200),
                    event(keyId, "2026-11-29T08:00:01Z", 200))));

            assertEquals(new UsageCounts(1, 0, 0), bucket(SEVEN));
            assertEquals(new UsageCounts(1, 0, 0), bucket(EIGHT));
        }

        @Test
        void different_batches_and_batches_without_an_id_are_each_counted() {
            RecordUsage.Event one = event(keyId, "2026-11-29T07:10:00Z", 200);
            done(recordUsage().handle(batch("a", one)));
            done(recordUsage().handle(batch("b", one)));
            done(recordUsage().handle(batch(null, one)));
            done(recordUsage().handle(batch(null, one)));

            assertEquals(new UsageCounts(4, 0, 0), bucket(SEVEN));
        }

        @Test
        void a_bucket_recognises_a_batch_until_100_others_were_added_after_it() {
            RecordUsage.Event one = event(keyId, "2026-11-29T07:10:00Z", 200);
            done(recordUsage().handle(batch("first", one)));
            IntStream.range(0, UsageBucket.REMEMBERED_BATCHES - 1).forEach(i -> done(recordUsage().handle(batch("other-" + i, one))));
            done(recordUsage().handle(batch("first", one)));
            assertEquals(new UsageCounts(UsageBucket.REMEMBERED_BATCHES, 0, 0), bucket(SEVEN), "99 others later it is still known");

            done(recordUsage().handle(batch("other-last", one)));
            done(recordUsage().handle(batch("first", one)));
            assertEquals(new UsageCounts(UsageBucket.REMEMBERED_BATCHES + 2, 0, 0), bucket(SEVEN), "100 others later it is not");
        }
    }

    @Nested
    class InvalidBatches {

        static Stream<Arguments> invalidBatches() {
            RecordUsage.Event valid = event("valid-key-id", "2026-11-29T07:10:00Z", 200);
            List<RecordUsage.Event> tooMany = Collections.nCopies(RecordUsage.MAX_EVENTS + 1, valid);
            List<RecordUsage.Event> withNull = new ArrayList<>(List.of(valid));
            withNull.add(null);
            return Stream.of(
                    Arguments.of("no events", new RecordUsage.Command(Optional.empty(), List.of()), "/events"),
                    Arguments.of("1001 events", new RecordUsage.Command(Optional.empty(), tooMany), "/events"),
                    Arguments.of("a null event", new RecordUsage.Command(Optional.empty(), withNull), "/events/1"),
                    Arguments.of("a batch id with a slash", batch("a/b", valid), "/batchId"),
                    Arguments.of("a batch id of 65 characters", batch("b".repeat(65), valid), "/batchId"),
                    Arguments.of("a key id with a space", batch(null, valid, event("a b", "2026-11-29T07:10:00Z", 200)),
                            "/events/1/keyId"),
                    Arguments.of("an empty key id", batch(null, valid, event("", "2026-11-29T07:10:00Z", 200)), "/events/1/keyId"),
                    Arguments.of("a date without time", batch(null, valid, event("k", "2026-11-29", 200)), "/events/1/timestamp"),
                    Arguments.of("a time without offset", batch(null, valid, event("k", "2026-11-29T07:10:00", 200)),
                            "/events/1/timestamp"),
                    Arguments.of("more than an hour ahead", batch(null, valid, event("k", "2026-11-29T09:00:01Z", 200)),
                            "/events/1/timestamp"),
                    Arguments.of("older than the buckets are kept", batch(null, valid, event("k", "2026-08-31T07:59:59Z", 200)),
                            "/events/1/timestamp"),
                    Arguments.of("status 99", batch(null, valid, event("k", "2026-11-29T07:10:00Z", 99)), "/events/1/status"),
                    Arguments.of("status 600", batch(null, valid, event("k", "2026-11-29T07:10:00Z", 600)), "/events/1/status"));
        }

        @ParameterizedTest(name = "{0}")
        @MethodSource("invalidBatches")
        void refuse_the_whole_batch_naming_the_event_and_field_and_store_nothing(String name, RecordUsage.Command command,
                                                                                  String field) {
            // The valid events name the fixture's key, which is only known once the test runs.
            RecordUsage.Command withRealKey = new RecordUsage.Command(command.batchId(), replaceValidKey(command.events()));

            Problem problem = refused(recordUsage().handle(withRealKey));

            assertEquals(ProblemType.INVALID_REQUEST, problem.type());
            assertEquals(Optional.of(field), problem.field());
            assertEquals(List.of(), storedBuckets(), "nothing is half-applied");
            assertEquals(List.of(), heard);
            assertEquals(Optional.empty(), keyRecords.read(accountId, keyId).orElseThrow().key().lastUsedOn());
        }

        private List<RecordUsage.Event> replaceValidKey(List<RecordUsage.Event> events) {
            List<RecordUsage.Event> replaced = new ArrayList<>();
            for (RecordUsage.Event event : events) {
                replaced.add(event != null && event.keyId().equals("valid-key-id") ? event(keyId, event.timestamp(), event.status()) : event);
            }
            return replaced;
        }
    }

    @Nested
    class LastUse {

        private SubscriptionKey key() {
            return keyRecords.read(accountId, keyId).orElseThrow().key();
        }

        @Test
        void a_key_shows_the_day_it_was_last_used_and_is_written_once_a_day_per_instance() {
            RecordUsage instance = recordUsage();
            assertEquals(Optional.empty(), done(new ListKeys(keys).handle(owner(), subscriptionId)).get(0).lastUsedOn());

            done(instance.handle(batch(null, event(keyId, "2026-11-29T07:10:00Z", 200))));
            assertEquals(Optional.of(LocalDate.parse("2026-11-29")),
                    done(new ListKeys(keys).handle(owner(), subscriptionId)).get(0).lastUsedOn());
            String etag = keyRecords.read(accountId, keyId).orElseThrow().etag();

            done(instance.handle(batch(null, event(keyId, "2026-11-29T07:50:00Z", 200))));
            assertEquals(etag, keyRecords.read(accountId, keyId).orElseThrow().etag(), "the same day is not written again");

            fixture.clock.advance(Duration.ofDays(1));
            done(instance.handle(batch(null, event(keyId, "2026-11-30T07:10:00Z", 200))));
            assertEquals(Optional.of(LocalDate.parse("2026-11-30")), key().lastUsedOn());
        }

        @Test
        void the_day_only_moves_forward() {
            done(recordUsage().handle(batch(null, event(keyId, "2026-11-29T07:10:00Z", 200))));
            String etag = keyRecords.read(accountId, keyId).orElseThrow().etag();

            done(recordUsage().handle(batch(null, event(keyId, "2026-11-28T23:59:59Z", 200))));

            assertEquals(Optional.of(LocalDate.parse("2026-11-29")), key().lastUsedOn());
            assertEquals(etag, keyRecords.read(accountId, keyId).orElseThrow().etag(), "an earlier day writes nothing");
        }
    }

    @Nested
    class Viewing {

        @BeforeEach
        void recordTwoDays() {
            fixture.clock.advance(Duration.ofDays(1));
            done(recordUsage().handle(batch("two-days",
                    event(keyId, "2026-11-29T07:10:00Z", 200),
                    event(keyId, "2026-11-29T07:20:00Z", 404),
                    event(keyId, "2026-11-29T23:59:00Z", 500),
                    event(keyId, "2026-11-30T00:00:00Z", 200))));
        }

        private ViewUsage.Request range(String from, String to, String granularity) {
            return new ViewUsage.Request(Optional.ofNullable(from), Optional.ofNullable(to), Optional.ofNullable(granularity));
        }

        @Test
        void hourly_lists_the_hours_with_requests_and_the_totals_of_the_range_widened_to_whole_hours() {
            ViewUsage.Report report = done(viewUsage().handle(owner(), subscriptionId,
                    range("2026-11-29T07:30:00Z", "2026-11-29T23:30:00Z", null)));

            assertEquals(ViewUsage.Granularity.HOUR, report.granularity());
            assertEquals(Instant.parse("2026-11-29T07:00:00Z"), report.from());
            assertEquals(Instant.parse("2026-11-30T00:00:00Z"), report.to());
            assertEquals(List.of(new ViewUsage.Period(SEVEN, new UsageCounts(2, 1, 0)),
                    new ViewUsage.Period(Instant.parse("2026-11-29T23:00:00Z"), new UsageCounts(1, 0, 1))), report.periods());
            assertEquals(new UsageCounts(3, 1, 1), report.totals());
        }

        @Test
        void daily_sums_the_hours_of_each_utc_day() {
            ViewUsage.Report report = done(viewUsage().handle(owner(), subscriptionId,
                    range("2026-11-01T00:00:00Z", "2026-12-01T00:00:00Z", "day")));

            assertEquals(List.of(new ViewUsage.Period(Instant.parse("2026-11-29T00:00:00Z"), new UsageCounts(3, 1, 1)),
                    new ViewUsage.Period(Instant.parse("2026-11-30T00:00:00Z"), new UsageCounts(1, 0, 0))), report.periods());
            assertEquals(new UsageCounts(4, 1, 1), report.totals());
            assertEquals(0.5, report.totals().errorRate());
        }

        @Test
        void a_range_without_requests_is_empty_with_zero_totals() {
            ViewUsage.Report report = done(viewUsage().handle(owner(), subscriptionId,
                    range("2026-11-01T00:00:00Z", "2026-11-02T00:00:00Z", "hour")));

            assertEquals(List.of(), report.periods());
            assertEquals(UsageCounts.ZERO, report.totals());
            assertEquals(0.0, report.totals().errorRate());
        }

        @Test
        void another_accounts_subscription_is_not_found() {
            fixture.activeAccount("oid-2", "grace@example.com");
            Problem problem = refused(viewUsage().handle(fixture.tokenCaller("oid-2"), subscriptionId,
                    range("2026-11-29T00:00:00Z", "2026-11-30T00:00:00Z", null)));

            assertEquals(ProblemType.NOT_FOUND, problem.type());
        }

        static Stream<Arguments> invalidRanges() {
            return Stream.of(
                    Arguments.of("no from", null, "2026-11-30T00:00:00Z", null),
                    Arguments.of("no to", "2026-11-29T00:00:00Z", null, null),
                    Arguments.of("from not an instant", "2026-11-29", "2026-11-30T00:00:00Z", null),
                    Arguments.of("from equal to to", "2026-11-29T00:00:00Z", "2026-11-29T00:00:00Z", null),
                    Arguments.of("from after to", "2026-11-30T00:00:00Z", "2026-11-29T00:00:00Z", "day"),
                    Arguments.of("32 days of hours", "2026-10-29T00:00:00Z", "2026-11-30T00:00:00Z", "hour"),
                    Arguments.of("397 days of days", "2025-10-30T00:00:00Z", "2026-12-01T00:00:00Z", "day"),
                    Arguments.of("unknown granularity", "2026-11-29T00:00:00Z", "2026-11-30T00:00:00Z", "minute"),
                    Arguments.of("granularity in capitals", "2026-11-29T00:00:00Z", "2026-11-30T00:00:00Z", "DAY"));
        }

        @ParameterizedTest(name = "{0}")
        @MethodSource("invalidRanges")
        void an_invalid_range_is_refused(String name, String from, String to, String granularity) {
            assertEquals(ProblemType.INVALID_REQUEST, refused(viewUsage().handle(owner(), subscriptionId,
                    range(from, to, granularity))).type());
        }

        @Test
        void a_daily_range_reaches_back_as_many_days_as_daily_aggregates_are_kept() {
            // The clock stands at 2026-11-30T08:00Z: 396 days back is 2025-10-30T08:00Z, a day still kept.
            ViewUsage.Report report = done(viewUsage().handle(owner(), subscriptionId,
                    range("2025-10-30T08:00:00Z", "2026-11-30T08:00:00Z", "day")));

            assertEquals(Instant.parse("2025-10-30T00:00:00Z"), report.from());
            assertEquals(Instant.parse("2026-12-01T00:00:00Z"), report.to());
            assertEquals(new UsageCounts(4, 1, 1), report.totals());
        }

        @Test
        void a_longer_daily_period_set_by_the_operator_lengthens_the_daily_reach() {
            RetentionSchedule longer = Retention.STANDARD.withOverrides(Map.of(RetentionCategory.USAGE_DAILY, Duration.ofDays(500)));
            ViewUsage view = new ViewUsage(new ViewSubscriptions(subscriptions), usage, longer, fixture.clock);
            ViewUsage.Request fourHundredDays = range("2025-10-26T08:00:00Z", "2026-11-30T08:00:00Z", "day");

            assertEquals(new UsageCounts(4, 1, 1), done(view.handle(owner(), subscriptionId, fourHundredDays)).totals());
            assertEquals(ProblemType.INVALID_REQUEST, refused(viewUsage().handle(owner(), subscriptionId, fourHundredDays)).type(),
                    "the shipped 396 days do not reach");
        }

        @Test
        void an_hourly_range_reaches_back_to_the_oldest_hour_still_kept() {
            ViewUsage.Report report = done(viewUsage().handle(owner(), subscriptionId,
                    range("2026-09-01T08:00:00Z", "2026-09-02T00:00:00Z", "hour")));

            assertEquals(List.of(), report.periods());
        }

        static Stream<Arguments> rangesOlderThanKept() {
            return Stream.of(
                    Arguments.of("hour", "2026-09-01T07:59:59Z", "2026-09-01T09:00:00Z",
                            "Usage per hour is kept 90 days after the hour ends, so the query parameter from is at the earliest"
                                    + " 2026-09-01T08:00:00Z;"
                                    + " older days are in granularity day."),
                    Arguments.of("day", "2025-10-29T23:59:59Z", "2025-11-02T00:00:00Z",
                            "Usage per day is kept 396 days after the day ends (13 months), so the query parameter from is at the"
                                    + " earliest 2025-10-30T00:00:00Z."));
        }

        @ParameterizedTest(name = "{0}")
        @MethodSource("rangesOlderThanKept")
        void a_range_starting_before_what_its_granularity_keeps_is_refused_naming_from_and_the_earliest_allowed(String granularity, String from,
                                                                                                     String to, String detail) {
            Problem problem = refused(viewUsage().handle(owner(), subscriptionId, range(from, to, granularity)));

            assertEquals(ProblemType.INVALID_REQUEST, problem.type());
            assertEquals(detail, problem.detail());
        }
    }

    /**
     * Days older than the hourly buckets are kept. The recorded day, 2026-11-29, has requests at 07:10,
     * 07:20 (404) and 23:59 (500); its first hour, 00:00, is past the hourly period (90 days after it
     * ends) at 2027-02-27T01:00Z, its last bucket expires at 2027-02-28T00:00Z.
     */
    @Nested
    class PastTheHourlyPeriod {

        private static final LocalDate DAY = LocalDate.parse("2026-11-29");
        private static final Instant FIRST_HOUR_EXPIRED = Instant.parse("2027-02-27T01:00:00Z");
        private static final Instant LAST_BUCKET_EXPIRED = Instant.parse("2027-02-28T00:00:00Z");
        private static final UsageCounts RECORDED = new UsageCounts(3, 1, 1);

        @BeforeEach
        void recordADay() {
            fixture.clock.advance(Duration.ofDays(1));
            done(recordUsage().handle(batch("the-day",
                    event(keyId, "2026-11-29T07:10:00Z", 200),
                    event(keyId, "2026-11-29T07:20:00Z", 404),
                    event(keyId, "2026-11-29T23:59:00Z", 500))));
        }

        private void rollUp(UsageRecords records) {
            records.rollUp(new UsageRecords.UsageDay(accountId, subscriptionId, DAY));
        }

        /** An event the gateway reports after the roll-up: only the hourly buckets have it. */
        private void reportLate() {
            done(recordUsage().handle(batch("late", event(keyId, "2026-11-29T07:30:00Z", 200))));
        }

        private List<ViewUsage.Period> days(ViewUsage view, String from, String to) {
            return done(view.handle(owner(), subscriptionId, new ViewUsage.Request(Optional.of(from), Optional.of(to),
                    Optional.of("day")))).periods();
        }

        private List<ViewUsage.Period> theDay(ViewUsage view) {
            return days(view, "2026-11-29T00:00:00Z", "2026-11-30T00:00:00Z");
        }

        private static List<ViewUsage.Period> only(LocalDate day, UsageCounts counts) {
            return List.of(new ViewUsage.Period(day.atStartOfDay(ZoneOffset.UTC).toInstant(), counts));
        }

        @Test
        void a_day_whose_hours_are_all_still_kept_is_summed_from_its_buckets_even_when_it_has_an_aggregate() {
            rollUp(usage);
            reportLate();
            fixture.clock.set(FIRST_HOUR_EXPIRED.minusSeconds(1));

            assertEquals(only(DAY, new UsageCounts(4, 1, 1)), theDay(viewUsage()), "the late request counts");
        }

        @Test
        void once_its_first_hour_is_past_the_hourly_period_a_day_is_its_aggregate_until_the_aggregate_expires() {
            rollUp(usage);
            reportLate();

            fixture.clock.set(FIRST_HOUR_EXPIRED);
            assertEquals(only(DAY, RECORDED), theDay(viewUsage()), "the aggregate, not the buckets still kept");

            fixture.clock.set(LAST_BUCKET_EXPIRED);
            assertEquals(List.of(), storedBuckets());
            assertEquals(only(DAY, RECORDED), theDay(viewUsage()));

            // 396 days after the day ends the aggregate goes; until then the day is within reach.
            fixture.clock.set(Instant.parse("2027-12-30T23:59:59Z"));
            assertEquals(only(DAY, RECORDED), theDay(viewUsage()));
        }

        @Test
        void a_day_with_an_aggregate_and_all_its_buckets_shows_the_same_before_and_after_the_switch() {
            rollUp(usage);
            List<ViewUsage.Period> fromBuckets = theDay(viewUsage());

            fixture.clock.set(LAST_BUCKET_EXPIRED);

            assertEquals(only(DAY, RECORDED), fromBuckets);
            assertEquals(fromBuckets, theDay(viewUsage()));
        }

        @Test
        void a_day_past_the_hourly_period_that_was_never_rolled_up_shows_the_hours_still_kept() {
            fixture.clock.set(Instant.parse("2027-02-27T12:00:00Z"));
            assertEquals(only(DAY, new UsageCounts(1, 0, 1)), theDay(viewUsage()), "the 07 bucket is gone, the 23 one is left");

            fixture.clock.set(LAST_BUCKET_EXPIRED);
            assertEquals(List.of(), theDay(viewUsage()));
        }

        @Test
        void a_range_spanning_both_lists_old_days_from_their_aggregates_and_recent_days_from_their_buckets() {
            rollUp(usage);
            fixture.clock.set(Instant.parse("2027-03-10T12:00:00Z"));
            usage.create(accountId, new UsageBucket(subscriptionId, Instant.parse("2027-03-10T10:00:00Z"), new UsageCounts(1, 1, 0),
                    List.of()));

            ViewUsage.Report report = done(viewUsage().handle(owner(), subscriptionId, new ViewUsage.Request(
                    Optional.of("2026-11-01T00:00:00Z"), Optional.of("2027-03-11T00:00:00Z"), Optional.of("day"))));

            assertEquals(List.of(new ViewUsage.Period(Instant.parse("2026-11-29T00:00:00Z"), RECORDED),
                    new ViewUsage.Period(Instant.parse("2027-03-10T00:00:00Z"), new UsageCounts(1, 1, 0))), report.periods());
            assertEquals(new UsageCounts(4, 2, 1), report.totals());
        }

        @Test
        void a_shorter_hourly_period_set_by_the_operator_moves_the_switch_and_the_hourly_limit() {
            RetentionSchedule tenDays = Retention.STANDARD.withOverrides(Map.of(RetentionCategory.USAGE_HOURLY, Duration.ofDays(10)));
            UsageRecords shortLived = new UsageRecords(fixture.store, tenDays, fixture.clock);
            ViewUsage view = new ViewUsage(new ViewSubscriptions(subscriptions), shortLived, tenDays, fixture.clock);
            rollUp(shortLived);
            reportLate();

            fixture.clock.set(Instant.parse("2026-12-09T01:00:00Z"));

            assertEquals(only(DAY, RECORDED), theDay(view), "past 10 days the aggregate answers");
            assertEquals(only(DAY, new UsageCounts(4, 1, 1)), theDay(viewUsage()), "the shipped 90 days would still sum the buckets");
            Problem hourly = refused(view.handle(owner(), subscriptionId, new ViewUsage.Request(Optional.of("2026-11-29T00:00:00Z"),
                    Optional.of("2026-11-29T08:00:00Z"), Optional.of("hour"))));
            assertTrue(hourly.detail().startsWith("Usage per hour is kept 10 days after the hour ends, so the query parameter from is at"
                    + " the earliest 2026-11-29T01:00:00Z"), hourly::detail);
        }
    }
}
