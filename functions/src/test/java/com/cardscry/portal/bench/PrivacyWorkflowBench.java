package com.cardscry.portal.bench;

import com.cardscry.portal.adapters.embedded.EmbeddedExportStore;
import com.cardscry.portal.adapters.embedded.EmbeddedMessageQueue;
import com.cardscry.portal.adapters.outbox.LocalOutboxNotifier;
import com.cardscry.portal.application.DocumentAuditLog;
import com.cardscry.portal.application.Outcome;
import com.cardscry.portal.application.Pseudonyms;
import com.cardscry.portal.application.accounts.AccountRecords;
import com.cardscry.portal.application.accounts.AccountsFixture;
import com.cardscry.portal.application.accounts.SessionRecords;
import com.cardscry.portal.application.accounts.UpdateProfile;
import com.cardscry.portal.application.gateway.KeyIndexCache;
import com.cardscry.portal.application.keys.IssueKey;
import com.cardscry.portal.application.keys.KeyHasher;
import com.cardscry.portal.application.keys.KeyIndexRefresher;
import com.cardscry.portal.application.keys.KeyIssuer;
import com.cardscry.portal.application.keys.KeyRecords;
import com.cardscry.portal.application.keys.KeyServices;
import com.cardscry.portal.application.port.DocumentStore;
import com.cardscry.portal.application.port.ExportStore;
import com.cardscry.portal.application.port.PhysicalErasure;
import com.cardscry.portal.application.port.QueueMessage;
import com.cardscry.portal.application.privacy.ApplyCorrection;
import com.cardscry.portal.application.privacy.CarryOutPrivacyRequest;
import com.cardscry.portal.application.privacy.ErasedIdentities;
import com.cardscry.portal.application.privacy.ErasureSteps;
import com.cardscry.portal.application.privacy.ExportNames;
import com.cardscry.portal.application.privacy.PrivacyRequestMessage;
import com.cardscry.portal.application.privacy.PrivacyRequestRecords;
import com.cardscry.portal.application.privacy.PrivacyStepHandler;
import com.cardscry.portal.application.privacy.SubmitPrivacyRequest;
import com.cardscry.portal.application.privacy.WriteAccessExport;
import com.cardscry.portal.application.retention.LegalHolds;
import com.cardscry.portal.application.subscriptions.CancelSubscription;
import com.cardscry.portal.application.subscriptions.OpenSubscriptionSlots;
import com.cardscry.portal.application.subscriptions.RequestSubscription;
import com.cardscry.portal.application.subscriptions.SubscriptionRecords;
import com.cardscry.portal.application.subscriptions.SubscriptionSchedule;
import com.cardscry.portal.application.subscriptions.SubscriptionServices;
import com.cardscry.portal.application.usage.UsageRecords;
import com.cardscry.portal.domain.Plan;
import com.cardscry.portal.domain.PlanCatalogue;
import com.cardscry.portal.domain.PlanEnvironment;
import com.cardscry.portal.domain.PrivacyStep;
import com.cardscry.portal.domain.UsageBucket;
import com.cardscry.portal.domain.UsageCounts;
import com.cardscry.portal.testing.CountingDocumentStore;
import com.cardscry.portal.testing.Retention;
import com.sun.management.GarbageCollectionNotificationInfo;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.UnaryOperator;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import javax.management.NotificationEmitter;
import javax.management.openmbean.CompositeData;

