package com.cardscry.portal.adapters.embedded;

import com.cardscry.portal.application.port.Clock;
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
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.Supplier;
import org.h2.mvstore.Cursor;
import org.h2.mvstore.DataUtils;
import org.h2.mvstore.MVMap;
import org.h2.mvstore.MVStore;
import org.h2.mvstore.MVStoreException;
import org.h2.mvstore.type.StringDataType;

/**
 * The {@link DocumentStore} of local mode: Cosmos semantics in one H2 MVStore file.
 *
 * <p>Each container is one map from {@code partitionKey + U+0000 + id} to the document's JSON text
 * ({@link DocumentJson}); ids and partition keys cannot hold control characters, so a partition is one
 * contiguous key range and a query reads only that range. A second map, the expiry index, orders the
 * expiring documents by expiry time, so {@link #removeExpired} finds them without a scan.
 *
 * <p>Reads go straight to the maps; writes are serialised by one lock, which makes the ETag check and
 * the write one atomic step, and each write is committed to the file before it is acknowledged.
 */
public final class EmbeddedDocumentStore implements DocumentStore, HealthIndicator, AutoCloseable {

    /** How often the background sweep runs, and how many expiry-index entries one run may visit. */
    private static final Duration SWEEP_INTERVAL = Duration.ofSeconds(30);
    private static final int SWEEP_BATCH = 1_000;

    private static final int MAX_PAGE_SIZE = 1_000;
    private static final char SEPARATOR = '\u0000';
    private static final String ANY_ID = "id";
    private static final String ANY_PARTITION = "partition";
    private static final String DOCUMENTS_MAP_PREFIX = "documents/";
    private static final String EXPIRY_INDEX_MAP = "expiry-index";
    private static final String COMPONENT = "store";
    private static final String IMPLEMENTATION = "embedded";
    private static final System.Logger LOG = System.getLogger(EmbeddedDocumentStore.class.getName());

    private record Container(ContainerSpec spec) {
    }

    private static final String REWRITE_SUFFIX = ".rewrite";

    /** Replaced as a whole by {@link #rewriteFile()}, under the write lock; read under either lock. */
    private volatile MVStore mvStore;
    private volatile Map<String, MVMap<String, String>> documentMaps;
    private volatile MVMap<String, String> expiryIndex;
    private final Map<String, Container> containers;
    /** The store file; empty for an in-memory store. */
    private final Optional<Path> file;
    private final Clock clock;
    private final SecureRandom random = new SecureRandom();
    private final ReentrantReadWriteLock lock = new ReentrantReadWriteLock();
    private final AtomicBoolean closed = new AtomicBoolean();
    private final AtomicLong documentsReadBySweep = new AtomicLong();
    private final Optional<ScheduledExecutorService> sweeper;

    /**
     * Opens (or creates) the store file and starts the background sweep. The file is locked until
     * {@link #close()}; a file that another store has open is a {@link StoreUnavailableException}
     * saying so.
     *
     * @param file       the MVStore file, for example {@code data/store.mv.db}; missing folders are created
     * @param containers the containers this store serves; documents of containers left out stay in the
     *                   file but cannot be reached
     */
    public static EmbeddedDocumentStore open(Path file, List<ContainerSpec> containers, Clock clock) {
        return open(file, containers, clock, SWEEP_INTERVAL);
    }

    /** As {@link #open(Path, List, Clock)}, with the sweep every {@code sweepInterval}: tests watch it run. */
    static EmbeddedDocumentStore open(Path file, List<ContainerSpec> containers, Clock clock, Duration sweepInterval) {
        Objects.requireNonNull(file, "file");
        ContainerSpec.requireDistinct(containers);
        if (sweepInterval.isNegative() || sweepInterval.isZero()) {
            throw new IllegalArgumentException("sweep interval must be positive");
        }
        Path absolute = file.toAbsolutePath();
        removeInterruptedRewrite(absolute);
        MVStore mvStore = openFile(absolute);
        ScheduledExecutorService sweeper = newSweeper(file.getFileName().toString());
        try {
            EmbeddedDocumentStore store = new EmbeddedDocumentStore(mvStore, containers, clock, Optional.of(sweeper),
                    Optional.of(absolute));
            // The first run comes at once, for what expired while the store was closed.
            sweeper.scheduleWithFixedDelay(store::sweepOnce, 0, sweepInterval.toMillis(), TimeUnit.MILLISECONDS);
            return store;
        } catch (RuntimeException e) {
            sweeper.shutdown();
            mvStore.closeImmediately();
            throw e;
        }
    }

