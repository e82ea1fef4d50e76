package com.cardscry.portal.adapters.cosmos;

import com.azure.cosmos.CosmosException;
import com.cardscry.portal.adapters.cosmos.CosmosItems.ItemResponse;
import com.cardscry.portal.adapters.cosmos.CosmosItems.PageResponse;
import com.cardscry.portal.adapters.cosmos.TransientFaultRetry.Done;
import com.cardscry.portal.adapters.cosmos.TransientFaultRetry.Outcome;
import com.cardscry.portal.adapters.cosmos.TransientFaultRetry.Refused;
import com.cardscry.portal.application.port.ComponentHealth;
import com.cardscry.portal.application.port.ContainerSpec;
import com.cardscry.portal.application.port.Document;
import com.cardscry.portal.application.port.DocumentStore;
import com.cardscry.portal.application.port.HealthIndicator;
import com.cardscry.portal.application.port.Page;
import com.cardscry.portal.application.port.Query;
import com.cardscry.portal.application.port.StoreUnavailableException;
import com.cardscry.portal.application.port.StoredDocument;
import com.cardscry.portal.application.port.WriteResult.Status;
import com.cardscry.portal.application.port.WriteResult;
import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.DoubleAdder;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Supplier;
import java.util.function.ToDoubleFunction;

/**
 * The {@link DocumentStore} on Azure Cosmos DB for NoSQL. See the package documentation for what it
 * promises; in short: point reads and single-partition queries only, 404/409/412 as the port's
 * outcomes, passing faults retried under a {@link RetryPolicy}, every other fault a
 * {@link StoreUnavailableException}, and the request charge of every operation counted.
 *
 * <p>It holds the process's one Cosmos client: the composition root opens one store per process and
 * closes it at shutdown. Thread-safe.
 */
public final class CosmosDocumentStore implements DocumentStore, HealthIndicator, AutoCloseable {

    static final String COMPONENT = "store";
    static final String IMPLEMENTATION = "cosmos";
    private static final Duration HEALTH_TIMEOUT = Duration.ofSeconds(2);
    private static final int MAX_PAGE_SIZE = 1000;
    private static final String ANY_ID = "any";
    private static final String CONTINUATION_PREFIX = "cosmos1:";
    private static final int NOT_FOUND = 404;
    private static final int ALREADY_EXISTS = 409;
    private static final int PRECONDITION_FAILED = 412;
    private static final int BAD_REQUEST = 400;
    private static final int TOO_LARGE = 413;
    private static final System.Logger LOG = System.getLogger(CosmosDocumentStore.class.getName());

    private record Container(ContainerSpec spec, CosmosItems items) {
        String name() {
            return spec.name();
        }
    }

    private record Meter(LongAdder operations, DoubleAdder requestUnits) {
    }

    private final CosmosAccount account;
    private final Map<String, Container> containers;
    private final TransientFaultRetry retry;
    private final Map<String, Meter> charges = new ConcurrentHashMap<>();
    private final AtomicBoolean closed = new AtomicBoolean();

    /**
     * Connects to the account, creates the database and containers if the options allow it, and checks
     * that every container exists with its partition key path and time-to-live switched on.
     *
     * @throws IllegalStateException      if a container is missing (and may not be created) or differs
     *                                    from its spec; the message names it
     * @throws StoreUnavailableException  if the account cannot be reached or refuses the credential
     */
    public static CosmosDocumentStore open(CosmosStoreOptions options) {
        Objects.requireNonNull(options, "options");
        List<ContainerSpec> specs = ContainerSpec.requireDistinct(options.containers());
        SdkCosmosAccount account = SdkCosmosAccount.connect(options);
        return new CosmosDocumentStore(account, specs, new TransientFaultRetry(options.retryPolicy(),
                wait -> TimeUnit.NANOSECONDS.sleep(wait.toNanos()), () -> ThreadLocalRandom.current().nextDouble()));
    }

    CosmosDocumentStore(CosmosAccount account, List<ContainerSpec> specs, TransientFaultRetry retry) {
        this.account = Objects.requireNonNull(account, "account");
        this.retry = Objects.requireNonNull(retry, "retry");
        Map<String, Container> byName = new LinkedHashMap<>();
        for (ContainerSpec spec : ContainerSpec.requireDistinct(specs)) {
            byName.put(spec.name(), new Container(spec, account.items(spec.name())));
        }
        this.containers = Map.copyOf(byName);
    }