/**
 * Issue 6's benchmark: an access request and a deletion request carried out by the privacy worker for
 * an account with 50 keys and many hourly usage buckets, on the embedded parts (MVStore file, export
 * folder, queue file, local secrets and outbox) in a fresh temporary data folder.
 *
 * <p>The account is made through the real use cases: sign-up and email verification
 * ({@link AccountsFixture}), ten subscriptions ({@link RequestSubscription}) and five keys in each
 * ({@link IssueKey}). The built-in plans allow at most 23 working keys per account, so the account
 * subscribes to ten benchmark plans that each allow one subscription of five keys. The buckets are
 * written through {@link UsageRecords}, spread evenly over the ten subscriptions, one per hour going
 * back from the clock's hour, each with {@value #BATCHES_PER_BUCKET} batch ids (a gateway batch every
 * five minutes). Requests are filed through {@link SubmitPrivacyRequest} onto the embedded queue; the
 * message is received and its text parsed as the queue function does, and the time measured is from
 * handing it to {@link CarryOutPrivacyRequest#handle} until that returns {@code COMPLETED}. The worker is
 * wired as {@code config.Portal} wires it, except that each step handler is wrapped to time its step.
 *
 * <p>The clock is a {@code FakeClock} that stands still, so nothing expires during a run. Over 90 days
 * (the buckets' retention) ten subscriptions hold at most 21,600 buckets; the 200,000 of the heap run
 * reach further back, and their ttl (at least 1 s from the clock's instant) keeps them only because the
 * clock does not move.
 *
 * <p>Modes (first argument):
 * <ul>
 *   <li>{@code workflow [buckets] [warmups] [runs]} (20,000, 2, 5): each run on fresh data; the warm-up
 *       runs are reported but not in the median. One further run over a {@link CountingDocumentStore}
 *       counts the store operations per step (its times are not reported: the counting costs time).</li>
 *   <li>{@code heap [buckets]} (200,000): one export, then one deletion, in this JVM (start it with
 *       {@code -Xmx256m}): the heap used is sampled every 5 ms and read after every collection, for
 *       the seeding, the export and the deletion separately.</li>
 * </ul>
 * Prints figures only; asserts nothing beyond each request completing and the export holding every
 * bucket. {@code bench/privacy.sh} runs both modes; {@code bench/README.md} records the figures.
 */
public final class PrivacyWorkflowBench {

    static final int SUBSCRIPTIONS = 10;
    static final int KEYS_PER_SUBSCRIPTION = 5;
    static final int BATCHES_PER_BUCKET = 12;
    static final String OBJECT_ID = "oid-bench";
    static final String EMAIL = "ada.lovelace@example.com";

    private PrivacyWorkflowBench() {
    }

    public static void main(String[] args) throws Exception {
        // The parts log each data folder they open (INFO); a run opens many. Warnings still show.
        java.util.logging.Logger.getLogger("").setLevel(java.util.logging.Level.WARNING);
        String mode = args.length > 0 ? args[0] : "workflow";
        switch (mode) {
            case "workflow" -> workflow(intArg(args, 1, 20_000), intArg(args, 2, 2), intArg(args, 3, 5));
            case "heap" -> heap(intArg(args, 1, 200_000));
            default -> throw new IllegalArgumentException("mode is workflow or heap, was " + mode);
        }
        // The embedded store's sweeper and the JDK's management threads are daemons; nothing else runs.
        System.exit(0);
    }

    private static int intArg(String[] args, int index, int otherwise) {
        return args.length > index ? Integer.parseInt(args[index]) : otherwise;
    }

    // ---------------------------------------------------------------------------------------------
    // workflow

    private record Run(String label, long seedNanos, long storeFileBytes, long exportNanos, long deletionNanos, long jsonBytes, long htmlBytes,
                       Map<PrivacyStep, Long> stepNanos) {
    }

