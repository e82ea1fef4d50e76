package com.cardscry.portal.bench;

import com.cardscry.portal.adapters.embedded.EmbeddedExportStore;
import com.cardscry.portal.adapters.embedded.EmbeddedMessageQueue;
import com.cardscry.portal.application.DocumentAuditLog;
import com.cardscry.portal.application.Pseudonyms;
import com.cardscry.portal.application.accounts.AccountRecords;
import com.cardscry.portal.application.accounts.AccountsFixture;
import com.cardscry.portal.application.accounts.SessionRecords;
import com.cardscry.portal.application.gateway.MonthlyQuota;
import com.cardscry.portal.application.keys.KeyRecords;
import com.cardscry.portal.application.port.AuditAction;
import com.cardscry.portal.application.port.AuditEntry;
import com.cardscry.portal.application.port.Document;
import com.cardscry.portal.application.port.DocumentStore;
import com.cardscry.portal.application.port.ExportStore;
import com.cardscry.portal.application.port.Page;
import com.cardscry.portal.application.port.Query;
import com.cardscry.portal.application.port.StoredDocument;
import com.cardscry.portal.application.port.WriteResult;
import com.cardscry.portal.application.privacy.PrivacyRequestRecords;
import com.cardscry.portal.application.privacy.SubmitPrivacyRequest;
import com.cardscry.portal.application.retention.LegalHoldSweep;
import com.cardscry.portal.application.retention.LegalHolds;
import com.cardscry.portal.application.retention.PurgeExpiredData;
import com.cardscry.portal.application.retention.PurgeReport;
import com.cardscry.portal.application.retention.RetentionRuns;
import com.cardscry.portal.application.subscriptions.SubscriptionRecords;
import com.cardscry.portal.application.usage.UsageRecords;
import com.cardscry.portal.domain.Account;
import com.cardscry.portal.domain.Consent;
import com.cardscry.portal.domain.EmailAddress;
import com.cardscry.portal.domain.EmailChallenge;
import com.cardscry.portal.domain.Plan;
import com.cardscry.portal.domain.PlanEnvironment;
import com.cardscry.portal.domain.RetentionCategory;
import com.cardscry.portal.domain.Session;
import com.cardscry.portal.domain.Subscription;
import com.cardscry.portal.domain.SubscriptionKey;
import com.cardscry.portal.domain.SubscriptionState;
import com.cardscry.portal.domain.UsageBucket;
import com.cardscry.portal.domain.UsageCounts;
import com.cardscry.portal.testing.CountingDocumentStore;
import com.cardscry.portal.testing.FakeClock;
import com.cardscry.portal.testing.Retention;
import java.io.IOException;
import java.io.InputStream;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Issue 7's benchmark: one retention purge ({@link PurgeExpiredData}) over an embedded store that holds
 * many live documents and a few expired items. The requirement: "with 1,000,000 live documents and
 * 10,000 expired in the embedded store, a purge run finishes in at most 2 s and touches at most a small
 * constant more than 10,000 documents".
 *
 * <p><b>The data</b>, written once into an {@code EmbeddedDocumentStore} file (the real adapter, opened
 * by {@link AccountsFixture} with every container of {@code Containers.ALL}) and an
 * {@code EmbeddedExportStore} folder, at the fixture's {@link FakeClock} instant, which never moves.
 * Every document goes through the application's record classes ({@link AccountRecords},
 * {@link SessionRecords}, {@link SubscriptionRecords}, {@link KeyRecords}, {@link UsageRecords},
 * {@link DocumentAuditLog}, {@link MonthlyQuota}), one store write (one commit) per document, so the
 * shapes, ttls and index entries are the real ones; only the use cases around them (token checks,
 * email codes, plan rules) are skipped. Live:
 * <ul>
 *   <li>one verified account per {@value #LIVE_DOCUMENTS_PER_ACCOUNT} live documents (10,000 for a million), each with its identity and email-index entries, two
 *       sessions, {@value #AUDIT_PER_ACCOUNT} audit entries, one subscription (every second account a
 *       second one); per subscription two keys (key, key-index and key-owner documents) and a monthly
 *       quota counter;</li>
 *   <li>{@value #PENDING_NOT_DUE} sign-ups younger than seven days (pending account, identity entry,
 *       {@code sign-up-days} entry), a fifth of them on the cutoff's own day after the cutoff, so that
 *       day's partition mixes due and not-due entries;</li>
 *   <li>hourly usage buckets (with their {@code usage-days} entries) filling the rest: per subscription
 *       and day {@value #HOURS_PER_USAGE_DAY} buckets, on days not yet due for roll-up, spread over the
 *       whole 90-day window, until the live count is reached;</li>
 *   <li>{@value #LIVE_EXPORTS} exports younger than their seven days (files, not documents).</li>
 * </ul>
 * Expired (what the purge must deal with), counted in documents, 45 / 35 / 20 % of the expired count:
 * <ul>
 *   <li>unverified sign-ups past their seven days (pending account, identity and index entry each),
 *       spread over the six days before the cutoff and the cutoff's day before the cutoff;</li>
 *   <li>subscription-days due for roll-up: a {@code usage-days} entry of the last day due, each with
 *       {@value #HOURS_ON_DUE_DAY} hourly buckets that the roll-up sums (counted as expiring: the roll-up
 *       is the last use of buckets a day from their ttl);</li>
 *   <li>exports written eight to nine days ago.</li>
 * </ul>
 *
 * <p><b>The measured runs</b>, each on its own copy of the filled store and export folder, in this JVM
 * after the fill, in the order (2), (1), (1), (3): (2) one run with limits large enough for everything
 * over a {@link CountingDocumentStore} and a wrapper that counts the documents each operation hands back
 * or writes, and for each query the documents in the range the embedded store walks (the stretch its
 * id conditions bound, from the query's start), untimed because the counting costs time, and first
 * because it also compiles the purge's code paths; (1) the same run without the counting, timed with
 * {@link System#nanoTime()} around {@link PurgeExpiredData#run}, twice, each on a fresh copy; (3) runs with
 * {@link PurgeExpiredData.Limits#STANDARD} until one reports complete, timed and counted per run. After
 * runs 1 and 3 every expired item is checked to be gone (and each roll-up's aggregate to hold the sum),
 * and a sample of live documents to be there; the benchmark throws if not. The purge's clock is the
 * fake one, so its 20 s time limit never trips; what bounds a standard run is its 1,000 items.
 *
 * <p>Arguments: {@code [live documents] [expired documents]} (1,000,000 and 10,000). {@code bench/purge.sh}
 * runs it; {@code bench/README.md} records the figures.
 */
public final class RetentionPurgeBench {

    /** Verified accounts per live document: 10,000 for a million. */
    static final int LIVE_DOCUMENTS_PER_ACCOUNT = 100;
    static final int AUDIT_PER_ACCOUNT = 6;
    static final int KEYS_PER_SUBSCRIPTION = 2;
    static final int PENDING_NOT_DUE = 1_000;
    static final int LIVE_EXPORTS = 200;
    static final int HOURS_PER_USAGE_DAY = 8;
    static final int HOURS_ON_DUE_DAY = 6;
    static final String TENANT = "tenant-1";
    /** Every live document whose address is kept for the check afterwards: one in this many. */
    static final int LIVE_SAMPLE_EVERY = 500;
    static final PurgeExpiredData.Limits EVERYTHING = new PurgeExpiredData.Limits(20_000, Duration.ofSeconds(20));

    private RetentionPurgeBench() {
    }

    public static void main(String[] args) throws Exception {
        java.util.logging.Logger.getLogger("").setLevel(java.util.logging.Level.WARNING);
        int live = args.length > 0 ? Integer.parseInt(args[0]) : 1_000_000;
        int expired = args.length > 1 ? Integer.parseInt(args[1]) : 10_000;
        System.out.printf(Locale.ROOT, "retention purge: %,d live documents, %,d expired documents; max heap %d MB; JVM %s %s; load average %s%n",
                live, expired, Runtime.getRuntime().maxMemory() >> 20, System.getProperty("java.version"),
                ManagementFactory.getRuntimeMXBean().getInputArguments(), loadAverage());
        Path root = Files.createTempDirectory("purge-bench-");
        try {
            Path filled = root.resolve("filled");
            Dataset data = fill(filled, live, expired);
            // The counted run first: it also compiles the purge's code paths, so that the timed runs measure the
            // purge and not the JIT (an hourly timer in a running app finds them compiled).
            countedRun(copy(filled, root.resolve("run-2")), data);
            timedRun(copy(filled, root.resolve("run-1")), data);
            timedRun(copy(filled, root.resolve("run-1b")), data);
            standardRuns(copy(filled, root.resolve("run-3")), data);
            System.out.printf(Locale.ROOT, "%nload average at the end %s%n", loadAverage());
        } finally {
            deleteRecursively(root);
        }
        // The embedded store's sweeper is a daemon; nothing else runs.
        System.exit(0);
    }

    // ---------------------------------------------------------------------------------------------
    // the data

    /** An address in the document store. */
    record Address(String container, String partitionKey, String id) {
    }

    /** What was written: the expired items to check for afterwards, and a sample of the live documents. */
    static final class Dataset {
        final List<Address> signUpDocuments = new ArrayList<>();
        final List<UsageRecords.UsageDay> dueUsageDays = new ArrayList<>();
        final Map<UsageRecords.UsageDay, Long> dueRequests = new java.util.HashMap<>();
        final List<String> expiredExports = new ArrayList<>();
        final List<String> liveExports = new ArrayList<>();
        final List<Address> liveSample = new ArrayList<>();
        long liveDocuments;
        final Map<String, Long> livePerContainer = new TreeMap<>();
        int signUps;

        void live(String container, String partitionKey, String id) {
            if (liveDocuments++ % LIVE_SAMPLE_EVERY == 0) {
                liveSample.add(new Address(container, partitionKey, id));
            }
            livePerContainer.merge(container, 1L, Long::sum);
        }

        int expiredItems() {
            return signUps + dueUsageDays.size() + expiredExports.size();
        }

        int expiredDocuments() {
            return 3 * signUps + (1 + HOURS_ON_DUE_DAY) * dueUsageDays.size() + expiredExports.size();
        }
    }

    private static Dataset fill(Path folder, int live, int expired) throws IOException {
        Dataset data = new Dataset();
        long start = System.nanoTime();
        try (Parts parts = new Parts(folder)) {
            Instant now = parts.clock.now();
            Instant cutoff = now.minus(Retention.STANDARD.period(RetentionCategory.UNVERIFIED_SIGN_UPS));
            LocalDate lastDueDay = lastRollUpDay(now);
            // The expired count is in documents: a sign-up is 3 (account, identity, index entry), a subscription-day due
            // for roll-up 1 + its buckets (the index entry and the buckets about to expire), an export 1.
            int expiredSignUps = expired * 45 / 100 / 3;
            int dueUsageDays = expired * 35 / 100 / (1 + HOURS_ON_DUE_DAY);
            int expiredExports = expired - 3 * expiredSignUps - (1 + HOURS_ON_DUE_DAY) * dueUsageDays;

            List<Subscription> subscriptions = accounts(parts, data, now, live / LIVE_DOCUMENTS_PER_ACCOUNT);
            long afterAccounts = System.nanoTime();
            pendingSignUps(parts, data, cutoff, now, expiredSignUps);
            dueUsage(parts, data, subscriptions, lastDueDay, dueUsageDays);
            usageToFill(parts, data, subscriptions, lastDueDay, now, live);
            long afterUsage = System.nanoTime();
            exports(parts, data, now, expiredExports);
            data.signUps = expiredSignUps;
            long afterExports = System.nanoTime();
            // A subscription-day is an index entry and its first bucket, so the count may end one over.
            if (data.liveDocuments < live || data.liveDocuments > live + 1) {
                throw new IllegalStateException("wrote " + data.liveDocuments + " live documents, not " + live);
            }
            long fillNanos = afterExports - start;
            long beforeRewrite = Files.size(folder.resolve("documents.mv.db"));
            long rewriteStart = System.nanoTime();
            // Each write committed on its own, so the file is mostly dead chunks; the rewrite leaves the live data.
            parts.fixture.store.rewriteFile();
            long rewriteNanos = System.nanoTime() - rewriteStart;
            System.gc();
            System.out.printf(Locale.ROOT, "%nfill: %.1f s (accounts and their documents %.1f s, sign-ups and usage %.1f s, exports %.1f s), "
                            + "%,d live documents, %,d expired documents (%,d items)%n", fillNanos / 1e9, (afterAccounts - start) / 1e9,
                    (afterUsage - afterAccounts) / 1e9, (afterExports - afterUsage) / 1e9, data.liveDocuments,
                    data.expiredDocuments(), data.expiredItems());
            System.out.printf(Locale.ROOT, "      store file %,d B after the fill, %,d B after rewriteFile (%.1f s); heap used after the fill "
                    + "and a GC %d MB; load average %s%n", beforeRewrite, Files.size(folder.resolve("documents.mv.db")), rewriteNanos / 1e9,
                    heapUsedMb(), loadAverage());
            System.out.println("      live documents per container: " + data.livePerContainer);
            System.out.printf(Locale.ROOT, "      expired: %,d unverified sign-ups (3 documents each), %,d subscription-days to roll up "
                    + "(%d buckets each), %,d exports; live exports %d%n", expiredSignUps, dueUsageDays, HOURS_ON_DUE_DAY, expiredExports,
                    LIVE_EXPORTS);
        }
        return data;
    }

    /** The last day whose buckets the roll-up takes at {@code now}: as {@code PurgeExpiredData} computes it. */
    static LocalDate lastRollUpDay(Instant now) {
        return LocalDate.ofInstant(now.plus(Duration.ofDays(1)).minus(Retention.STANDARD.period(RetentionCategory.USAGE_HOURLY))
                .minus(Duration.ofHours(1)), ZoneOffset.UTC);
    }

    /** The verified accounts with what they own; answers their subscriptions. */
    private static List<Subscription> accounts(Parts parts, Dataset data, Instant now, int count) {
        Plan plan = new Plan("bench", "Bench", "A plan of the purge benchmark.", PlanEnvironment.LIVE, 20, 500_000, false,
                KEYS_PER_SUBSCRIPTION, 2, Duration.ofDays(365));
        List<Subscription> subscriptions = new ArrayList<>();
        Instant joined = now.minus(Duration.ofDays(200));
        for (int a = 0; a < count; a++) {
            String accountId = UUID.randomUUID().toString();
            String objectId = UUID.randomUUID().toString();
            EmailAddress email = EmailAddress.of("dev-" + a + "@example.com");
            parts.records.bindIdentity(TENANT, objectId, accountId);
            data.live(AccountRecords.IDENTITIES.name(), TENANT + "." + objectId, TENANT + "." + objectId);
            Account verified = Account.signUp(accountId, TENANT, objectId, "Developer " + a, email,
                    Consent.acceptedAt("2026-01", "2026-02", joined), EmailChallenge.first(email, "hash", joined), joined)
                    .afterCodeEntered(true, joined.plusSeconds(60));
            written(parts.records.create(verified));
            data.live(AccountRecords.ACCOUNTS.name(), accountId, accountId);
            if (!parts.records.claimEmail(email, accountId)) {
                throw new IllegalStateException("email not claimed");
            }
            String emailKey = parts.records.emailIndexKey(email);
            data.live(AccountRecords.EMAIL_INDEX.name(), emailKey, emailKey);
            for (int s = 0; s < 2; s++) {
                Session session = Session.start(UUID.randomUUID().toString().replace("-", ""), accountId, false, now.minus(Duration.ofHours(s)),
                        Duration.ofHours(12));
                parts.sessions.create(session, now, Duration.ofMinutes(30));
                data.live(SessionRecords.SESSIONS.name(), accountId, session.id());
            }
            for (int e = 0; e < AUDIT_PER_ACCOUNT; e++) {
                parts.audit.record(AuditEntry.bySubject(now.minus(Duration.ofDays(e * 30L)), AuditAction.SESSION_STARTED,
                        parts.pseudonyms.of(accountId), Map.of()));
                data.livePerContainer.merge("audit", 1L, Long::sum);
                data.liveDocuments++;
            }
            int ownSubscriptions = a % 2 == 0 ? 2 : 1;
            for (int s = 0; s < ownSubscriptions; s++) {
                Subscription subscription = Subscription.request(UUID.randomUUID().toString(), accountId, plan, Optional.empty(), joined);
                written(parts.subscriptions.create(subscription));
                data.live(SubscriptionRecords.SUBSCRIPTIONS.name(), accountId, subscription.id());
                subscriptions.add(subscription);
                for (int k = 0; k < KEYS_PER_SUBSCRIPTION; k++) {
                    String keyId = UUID.randomUUID().toString();
                    String keyHash = UUID.randomUUID().toString().replace("-", "") + UUID.randomUUID().toString().replace("-", "");
                    SubscriptionKey key = new SubscriptionKey(keyId, accountId, subscription.id(), "key-" + k, "cs_live_..." + keyHash.substring(0, 4),
                            "v1", keyHash, joined, now.plus(Duration.ofDays(365)), Optional.empty(), Optional.empty(), Optional.empty(),
                            Optional.of(now.atOffset(ZoneOffset.UTC).toLocalDate()));
                    parts.keys.recordOwner(key, now);
                    data.live(KeyRecords.OWNERS.name(), keyId, keyId);
                    written(parts.keys.create(key));
                    data.live(KeyRecords.KEYS.name(), accountId, keyId);
                    parts.keys.index(key, plan.id(), SubscriptionState.ACTIVE, now);
                    data.live(KeyRecords.INDEX.name(), keyHash, keyHash);
                }
                parts.quota.requestsRecorded(subscription.id(), now.truncatedTo(ChronoUnit.HOURS), 100 + a);
                data.live(MonthlyQuota.CONTAINER, subscription.id(), now.atOffset(ZoneOffset.UTC).toLocalDate().withDayOfMonth(1).toString()
                        .substring(0, 7));
            }
            if (a % 500 == 499) {
                parts.quota.flush();
            }
        }
        MonthlyQuota.FlushReport flushed = parts.quota.flush();
        if (flushed.failures() > 0) {
            throw new IllegalStateException("quota counters not written: " + flushed);
        }
        return subscriptions;
    }

    /** Unverified sign-ups: {@code expiredCount} past their seven days, {@link #PENDING_NOT_DUE} not yet. */
    private static void pendingSignUps(Parts parts, Dataset data, Instant cutoff, Instant now, int expiredCount) {
        long dueSpan = Duration.ofDays(6).toSeconds() + Duration.between(cutoff.truncatedTo(ChronoUnit.DAYS), cutoff).toSeconds();
        Instant earliest = cutoff.minusSeconds(dueSpan);
        for (int i = 0; i < expiredCount; i++) {
            Instant at = earliest.plusSeconds(dueSpan * i / expiredCount);
            data.signUpDocuments.addAll(signUp(parts, at, null));
        }
        Instant cutoffDayEnd = cutoff.truncatedTo(ChronoUnit.DAYS).plus(Duration.ofDays(1));
        for (int i = 0; i < PENDING_NOT_DUE; i++) {
            // A fifth on the cutoff's day after the cutoff, the rest spread up to now.
            Instant at = i % 5 == 0
                    ? cutoff.plusSeconds(1 + Duration.between(cutoff, cutoffDayEnd).toSeconds() * i / PENDING_NOT_DUE)
                    : cutoff.plusSeconds(1 + Duration.between(cutoff, now).toSeconds() * i / PENDING_NOT_DUE);
            signUp(parts, at, data);
        }
    }

    /** A pending account as {@code SignUp} leaves it (identity, sign-up index entry, account); answers its documents. */
    private static List<Address> signUp(Parts parts, Instant at, Dataset liveData) {
        String accountId = UUID.randomUUID().toString();
        String objectId = UUID.randomUUID().toString();
        EmailAddress email = EmailAddress.of("p-" + objectId + "@example.com");
        parts.records.bindIdentity(TENANT, objectId, accountId);
        AccountRecords.SignUpEntry entry = new AccountRecords.SignUpEntry(accountId, TENANT, objectId, at);
        parts.records.indexSignUp(entry);
        written(parts.records.create(Account.signUp(accountId, TENANT, objectId, "Pat Example", email,
                Consent.acceptedAt("2026-01", "2026-02", at), EmailChallenge.first(email, "hash", at), at)));
        List<Address> documents = List.of(new Address(AccountRecords.IDENTITIES.name(), TENANT + "." + objectId, TENANT + "." + objectId),
                new Address(AccountRecords.SIGN_UP_DAYS.name(), entry.indexedOn().toString(), accountId),
                new Address(AccountRecords.ACCOUNTS.name(), accountId, accountId));
        if (liveData != null) {
            documents.forEach(address -> liveData.live(address.container(), address.partitionKey(), address.id()));
        }
        return documents;
    }

    /** The subscription-days due for roll-up, on the last day due, each with {@link #HOURS_ON_DUE_DAY} buckets. */
    private static void dueUsage(Parts parts, Dataset data, List<Subscription> subscriptions, LocalDate day, int count) {
        if (count > subscriptions.size()) {
            throw new IllegalArgumentException("more due subscription-days than subscriptions");
        }
        for (int i = 0; i < count; i++) {
            Subscription subscription = subscriptions.get(i);
            UsageRecords.UsageDay usageDay = new UsageRecords.UsageDay(subscription.accountId(), subscription.id(), day);
            long requests = 0;
            for (int h = 0; h < HOURS_ON_DUE_DAY; h++) {
                UsageCounts counts = new UsageCounts(100 + i % 50 + h, h, i % 2);
                writeBucket(parts, null, subscription, day.atStartOfDay(ZoneOffset.UTC).toInstant().plus(Duration.ofHours(9 + h)), counts);
                requests += counts.requests();
            }
            data.dueUsageDays.add(usageDay);
            data.dueRequests.put(usageDay, requests);
        }
    }

    /**
     * Buckets on days not yet due, {@link #HOURS_PER_USAGE_DAY} a subscription-day, until the live count is
     * reached. Round {@code r} gives each subscription one more day, a different one for each round
     * (89 days, a prime, so the days of one subscription never repeat).
     */
    private static void usageToFill(Parts parts, Dataset data, List<Subscription> subscriptions, LocalDate lastDueDay, Instant now,
                                    int live) {
        int days = (int) (LocalDate.ofInstant(now, ZoneOffset.UTC).toEpochDay() - lastDueDay.toEpochDay());
        if (days != 89) {
            throw new IllegalStateException("expected 89 days not yet due, found " + days);
        }
        Instant thisHour = now.truncatedTo(ChronoUnit.HOURS);
        for (int i = 0; data.liveDocuments < live; i++) {
            int round = i / subscriptions.size();
            if (round >= days) {
                throw new IllegalStateException("not enough subscription-days for " + live + " live documents");
            }
            Subscription subscription = subscriptions.get(i % subscriptions.size());
            LocalDate day = lastDueDay.plusDays(1 + (i % subscriptions.size() * 7L + round * 13L) % days);
            for (int h = 0; h < HOURS_PER_USAGE_DAY && data.liveDocuments < live; h++) {
                Instant hour = day.atStartOfDay(ZoneOffset.UTC).toInstant().plus(Duration.ofHours(8 + h));
                if (hour.isAfter(thisHour)) {
                    break;
                }
                if (h == 0) {
                    // The usage-days entry UsageRecords.create writes before the day's first bucket: live, not yet due.
                    data.live(UsageRecords.USAGE_DAYS.name(), day.toString(), subscription.accountId() + ":" + subscription.id());
                }
                writeBucket(parts, data, subscription, hour, new UsageCounts(50 + h, h % 3, 0));
            }
        }
    }

    /** A bucket; counted as live unless {@code data} is null (a bucket of a day due for roll-up is expiring). */
    private static void writeBucket(Parts parts, Dataset data, Subscription subscription, Instant hour, UsageCounts counts) {
        List<String> batches = List.of(UUID.randomUUID().toString(), UUID.randomUUID().toString());
        written(parts.usage.create(subscription.accountId(), new UsageBucket(subscription.id(), hour, counts, batches)));
        if (data != null) {
            data.live(UsageRecords.USAGE.name(), subscription.accountId(), subscription.id() + ":" + UsageBucket.hourId(hour));
        }
    }

    /**
     * Exports: {@code expiredCount} written eight to nine days ago, {@link #LIVE_EXPORTS} a day ago, through a
     * second export store over the same folder whose clock walks forward through those times (the fixture's
     * clock stands at now).
     */
    private static void exports(Parts parts, Dataset data, Instant now, int expiredCount) {
        byte[] content = ("{\"export\":\"" + "x".repeat(2_000) + "\"}").getBytes(StandardCharsets.UTF_8);
        FakeClock writtenAt = new FakeClock(now.minus(Duration.ofDays(9)));
        EmbeddedExportStore exports = EmbeddedExportStore.open(parts.folder.resolve("exports"), writtenAt);
        Duration step = Duration.ofDays(1).dividedBy(Math.max(1, expiredCount));
        for (int i = 0; i < expiredCount + LIVE_EXPORTS; i++) {
            boolean expired = i < expiredCount;
            if (i == expiredCount) {
                writtenAt.set(now.minus(Duration.ofDays(1)));
            }
            String name = "privacy/" + UUID.randomUUID() + "/" + UUID.randomUUID() + ".json";
            exports.write(name, "application/json", out -> out.write(content));
            writtenAt.advance(expired ? step : Duration.ofSeconds(1));
            (expired ? data.expiredExports : data.liveExports).add(name);
        }
    }

    private static void written(WriteResult result) {
        if (!result.isWritten()) {
            throw new IllegalStateException("not written: " + result.status());
        }
    }

    // ---------------------------------------------------------------------------------------------
    // the parts

    /** The embedded document and export stores of one data folder, with the record classes over them. */
    private static final class Parts implements AutoCloseable {
        final Path folder;
        final AccountsFixture fixture;
        final FakeClock clock;
        final EmbeddedExportStore exports;
        final AccountRecords records;
        final SessionRecords sessions;
        final SubscriptionRecords subscriptions;
        final KeyRecords keys;
        final UsageRecords usage;
        final DocumentAuditLog audit;
        final MonthlyQuota quota;
        final Pseudonyms pseudonyms;
        final EmbeddedMessageQueue queue;

        Parts(Path folder) {
            this.folder = folder;
            fixture = new AccountsFixture(folder);
            clock = fixture.clock;
            exports = EmbeddedExportStore.open(folder.resolve("exports"), clock);
            DocumentStore store = fixture.store;
            records = new AccountRecords(store, fixture.secrets);
            sessions = new SessionRecords(store);
            subscriptions = new SubscriptionRecords(store, Retention.STANDARD, clock);
            keys = new KeyRecords(store, Retention.STANDARD, clock);
            usage = new UsageRecords(store, Retention.STANDARD, clock);
            audit = fixture.audit;
            quota = new MonthlyQuota(store, Retention.STANDARD, clock);
            queue = EmbeddedMessageQueue.open(folder.resolve("queue.mv.db"), clock);
            pseudonyms = fixture.services.pseudonyms();
        }

        /** The purge wired as {@code config.Portal} wires it, every document-store operation through {@code store}. */
        PurgeExpiredData purge(DocumentStore store, ExportStore exportStore, PurgeExpiredData.Limits limits) {
            AccountRecords accounts = new AccountRecords(store, fixture.secrets);
            DocumentAuditLog auditLog = new DocumentAuditLog(store, new SecureRandom(), Retention.STANDARD);
            LegalHolds holds = new LegalHolds(store, accounts, auditLog, pseudonyms, Retention.STANDARD, clock);
            PrivacyRequestRecords requests = new PrivacyRequestRecords(store, Retention.STANDARD, clock);
            LegalHoldSweep sweep = new LegalHoldSweep(holds, store, pseudonyms, requests,
                    new SubmitPrivacyRequest(requests, queue, auditLog, pseudonyms, clock), clock);
            return new PurgeExpiredData(accounts, new UsageRecords(store, Retention.STANDARD, clock), exportStore,
                    fixture.services.notifier(), holds, sweep, new RetentionRuns(store), auditLog, pseudonyms, Retention.STANDARD, clock,
                    limits);
        }

        @Override
        public void close() {
            queue.close();
            fixture.close();
        }
    }

    // ---------------------------------------------------------------------------------------------
    // the measured runs

    private static void timedRun(Path folder, Dataset data) {
        try (Parts parts = new Parts(folder)) {
            PurgeExpiredData purge = parts.purge(parts.fixture.store, parts.exports, EVERYTHING);
            long start = System.nanoTime();
            PurgeReport report = purge.run(false);
            long nanos = System.nanoTime() - start;
            System.out.printf(Locale.ROOT, "%n(1) one run, limits %s, timed: %.1f ms; complete %s; removed %s; load average %s%n",
                    EVERYTHING, nanos / 1e6, report.complete(), report.removed(), loadAverage());
            requireExpiredGoneAndLiveKept(parts, data);
            System.out.println("    checked: every expired item gone, every roll-up summed, the live sample and live exports still there");
        }
    }

    private static void countedRun(Path folder, Dataset data) {
        try (Parts parts = new Parts(folder)) {
            CountingDocumentStore counting = new CountingDocumentStore(parts.fixture.store);
            Touches touches = new Touches(counting, parts.fixture.store);
            CountedExports exports = new CountedExports(parts.exports, folder.resolve("exports"));
            PurgeExpiredData purge = parts.purge(touches, exports, EVERYTHING);
            long start = System.nanoTime();
            PurgeReport report = purge.run(false);
            long nanos = System.nanoTime() - start;
            System.out.printf(Locale.ROOT, "%n(2) the same run over CountingDocumentStore and the touch counter (time %.1f ms, not comparable:"
                    + " counting and the range walks cost time); complete %s%n", nanos / 1e6, report.complete());
            System.out.println(touches.table(counting));
            System.out.printf(Locale.ROOT, "    export store: %,d listings returned %,d files, %,d deletes; the listings opened %,d file headers%n",
                    exports.listings, exports.listed, exports.deletes, exports.headersRead);
            System.out.printf(Locale.ROOT, "    distinct documents touched: %,d (the expired items' own documents: %,d sign-up documents + %,d"
                            + " usage-days entries + %,d buckets read + %,d aggregates written = %,d)%n", touches.distinct.size(),
                    data.signUpDocuments.size(), data.dueUsageDays.size(), data.dueUsageDays.size() * HOURS_ON_DUE_DAY, data.dueUsageDays.size(),
                    data.signUpDocuments.size() + data.dueUsageDays.size() * (2L + HOURS_ON_DUE_DAY));
            requireExpiredGoneAndLiveKept(parts, data);
        }
    }

    private static void standardRuns(Path folder, Dataset data) {
        try (Parts parts = new Parts(folder)) {
            CountingDocumentStore counting = new CountingDocumentStore(parts.fixture.store);
            Touches touches = new Touches(counting, parts.fixture.store);
            touches.walkRanges = false;
            PurgeExpiredData purge = parts.purge(touches, parts.exports, PurgeExpiredData.Limits.STANDARD);
            System.out.printf(Locale.ROOT, "%n(3) runs with Limits.STANDARD %s until one is complete (timed, over CountingDocumentStore and the"
                    + " touch counter, both reset before each run; no range walks)%n", PurgeExpiredData.Limits.STANDARD);
            System.out.println("    run |     ms | complete | operations | documents | removed");
            long totalNanos = 0;
            long totalDocuments = 0;
            for (int run = 1; ; run++) {
                touches.reset();
                counting.reset();
                long start = System.nanoTime();
                PurgeReport report = purge.run(false);
                long nanos = System.nanoTime() - start;
                totalNanos += nanos;
                totalDocuments += touches.documents();
                System.out.printf(Locale.ROOT, "    %3d | %6.1f | %-8s | %10d | %9d | %s%n", run, nanos / 1e6, report.complete(),
                        counting.operations().size(), touches.documents(), report.removed());
                if (report.complete()) {
                    System.out.printf(Locale.ROOT, "    %d runs, %.1f ms in all, %,d documents handed back or written in all%n", run, totalNanos / 1e6,
                            totalDocuments);
                    break;
                }
                if (run == 100) {
                    throw new IllegalStateException("no complete run in 100 standard runs");
                }
            }
            requireExpiredGoneAndLiveKept(parts, data);
            System.out.println("    checked: every expired item gone, every roll-up summed, the live sample and live exports still there");
        }
    }

    /** Throws unless every expired item is gone (each roll-up's aggregate written) and the live sample is all there. */
    private static void requireExpiredGoneAndLiveKept(Parts parts, Dataset data) {
        DocumentStore store = parts.fixture.store;
        for (Address address : data.signUpDocuments) {
            if (store.read(address.container(), address.partitionKey(), address.id()).isPresent()) {
                throw new IllegalStateException("an expired sign-up document is still there: " + address.container());
            }
        }
        for (UsageRecords.UsageDay day : data.dueUsageDays) {
            if (store.read(UsageRecords.USAGE_DAYS.name(), day.day().toString(), day.accountId() + ":" + day.subscriptionId()).isPresent()) {
                throw new IllegalStateException("a usage-days entry due for roll-up is still there");
            }
            long requests = parts.usage.daily(day.accountId(), day.subscriptionId(), day.day())
                    .orElseThrow(() -> new IllegalStateException("a due day has no daily aggregate")).requests();
            if (requests != data.dueRequests.get(day)) {
                throw new IllegalStateException("a daily aggregate holds " + requests + " requests, not " + data.dueRequests.get(day));
            }
        }
        for (String name : data.expiredExports) {
            if (parts.exports.describe(name).isPresent()) {
                throw new IllegalStateException("an expired export is still there");
            }
        }
        for (String name : data.liveExports) {
            if (parts.exports.describe(name).isEmpty()) {
                throw new IllegalStateException("a live export is gone");
            }
        }
        for (Address address : data.liveSample) {
            if (store.read(address.container(), address.partitionKey(), address.id()).isEmpty()) {
                throw new IllegalStateException("a live document is gone: " + address);
            }
        }
    }

    /**
     * Counts, per container, the documents each operation hands back (a read that finds one, a query's
     * items) or writes (create, upsert, replace, a delete that deleted), and the distinct documents among
     * them. With {@link #walkRanges}, also the documents in the range each query makes the embedded store
     * walk: the stretch of its partition that the query's conditions on {@code id} bound (the whole
     * partition without any), from the query's start, counted by paging through it with only those
     * conditions on {@code walker} (an upper bound: a query that fills its page stops early).
     */
    private static final class Touches implements DocumentStore {
        private final DocumentStore delegate;
        private final DocumentStore walker;
        boolean walkRanges = true;
        final Map<String, long[]> perContainer = new TreeMap<>();
        final Set<Address> distinct = new HashSet<>();
        private static final int READ_HITS = 0;
        private static final int QUERY_ITEMS = 1;
        private static final int WRITES = 2;
        private static final int DELETES = 3;
        private static final int WALKED = 4;

        Touches(DocumentStore delegate, DocumentStore walker) {
            this.delegate = delegate;
            this.walker = walker;
        }

        void reset() {
            perContainer.clear();
            distinct.clear();
        }

        long documents() {
            return perContainer.values().stream().mapToLong(c -> c[READ_HITS] + c[QUERY_ITEMS] + c[WRITES] + c[DELETES]).sum();
        }

        private void add(String container, int what, long n) {
            perContainer.computeIfAbsent(container, c -> new long[5])[what] += n;
        }

        private void touched(String container, String partitionKey, String id) {
            distinct.add(new Address(container, partitionKey, id));
        }

        @Override
        public Optional<StoredDocument> read(String container, String partitionKey, String id) {
            Optional<StoredDocument> found = delegate.read(container, partitionKey, id);
            if (found.isPresent()) {
                add(container, READ_HITS, 1);
                touched(container, partitionKey, id);
            }
            return found;
        }

        @Override
        public WriteResult create(String container, Document document) {
            return written(container, document, delegate.create(container, document));
        }

        @Override
        public WriteResult upsert(String container, Document document) {
            return written(container, document, delegate.upsert(container, document));
        }

        @Override
        public WriteResult replace(String container, Document document, String ifMatchEtag) {
            return written(container, document, delegate.replace(container, document, ifMatchEtag));
        }

        private WriteResult written(String container, Document document, WriteResult result) {
            if (result.isWritten()) {
                add(container, WRITES, 1);
                touched(container, document.partitionKey(), document.id());
            }
            return result;
        }

        @Override
        public WriteResult delete(String container, String partitionKey, String id, String ifMatchEtag) {
            WriteResult result = delegate.delete(container, partitionKey, id, ifMatchEtag);
            if (result.status() == WriteResult.Status.DELETED) {
                add(container, DELETES, 1);
                touched(container, partitionKey, id);
            }
            return result;
        }

        @Override
        public int deleteAll(String container, String partitionKey, List<String> ids) {
            int deleted = delegate.deleteAll(container, partitionKey, ids);
            add(container, DELETES, deleted);
            ids.forEach(id -> touched(container, partitionKey, id));
            return deleted;
        }

        @Override
        public Page query(String container, Query query, int pageSize, Optional<String> continuation) {
            if (walkRanges) {
                add(container, WALKED, walk(container, query, continuation));
            }
            Page page = delegate.query(container, query, pageSize, continuation);
            add(container, QUERY_ITEMS, page.items().size());
            page.items().forEach(item -> touched(container, item.document().partitionKey(), item.id()));
            return page;
        }

        private long walk(String container, Query query, Optional<String> from) {
            Query bounds = Query.partition(query.partitionKey());
            for (Query.Condition condition : query.conditions()) {
                if (condition.fieldPath().equals("id")) {
                    bounds = bounds.where("id", condition.operator(), condition.value());
                }
            }
            long documents = 0;
            Optional<String> next = from;
            do {
                Page page = walker.query(container, bounds, 1000, next);
                documents += page.items().size();
                next = page.continuation();
            } while (next.isPresent());
            return documents;
        }

        String table(CountingDocumentStore counting) {
            Map<String, Map<String, Long>> operations = counting.operations().stream().collect(Collectors.groupingBy(
                    CountingDocumentStore.Operation::container, TreeMap::new, Collectors.groupingBy(CountingDocumentStore.Operation::kind,
                            TreeMap::new, Collectors.counting())));
            StringBuilder table = new StringBuilder(String.format(Locale.ROOT, "    %-16s | %-52s | %9s | %11s | %7s | %7s | %13s%n", "container",
                    "operations (CountingDocumentStore)", "read hits", "query items", "written", "deleted", "range walked"));
            long[] total = new long[5];
            Set<String> containers = new java.util.TreeSet<>(perContainer.keySet());
            containers.addAll(operations.keySet());
            for (String container : containers) {
                long[] c = perContainer.getOrDefault(container, new long[5]);
                for (int i = 0; i < 5; i++) {
                    total[i] += c[i];
                }
                table.append(String.format(Locale.ROOT, "    %-16s | %-52s | %,9d | %,11d | %,7d | %,7d | %,13d%n", container,
                        operations.getOrDefault(container, Map.of()).toString(), c[READ_HITS], c[QUERY_ITEMS], c[WRITES], c[DELETES], c[WALKED]));
            }
            table.append(String.format(Locale.ROOT, "    %-16s | %-52s | %,9d | %,11d | %,7d | %,7d | %,13d%n", "total",
                    counting.operations().size() + " operations", total[READ_HITS], total[QUERY_ITEMS], total[WRITES], total[DELETES],
                    total[WALKED]));
            table.append(String.format(Locale.ROOT, "    documents handed back or written (read hits + query items + written + deleted): %,d",
                    total[READ_HITS] + total[QUERY_ITEMS] + total[WRITES] + total[DELETES]));
            return table.toString();
        }
    }

    /** The export store, counting listings, listed files, deletes and (from the folder) the headers each listing reads. */
    private static final class CountedExports implements ExportStore {
        private final ExportStore delegate;
        private final Path folder;
        long listings;
        long listed;
        long deletes;
        long headersRead;

        CountedExports(ExportStore delegate, Path folder) {
            this.delegate = delegate;
            this.folder = folder;
        }

        @Override
        public ExportInfo write(String name, String contentType, ContentWriter writer) {
            return delegate.write(name, contentType, writer);
        }

        @Override
        public Optional<ExportInfo> describe(String name) {
            return delegate.describe(name);
        }

        @Override
        public Optional<InputStream> open(String name) {
            return delegate.open(name);
        }

        @Override
        public boolean delete(String name) {
            deletes++;
            return delegate.delete(name);
        }

        @Override
        public List<ExportInfo> listCreatedBefore(Instant cutoff, int max) {
            try (Stream<Path> files = Files.list(folder)) {
                headersRead += files.filter(file -> file.getFileName().toString().endsWith(".export")).count();
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
            List<ExportInfo> found = delegate.listCreatedBefore(cutoff, max);
            listings++;
            listed += found.size();
            return found;
        }
    }

    // ---------------------------------------------------------------------------------------------
    // helpers

    /** A copy of the filled data folder (store file, secrets, exports), so each measured run starts from the same data. */
    private static Path copy(Path from, Path to) throws IOException {
        try (Stream<Path> paths = Files.walk(from)) {
            for (Path path : paths.toList()) {
                Path target = to.resolve(from.relativize(path).toString());
                if (Files.isDirectory(path)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(path, target);
                }
            }
        }
        return to;
    }

    private static long heapUsedMb() {
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed() >> 20;
    }

    private static String loadAverage() {
        try {
            String[] fields = Files.readString(Path.of("/proc/loadavg")).split(" ");
            return fields[0] + " " + fields[1] + " " + fields[2];
        } catch (IOException e) {
            return "unknown";
        }
    }

    private static void deleteRecursively(Path folder) throws IOException {
        try (Stream<Path> paths = Files.walk(folder)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        }
    }
}