    @Override
    public Optional<StoredDocument> read(String container, String partitionKey, String id) {
        Container target = container(container);
        requireAddress(partitionKey, id);
        Outcome<ItemResponse> outcome = call("read", target, () -> target.items().read(partitionKey, id),
                ItemResponse::requestCharge);
        if (outcome instanceof Done<ItemResponse> done) {
            return Optional.of(stored(target, done.value().item()));
        }
        Refused<ItemResponse> refused = (Refused<ItemResponse>) outcome;
        if (refused.statusCode() == NOT_FOUND) {
            return Optional.empty();
        }
        throw unexpected("read", target, refused);
    }

    /**
     * {@inheritDoc}
     *
     * <p>If an attempt ended without an answer and the retry then finds the id taken, the store reads
     * the document: when it is exactly the one being created, the earlier attempt wrote it and the
     * result is {@code WRITTEN} with it; otherwise {@code ALREADY_EXISTS}. So an accepted create is
     * never reported as refused; a caller racing another one that writes identical content may both
     * see {@code WRITTEN}, which for identical content is the same outcome.
     */
    @Override
    public WriteResult create(String container, Document document) {
        Container target = container(container);
        Document stored = target.spec().withPartitionKeyField(document);
        Outcome<ItemResponse> outcome = call("create", target,
                () -> target.items().create(stored.partitionKey(), ItemJson.toItem(stored)), ItemResponse::requestCharge);
        if (outcome instanceof Done<ItemResponse> done) {
            return WriteResult.written(stored(target, done.value().item()));
        }
        Refused<ItemResponse> refused = (Refused<ItemResponse>) outcome;
        if (refused.statusCode() == ALREADY_EXISTS) {
            return refused.earlierAttemptMayHaveApplied() ? writtenByAnEarlierAttempt(target, stored, Status.ALREADY_EXISTS)
                    : WriteResult.of(Status.ALREADY_EXISTS);
        }
        throw unexpected("create", target, refused);
    }

    @Override
    public WriteResult upsert(String container, Document document) {
        Container target = container(container);
        Document stored = target.spec().withPartitionKeyField(document);
        Outcome<ItemResponse> outcome = call("upsert", target,
                () -> target.items().upsert(stored.partitionKey(), ItemJson.toItem(stored)), ItemResponse::requestCharge);
        if (outcome instanceof Done<ItemResponse> done) {
            return WriteResult.written(stored(target, done.value().item()));
        }
        throw unexpected("upsert", target, (Refused<ItemResponse>) outcome);
    }

    /**
     * {@inheritDoc}
     *
     * <p>As with {@link #create}: a conditional replace whose retry meets a changed ETag after an
     * attempt without an answer is {@code WRITTEN} if the stored document is exactly this one.
     */
    @Override
    public WriteResult replace(String container, Document document, String ifMatchEtag) {
        Container target = container(container);
        Document stored = target.spec().withPartitionKeyField(document);
        Outcome<ItemResponse> outcome = call("replace", target,
                () -> target.items().replace(stored.partitionKey(), ItemJson.toItem(stored), ifMatchEtag),
                ItemResponse::requestCharge);
        if (outcome instanceof Done<ItemResponse> done) {
            return WriteResult.written(stored(target, done.value().item()));
        }
        Refused<ItemResponse> refused = (Refused<ItemResponse>) outcome;
        if (refused.statusCode() == NOT_FOUND) {
            return WriteResult.of(Status.NOT_FOUND);
        }
        if (refused.statusCode() == PRECONDITION_FAILED) {
            return refused.earlierAttemptMayHaveApplied() ? writtenByAnEarlierAttempt(target, stored, Status.CONFLICT)
                    : WriteResult.of(Status.CONFLICT);
        }
        throw unexpected("replace", target, refused);
    }