    private static void workflow(int buckets, int warmups, int runs) throws IOException {
        System.out.printf(Locale.ROOT, "privacy workflow: %d keys, %,d usage buckets, %d warm-up + %d measured runs, load average %s%n",
                SUBSCRIPTIONS * KEYS_PER_SUBSCRIPTION, buckets, warmups, runs, loadAverage());
        List<Run> measured = new ArrayList<>();
        for (int i = 1; i <= warmups + runs; i++) {
            String label = i <= warmups ? "warm-up " + i : "run " + (i - warmups);
            Run run = oneRun(label, buckets, UnaryOperator.identity());
            System.out.printf(Locale.ROOT, "%-10s seed %5.1f s (store file %,d B) | access %7.1f ms (JSON %,d B, HTML %,d B) | deletion %7.1f ms | load %s%n",
                    label, run.seedNanos / 1e9, run.storeFileBytes, run.exportNanos / 1e6, run.jsonBytes, run.htmlBytes, run.deletionNanos / 1e6,
                    loadAverage());
            if (i > warmups) {
                measured.add(run);
            }
        }
        System.out.println();
        System.out.printf(Locale.ROOT, "access   (write-export): median %7.1f ms, max %7.1f ms over %d runs (target 3000 ms)%n",
                median(measured, Run::exportNanos) / 1e6, max(measured, Run::exportNanos) / 1e6, measured.size());
        System.out.printf(Locale.ROOT, "deletion (all steps):   median %7.1f ms, max %7.1f ms over %d runs (target 3000 ms)%n",
                median(measured, Run::deletionNanos) / 1e6, max(measured, Run::deletionNanos) / 1e6, measured.size());
        System.out.println();
        System.out.println("per step (median over the measured runs):");
        for (PrivacyStep step : PrivacyStep.values()) {
            if (measured.get(0).stepNanos.containsKey(step)) {
                System.out.printf(Locale.ROOT, "  %-22s %8.1f ms%n", step.code(),
                        median(measured, run -> run.stepNanos.getOrDefault(step, 0L)) / 1e6);
            }
        }
        System.out.println();
        countedRun(buckets);
    }

    private static Run oneRun(String label, int buckets, UnaryOperator<DocumentStore> wrap) throws IOException {
        Path folder = Files.createTempDirectory("privacy-bench-");
        try (Workbench bench = new Workbench(folder, wrap)) {
            long seedStart = System.nanoTime();
            bench.seed(buckets);
            long seedNanos = System.nanoTime() - seedStart;
            long storeFileBytes = Files.size(folder.resolve("documents.mv.db"));

            bench.stepNanos.clear();
            PrivacyRequestMessage access = bench.file("access");
            long exportNanos = bench.carryOut(access);
            long jsonBytes = bench.exportSize(access, ExportNames.Format.JSON);
            long htmlBytes = bench.exportSize(access, ExportNames.Format.HTML);
            long exported = bench.usageItemsInJsonExport(access);
            if (exported != buckets) {
                throw new IllegalStateException(label + ": the export holds " + exported + " usage buckets, not " + buckets);
            }

            PrivacyRequestMessage deletion = bench.file("deletion");
            long deletionNanos = bench.carryOut(deletion);
            bench.requireErased();
            return new Run(label, seedNanos, storeFileBytes, exportNanos, deletionNanos, jsonBytes, htmlBytes, new EnumMap<>(bench.stepNanos));
        } finally {
            deleteRecursively(folder);
        }
    }

    /** One more run over a counting store: how many store operations each step makes. */
    private static void countedRun(int buckets) throws IOException {
        CountingDocumentStore[] counting = new CountingDocumentStore[1];
        Path folder = Files.createTempDirectory("privacy-bench-");
        try (Workbench bench = new Workbench(folder, store -> counting[0] = new CountingDocumentStore(store))) {
            bench.seed(buckets);
            bench.operationsPerStep = new EnumMap<>(PrivacyStep.class);
            bench.counting = counting[0];
            bench.carryOut(bench.file("access"));
            bench.carryOut(bench.file("deletion"));
            System.out.println("store operations per step (one further run over a counting store; the worker's own reads and"
                    + " writes of the request included in no step):");
            bench.operationsPerStep.forEach((step, counts) -> System.out.printf(Locale.ROOT, "  %-22s %s%n", step.code(), counts));
        } finally {
            deleteRecursively(folder);
        }
    }

    // ---------------------------------------------------------------------------------------------
    // heap

