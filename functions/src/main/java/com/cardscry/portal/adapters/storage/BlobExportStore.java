package com.cardscry.portal.adapters.storage;

import com.azure.core.credential.TokenCredential;
import com.azure.core.http.HttpClient;
import com.azure.core.util.Context;
import com.azure.storage.blob.BlobContainerClient;
import com.azure.storage.blob.BlobServiceClientBuilder;
import com.azure.storage.blob.models.BlobHttpHeaders;
import com.azure.storage.blob.models.BlobItem;
import com.azure.storage.blob.models.BlobListDetails;
import com.azure.storage.blob.models.BlobProperties;
import com.azure.storage.blob.models.BlobStorageException;
import com.azure.storage.blob.models.ListBlobsOptions;
import com.azure.storage.blob.options.BlockBlobCommitBlockListOptions;
import com.azure.storage.blob.specialized.BlockBlobClient;
import com.cardscry.portal.application.port.Clock;
import com.cardscry.portal.application.port.ComponentHealth;
import com.cardscry.portal.application.port.ExportStore;
import com.cardscry.portal.application.port.HealthIndicator;
import com.cardscry.portal.application.port.StoreUnavailableException;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.PriorityQueue;
import java.util.UUID;
import java.util.function.Supplier;
import java.util.regex.Pattern;

/**
 * The {@link ExportStore} on Azure Blob Storage (or Azurite): one block blob per export in one container.
 *
 * <p>A write stages the writer's bytes as blocks of {@link #BLOCK_BYTES} (so at most one block is held
 * in memory) and commits the block list only after the writer has returned; the commit replaces the
 * blob in one step, with its content type and creation time. Until then readers see the previous blob,
 * and a writer that fails commits nothing: its staged blocks are never part of a blob and the service
 * discards them (within a week, or at the next commit of that name).
 *
 * <p>{@code createdAt} is the {@link Clock}'s time when the content was complete, kept in the blob's
 * metadata ({@value #CREATED_AT}); a blob put there by other means counts from its creation time.
 * {@link #listCreatedBefore} lists the container (the service lists in name order, not by age), keeps
 * only the {@code max} oldest before the cutoff while it goes, and sorts them: memory is bounded by
 * {@code max}, time by the number of exports, which retention keeps small.
 *
 * <p>Faults after the SDK's retries ({@link StorageRetry}) are {@link StoreUnavailableException}, also
 * from the stream handed to a writer, which the writer lets pass. Thread-safe; one instance per process.
 */
public final class BlobExportStore implements ExportStore, HealthIndicator {

    /** The staged block size: memory held per write in progress. */
    static final int BLOCK_BYTES = 4 * 1024 * 1024;
    static final String CREATED_AT = "createdat";
    private static final int LIST_PAGE_SIZE = 5000;
    private static final Pattern CONTAINER_NAME = Pattern.compile("[a-z0-9](?!.*--)[a-z0-9-]{1,61}[a-z0-9]");
    private static final Duration HEALTH_CHECK_TIMEOUT = Duration.ofSeconds(2);
    private static final String COMPONENT = "exports";
    private static final String IMPLEMENTATION = "blob";

    private final BlobContainerClient container;
    private final boolean createContainer;
    private final Clock clock;
    private volatile boolean containerReady;

