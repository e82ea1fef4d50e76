package com.cardscry.portal.bench;

import com.azure.cosmos.ConnectionMode;
import com.cardscry.portal.adapters.cosmos.CosmosDocumentStore;
import com.cardscry.portal.adapters.cosmos.CosmosStoreOptions;
import com.cardscry.portal.adapters.cosmos.RequestCharges;
import com.cardscry.portal.adapters.embedded.EmbeddedDocumentStore;
import com.cardscry.portal.adapters.embedded.EmbeddedExportStore;
import com.cardscry.portal.adapters.embedded.EmbeddedMessageQueue;
import com.cardscry.portal.adapters.storage.BlobExportStore;
import com.cardscry.portal.adapters.storage.StorageMessageQueue;
import com.cardscry.portal.adapters.system.SystemClock;
import com.cardscry.portal.application.port.Clock;
import com.cardscry.portal.application.port.ContainerSpec;
import com.cardscry.portal.application.port.Document;
import com.cardscry.portal.application.port.DocumentStore;
import com.cardscry.portal.application.port.ExportStore;
import com.cardscry.portal.application.port.MessageQueue;
import com.cardscry.portal.application.port.Page;
import com.cardscry.portal.application.port.Query;
import com.cardscry.portal.application.port.QueueMessage;
import com.cardscry.portal.application.port.WriteResult;
import com.cardscry.portal.testing.emulators.Emulators;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.Random;
import java.util.UUID;
import java.util.function.Supplier;
import java.util.stream.Stream;

/**
 * Latency of each port operation on the embedded implementation and on the Azure adapter against the
 * emulators (Cosmos DB through @vercel/cosmosdb-server, queues and blobs through Azurite), and the Cosmos
 * request charge of each document-store operation. Single thread; each operation is warmed up, then
 * timed with {@link System#nanoTime()} call by call. Prints a Markdown table for {@code bench/README.md}.
 *
 * <p>Every call's result is checked (a read that should hit does hit, a replace with the current ETag is
 * written), so the figures are never the time it took to fail. Run it with {@code bench/ports.sh}.
 */
public final class PortOperationsBench {

    private static final int STORE_WARMUP = 50;
    private static final int STORE_ITERATIONS = 200;
    private static final int EXPORT_WARMUP = 10;
    private static final int EXPORT_ITERATIONS = 50;
    private static final int EXPORT_BYTES = 100 * 1024;
    private static final int QUERY_PARTITION_SIZE = 200;
    private static final int PAGE_SIZE = 20;
    private static final String CONTAINER = "bench-documents";
    private static final String PARTITION = "tenant-bench";
    private static final String QUERY_PARTITION = "tenant-query";
    /** Brings a document to about 1 KB as Cosmos stores it, the size Microsoft's RU examples use. */
    private static final String NOTES = "x".repeat(800);
    /** Longer than any message will wait, so a received message never comes back during the run. */
    private static final Duration INVISIBLE = Duration.ofMinutes(10);

    /** One step of a measured operation, prepared untimed by an {@link Iteration}. */
    @FunctionalInterface
    private interface TimedStep {
        void run() throws IOException;
    }

    /** Prepares the {@code i}-th call of an operation without touching the store, and returns the call. */
    @FunctionalInterface
    private interface Iteration {
        TimedStep prepare(int i);
    }

    /** The latencies of one operation, in nanoseconds, in ascending order. */
    private record Latencies(long[] sortedNanos) {
        long percentile(double p) {
            int rank = (int) Math.ceil(p / 100.0 * sortedNanos.length);
            return sortedNanos[Math.max(0, rank - 1)];
        }
    }

    /** One operation measured on one implementation, and its mean request charge where it has one. */
    private record Measured(Latencies latencies, OptionalDouble requestUnitsPerCall) {
    }

    /** A line of the table: one port operation on both implementations. */
    private record Row(String port, String operation, Measured embedded, Measured emulator) {
    }

    private final Clock clock = new SystemClock();
    private final Random random = new Random(42);

    private PortOperationsBench() {
    }