    private static void heap(int buckets) throws IOException {
        long maxHeap = Runtime.getRuntime().maxMemory();
        System.out.printf(Locale.ROOT, "privacy heap run: %,d usage buckets, max heap %d MB (%s), load average %s%n",
                buckets, maxHeap >> 20, ManagementFactory.getRuntimeMXBean().getInputArguments(), loadAverage());
        HeapWatch watch = HeapWatch.start();
        Path folder = Files.createTempDirectory("privacy-bench-heap-");
        try (Workbench bench = new Workbench(folder, UnaryOperator.identity())) {
            watch.phase("seed");
            long seedStart = System.nanoTime();
            bench.seed(buckets);
            System.out.printf(Locale.ROOT, "seeded in %.1f s; store file %,d B%n", (System.nanoTime() - seedStart) / 1e9,
                    Files.size(folder.resolve("documents.mv.db")));
            System.out.println(watch.report("seed"));

            watch.phase("export");
            PrivacyRequestMessage access = bench.file("access");
            long exportNanos = bench.carryOut(access);
            String exportReport = watch.report("export");
            long exported = bench.usageItemsInJsonExport(access);
            System.out.printf(Locale.ROOT, "access request completed in %.1f ms: JSON %,d B, HTML %,d B, %,d usage buckets in the JSON%n",
                    exportNanos / 1e6, bench.exportSize(access, ExportNames.Format.JSON), bench.exportSize(access, ExportNames.Format.HTML),
                    exported);
            System.out.println(exportReport);
            if (exported != buckets) {
                throw new IllegalStateException("the export holds " + exported + " usage buckets, not " + buckets);
            }

            watch.phase("deletion");
            PrivacyRequestMessage deletion = bench.file("deletion");
            long deletionNanos = bench.carryOut(deletion);
            String deletionReport = watch.report("deletion");
            bench.requireErased();
            System.out.printf(Locale.ROOT, "deletion request completed in %.1f ms%n", deletionNanos / 1e6);
            System.out.println(deletionReport);
            System.out.printf(Locale.ROOT, "load average %s%n", loadAverage());
        } finally {
            watch.stop();
            deleteRecursively(folder);
        }
    }

    /**
     * The heap used, three ways: sampled every 5 ms (what was there, garbage included), the sum of
     * the heap pools' peaks (each pool's own peak, so an upper bound), and the largest occupancy of
     * the heap pools right after a collection (after a young collection the old generation still
     * holds its garbage, so this too bounds what was live from above); and the number of collections.
     * Figures are per phase.
     */
    private static final class HeapWatch {

        private final AtomicLong sampledPeak = new AtomicLong();
        private final AtomicLong afterGcPeak = new AtomicLong();
        private final AtomicLong collections = new AtomicLong();
        private final Set<String> heapPools = ManagementFactory.getMemoryPoolMXBeans().stream()
                .filter(pool -> pool.getType() == MemoryType.HEAP).map(MemoryPoolMXBean::getName).collect(Collectors.toSet());
        private final Thread sampler;
        private volatile boolean running = true;

        private HeapWatch() {
            sampler = new Thread(() -> {
                while (running) {
                    sampledPeak.accumulateAndGet(heapUsed(), Math::max);
                    try {
                        Thread.sleep(5);
                    } catch (InterruptedException e) {
                        return;
                    }
                }
            }, "heap-sampler");
            sampler.setDaemon(true);
        }

        static HeapWatch start() {
            HeapWatch watch = new HeapWatch();
            for (GarbageCollectorMXBean collector : ManagementFactory.getGarbageCollectorMXBeans()) {
                ((NotificationEmitter) collector).addNotificationListener((notification, handback) -> {
                    if (!GarbageCollectionNotificationInfo.GARBAGE_COLLECTION_NOTIFICATION.equals(notification.getType())) {
                        return;
                    }
                    GarbageCollectionNotificationInfo info = GarbageCollectionNotificationInfo.from((CompositeData) notification.getUserData());
                    // The map covers every memory pool; only the heap's count here (not metaspace, not code).
                    long after = info.getGcInfo().getMemoryUsageAfterGc().entrySet().stream()
                            .filter(pool -> watch.heapPools.contains(pool.getKey())).mapToLong(pool -> pool.getValue().getUsed()).sum();
                    watch.afterGcPeak.accumulateAndGet(after, Math::max);
                    watch.collections.incrementAndGet();
                }, null, null);
            }
            watch.sampler.start();
            return watch;
        }

        private static long heapUsed() {
            return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
        }

