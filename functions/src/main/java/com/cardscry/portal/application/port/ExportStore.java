package com.cardscry.portal.application.port;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Files produced for people, such as the export of a privacy access request: written once by streaming
 * (an export can be far larger than memory should hold), read back by their owner, and removed when
 * the retention schedule says so. Blob semantics: a name is a path-like key; writing a name again
 * replaces the file whole; a reader never sees a half-written file.
 *
 * <p>Names are 1 to 256 characters of lowercase letters, digits, {@code - _ . /}, not starting or
 * ending with {@code /} and without {@code //} or {@code ..}; anything else is an
 * {@link IllegalArgumentException}. Faults of the service are {@link StoreUnavailableException}.
 * Thread-safe.
 */
public interface ExportStore {

    /** Streams the content of a file into the store. */
    @FunctionalInterface
    interface ContentWriter {
        void writeTo(OutputStream out) throws IOException;
    }

    /**
     * What the store knows of a file.
     *
     * @param name        its name
     * @param contentType for example {@code application/json} or {@code text/html; charset=utf-8}
     * @param size        bytes
     * @param createdAt   when the write completed (retention counts from here)
     */
    record ExportInfo(String name, String contentType, long size, Instant createdAt) {
        public ExportInfo {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(contentType, "contentType");
            Objects.requireNonNull(createdAt, "createdAt");
        }
    }

    /**
     * Writes a file, replacing any of the same name once the new content is complete. If the writer
     * throws, nothing is stored and an existing file is kept.
     *
     * @return what was stored
     */
    ExportInfo write(String name, String contentType, ContentWriter writer);

    /** The file's details, if it exists. */
    Optional<ExportInfo> describe(String name);

    /** The file's content, if it exists; the caller closes the stream. */
    Optional<InputStream> open(String name);

    /** Removes a file; false when there was none. */
    boolean delete(String name);

    /** Up to {@code max} files created before {@code cutoff}, oldest first: what retention removes. */
    List<ExportInfo> listCreatedBefore(Instant cutoff, int max);

    /** Checks a name against the rules in the class comment. */
    static String requireValidName(String name) {
        if (name == null || !Names.VALID.matcher(name).matches() || name.contains("//") || name.contains("..")
                || name.length() > 256) {
            throw new IllegalArgumentException("an export name is 1-256 characters of a-z 0-9 - _ . /, "
                    + "not starting or ending with / and without // or ..");
        }
        return name;
    }

    /** Checks a content type: 1 to 255 characters on one line, for example {@code application/json}. */
    static String requireValidContentType(String contentType) {
        Objects.requireNonNull(contentType, "contentType");
        if (contentType.isBlank() || contentType.length() > 255 || contentType.chars().anyMatch(c -> c < 0x20 || c == 0x7f)) {
            throw new IllegalArgumentException("a content type is 1-255 characters on one line, for example application/json");
        }
        return contentType;
    }

    /** Holder of the name pattern (interfaces cannot have private static fields). */
    final class Names {
        static final Pattern VALID = Pattern.compile("[a-z0-9_.-](?:[a-z0-9_./-]*[a-z0-9_.-])?");

        private Names() {
        }
    }
}