    public static void main(String[] args) throws IOException {
        // The emulator's localhost certificate is self-signed; the SDK accepts it only with this switch,
        // which is set here because this is bench code, never in the app.
        System.setProperty("COSMOS.EMULATOR_SERVER_CERTIFICATE_VALIDATION_DISABLED", "true");
        double loadBefore = ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
        Path folder = Files.createTempDirectory("port-bench");
        try {
            PortOperationsBench bench = new PortOperationsBench();
            List<Row> rows = new ArrayList<>();
            rows.addAll(bench.documentStore(folder));
            rows.addAll(bench.queue(folder));
            rows.addAll(bench.exports(folder));
            double loadAfter = ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
            printReport(rows, loadBefore, loadAfter);
        } finally {
            deleteRecursively(folder);
        }
    }

    // ---- document store

    private List<Row> documentStore(Path folder) {
        List<ContainerSpec> containers = List.of(ContainerSpec.of(CONTAINER, "tenantId"));
        Map<String, Measured> embedded;
        try (EmbeddedDocumentStore store = EmbeddedDocumentStore.open(folder.resolve("documents.mv"), containers, clock)) {
            embedded = documentOperations(store, OptionalDouble::empty);
        }
        Emulators.Cosmos cosmos = Emulators.cosmos();
        String database = "bench-" + UUID.randomUUID().toString().substring(0, 8);
        Map<String, Measured> emulator;
        try (CosmosDocumentStore store = CosmosDocumentStore.open(CosmosStoreOptions.builder(cosmos.endpoint(), database,
                        new CosmosStoreOptions.Credential.AccountKey(cosmos.key()))
                .connectionMode(ConnectionMode.GATEWAY).createIfMissing(true).containers(containers).build())) {
            emulator = documentOperations(store, () -> OptionalDouble.of(
                    store.requestCharges().values().stream().mapToDouble(RequestCharges::requestUnits).sum()));
            System.out.println("Cosmos request charges by operation over the whole run (setup included):");
            store.requestCharges().forEach((operation, charges) -> System.out.printf(Locale.ROOT,
                    "  %-8s %6d calls, %8.1f RU, %.2f RU per call%n", operation, charges.operations(),
                    charges.requestUnits(), charges.meanRequestUnits()));
            System.out.println();
        }
        return rows("document store", embedded, emulator);
    }

    /**
     * Runs every document operation the app performs, in an order where each finds what it needs: the
     * creates leave the documents that the reads, upserts, replaces and deletes use.
     */
    private Map<String, Measured> documentOperations(DocumentStore store, Supplier<OptionalDouble> requestUnitsSoFar) {
        int calls = STORE_WARMUP + STORE_ITERATIONS;
        String[] etags = new String[calls];
        Map<String, Measured> measured = new LinkedHashMap<>();
        measured.put("create", measure(STORE_WARMUP, STORE_ITERATIONS, requestUnitsSoFar, i -> {
            Document document = document("doc-" + i, PARTITION, i, 0);
            return () -> expect(store.create(CONTAINER, document).isWritten(), "create written");
        }));
        measured.put("read (hit)", measure(STORE_WARMUP, STORE_ITERATIONS, requestUnitsSoFar, i ->
                () -> expect(store.read(CONTAINER, PARTITION, "doc-" + i).isPresent(), "read hit")));
        measured.put("read (miss)", measure(STORE_WARMUP, STORE_ITERATIONS, requestUnitsSoFar, i ->
                () -> expect(store.read(CONTAINER, PARTITION, "missing-" + i).isEmpty(), "read miss")));
        measured.put("upsert (existing)", measure(STORE_WARMUP, STORE_ITERATIONS, requestUnitsSoFar, i -> {
            Document document = document("doc-" + i, PARTITION, i, 1);
            return () -> etags[i] = written(store.upsert(CONTAINER, document), "upsert").stored().etag();
        }));
        measured.put("replace with ETag", measure(STORE_WARMUP, STORE_ITERATIONS, requestUnitsSoFar, i -> {
            Document document = document("doc-" + i, PARTITION, i, 2);
            return () -> etags[i] = written(store.replace(CONTAINER, document, etags[i]), "replace").stored().etag();
        }));

        for (int i = 0; i < QUERY_PARTITION_SIZE; i++) {
            written(store.create(CONTAINER, document("q-" + i, QUERY_PARTITION, i, 0)), "query setup");
        }
        Query oneCondition = Query.partition(QUERY_PARTITION).where("kind", Query.Operator.EQUAL, "even");
        measured.put("query, page of " + PAGE_SIZE + " of " + QUERY_PARTITION_SIZE + ", one condition",
                measure(STORE_WARMUP, STORE_ITERATIONS, requestUnitsSoFar, i -> () -> {
                    Page page = store.query(CONTAINER, oneCondition, PAGE_SIZE, Optional.empty());
                    expect(page.items().size() == PAGE_SIZE && page.hasMore(), "a full first page");
                }));

        measured.put("delete", measure(STORE_WARMUP, STORE_ITERATIONS, requestUnitsSoFar, i -> () ->
                expect(store.delete(CONTAINER, PARTITION, "doc-" + i, null).status() == WriteResult.Status.DELETED, "deleted")));
        return measured;
    }