        /** Starts a phase: a collection first, so the phase starts from what is live. */
        void phase(String name) {
            System.gc();
            sampledPeak.set(heapUsed());
            afterGcPeak.set(0);
            collections.set(0);
            ManagementFactory.getMemoryPoolMXBeans().forEach(MemoryPoolMXBean::resetPeakUsage);
        }

        String report(String name) {
            long poolPeaks = ManagementFactory.getMemoryPoolMXBeans().stream().filter(pool -> pool.getType() == MemoryType.HEAP)
                    .mapToLong(pool -> pool.getPeakUsage().getUsed()).sum();
            return String.format(Locale.ROOT, "  heap during %s: sampled peak %.1f MB; sum of pool peaks %.1f MB (an upper bound);"
                            + " largest after a collection %.1f MB; %d collections",
                    name, sampledPeak.get() / 1048576.0, poolPeaks / 1048576.0, afterGcPeak.get() / 1048576.0, collections.get());
        }

        void stop() {
            running = false;
            sampler.interrupt();
        }
    }

    // ---------------------------------------------------------------------------------------------
    // the account and the worker on embedded parts

    /** Ten plans of one subscription and five keys each, so one account can hold 50 working keys. */
    static PlanCatalogue benchPlans() {
        List<Plan> plans = new ArrayList<>();
        for (int i = 1; i <= SUBSCRIPTIONS; i++) {
            plans.add(new Plan("bench-" + i, "Bench " + i, "A plan of the privacy benchmark.", PlanEnvironment.LIVE, 20, 500_000,
                    false, KEYS_PER_SUBSCRIPTION, 1, Duration.ofDays(365)));
        }
        return new PlanCatalogue(plans);
    }

    /** The embedded parts, the worker wired as the composition root wires it, and the account. */
    private static final class Workbench implements AutoCloseable {

        final AccountsFixture accounts;
        final DocumentStore store;
        final EmbeddedExportStore exports;
        final EmbeddedMessageQueue queue;
        final SubscriptionServices subscriptions;
        final KeyServices keys;
        final KeyRecords keyRecords;
        final SubmitPrivacyRequest submit;
        final CarryOutPrivacyRequest worker;
        final Map<PrivacyStep, Long> stepNanos = new EnumMap<>(PrivacyStep.class);
        Map<PrivacyStep, Map<String, Long>> operationsPerStep;
        CountingDocumentStore counting;
        String accountId;
        final List<String> subscriptionIds = new ArrayList<>();

