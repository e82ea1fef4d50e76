package com.cardscry.portal.application.port;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.cardscry.portal.application.port.ExportStore.ExportInfo;
import com.cardscry.portal.testing.FakeClock;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * The behaviour every {@link ExportStore} shows (blob semantics), written once and run by each
 * implementation's test class, which only says how to build a store. A store records {@code createdAt}
 * from the {@link Clock} it is given, so retention tests move a {@link FakeClock}.
 */
public abstract class ExportStoreContract {

    private static final String JSON = "application/json";
    private static final String HTML = "text/html; charset=utf-8";

    protected final FakeClock clock = new FakeClock(Instant.parse("2026-01-15T10:00:00Z"));
    protected ExportStore store;

    /** A new, empty store whose time is {@code clock}; closed after each test if AutoCloseable. */
    protected abstract ExportStore newStore(Clock clock);

    @BeforeEach
    void openStore() {
        store = newStore(clock);
    }

    @AfterEach
    void closeStore() throws Exception {
        if (store instanceof AutoCloseable closeable) {
            closeable.close();
        }
    }

    protected static ExportStore.ContentWriter text(String content) {
        return out -> out.write(content.getBytes(StandardCharsets.UTF_8));
    }

    protected String read(String name) throws IOException {
        try (InputStream in = store.open(name).orElseThrow()) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    @Nested
    class RoundTrip {

        @Test
        void a_written_file_is_described_and_read_back_as_written() throws IOException {
            ExportInfo written = store.write("exports/acct-1/request-7.json", JSON, text("{\"name\":\"Zoë\"}"));

            ExportInfo expected = new ExportInfo("exports/acct-1/request-7.json", JSON,
                    "{\"name\":\"Zoë\"}".getBytes(StandardCharsets.UTF_8).length, clock.now());
            assertEquals(expected, written);
            assertEquals(Optional.of(expected), store.describe("exports/acct-1/request-7.json"));
            assertEquals("{\"name\":\"Zoë\"}", read("exports/acct-1/request-7.json"));
        }

        @Test
        void an_empty_file_is_a_file() throws IOException {
            assertEquals(0, store.write("empty.txt", "text/plain", out -> { }).size());
            assertEquals("", read("empty.txt"));
        }

        @Test
        void a_large_file_is_streamed_in_and_out_whole() throws IOException {
            long size = 20L * 1024 * 1024 + 123; // not a multiple of any block size
            byte[] writtenDigest = generate(size, store, "exports/large.bin");

            assertEquals(size, store.describe("exports/large.bin").orElseThrow().size());
            MessageDigest readDigest = sha256();
            long readBytes = 0;
            try (InputStream in = store.open("exports/large.bin").orElseThrow()) {
                byte[] buffer = new byte[64 * 1024];
                for (int n; (n = in.read(buffer)) != -1; readBytes += n) {
                    readDigest.update(buffer, 0, n);
                }
            }
            assertEquals(size, readBytes);
            assertArrayEquals(writtenDigest, readDigest.digest());
        }

        /** Writes {@code size} pseudo-random bytes in small pieces, never holding them all; returns their SHA-256. */
        private static byte[] generate(long size, ExportStore store, String name) {
            MessageDigest digest = sha256();
            store.write(name, "application/octet-stream", out -> {
                Random random = new Random(42);
                byte[] piece = new byte[7_919];
                for (long left = size; left > 0; left -= piece.length) {
                    random.nextBytes(piece);
                    int n = (int) Math.min(piece.length, left);
                    digest.update(piece, 0, n);
                    out.write(piece, 0, n);
                }
            });
            return digest.digest();
        }

        @Test
        void a_writer_that_closes_the_stream_itself_still_stores_its_content() throws IOException {
            store.write("closed-early.txt", "text/plain", out -> {
                out.write('x');
                out.close();
            });
            assertEquals("x", read("closed-early.txt"));
        }

        @Test
        void a_name_and_a_longer_name_under_it_are_separate_files() throws IOException {
            store.write("exports", "text/plain", text("top"));
            store.write("exports/inner", "text/plain", text("inner"));
            assertEquals("top", read("exports"));
            assertEquals("inner", read("exports/inner"));
        }
    }

    @Nested
    class Replace {

        @Test
        void writing_a_name_again_replaces_content_type_and_creation_time() throws IOException {
            store.write("exports/a.json", JSON, text("{\"v\":1}"));
            clock.advance(Duration.ofHours(1));

            ExportInfo second = store.write("exports/a.json", HTML, text("<p>v2</p>"));

            assertEquals(new ExportInfo("exports/a.json", HTML, 9, clock.now()), second);
            assertEquals(Optional.of(second), store.describe("exports/a.json"));
            assertEquals("<p>v2</p>", read("exports/a.json"));
        }

        @Test
        void a_writer_that_fails_leaves_the_old_file_untouched() throws IOException {
            ExportInfo first = store.write("exports/a.json", JSON, text("{\"v\":1}"));
            clock.advance(Duration.ofHours(1));
            IOException failure = new IOException("the export query failed");

            UncheckedIOException thrown = assertThrows(UncheckedIOException.class,
                    () -> store.write("exports/a.json", HTML, out -> {
                        out.write("<p>half".getBytes(StandardCharsets.UTF_8));
                        throw failure;
                    }));

            assertSame(failure, thrown.getCause());
            assertEquals(Optional.of(first), store.describe("exports/a.json"));
            assertEquals("{\"v\":1}", read("exports/a.json"));
        }

        @Test
        void a_writer_that_fails_after_a_large_part_stores_nothing() {
            IllegalStateException failure = new IllegalStateException("gave up");

            IllegalStateException thrown = assertThrows(IllegalStateException.class,
                    () -> store.write("exports/partial.bin", "application/octet-stream", out -> {
                        out.write(new byte[9 * 1024 * 1024]); // past a block or buffer boundary
                        throw failure;
                    }));

            assertSame(failure, thrown);
            assertEquals(Optional.empty(), store.describe("exports/partial.bin"));
            assertEquals(Optional.empty(), store.open("exports/partial.bin"));
            assertEquals(List.of(), store.listCreatedBefore(clock.now().plusSeconds(1), 10));
        }
    }

    @Nested
    class Delete {

        @Test
        void a_deleted_file_is_gone_and_a_second_delete_finds_nothing() {
            store.write("exports/a.json", JSON, text("{}"));

            assertTrue(store.delete("exports/a.json"));

            assertEquals(Optional.empty(), store.describe("exports/a.json"));
            assertEquals(Optional.empty(), store.open("exports/a.json"));
            assertFalse(store.delete("exports/a.json"));
        }

        @Test
        void a_missing_file_has_no_details_and_no_content() {
            assertEquals(Optional.empty(), store.describe("never/written"));
            assertEquals(Optional.empty(), store.open("never/written"));
            assertFalse(store.delete("never/written"));
        }
    }

    @Nested
    class Retention {

        private final Instant start = clock.now();

        @BeforeEach
        void writeThreeFilesWhoseNameOrderIsNotTheirAgeOrder() {
            store.write("z-oldest", JSON, text("1"));
            clock.advance(Duration.ofHours(1));
            store.write("a-middle", JSON, text("2"));
            clock.advance(Duration.ofHours(1));
            store.write("m-newest", JSON, text("3"));
        }

        private List<String> namesCreatedBefore(Instant cutoff, int max) {
            return store.listCreatedBefore(cutoff, max).stream().map(ExportInfo::name).toList();
        }

        @Test
        void files_created_before_the_cutoff_are_listed_oldest_first() {
            assertEquals(List.of("z-oldest", "a-middle"), namesCreatedBefore(start.plus(Duration.ofHours(2)), 10));
        }

        @Test
        void the_listing_describes_each_file() {
            assertEquals(List.of(new ExportInfo("z-oldest", JSON, 1, start)), store.listCreatedBefore(start.plusSeconds(1), 10));
        }

        @Test
        void at_most_max_files_are_listed_and_they_are_the_oldest() {
            assertEquals(List.of("z-oldest"), namesCreatedBefore(start.plus(Duration.ofDays(1)), 1));
            assertEquals(List.of("z-oldest", "a-middle"), namesCreatedBefore(start.plus(Duration.ofDays(1)), 2));
        }

        @Test
        void nothing_is_listed_before_the_first_file() {
            assertEquals(List.of(), namesCreatedBefore(start, 10));
        }

        @Test
        void a_replaced_file_counts_from_its_new_creation_time() {
            clock.advance(Duration.ofHours(1));
            store.write("z-oldest", JSON, text("again"));
            assertEquals(List.of("a-middle", "m-newest"), namesCreatedBefore(start.plus(Duration.ofHours(3)), 10));
        }

        @Test
        void deleted_files_are_not_listed() {
            store.delete("z-oldest");
            assertEquals(List.of("a-middle"), namesCreatedBefore(start.plus(Duration.ofHours(2)), 10));
        }

        @Test
        void max_must_be_positive() {
            assertThrows(IllegalArgumentException.class, () -> store.listCreatedBefore(start, 0));
        }
    }

    @Nested
    class BadInput {

        private static final List<String> INVALID_NAMES = List.of("", "Upper.json", "/leading", "trailing/", "dou//ble",
                "up/../out", "spa ce", "ümlaut", "back\\slash", "x".repeat(257));

        @Test
        void invalid_names_are_refused_everywhere_and_the_writer_never_runs() {
            AtomicBoolean writerRan = new AtomicBoolean();
            for (String bad : INVALID_NAMES) {
                assertThrows(IllegalArgumentException.class, () -> store.write(bad, JSON, out -> writerRan.set(true)), bad);
                assertThrows(IllegalArgumentException.class, () -> store.describe(bad), bad);
                assertThrows(IllegalArgumentException.class, () -> store.open(bad), bad);
                assertThrows(IllegalArgumentException.class, () -> store.delete(bad), bad);
            }
            assertFalse(writerRan.get());
        }

        @Test
        void the_longest_valid_name_is_accepted() throws IOException {
            String longest = "a/" + "b".repeat(254);
            store.write(longest, "text/plain", text("ok"));
            assertEquals("ok", read(longest));
        }

        @Test
        void a_content_type_is_required_and_is_one_line() {
            assertThrows(IllegalArgumentException.class, () -> store.write("a.txt", " ", text("x")));
            assertThrows(IllegalArgumentException.class, () -> store.write("a.txt", "text/plain\r\nx-evil: 1", text("x")));
            assertEquals(Optional.empty(), store.describe("a.txt"));
        }
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