    /** A document of about 1 KB; half of them are "even", so the query's condition matches 100 of 200. */
    private static Document document(String id, String partitionKey, int number, int revision) {
        return Document.of(id, partitionKey, Map.of(
                "kind", number % 2 == 0 ? "even" : "odd",
                "number", number,
                "revision", revision,
                "name", "Benchmark document " + number,
                "notes", NOTES));
    }

    // ---- message queue

    private List<Row> queue(Path folder) {
        Map<String, Measured> embedded;
        try (EmbeddedMessageQueue queue = EmbeddedMessageQueue.open(folder.resolve("queues.mv"), clock)) {
            embedded = queueOperations(queue);
        }
        Map<String, Measured> emulator = queueOperations(StorageMessageQueue.connectingWith(Emulators.azurite().connectionString()));
        return rows("message queue", embedded, emulator);
    }

    private Map<String, Measured> queueOperations(MessageQueue queue) {
        String name = "bench-" + UUID.randomUUID().toString().substring(0, 8);
        String text = "{\"kind\":\"benchmark\",\"payload\":\"" + "y".repeat(200) + "\"}";
        QueueMessage[] received = new QueueMessage[STORE_WARMUP + STORE_ITERATIONS];
        Map<String, Measured> measured = new LinkedHashMap<>();
        measured.put("send", measure(STORE_WARMUP, STORE_ITERATIONS, OptionalDouble::empty, i -> () ->
                expect(!queue.send(name, text).isEmpty(), "a message id")));
        measured.put("receive (1 message)", measure(STORE_WARMUP, STORE_ITERATIONS, OptionalDouble::empty, i -> () -> {
            List<QueueMessage> messages = queue.receive(name, 1, INVISIBLE);
            expect(messages.size() == 1, "one message received");
            received[i] = messages.get(0);
        }));
        measured.put("delete", measure(STORE_WARMUP, STORE_ITERATIONS, OptionalDouble::empty, i -> () ->
                expect(queue.delete(name, received[i].id(), received[i].popReceipt()), "message deleted")));
        return measured;
    }

    // ---- export store

    private List<Row> exports(Path folder) {
        Map<String, Measured> embedded = exportOperations(EmbeddedExportStore.open(folder.resolve("exports"), clock));
        String container = "bench-" + UUID.randomUUID().toString().substring(0, 8);
        Map<String, Measured> emulator = exportOperations(
                BlobExportStore.connectingWith(Emulators.azurite().connectionString(), container, true, clock));
        return rows("export store", embedded, emulator);
    }

    private Map<String, Measured> exportOperations(ExportStore exports) {
        byte[] content = new byte[EXPORT_BYTES];
        random.nextBytes(content);
        Map<String, Measured> measured = new LinkedHashMap<>();
        measured.put("write 100 KB", measure(EXPORT_WARMUP, EXPORT_ITERATIONS, OptionalDouble::empty, i -> () ->
                expect(exports.write(exportName(i), "application/octet-stream", out -> out.write(content)).size() == EXPORT_BYTES,
                        "100 KB written")));
        measured.put("open and read 100 KB", measure(EXPORT_WARMUP, EXPORT_ITERATIONS, OptionalDouble::empty, i -> () -> {
            try (InputStream in = exports.open(exportName(i)).orElseThrow()) {
                expect(in.readAllBytes().length == EXPORT_BYTES, "100 KB read");
            }
        }));
        measured.put("describe", measure(EXPORT_WARMUP, EXPORT_ITERATIONS, OptionalDouble::empty, i -> () ->
                expect(exports.describe(exportName(i)).isPresent(), "export described")));
        return measured;
    }