        Workbench(Path folder, UnaryOperator<DocumentStore> wrap) {
            accounts = new AccountsFixture(folder);
            store = wrap.apply(accounts.store);
            exports = EmbeddedExportStore.open(folder.resolve("exports"), accounts.clock);
            queue = EmbeddedMessageQueue.open(folder.resolve("queue.mv.db"), accounts.clock);
            Pseudonyms pseudonyms = accounts.services.pseudonyms();
            DocumentAuditLog audit = new DocumentAuditLog(store, new SecureRandom(), Retention.STANDARD);
            keyRecords = new KeyRecords(store, Retention.STANDARD, accounts.clock, new KeyIndexCache(1000, accounts.clock));
            SubscriptionRecords subscriptionRecords = new SubscriptionRecords(store, Retention.STANDARD, accounts.clock);
            PlanCatalogue plans = benchPlans();
            subscriptions = new SubscriptionServices(subscriptionRecords, new OpenSubscriptionSlots(store),
                    new SubscriptionSchedule(store, Retention.STANDARD), plans, audit, pseudonyms, new KeyIndexRefresher(keyRecords),
                    accounts.clock);
            keys = new KeyServices(keyRecords, new KeyIssuer(new KeyHasher(accounts.secrets), new SecureRandom()), subscriptionRecords,
                    plans, audit, pseudonyms, accounts.clock);
            PrivacyRequestRecords requests = new PrivacyRequestRecords(store, Retention.STANDARD, accounts.clock);
            AccountRecords accountRecords = new AccountRecords(store, accounts.secrets);
            SessionRecords sessions = new SessionRecords(store);
            LocalOutboxNotifier outbox = LocalOutboxNotifier.open(folder.resolve("outbox"), accounts.clock);
            // As config.LocalPhysicalErasure (package-private there): the outbox forgets, the store file is rewritten.
            PhysicalErasure physical = new PhysicalErasure() {
                @Override
                public void forgetRecipient(String email) {
                    outbox.forgetRecipient(email);
                }

                @Override
                public void reclaimDeletedSpace() {
                    accounts.store.rewriteFile();
                }
            };
            Map<PrivacyStep, PrivacyStepHandler> handlers = new EnumMap<>(PrivacyStep.class);
            handlers.put(PrivacyStep.WRITE_EXPORT, new WriteAccessExport(accountRecords, sessions, subscriptionRecords, keyRecords,
                    requests, store, new DocumentAuditLog(store, new SecureRandom(), Retention.STANDARD), pseudonyms, exports, Retention.STANDARD, accounts.clock));
            handlers.put(PrivacyStep.APPLY_CORRECTION, new ApplyCorrection(accountRecords, new UpdateProfile(accounts.services)));
            handlers.putAll(new ErasureSteps(accountRecords, sessions, subscriptionRecords, new CancelSubscription(subscriptions),
                    keyRecords, requests, new ErasedIdentities(store, accounts.secrets, Retention.STANDARD), store, exports, physical,
                    new LegalHolds(store, accountRecords, audit, pseudonyms, Retention.STANDARD, accounts.clock), audit, pseudonyms,
                    accounts.clock).handlers());
            handlers.replaceAll(this::timed);
            worker = new CarryOutPrivacyRequest(requests, handlers, audit, pseudonyms, accounts.clock);
            submit = new SubmitPrivacyRequest(requests, queue, audit, pseudonyms, accounts.clock);
        }

        /** The handler, timing its step (and counting its store operations when asked). */
        private PrivacyStepHandler timed(PrivacyStep step, PrivacyStepHandler handler) {
            return request -> {
                int before = counting == null ? 0 : counting.operations().size();
                long start = System.nanoTime();
                PrivacyStepHandler.Result result = handler.carryOut(request);
                stepNanos.merge(step, System.nanoTime() - start, Long::sum);
                if (operationsPerStep != null) {
                    List<CountingDocumentStore.Operation> all = counting.operations();
                    Map<String, Long> counts = new TreeMap<>(all.subList(before, all.size()).stream()
                            .collect(Collectors.groupingBy(op -> op.kind() + " " + op.container(), Collectors.counting())));
                    operationsPerStep.put(step, counts);
                }
                return result;
            };
        }

        /** The account: signed up and verified, ten subscriptions of five keys, and the usage buckets. */
        void seed(int buckets) {
            accountId = accounts.activeAccount(OBJECT_ID, EMAIL);
            for (Plan plan : benchPlans().plans()) {
                String subscriptionId = done(new RequestSubscription(subscriptions).handle(accounts.tokenCaller(OBJECT_ID),
                        new RequestSubscription.Command(plan.id(), Optional.empty()))).subscription().id();
                subscriptionIds.add(subscriptionId);
                for (int k = 1; k <= KEYS_PER_SUBSCRIPTION; k++) {
                    done(new IssueKey(keys).handle(accounts.tokenCaller(OBJECT_ID), subscriptionId,
                            new IssueKey.Command("key-" + k, Optional.empty())));
                }
            }
            UsageRecords usage = new UsageRecords(store, Retention.STANDARD, accounts.clock);
            Instant thisHour = accounts.clock.now().truncatedTo(ChronoUnit.HOURS);
            for (int i = 0; i < buckets; i++) {
                String subscriptionId = subscriptionIds.get(i % SUBSCRIPTIONS);
                Instant hour = thisHour.minus(Duration.ofHours(i / SUBSCRIPTIONS));
                List<String> batches = Stream.generate(() -> UUID.randomUUID().toString()).limit(BATCHES_PER_BUCKET).toList();
                usage.create(accountId, new UsageBucket(subscriptionId, hour, new UsageCounts(1200 + i % 500, i % 17, i % 3), batches));
            }
        }