    /** A store over an MVStore the caller has opened (tests use an in-memory one); no background sweep. */
    EmbeddedDocumentStore(MVStore mvStore, List<ContainerSpec> containers, Clock clock) {
        this(mvStore, ContainerSpec.requireDistinct(containers), clock, Optional.empty(), Optional.empty());
    }

    private EmbeddedDocumentStore(MVStore mvStore, List<ContainerSpec> specs, Clock clock,
            Optional<ScheduledExecutorService> sweeper, Optional<Path> file) {
        this.clock = Objects.requireNonNull(clock, "clock");
        Map<String, Container> byName = new LinkedHashMap<>();
        for (ContainerSpec spec : specs) {
            byName.put(spec.name(), new Container(spec));
        }
        this.containers = Map.copyOf(byName);
        this.file = file;
        attach(Objects.requireNonNull(mvStore, "mvStore"));
        this.sweeper = sweeper;
    }

    /** Makes {@code store} the one every operation uses from now on, with its maps. */
    private void attach(MVStore store) {
        // Freed space is reused at once rather than after MVStore's default 45 s, or a busy store's
        // file grows by a chunk per write; safe because reads hold the read lock (see underReadLock).
        store.setRetentionTime(0);
        Map<String, MVMap<String, String>> maps = new LinkedHashMap<>();
        for (String name : containers.keySet()) {
            maps.put(name, store.openMap(DOCUMENTS_MAP_PREFIX + name, stringMap()));
        }
        this.mvStore = store;
        this.documentMaps = Map.copyOf(maps);
        this.expiryIndex = store.openMap(EXPIRY_INDEX_MAP, stringMap());
    }