    private BlobExportStore(BlobServiceClientBuilder builder, String container, boolean createContainer, Clock clock) {
        if (container == null || !CONTAINER_NAME.matcher(container).matches()) {
            throw new IllegalArgumentException("a container name is 3-63 lowercase letters, digits and single hyphens");
        }
        this.container = builder.httpClient(HttpClient.createDefault()).retryOptions(StorageRetry.options())
                .buildClient().getBlobContainerClient(container);
        this.createContainer = createContainer;
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /**
     * For Azurite or a local setup: a Storage connection string (it carries the account key).
     *
     * @param createContainer whether to create the container, at once, if it is missing (in Azure, Bicep
     *                        creates it)
     */
    public static BlobExportStore connectingWith(String connectionString, String container, boolean createContainer, Clock clock) {
        Objects.requireNonNull(connectionString, "connectionString");
        return ready(new BlobExportStore(new BlobServiceClientBuilder().connectionString(connectionString), container,
                createContainer, clock));
    }

    /**
     * For Azure: the blob endpoint (for example {@code https://account.blob.core.windows.net}) and an
     * Entra ID credential such as {@code DefaultAzureCredential}; no account key. The identity needs the
     * role Storage Blob Data Contributor on the container.
     */
    public static BlobExportStore connectingTo(URI blobEndpoint, TokenCredential credential, String container,
                                               boolean createContainer, Clock clock) {
        Objects.requireNonNull(blobEndpoint, "blobEndpoint");
        Objects.requireNonNull(credential, "credential");
        return ready(new BlobExportStore(new BlobServiceClientBuilder().endpoint(blobEndpoint.toString()).credential(credential),
                container, createContainer, clock));
    }

    /** A store that may create its container does so at start-up, so health is right from the first check. */
    private static BlobExportStore ready(BlobExportStore store) {
        if (store.createContainer) {
            store.container();
        }
        return store;
    }

    @Override
    public ExportInfo write(String name, String contentType, ContentWriter writer) {
        ExportStore.requireValidName(name);
        ExportStore.requireValidContentType(contentType);
        Objects.requireNonNull(writer, "writer");
        BlockBlobClient blob = container().getBlobClient(name).getBlockBlobClient();
        BlockStager stager = new BlockStager(blob);
        try {
            writer.writeTo(stager);
        } catch (IOException writerFailure) {
            throw new UncheckedIOException(writerFailure);
        }
        List<String> blockIds = stager.finish();
        Instant createdAt = clock.now();
        call("commit export " + name, () -> blob.commitBlockListWithResponse(new BlockBlobCommitBlockListOptions(blockIds)
                .setHeaders(new BlobHttpHeaders().setContentType(contentType))
                .setMetadata(Map.of(CREATED_AT, createdAt.toString())), null, Context.NONE));
        return new ExportInfo(name, contentType, stager.size(), createdAt);
    }

    @Override
    public Optional<ExportInfo> describe(String name) {
        ExportStore.requireValidName(name);
        BlobContainerClient blobs = container();
        return call("describe export " + name, () -> ifExists(() -> {
            BlobProperties properties = blobs.getBlobClient(name).getProperties();
            return new ExportInfo(name, contentTypeOf(properties.getContentType()), properties.getBlobSize(),
                    createdAt(properties.getMetadata(), properties.getCreationTime()));
        }));
    }

    @Override
    public Optional<InputStream> open(String name) {
        ExportStore.requireValidName(name);
        BlobContainerClient blobs = container();
        // The stream reads the version it found first: a replacement meanwhile fails the read, never mixes.
        return call("open export " + name, () -> ifExists(() -> blobs.getBlobClient(name).openInputStream()));
    }

    @Override
    public boolean delete(String name) {
        ExportStore.requireValidName(name);
        BlobContainerClient blobs = container();
        return call("delete export " + name, () -> blobs.getBlobClient(name).deleteIfExists());
    }

    @Override
    public List<ExportInfo> listCreatedBefore(Instant cutoff, int max) {
        Objects.requireNonNull(cutoff, "cutoff");
        if (max < 1) {
            throw new IllegalArgumentException("max must be at least 1, was " + max);
        }
        BlobContainerClient blobs = container();
        Comparator<ExportInfo> oldestFirst = Comparator.comparing(ExportInfo::createdAt).thenComparing(ExportInfo::name);
        PriorityQueue<ExportInfo> youngestOnTop = new PriorityQueue<>(oldestFirst.reversed());
        ListBlobsOptions options = new ListBlobsOptions().setMaxResultsPerPage(LIST_PAGE_SIZE)
                .setDetails(new BlobListDetails().setRetrieveMetadata(true));
        call("list exports", () -> {
            for (BlobItem item : blobs.listBlobs(options, null)) {
                ExportInfo info = new ExportInfo(item.getName(), contentTypeOf(item.getProperties().getContentType()),
                        item.getProperties().getContentLength(), createdAt(item.getMetadata(), item.getProperties().getCreationTime()));
                if (info.createdAt().isBefore(cutoff)) {
                    youngestOnTop.add(info);
                    if (youngestOnTop.size() > max) {
                        youngestOnTop.poll();
                    }
                }
            }
            return youngestOnTop;
        });
        List<ExportInfo> oldest = new ArrayList<>(youngestOnTop);
        oldest.sort(oldestFirst);
        return List.copyOf(oldest);
    }

    /** Up when the container answers within a couple of seconds. */
    @Override
    public ComponentHealth check() {
        try {
            return container.existsWithResponse(HEALTH_CHECK_TIMEOUT, Context.NONE).getValue()
                    ? ComponentHealth.up(COMPONENT, IMPLEMENTATION)
                    : ComponentHealth.down(COMPONENT, IMPLEMENTATION, "export container does not exist");
        } catch (RuntimeException e) {
            return ComponentHealth.down(COMPONENT, IMPLEMENTATION, "blob service did not answer: " + e.getClass().getSimpleName());
        }
    }

    /** The container, created once on first use when this store may create it. */
    private BlobContainerClient container() {
        if (createContainer && !containerReady) {
            call("create export container", container::createIfNotExists);
            containerReady = true;
        }
        return container;
    }

    /** The service's own default for a blob stored without one. */
    private static String contentTypeOf(String stored) {
        return stored == null || stored.isEmpty() ? "application/octet-stream" : stored;
    }

    private static Instant createdAt(Map<String, String> metadata, OffsetDateTime serviceCreationTime) {
        String recorded = metadata == null ? null : metadata.get(CREATED_AT);
        return recorded != null ? Instant.parse(recorded) : serviceCreationTime.toInstant();
    }

    /** The value, or empty when the service says the blob is not there (404). */
    private static <T> Optional<T> ifExists(Supplier<T> read) {
        try {
            return Optional.of(read.get());
        } catch (BlobStorageException e) {
            if (e.getStatusCode() == 404) {
                return Optional.empty();
            }
            throw e;
        }
    }

    private static <T> T call(String what, Supplier<T> operation) {
        try {
            return operation.get();
        } catch (StoreUnavailableException e) {
            throw e;
        } catch (RuntimeException e) {
            throw new StoreUnavailableException("blob storage: " + what + " failed after retries", e);
        }
    }

    /**
     * The stream a writer gets: fills one block buffer and stages it when full. Closing it does nothing
     * (the store finishes the write after the writer returns); service faults are unchecked
     * {@link StoreUnavailableException}, so an {@link IOException} out of the writer is the writer's own.
     */
    private static final class BlockStager extends OutputStream {

        private final BlockBlobClient blob;
        /** Ids differ per write, so blocks of concurrent or failed writes of one name never mix. */
        private final String writeId = UUID.randomUUID().toString();
        private final List<String> blockIds = new ArrayList<>();
        private final byte[] buffer = new byte[BLOCK_BYTES];
        private int buffered;
        private long size;

        BlockStager(BlockBlobClient blob) {
            this.blob = blob;
        }

        @Override
        public void write(int b) {
            write(new byte[] {(byte) b}, 0, 1);
        }

        @Override
        public void write(byte[] bytes, int offset, int length) {
            Objects.checkFromIndexSize(offset, length, bytes.length);
            while (length > 0) {
                int n = Math.min(length, buffer.length - buffered);
                System.arraycopy(bytes, offset, buffer, buffered, n);
                buffered += n;
                offset += n;
                length -= n;
                if (buffered == buffer.length) {
                    stageBuffer();
                }
            }
        }

        @Override
        public void close() {
            // The store stages the rest and commits once the writer has returned.
        }

        /** Stages what is left; returns the block list to commit. */
        List<String> finish() {
            if (buffered > 0) {
                stageBuffer();
            }
            return List.copyOf(blockIds);
        }

        long size() {
            return size;
        }

        private void stageBuffer() {
            // Fixed length before encoding, as the service requires of all block ids of one blob.
            String blockId = Base64.getEncoder().encodeToString(
                    String.format("%s-%06d", writeId, blockIds.size()).getBytes(StandardCharsets.US_ASCII));
            int length = buffered;
            // A ByteArrayInputStream can be reset, which the SDK needs to retry the upload.
            call("stage a block", () -> {
                blob.stageBlock(blockId, new ByteArrayInputStream(buffer, 0, length), length);
                return null;
            });
            blockIds.add(blockId);
            size += length;
            buffered = 0;
        }
    }
}