        /** Files a request as the frontend's intake does: stored, then its id on the queue. */
        PrivacyRequestMessage file(String type) {
            done(submit.handle(accounts.tokenCaller(OBJECT_ID), new SubmitPrivacyRequest.Command(type, Optional.empty(), Optional.empty())));
            QueueMessage received = queue.receive(PrivacyRequestMessage.QUEUE, 1, Duration.ofMinutes(5)).get(0);
            PrivacyRequestMessage message = received.text().flatMap(PrivacyRequestMessage::parse).orElseThrow();
            queue.delete(PrivacyRequestMessage.QUEUE, received.id(), received.popReceipt());
            return message;
        }

        /** Hands the message to the worker; answers the nanoseconds until it completed the request. */
        long carryOut(PrivacyRequestMessage message) {
            long start = System.nanoTime();
            CarryOutPrivacyRequest.Result result = worker.handle(message);
            long nanos = System.nanoTime() - start;
            if (result != CarryOutPrivacyRequest.Result.COMPLETED) {
                throw new IllegalStateException("the request was not completed: " + result);
            }
            return nanos;
        }

        long exportSize(PrivacyRequestMessage access, ExportNames.Format format) {
            return exports.describe(ExportNames.of(access.accountId(), access.requestId(), format)).map(ExportStore.ExportInfo::size)
                    .orElseThrow();
        }

        /** Counts the usage items of the JSON export by their {@code "hour":} member, reading it a block at a time. */
        long usageItemsInJsonExport(PrivacyRequestMessage access) {
            byte[] needle = "\"hour\":".getBytes(StandardCharsets.US_ASCII);
            long found = 0;
            int matched = 0;
            try (InputStream in = exports.open(ExportNames.of(access.accountId(), access.requestId(), ExportNames.Format.JSON))
                    .orElseThrow()) {
                byte[] block = new byte[64 * 1024];
                for (int read = in.read(block); read >= 0; read = in.read(block)) {
                    for (int i = 0; i < read; i++) {
                        matched = block[i] == needle[matched] ? matched + 1 : (block[i] == needle[0] ? 1 : 0);
                        if (matched == needle.length) {
                            found++;
                            matched = 0;
                        }
                    }
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return found;
        }

        /** A sanity check that the deletion did its work: the account and its buckets are gone. */
        void requireErased() {
            if (accounts.services.accounts().read(accountId).isPresent()) {
                throw new IllegalStateException("the account is still there after the deletion");
            }
            if (!new UsageRecords(store, Retention.STANDARD, accounts.clock).inRange(accountId, subscriptionIds.get(0), Instant.EPOCH,
                    accounts.clock.now().plus(Duration.ofDays(1))).isEmpty()) {
                throw new IllegalStateException("usage buckets are still there after the deletion");
            }
        }

        @Override
        public void close() {
            queue.close();
            accounts.close();
        }
    }

    private static <T> T done(Outcome<T> outcome) {
        return outcome.fold(value -> value, problem -> {
            throw new IllegalStateException("refused: " + problem);
        });
    }

    // ---------------------------------------------------------------------------------------------
    // figures

    private static long median(List<Run> runs, java.util.function.ToLongFunction<Run> figure) {
        long[] sorted = runs.stream().mapToLong(figure).sorted().toArray();
        return sorted.length % 2 == 1 ? sorted[sorted.length / 2] : (sorted[sorted.length / 2 - 1] + sorted[sorted.length / 2]) / 2;
    }

    private static long max(List<Run> runs, java.util.function.ToLongFunction<Run> figure) {
        return runs.stream().mapToLong(figure).max().orElseThrow();
    }

    private static String loadAverage() {
        try {
            String[] fields = Files.readString(Path.of("/proc/loadavg")).split(" ");
            return fields[0] + " " + fields[1] + " " + fields[2];
        } catch (IOException e) {
            return String.format(Locale.ROOT, "%.2f", ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
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