    /**
     * Rewrites the store file with only what is live in it now. MVStore appends: a deleted or
     * replaced document's old text stays in the file, in chunks no longer referenced, until that space
     * happens to be reused; compaction moves chunks but does not wipe them. An erasure must leave no
     * trace of the person on disk, so this copies every map into a fresh file beside the old one,
     * then moves it over the old one atomically: a crash before the move leaves the old file whole
     * (the partial copy is removed when the store is next opened). Holds the write lock throughout,
     * so reads and writes wait; the cost is proportional to the store's live size. An in-memory store
     * has nothing on disk and is left as it is.
     */
    public void rewriteFile() {
        if (file.isEmpty()) {
            return;
        }
        Path target = file.get();
        Path fresh = target.resolveSibling(target.getFileName() + REWRITE_SUFFIX);
        underWriteLock(() -> {
            mvStore.commit();
            try {
                Files.deleteIfExists(fresh);
                copyInto(fresh);
            } catch (IOException e) {
                throw new StoreUnavailableException("cannot rewrite the embedded store file " + target, e);
            }
            mvStore.close();
            try {
                Files.move(fresh, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } catch (IOException e) {
                throw new StoreUnavailableException("cannot move the rewritten embedded store file over " + target, e);
            } finally {
                attach(openFile(target));
            }
            return null;
        });
    }

    private void copyInto(Path fresh) throws IOException {
        MVStore copy = new MVStore.Builder().fileName(fresh.toString()).autoCommitDisabled().open();
        try {
            for (String name : mvStore.getMapNames()) {
                MVMap<String, String> from = mvStore.openMap(name, stringMap());
                MVMap<String, String> to = copy.openMap(name, stringMap());
                Cursor<String, String> cursor = from.cursor(null);
                int sinceCommit = 0;
                while (cursor.hasNext()) {
                    to.put(cursor.next(), cursor.getValue());
                    if (++sinceCommit == 10_000) {
                        copy.commit();
                        sinceCommit = 0;
                    }
                }
            }
            copy.close();
        } catch (RuntimeException e) {
            copy.closeImmediately();
            Files.deleteIfExists(fresh);
            throw e;
        }
    }

    private static void removeInterruptedRewrite(Path file) {
        try {
            Files.deleteIfExists(file.resolveSibling(file.getFileName() + REWRITE_SUFFIX));
        } catch (IOException e) {
            throw new StoreUnavailableException("cannot remove an interrupted rewrite beside " + file, e);
        }
    }

    @Override
    public Optional<StoredDocument> read(String container, String partitionKey, String id) {
        Container target = container(container);
        String key = key(partitionKey, id);
        return underReadLock(() -> live(target, key, clock.now()).map(StoredEntry::stored));
    }

    @Override
    public WriteResult create(String container, Document document) {
        Container target = container(container);
        Document stored = target.spec().withPartitionKeyField(document);
        return underWriteLock(() -> {
            Instant now = clock.now();
            Optional<StoredEntry> previous = entry(target, key(stored));
            if (isLive(previous, now)) {
                return WriteResult.of(Status.ALREADY_EXISTS);
            }
            return WriteResult.written(put(target, stored, previous, now));
        });
    }

    @Override
    public WriteResult upsert(String container, Document document) {
        Container target = container(container);
        Document stored = target.spec().withPartitionKeyField(document);
        return underWriteLock(() -> {
            Instant now = clock.now();
            return WriteResult.written(put(target, stored, entry(target, key(stored)), now));
        });
    }

    @Override
    public WriteResult replace(String container, Document document, String ifMatchEtag) {
        Container target = container(container);
        Document stored = target.spec().withPartitionKeyField(document);
        return underWriteLock(() -> {
            Instant now = clock.now();
            Optional<StoredEntry> previous = entry(target, key(stored));
            Optional<Status> refusal = refusal(previous, ifMatchEtag, now);
            if (refusal.isPresent()) {
                return WriteResult.of(refusal.get());
            }
            return WriteResult.written(put(target, stored, previous, now));
        });
    }

    @Override
    public WriteResult delete(String container, String partitionKey, String id, String ifMatchEtag) {
        Container target = container(container);
        String key = key(partitionKey, id);
        return underWriteLock(() -> {
            Optional<StoredEntry> previous = entry(target, key);
            Optional<Status> refusal = refusal(previous, ifMatchEtag, clock.now());
            if (refusal.isPresent()) {
                return WriteResult.of(refusal.get());
            }
            documents(target).remove(key);
            previous.get().expiresAtEpochSecond().ifPresent(at -> expiryIndex.remove(expiryKey(at, target, key)));
            mvStore.commit();
            return WriteResult.of(Status.DELETED);
        });
    }

    /** {@inheritDoc} One commit for them all, under one write lock. */
    @Override
    public int deleteAll(String container, String partitionKey, List<String> ids) {
        Container target = container(container);
        requirePartitionKey(partitionKey);
        return underWriteLock(() -> {
            Instant now = clock.now();
            int deleted = 0;
            for (String id : ids) {
                String key = key(partitionKey, id);
                Optional<StoredEntry> previous = entry(target, key);
                if (previous.isPresent() && refusal(previous, null, now).isEmpty()) {
                    documents(target).remove(key);
                    previous.get().expiresAtEpochSecond().ifPresent(at -> expiryIndex.remove(expiryKey(at, target, key)));
                    deleted++;
                }
            }
            if (deleted > 0) {
                mvStore.commit();
            }
            return deleted;
        });
    }

    /**
     * {@inheritDoc}
     *
     * <p>The continuation names the last id returned, so it stays valid across writes: the next page
     * starts after that id, and a continuation is given only when a further match exists.
     */
    @Override
    public Page query(String container, Query query, int pageSize, Optional<String> continuation) {
        Container target = container(container);
        Objects.requireNonNull(query, "query");
        Objects.requireNonNull(continuation, "continuation");
        requirePartitionKey(query.partitionKey());
        if (pageSize < 1 || pageSize > MAX_PAGE_SIZE) {
            throw new IllegalArgumentException("pageSize must be 1 to " + MAX_PAGE_SIZE + ", was " + pageSize);
        }
        String partition = query.partitionKey() + SEPARATOR;
        IdRange ids = IdRange.of(query.conditions());
        // No id contains the separator, so "lastId + separator" sorts directly after lastId.
        String afterContinuation = continuation.map(token -> partition + lastIdOf(token) + SEPARATOR).orElse(partition);
        String rangeStart = partition + ids.startKey();
        String from = afterContinuation.compareTo(rangeStart) >= 0 ? afterContinuation : rangeStart;
        return underReadLock(() -> {
            Instant now = clock.now();
            List<StoredDocument> items = new ArrayList<>();
            Cursor<String, String> cursor = documents(target).cursor(from);
            while (cursor.hasNext()) {
                String key = cursor.next();
                if (!key.startsWith(partition) || ids.isPast(key.substring(partition.length()))) {
                    break;
                }
                StoredEntry entry = DocumentJson.decode(cursor.getValue(), target.spec().partitionKeyField());
                if (entry.isExpiredAt(now) || !ConditionMatcher.meetsAll(entry.document(), query.conditions())) {
                    continue;
                }
                if (items.size() == pageSize) {
                    // A further match exists, so the caller gets a token only when there is more to read.
                    return new Page(items, Optional.of(continuationAfter(items.get(pageSize - 1).id())));
                }
                items.add(entry.stored());
            }
            return new Page(items, Optional.empty());
        });
    }

    /**
     * Physically removes up to {@code maxDocuments} expired documents. Walks the expiry index from its
     * earliest entry and stops at the first that has not expired, so it reads only entries that are
     * due, never the documents that are not.
     *
     * @return how many documents it removed
     */
    public int removeExpired(int maxDocuments) {
        if (maxDocuments < 1) {
            throw new IllegalArgumentException("maxDocuments must be at least 1, was " + maxDocuments);
        }
        return underWriteLock(() -> {
            Instant now = clock.now();
            int removed = 0;
            int visited = 0;
            for (String first = expiryIndex.firstKey(); first != null && visited < maxDocuments;
                    first = expiryIndex.firstKey()) {
                ExpiryKey due = ExpiryKey.decode(first);
                if (!StoredEntry.isExpiredAt(OptionalLong.of(due.epochSecond()), now)) {
                    break;
                }
                visited++;
                expiryIndex.remove(first);
                if (removeIfExpired(due, now)) {
                    removed++;
                }
            }
            if (visited > 0) {
                mvStore.commit();
            }
            return removed;
        });
    }

    @Override
    public ComponentHealth check() {
        if (closed.get()) {
            return ComponentHealth.down(COMPONENT, IMPLEMENTATION, "closed");
        }
        if (mvStore.isClosed()) {
            return ComponentHealth.down(COMPONENT, IMPLEMENTATION, "store file unavailable");
        }
        return ComponentHealth.up(COMPONENT, IMPLEMENTATION);
    }

    /** Stops the sweep, commits and releases the file. Later calls do nothing. */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        // shutdown, not shutdownNow: an interrupt inside MVStore's file I/O would close its channel.
        sweeper.ifPresent(executor -> {
            executor.shutdown();
            awaitTermination(executor);
        });
        lock.writeLock().lock();
        try {
            mvStore.close();
        } catch (MVStoreException e) {
            throw new StoreUnavailableException("embedded store could not be closed cleanly: " + e.getMessage(), e);
        } finally {
            lock.writeLock().unlock();
        }
    }

