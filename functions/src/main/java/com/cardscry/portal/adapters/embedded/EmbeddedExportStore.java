package com.cardscry.portal.adapters.embedded;

import com.cardscry.portal.application.port.Clock;
import com.cardscry.portal.application.port.ComponentHealth;
import com.cardscry.portal.application.port.ExportStore;
import com.cardscry.portal.application.port.HealthIndicator;
import com.cardscry.portal.application.port.StoreUnavailableException;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.PriorityQueue;
import java.util.Set;
import java.util.UUID;

/**
 * The {@link ExportStore} of local mode: one file per export in a folder of the data directory.
 *
 * <p>Each export is a single file, named by the SHA-256 of the export name (so path-like names such as
 * {@code a} and {@code a/b} never collide on disk and any name fits a file name), holding a short text
 * header (name, content type, creation time) and then the content. A write streams into a temporary
 * file beside the others and moves it into place atomically once the writer has finished, so a reader
 * sees the old file or the new one, never part of either; a writer that fails leaves only its temporary
 * file, which is removed at once (or when the store is next opened, after a crash). The creation time is
 * taken from the {@link Clock} when the content is complete.
 *
 * <p>The folder and files are readable by the owner only where the file system has POSIX permissions.
 * Listing for retention reads every header (exports are few); it holds at most {@code max} entries.
 * File system faults are {@link StoreUnavailableException}; so is a fault of the stream handed to a
 * writer, which the writer lets pass. Thread-safe: concurrent writes of one name end with one of them
 * whole.
 */
public final class EmbeddedExportStore implements ExportStore, HealthIndicator {

    private static final String MAGIC = "cardscry-export 1\n";
    private static final String CREATED_AT = "created-at ";
    /** Epoch seconds and nanoseconds at a fixed width, so the time can be filled in after the content. */
    private static final String CREATED_AT_FORMAT = "%020d.%09d\n";
    private static final int CREATED_AT_OFFSET = (MAGIC + CREATED_AT).length();
    private static final int MAX_HEADER_BYTES = 4096;
    private static final int WRITE_BUFFER_BYTES = 64 * 1024;
    private static final String SUFFIX = ".export";
    private static final String INCOMING = ".incoming";
    private static final Set<PosixFilePermission> OWNER_ONLY_FILE = PosixFilePermissions.fromString("rw-------");
    private static final Set<PosixFilePermission> OWNER_ONLY_FOLDER = PosixFilePermissions.fromString("rwx------");

    private final Path folder;
    private final Path incoming;
    private final Clock clock;

    private EmbeddedExportStore(Path folder, Clock clock) {
        this.folder = folder;
        this.incoming = folder.resolve(INCOMING);
        this.clock = clock;
    }

    /**
     * Opens the store in {@code folder}, creating it owner-only if needed, and removes temporary files
     * that a crashed write left behind.
     */
    public static EmbeddedExportStore open(Path folder, Clock clock) {
        Objects.requireNonNull(folder, "folder");
        Objects.requireNonNull(clock, "clock");
        EmbeddedExportStore store = new EmbeddedExportStore(folder.toAbsolutePath(), clock);
        try {
            store.createOwnerOnlyFolder(store.folder);
            store.createOwnerOnlyFolder(store.incoming);
            try (DirectoryStream<Path> leftovers = Files.newDirectoryStream(store.incoming)) {
                for (Path leftover : leftovers) {
                    Files.deleteIfExists(leftover);
                }
            }
        } catch (IOException e) {
            throw new StoreUnavailableException("export folder " + store.folder + " cannot be opened", e);
        }
        return store;
    }