    /**
     * {@inheritDoc}
     *
     * <p>If an attempt ended without an answer and the retry finds nothing to delete, the result is
     * {@code DELETED}: the earlier attempt most likely deleted it, and either way it is gone.
     */
    @Override
    public WriteResult delete(String container, String partitionKey, String id, String ifMatchEtag) {
        Container target = container(container);
        requireAddress(partitionKey, id);
        Outcome<Double> outcome = call("delete", target, () -> target.items().delete(partitionKey, id, ifMatchEtag),
                Double::doubleValue);
        if (outcome instanceof Done<Double>) {
            return WriteResult.of(Status.DELETED);
        }
        Refused<Double> refused = (Refused<Double>) outcome;
        if (refused.statusCode() == NOT_FOUND) {
            return WriteResult.of(refused.earlierAttemptMayHaveApplied() ? Status.DELETED : Status.NOT_FOUND);
        }
        if (refused.statusCode() == PRECONDITION_FAILED) {
            return WriteResult.of(Status.CONFLICT);
        }
        throw unexpected("delete", target, refused);
    }

    /**
     * {@inheritDoc}
     *
     * <p>A page may hold fewer items than asked even when more follow; it is never empty while more
     * follow. The continuation wraps the SDK's own and is valid for the same query only.
     */
    @Override
    public Page query(String container, Query query, int pageSize, Optional<String> continuation) {
        Container target = container(container);
        Objects.requireNonNull(query, "query");
        Objects.requireNonNull(continuation, "continuation");
        if (pageSize < 1 || pageSize > MAX_PAGE_SIZE) {
            throw new IllegalArgumentException("pageSize must be 1 to " + MAX_PAGE_SIZE + ", was " + pageSize);
        }
        requireAddress(query.partitionKey(), ANY_ID);
        QuerySql.Statement statement = QuerySql.of(query, target.spec().partitionKeyField());
        Optional<String> token = continuation.map(CosmosDocumentStore::sdkContinuation);
        PageResponse page;
        do {
            String from = token.orElse(null);
            Outcome<PageResponse> outcome = call("query", target,
                    () -> target.items().query(query.partitionKey(), statement, pageSize, from), PageResponse::requestCharge);
            if (outcome instanceof Refused<PageResponse> refused) {
                if (refused.statusCode() == BAD_REQUEST && from != null) {
                    throw new IllegalArgumentException("continuation is not valid for this query");
                }
                throw unexpected("query", target, refused);
            }
            page = ((Done<PageResponse>) outcome).value();
            token = page.continuation();
        } while (page.items().isEmpty() && token.isPresent());
        List<StoredDocument> items = new ArrayList<>(page.items().size());
        for (JsonNode item : page.items()) {
            items.add(stored(target, item));
        }
        return new Page(items, token.map(CosmosDocumentStore::portContinuation));
    }

    /**
     * Up when the database's properties can be read within two seconds. Never throws; the detail names
     * the status or the kind of failure, never the endpoint's answer text.
     */
    @Override
    public ComponentHealth check() {
        if (closed.get()) {
            return ComponentHealth.down(COMPONENT, IMPLEMENTATION, "closed");
        }
        try {
            account.probe(HEALTH_TIMEOUT);
            return new ComponentHealth(COMPONENT, IMPLEMENTATION, true, chargesSummary());
        } catch (CosmosException e) {
            return ComponentHealth.down(COMPONENT, IMPLEMENTATION, "Cosmos answered status " + e.getStatusCode());
        } catch (RuntimeException e) {
            return ComponentHealth.down(COMPONENT, IMPLEMENTATION, "Cosmos did not answer (" + e.getClass().getSimpleName() + ")");
        }
    }

    /** For the health endpoint: "ok", then the request units each operation has cost since start. */
    private String chargesSummary() {
        StringBuilder summary = new StringBuilder("ok");
        requestCharges().forEach((operation, charge) -> summary.append(summary.length() == 2 ? "; RU since start: " : ", ")
                .append(operation).append(' ').append(charge.operations()).append(" ops ")
                .append(String.format(java.util.Locale.ROOT, "%.1f", charge.requestUnits())).append(" RU"));
        return summary.toString();
    }

    /**
     * The request charge so far, by operation ({@code read, create, upsert, replace, delete, query}),
     * in name order; a snapshot for the health endpoint and the benchmark.
     */
    public Map<String, RequestCharges> requestCharges() {
        Map<String, RequestCharges> snapshot = new TreeMap<>();
        charges.forEach((operation, meter) -> snapshot.put(operation,
                new RequestCharges(meter.operations().sum(), meter.requestUnits().sum())));
        return snapshot;
    }