    /** How many documents the sweep has read so far: it should read only expired ones. */
    long documentsReadBySweep() {
        return documentsReadBySweep.get();
    }

    /** How many documents the container physically holds, expired ones not yet swept included. */
    int storedDocumentCount(String container) {
        Container target = container(container);
        return underReadLock(() -> documents(target).size());
    }

    private StoredDocument put(Container target, Document document, Optional<StoredEntry> previous, Instant now) {
        String key = key(document);
        long writtenAt = now.getEpochSecond();
        OptionalLong expiresAt = StoredEntry.expiryOf(document, target.spec(), writtenAt);
        StoredEntry entry = new StoredEntry(
                new StoredDocument(document, newEtag(), Instant.ofEpochSecond(writtenAt)), expiresAt);
        // Index first, document second, old index entry last: should a background commit split these
        // steps, an expiring document still has its index entry; a stale entry is harmless (see sweep).
        expiresAt.ifPresent(at -> expiryIndex.put(expiryKey(at, target, key), ""));
        documents(target).put(key, DocumentJson.encode(entry));
        OptionalLong oldExpiry = previous.map(StoredEntry::expiresAtEpochSecond).orElse(OptionalLong.empty());
        if (oldExpiry.isPresent() && !oldExpiry.equals(expiresAt)) {
            expiryIndex.remove(expiryKey(oldExpiry.getAsLong(), target, key));
        }
        mvStore.commit();
        return entry.stored();
    }

