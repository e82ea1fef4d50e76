package com.cardscry.portal.adapters.outbox;

import com.cardscry.portal.adapters.localfiles.OwnerOnlyFiles;
import com.cardscry.portal.application.port.Clock;
import com.cardscry.portal.application.port.Notification;
import com.cardscry.portal.application.port.Notifier;
import com.cardscry.portal.application.port.StoreUnavailableException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The {@link Notifier} of local mode: nothing is mailed; each notification becomes one indented JSON
 * file in the outbox folder (see {@code docs/notifications.md}), so a developer signing up locally
 * opens the newest file and reads their code.
 *
 * <p>A file is named {@code <UTC time of its first write>-<hash of the idempotency key>.json}, for
 * example {@code 20260115T100000.000Z-3f1c0a9b7d2e4c6a8b0d1e2f3a4b5c6d.json}: names sort in the order
 * notifications were first sent, and the key's SHA-256 (first 128 bits) stands in for the key, which
 * may hold any character and should not show in a file name. A notification sent again under the same
 * key replaces the content of that key's file instead of adding one.
 *
 * <p>Files and the folder are owner-only from their creation; each file is written to a temporary
 * file in the same folder and atomically moved into place, so a reader never sees half a
 * notification. A folder deleted while running is made again on the next send. One process uses an
 * outbox at a time; within it, sends are serialised.
 */
public final class LocalOutboxNotifier implements Notifier {

    private static final System.Logger LOG = System.getLogger(LocalOutboxNotifier.class.getName());
    private static final DateTimeFormatter NAME_TIME =
            DateTimeFormatter.ofPattern("uuuuMMdd'T'HHmmss.SSS'Z'").withZone(ZoneOffset.UTC);
    private static final int KEY_HASH_BYTES = 16;
    private static final String SUFFIX = ".json";

    private final Path folder;
    private final Clock clock;

    private LocalOutboxNotifier(Path folder, Clock clock) {
        this.folder = folder;
        this.clock = clock;
    }

    /**
     * An outbox in {@code folder}, which is created (with missing parents) or narrowed to owner-only.
     *
     * @throws UncheckedIOException if the folder cannot be made
     */
    public static LocalOutboxNotifier open(Path folder, Clock clock) {
        Path absolute = Objects.requireNonNull(folder, "folder").toAbsolutePath();
        LocalOutboxNotifier outbox = new LocalOutboxNotifier(absolute, Objects.requireNonNull(clock, "clock"));
        try {
            outbox.prepareFolder();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot make the local outbox folder " + absolute, e);
        }
        LOG.log(System.Logger.Level.INFO, "notifications are written to the local outbox {0}", absolute);
        return outbox;
    }

    /**
     * Writes the notification's file.
     *
     * @throws StoreUnavailableException if the folder or the file cannot be written
     */
    @Override
    public synchronized void send(Notification notification) {
        Objects.requireNonNull(notification, "notification");
        Instant now = clock.now();
        String keyHash = hashOf(notification.idempotencyKey());
        try {
            prepareFolder();
            Path file = fileOf(keyHash).orElseGet(() -> folder.resolve(NAME_TIME.format(now) + "-" + keyHash + SUFFIX));
            OwnerOnlyFiles.writeAtomically(file, NotificationJson.readable(notification, now), true);
        } catch (IOException e) {
            // The message names the folder only; the exception's own message holds paths, never content.
            throw new StoreUnavailableException("cannot write a notification to the local outbox " + folder, e);
        }
        LOG.log(System.Logger.Level.INFO, "notification written to the local outbox: {0}", notification.kind());
    }

    /**
     * Deletes every notification addressed to {@code email} (compared without regard to case): the
     * outbox is the local mail spool, and an erased person's mail must not outlive their account.
     *
     * @return how many files were deleted
     * @throws StoreUnavailableException if the folder cannot be read or a file cannot be deleted
     */
    public synchronized int forgetRecipient(String email) {
        Objects.requireNonNull(email, "email");
        if (Files.notExists(folder)) {
            return 0;
        }
        int deleted = 0;
        try (DirectoryStream<Path> files = Files.newDirectoryStream(folder, "*" + SUFFIX)) {
            for (Path file : files) {
                Optional<String> recipient = NotificationJson.recipientOf(Files.readAllBytes(file));
                if (recipient.filter(email::equalsIgnoreCase).isPresent()) {
                    Files.delete(file);
                    deleted++;
                }
            }
        } catch (IOException e) {
            throw new StoreUnavailableException("cannot remove notifications from the local outbox " + folder, e);
        }
        return deleted;
    }

    /**
     * Deletes the oldest files first written before {@code cutoff} (by the time in their names), at
     * most {@code max}. A notification sent again under its key keeps its file's name, so its period
     * counts from its first sending.
     */
    @Override
    public synchronized int deleteWrittenBefore(Instant cutoff, int max) {
        Objects.requireNonNull(cutoff, "cutoff");
        if (max < 1) {
            throw new IllegalArgumentException("max must be at least 1");
        }
        if (Files.notExists(folder)) {
            return 0;
        }
        List<Path> due = new ArrayList<>();
        try (DirectoryStream<Path> files = Files.newDirectoryStream(folder, "*" + SUFFIX)) {
            for (Path file : files) {
                writtenAt(file).filter(at -> at.isBefore(cutoff)).ifPresent(at -> due.add(file));
            }
            // Names begin with the time of the first write, so they sort oldest first.
            due.sort(Comparator.comparing(file -> file.getFileName().toString()));
            int deleted = 0;
            for (Path file : due.subList(0, Math.min(max, due.size()))) {
                if (Files.deleteIfExists(file)) {
                    deleted++;
                }
            }
            return deleted;
        } catch (IOException e) {
            throw new StoreUnavailableException("cannot remove old notifications from the local outbox " + folder, e);
        }
    }

    /** When the file was first written, from its name; empty for a file this outbox did not name. */
    private static Optional<Instant> writtenAt(Path file) {
        String name = file.getFileName().toString();
        int dash = name.indexOf('-');
        if (dash < 0) {
            return Optional.empty();
        }
        try {
            return Optional.of(Instant.from(NAME_TIME.parse(name.substring(0, dash))));
        } catch (DateTimeParseException notOurs) {
            return Optional.empty();
        }
    }

    @Override
    public String toString() {
        return "LocalOutboxNotifier[" + folder + "]";
    }

    private void prepareFolder() throws IOException {
        if (Files.notExists(folder)) {
            Files.createDirectories(folder, OwnerOnlyFiles.ownerOnly(folder.getParent(), OwnerOnlyFiles.OWNER_ONLY_FOLDER));
        } else if (OwnerOnlyFiles.isPosix(folder)) {
            Files.setPosixFilePermissions(folder, OwnerOnlyFiles.OWNER_ONLY_FOLDER);
        }
    }

    /** The file already written for this key, if any. */
    private Optional<Path> fileOf(String keyHash) throws IOException {
        try (DirectoryStream<Path> matches = Files.newDirectoryStream(folder, "*-" + keyHash + SUFFIX)) {
            Iterator<Path> first = matches.iterator();
            return first.hasNext() ? Optional.of(first.next()) : Optional.empty();
        }
    }

    private static String hashOf(String idempotencyKey) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(idempotencyKey.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(Arrays.copyOf(digest, KEY_HASH_BYTES));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform provides SHA-256", e);
        }
    }
}
