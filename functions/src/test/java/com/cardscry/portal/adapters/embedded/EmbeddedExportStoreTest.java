package com.cardscry.portal.adapters.embedded;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.cardscry.portal.application.port.Clock;
import com.cardscry.portal.application.port.ExportStore;
import com.cardscry.portal.application.port.ExportStoreContract;
import com.cardscry.portal.application.port.StoreUnavailableException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EmbeddedExportStoreTest extends ExportStoreContract {

    @TempDir
    Path dataDir;

    private Path folder() {
        return dataDir.resolve("exports");
    }

    @Override
    protected ExportStore newStore(Clock clock) {
        return EmbeddedExportStore.open(folder(), clock);
    }

    private List<Path> filesUnder(Path path) throws IOException {
        try (Stream<Path> files = Files.walk(path)) {
            return files.filter(Files::isRegularFile).toList();
        }
    }

    @Nested
    class OnDisk {

        @Test
        void the_folder_and_files_are_readable_by_the_owner_only() throws IOException {
            assumeTrue(folder().getFileSystem().supportedFileAttributeViews().contains("posix"), "POSIX permissions");
            store.write("exports/a.json", "application/json", text("{}"));

            assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(folder())));
            for (Path file : filesUnder(folder())) {
                assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)), file.toString());
            }
        }

        @Test
        void a_file_survives_reopening_the_store() throws IOException {
            store.write("exports/a.json", "application/json", text("{\"kept\":true}"));
            store = EmbeddedExportStore.open(folder(), clock);
            assertEquals("{\"kept\":true}", read("exports/a.json"));
        }

        @Test
        void a_failed_write_leaves_no_temporary_file() throws IOException {
            assertThrows(IllegalStateException.class, () -> store.write("a.txt", "text/plain", out -> {
                out.write(1);
                throw new IllegalStateException("gave up");
            }));
            assertEquals(List.of(), filesUnder(folder()));
        }

        @Test
        void temporary_files_left_by_a_crash_are_removed_on_opening() throws IOException {
            Files.writeString(folder().resolve(".incoming").resolve("crashed.tmp"), "half");
            store = EmbeddedExportStore.open(folder(), clock);
            assertEquals(List.of(), filesUnder(folder()));
        }

        @Test
        void a_reader_keeps_the_version_it_opened_while_a_write_replaces_it() throws IOException {
            store.write("a.txt", "text/plain", text("old"));
            try (InputStream before = store.open("a.txt").orElseThrow()) {
                store.write("a.txt", "text/plain", text("new"));
                assertEquals("old", new String(before.readAllBytes(), StandardCharsets.UTF_8));
            }
            assertEquals("new", read("a.txt"));
        }

        @Test
        void a_damaged_file_is_a_store_fault_not_a_wrong_answer() throws IOException {
            store.write("a.txt", "text/plain", text("x"));
            Path file = filesUnder(folder()).get(0);
            Files.writeString(file, "garbage");
            assertThrows(StoreUnavailableException.class, () -> store.describe("a.txt"));
            assertEquals(Optional.empty(), store.describe("b.txt"));
        }
    }
}