    private static String exportName(int i) {
        return "bench/export-" + i + ".bin";
    }

    // ---- measuring and reporting

    /**
     * Calls {@code warmup} times untimed, then {@code iterations} times timed one by one; the request
     * charge is the mean over all those calls (nothing else touches the store meanwhile).
     */
    private static Measured measure(int warmup, int iterations, Supplier<OptionalDouble> requestUnitsSoFar, Iteration iteration) {
        OptionalDouble before = requestUnitsSoFar.get();
        try {
            for (int i = 0; i < warmup; i++) {
                iteration.prepare(i).run();
            }
            long[] nanos = new long[iterations];
            for (int i = 0; i < iterations; i++) {
                TimedStep step = iteration.prepare(warmup + i);
                long start = System.nanoTime();
                step.run();
                nanos[i] = System.nanoTime() - start;
            }
            Arrays.sort(nanos);
            OptionalDouble after = requestUnitsSoFar.get();
            OptionalDouble perCall = before.isPresent() && after.isPresent()
                    ? OptionalDouble.of((after.getAsDouble() - before.getAsDouble()) / (warmup + iterations))
                    : OptionalDouble.empty();
            return new Measured(new Latencies(nanos), perCall);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static List<Row> rows(String port, Map<String, Measured> embedded, Map<String, Measured> emulator) {
        return embedded.keySet().stream().map(operation -> new Row(port, operation, embedded.get(operation), emulator.get(operation)))
                .toList();
    }

    private static void printReport(List<Row> rows, double loadBefore, double loadAfter) {
        System.out.printf(Locale.ROOT, "%s, %d cores, Java %s, load average %.2f before and %.2f after; "
                        + "%d timed calls per operation after %d warm-up calls (exports: %d after %d)%n%n",
                LocalDate.now(ZoneOffset.UTC), Runtime.getRuntime().availableProcessors(), System.getProperty("java.version"),
                loadBefore, loadAfter, STORE_ITERATIONS, STORE_WARMUP, EXPORT_ITERATIONS, EXPORT_WARMUP);
        System.out.println("| port | operation | embedded median | p90 | p99 | emulator median | p90 | p99 | RU per call (emulator) |");
        System.out.println("|---|---|---:|---:|---:|---:|---:|---:|---:|");
        for (Row row : rows) {
            System.out.printf(Locale.ROOT, "| %s | %s | %s | %s | %s |%n", row.port(), row.operation(),
                    latencyCells(row.embedded().latencies()), latencyCells(row.emulator().latencies()),
                    requestUnits(row.emulator().requestUnitsPerCall()));
        }
    }

    private static String latencyCells(Latencies latencies) {
        return String.join(" | ", duration(latencies.percentile(50)), duration(latencies.percentile(90)),
                duration(latencies.percentile(99)));
    }

    /** Microseconds below a millisecond, where the embedded figures are; milliseconds above. */
    private static String duration(long nanos) {
        double micros = nanos / 1_000.0;
        if (micros < 10) {
            return String.format(Locale.ROOT, "%.1f µs", micros);
        }
        if (micros < 1_000) {
            return String.format(Locale.ROOT, "%.0f µs", micros);
        }
        return String.format(Locale.ROOT, "%.2f ms", micros / 1_000);
    }

    private static String requestUnits(OptionalDouble perCall) {
        return perCall.isPresent() ? String.format(Locale.ROOT, "%.2f", perCall.getAsDouble()) : "–";
    }

    private static WriteResult written(WriteResult result, String what) {
        expect(result.isWritten(), what + " written, not " + result.status());
        return result;
    }

    /** Stops the run when a call did not do what it should: a benchmark of failures measures nothing. */
    private static void expect(boolean condition, String what) {
        if (!condition) {
            throw new IllegalStateException("benchmark call did not succeed: expected " + what);
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
