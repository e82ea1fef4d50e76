package com.cardscry.portal.adapters.localfiles;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;

/** Owner-only, atomically written files; see the package description. */
public final class OwnerOnlyFiles {

    public static final Set<PosixFilePermission> OWNER_ONLY_FILE = PosixFilePermissions.fromString("rw-------");
    public static final Set<PosixFilePermission> OWNER_ONLY_FOLDER = PosixFilePermissions.fromString("rwx------");

    private OwnerOnlyFiles() {
    }

    /**
     * Writes {@code content} to {@code file} through an owner-only temporary file in the same folder,
     * flushed to disk and then moved into place atomically. Missing folders are made owner-only.
     *
     * @param replace whether an existing file is replaced; without it, an existing file makes the move fail
     */
    public static void writeAtomically(Path file, byte[] content, boolean replace) throws IOException {
        Path folder = file.toAbsolutePath().getParent();
        if (Files.notExists(folder)) {
            Files.createDirectories(folder, ownerOnly(folder, OWNER_ONLY_FOLDER));
        }
        Path temporary = Files.createTempFile(folder, file.getFileName() + ".", ".tmp", ownerOnly(folder, OWNER_ONLY_FILE));
        try {
            try (FileChannel channel = FileChannel.open(temporary, StandardOpenOption.WRITE)) {
                ByteBuffer buffer = ByteBuffer.wrap(content);
                while (buffer.hasRemaining()) {
                    channel.write(buffer);
                }
                channel.force(true);
            }
            if (replace) {
                Files.move(temporary, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } else {
                Files.move(temporary, file, StandardCopyOption.ATOMIC_MOVE);
            }
        } finally {
            Files.deleteIfExists(temporary);
        }
    }

    /**
     * Narrows a file made by hand or by an older version to owner-only.
     *
     * @return whether it was wider (so the caller can say so); false on a file system without POSIX permissions
     */
    public static boolean narrowToOwner(Path file) throws IOException {
        if (!isPosix(file) || Files.getPosixFilePermissions(file).equals(OWNER_ONLY_FILE)) {
            return false;
        }
        Files.setPosixFilePermissions(file, OWNER_ONLY_FILE);
        return true;
    }

    /** The attribute that makes a new file or folder owner-only, where the file system has POSIX permissions. */
    public static FileAttribute<?>[] ownerOnly(Path near, Set<PosixFilePermission> permissions) {
        return isPosix(near) ? new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(permissions)} : new FileAttribute<?>[0];
    }

    public static boolean isPosix(Path path) {
        return path.getFileSystem().supportedFileAttributeViews().contains("posix");
    }
}