    /** The sweep's step for one due index entry: the document goes only if it is itself expired. */
    private boolean removeIfExpired(ExpiryKey due, Instant now) {
        // A container left out of this run's specs still has its map in the file.
        MVMap<String, String> documents = containers.containsKey(due.container())
                ? documentMaps.get(due.container()) : documentsOf(due.container());
        String json = documents.get(due.documentKey());
        if (json == null) {
            return false;
        }
        documentsReadBySweep.incrementAndGet();
        // Rewritten since the entry was made: the newer expiry has its own entry.
        if (!StoredEntry.isExpiredAt(DocumentJson.expiresAt(json), now)) {
            return false;
        }
        documents.remove(due.documentKey());
        return true;
    }

    private void sweepOnce() {
        try {
            int removed = removeExpired(SWEEP_BATCH);
            if (removed > 0) {
                LOG.log(System.Logger.Level.DEBUG, "embedded store sweep removed {0} expired documents", removed);
            }
        } catch (RuntimeException e) {
            // A failed run must not cancel the schedule; the next run retries.
            LOG.log(System.Logger.Level.WARNING, "embedded store sweep failed: {0}", e.getClass().getSimpleName());
        }
    }

    private static Optional<Status> refusal(Optional<StoredEntry> previous, String ifMatchEtag, Instant now) {
        if (!isLive(previous, now)) {
            return Optional.of(Status.NOT_FOUND);
        }
        if (ifMatchEtag != null && !ifMatchEtag.equals(previous.get().etag())) {
            return Optional.of(Status.CONFLICT);
        }
        return Optional.empty();
    }

    private static boolean isLive(Optional<StoredEntry> entry, Instant now) {
        return entry.isPresent() && !entry.get().isExpiredAt(now);
    }

    private Optional<StoredEntry> live(Container target, String key, Instant now) {
        return entry(target, key).filter(entry -> !entry.isExpiredAt(now));
    }

    /** The stored entry under this key, expired or not. */
    private Optional<StoredEntry> entry(Container target, String key) {
        return Optional.ofNullable(documents(target).get(key))
                .map(json -> DocumentJson.decode(json, target.spec().partitionKeyField()));
    }

    private Container container(String name) {
        Objects.requireNonNull(name, "container");
        Container container = containers.get(name);
        if (container == null) {
            throw new IllegalArgumentException("unknown container '" + name + "'; this store has " + containers.keySet());
        }
        return container;
    }

    private static String key(Document document) {
        return document.partitionKey() + SEPARATOR + document.id();
    }

    private static String key(String partitionKey, String id) {
        requireAddress(partitionKey, id);
        return partitionKey + SEPARATOR + id;
    }

    /**
     * Applies the rules of {@link Document} to an address given without a document, by building one:
     * an address is valid exactly when a document could have it.
     */
    private static void requireAddress(String partitionKey, String id) {
        Document.of(id, partitionKey, Map.of());
    }

    private static void requirePartitionKey(String partitionKey) {
        requireAddress(partitionKey, ANY_ID);
    }