    @Override
    public ExportInfo write(String name, String contentType, ContentWriter writer) {
        ExportStore.requireValidName(name);
        ExportStore.requireValidContentType(contentType);
        Objects.requireNonNull(writer, "writer");
        byte[] header = header(name, contentType);
        Path temporary = incoming.resolve(UUID.randomUUID() + ".tmp");
        try {
            ExportInfo stored;
            try (FileChannel channel = FileChannel.open(temporary, Set.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE),
                    ownerOnly(temporary, OWNER_ONLY_FILE))) {
                channel.write(ByteBuffer.wrap(header));
                OutputStream content = new BufferedOutputStream(Channels.newOutputStream(channel), WRITE_BUFFER_BYTES);
                try (OutputStream toWriter = new StoreFaultsUnchecked(content)) {
                    writer.writeTo(toWriter);
                } catch (IOException writerFailure) {
                    throw new UncheckedIOException(writerFailure);
                }
                Instant createdAt = clock.now();
                channel.write(ByteBuffer.wrap(createdAtField(createdAt)), CREATED_AT_OFFSET);
                channel.force(true);
                stored = new ExportInfo(name, contentType, channel.size() - header.length, createdAt);
            }
            Files.move(temporary, fileOf(name), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            return stored;
        } catch (IOException e) {
            throw new StoreUnavailableException("export " + name + " could not be written", e);
        } finally {
            deleteQuietly(temporary);
        }
    }

    @Override
    public Optional<ExportInfo> describe(String name) {
        ExportStore.requireValidName(name);
        try {
            return detailsOf(fileOf(name));
        } catch (IOException e) {
            throw new StoreUnavailableException("export " + name + " could not be read", e);
        }
    }

    @Override
    public Optional<InputStream> open(String name) {
        ExportStore.requireValidName(name);
        try {
            // The open handle keeps reading this version even if a write replaces the file meanwhile.
            return openFile(fileOf(name)).map(OpenedExport::content);
        } catch (IOException e) {
            throw new StoreUnavailableException("export " + name + " could not be read", e);
        }
    }

    @Override
    public boolean delete(String name) {
        ExportStore.requireValidName(name);
        try {
            return Files.deleteIfExists(fileOf(name));
        } catch (IOException e) {
            throw new StoreUnavailableException("export " + name + " could not be deleted", e);
        }
    }

    @Override
    public List<ExportInfo> listCreatedBefore(Instant cutoff, int max) {
        Objects.requireNonNull(cutoff, "cutoff");
        if (max < 1) {
            throw new IllegalArgumentException("max must be at least 1, was " + max);
        }
        Comparator<ExportInfo> oldestFirst = Comparator.comparing(ExportInfo::createdAt).thenComparing(ExportInfo::name);
        PriorityQueue<ExportInfo> youngestOnTop = new PriorityQueue<>(oldestFirst.reversed());
        try (DirectoryStream<Path> files = Files.newDirectoryStream(folder, "*" + SUFFIX)) {
            for (Path file : files) {
                detailsOf(file).filter(info -> info.createdAt().isBefore(cutoff)).ifPresent(info -> {
                    youngestOnTop.add(info);
                    if (youngestOnTop.size() > max) {
                        youngestOnTop.poll();
                    }
                });
            }
        } catch (IOException e) {
            throw new StoreUnavailableException("export folder " + folder + " could not be listed", e);
        }
        List<ExportInfo> oldest = new ArrayList<>(youngestOnTop);
        oldest.sort(oldestFirst);
        return List.copyOf(oldest);
    }

    /** A listed file's details, or empty when it was deleted meanwhile. */
    private static Optional<ExportInfo> detailsOf(Path file) throws IOException {
        Optional<OpenedExport> opened = openFile(file);
        if (opened.isPresent()) {
            opened.get().content().close();
        }
        return opened.map(OpenedExport::info);
    }

    /** An export file read up to its content, with its details; the caller closes the content. */
    private record OpenedExport(ExportInfo info, InputStream content) {
    }

    /** Empty when there is no such file (or it was deleted while the folder was being listed). */
    private static Optional<OpenedExport> openFile(Path file) throws IOException {
        FileChannel channel;
        try {
            channel = FileChannel.open(file, StandardOpenOption.READ);
        } catch (NoSuchFileException e) {
            return Optional.empty();
        }
        InputStream in = new BufferedInputStream(Channels.newInputStream(channel));
        try {
            return Optional.of(new OpenedExport(readHeader(in, channel.size()), in));
        } catch (IOException | RuntimeException e) {
            in.close();
            throw e;
        }
    }