    /** Closes the Cosmos client; afterwards every operation throws {@link StoreUnavailableException}. */
    @Override
    public void close() {
        if (closed.compareAndSet(false, true)) {
            account.close();
        }
    }

    /**
     * Runs one request under the retry policy, counting its request charge, retries and refusals
     * included. Anything else the SDK throws, other than bad input it detected, is a fault of the
     * store: it becomes a {@link StoreUnavailableException} naming only its kind.
     */
    private <T> Outcome<T> call(String operation, Container target, Supplier<T> request, ToDoubleFunction<T> chargeOf) {
        if (closed.get()) {
            throw new StoreUnavailableException("Cosmos store is closed");
        }
        String what = operation + " in '" + target.name() + "'";
        DoubleAdder charge = new DoubleAdder();
        try {
            return retry.run(what, () -> {
                try {
                    T response = request.get();
                    charge.add(chargeOf.applyAsDouble(response));
                    return response;
                } catch (CosmosException e) {
                    charge.add(e.getRequestCharge());
                    throw e;
                }
            });
        } catch (StoreUnavailableException | IllegalArgumentException e) {
            throw e;
        } catch (RuntimeException e) {
            throw new StoreUnavailableException("Cosmos " + what + " failed (" + e.getClass().getSimpleName() + ")");
        } finally {
            record(operation, target, charge.sum());
        }
    }

    /** Counts and logs a charge; the log line names only the operation and container, never ids or content. */
    private void record(String operation, Container target, double requestUnits) {
        Meter meter = charges.computeIfAbsent(operation, name -> new Meter(new LongAdder(), new DoubleAdder()));
        meter.operations().increment();
        meter.requestUnits().add(requestUnits);
        LOG.log(System.Logger.Level.DEBUG, "Cosmos {0} in {1}: {2} RU", operation, target.name(), requestUnits);
    }

    /**
     * After a write was retried because an attempt got no answer and was then refused: the document as
     * stored, if it is exactly the one being written (the earlier attempt wrote it); else the refusal.
     */
    private WriteResult writtenByAnEarlierAttempt(Container target, Document written, Status refusal) {
        Optional<StoredDocument> current = read(target.name(), written.partitionKey(), written.id());
        return current.filter(stored -> stored.document().equals(written)).map(WriteResult::written)
                .orElseGet(() -> WriteResult.of(refusal));
    }

    private static StoredDocument stored(Container target, JsonNode item) {
        return ItemJson.fromItem(item, target.spec().partitionKeyField());
    }

    private static RuntimeException unexpected(String operation, Container target, Refused<?> refused) {
        if (refused.statusCode() == TOO_LARGE) {
            return new IllegalArgumentException("the document is larger than Cosmos allows for one item");
        }
        return new StoreUnavailableException("Cosmos " + operation + " in '" + target.name() + "' answered status "
                + refused.statusCode() + "/" + refused.subStatusCode());
    }

    private Container container(String name) {
        Objects.requireNonNull(name, "container");
        Container container = containers.get(name);
        if (container == null) {
            throw new IllegalArgumentException("unknown container '" + name + "'; this store has " + containers.keySet());
        }
        return container;
    }

    /**
     * Applies the rules of {@link Document} to an address given without a document, by building one:
     * an address is valid exactly when a document could have it.
     */
    private static void requireAddress(String partitionKey, String id) {
        Document.of(id, partitionKey, Map.of());
    }

    private static String portContinuation(String sdkContinuation) {
        byte[] bytes = (CONTINUATION_PREFIX + sdkContinuation).getBytes(StandardCharsets.UTF_8);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    private static String sdkContinuation(String portContinuation) {
        try {
            String decoded = new String(Base64.getUrlDecoder().decode(portContinuation), StandardCharsets.UTF_8);
            if (decoded.startsWith(CONTINUATION_PREFIX) && decoded.length() > CONTINUATION_PREFIX.length()) {
                return decoded.substring(CONTINUATION_PREFIX.length());
            }
        } catch (IllegalArgumentException e) {
            // Not Base64: reported below like any other token this store did not issue.
        }
        throw new IllegalArgumentException("continuation is not a token this store issued");
    }

}