    private static String expiryKey(long epochSecond, Container target, String key) {
        return new ExpiryKey(epochSecond, target.spec().name(), key).encode();
    }

    /** A fresh random 128-bit tag in quotes, the shape of an HTTP ETag; it carries no meaning. */
    private String newEtag() {
        byte[] bytes = new byte[16];
        random.nextBytes(bytes);
        return '"' + HexFormat.of().formatHex(bytes) + '"';
    }

    private static String continuationAfter(String lastId) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(lastId.getBytes(StandardCharsets.UTF_8));
    }

    private static String lastIdOf(String continuation) {
        try {
            String lastId = new String(Base64.getUrlDecoder().decode(continuation), StandardCharsets.UTF_8);
            requireAddress(ANY_PARTITION, lastId);
            return lastId;
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("continuation is not a token this store issued", e);
        }
    }

    private MVMap<String, String> documents(Container target) {
        return documentMaps.get(target.spec().name());
    }

    private MVMap<String, String> documentsOf(String containerName) {
        return mvStore.openMap(DOCUMENTS_MAP_PREFIX + containerName, stringMap());
    }

    private static MVMap.Builder<String, String> stringMap() {
        return new MVMap.Builder<String, String>().keyType(StringDataType.INSTANCE).valueType(StringDataType.INSTANCE);
    }

    /**
     * The store is checked under the lock, not before taking it: {@link #rewriteFile()} closes the
     * old file and attaches the new one while it holds the write lock, so an operation that waited for
     * the lock finds the new file rather than failing on the old one.
     */
    private <T> T underWriteLock(Supplier<T> write) {
        lock.writeLock().lock();
        try {
            return available(write);
        } finally {
            lock.writeLock().unlock();
        }
    }

    /**
     * Reads share the lock; a write and its commit exclude them. That is what lets freed file space be
     * reused at once (retention time 0): no reader can be walking a version a commit just released.
     */
    private <T> T underReadLock(Supplier<T> read) {
        lock.readLock().lock();
        try {
            return available(read);
        } finally {
            lock.readLock().unlock();
        }
    }

    /** Runs an operation on the MVStore, turning its faults into the port's. */
    private <T> T available(Supplier<T> operation) {
        if (closed.get()) {
            throw new StoreUnavailableException("embedded store is closed");
        }
        // MVStore closes itself when its file fails, yet keeps answering reads from its cache.
        if (mvStore.isClosed()) {
            throw new StoreUnavailableException("embedded store file has failed; reopen the store");
        }
        try {
            return operation.get();
        } catch (MVStoreException e) {
            throw new StoreUnavailableException("embedded store failed: " + e.getMessage(), e);
        }
    }

    private static MVStore openFile(Path file) {
        try {
            Path folder = file.getParent();
            if (folder != null) {
                Files.createDirectories(folder);
            }
            // No auto-commit: only complete operations reach the file, each committed by its writer,
            // so a crash can never persist a document without its expiry-index entry.
            return new MVStore.Builder().fileName(file.toString()).autoCommitDisabled().open();
        } catch (IOException e) {
            throw new StoreUnavailableException("cannot create the folder of the embedded store file " + file, e);
        } catch (MVStoreException e) {
            if (e.getErrorCode() == DataUtils.ERROR_FILE_LOCKED) {
                throw new StoreUnavailableException("embedded store file " + file + " is locked: another process "
                        + "(or another store in this one) has it open. Stop that process or use another data folder.", e);
            }
            throw new StoreUnavailableException("cannot open embedded store file " + file + ": " + e.getMessage(), e);
        }
    }

    private static ScheduledExecutorService newSweeper(String fileName) {
        return Executors.newSingleThreadScheduledExecutor(task -> {
            Thread thread = new Thread(task, "embedded-store-sweeper-" + fileName);
            thread.setDaemon(true);
            return thread;
        });
    }

    private static void awaitTermination(ScheduledExecutorService executor) {
        try {
            if (!executor.awaitTermination(30, TimeUnit.SECONDS)) {
                LOG.log(System.Logger.Level.WARNING, "embedded store sweep did not stop within 30 s");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