    private Path fileOf(String name) {
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256").digest(name.getBytes(StandardCharsets.UTF_8));
            return folder.resolve(HexFormat.of().formatHex(hash) + SUFFIX);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform has SHA-256", e);
        }
    }

    /** The header with a blank creation time; see {@link #CREATED_AT_OFFSET}. */
    private static byte[] header(String name, String contentType) {
        String text = MAGIC + CREATED_AT + new String(createdAtField(Instant.EPOCH), StandardCharsets.US_ASCII)
                + "content-type " + contentType + "\n"
                + "name " + name + "\n"
                + "\n";
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] createdAtField(Instant createdAt) {
        return String.format(CREATED_AT_FORMAT, createdAt.getEpochSecond(), createdAt.getNano()).getBytes(StandardCharsets.US_ASCII);
    }

    /** Reads the header, leaving {@code in} at the first byte of content. */
    private static ExportInfo readHeader(InputStream in, long fileSize) throws IOException {
        ByteArrayOutputStream header = new ByteArrayOutputStream();
        int previous = -1;
        for (int b; (b = in.read()) != -1; previous = b) {
            header.write(b);
            if (b == '\n' && previous == '\n') {
                break;
            }
            if (header.size() > MAX_HEADER_BYTES) {
                break;
            }
        }
        String[] lines = header.toString(StandardCharsets.UTF_8).split("\n");
        if (!header.toString(StandardCharsets.UTF_8).endsWith("\n\n") || lines.length != 4 || !(lines[0] + "\n").equals(MAGIC)) {
            throw new IOException("not an export file, or a damaged one");
        }
        String[] seconds = value(lines[1], CREATED_AT).split("\\.");
        Instant createdAt = Instant.ofEpochSecond(Long.parseLong(seconds[0]), Long.parseLong(seconds[1]));
        return new ExportInfo(value(lines[3], "name "), value(lines[2], "content-type "), fileSize - header.size(), createdAt);
    }

    private static String value(String line, String key) throws IOException {
        if (!line.startsWith(key)) {
            throw new IOException("export header line without " + key.strip());
        }
        return line.substring(key.length());
    }

    private void createOwnerOnlyFolder(Path path) throws IOException {
        try {
            Files.createDirectories(path, ownerOnly(path.getParent(), OWNER_ONLY_FOLDER));
        } catch (FileAlreadyExistsException e) {
            throw new IOException(path + " exists and is not a folder", e);
        }
    }

    private static FileAttribute<?>[] ownerOnly(Path near, Set<PosixFilePermission> permissions) {
        boolean posix = near != null && near.getFileSystem().supportedFileAttributeViews().contains("posix");
        return posix ? new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(permissions)} : new FileAttribute<?>[0];
    }

    private static void deleteQuietly(Path temporary) {
        try {
            Files.deleteIfExists(temporary);
        } catch (IOException e) {
            // Removed when the store is next opened; the failure that matters is already on its way.
        }
    }

    /**
     * The stream a writer gets: file system faults come out as {@link StoreUnavailableException}, so an
     * {@link IOException} leaving the writer is the writer's own; closing it only flushes, as the store
     * still has to finish the file.
     */
    private static final class StoreFaultsUnchecked extends FilterOutputStream {

        StoreFaultsUnchecked(OutputStream out) {
            super(out);
        }

        @Override
        public void write(int b) {
            try {
                out.write(b);
            } catch (IOException e) {
                throw new StoreUnavailableException("export could not be written to disk", e);
            }
        }

        @Override
        public void write(byte[] bytes, int offset, int length) {
            try {
                out.write(bytes, offset, length);
            } catch (IOException e) {
                throw new StoreUnavailableException("export could not be written to disk", e);
            }
        }

        @Override
        public void flush() {
            try {
                out.flush();
            } catch (IOException e) {
                throw new StoreUnavailableException("export could not be written to disk", e);
            }
        }

        @Override
        public void close() {
            flush();
        }
    }

    /** Up while the folder is there to write into; the health endpoint shows it as {@code exports}. */
    @Override
    public ComponentHealth check() {
        return Files.isDirectory(folder) && Files.isWritable(folder)
                ? ComponentHealth.up("exports", "embedded")
                : ComponentHealth.down("exports", "embedded", "export folder missing or not writable");
    }
}
