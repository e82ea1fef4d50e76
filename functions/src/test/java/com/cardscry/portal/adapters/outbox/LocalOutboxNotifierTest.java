package com.cardscry.portal.adapters.outbox;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.cardscry.portal.application.port.Clock;
import com.cardscry.portal.application.port.Notification;
import com.cardscry.portal.application.port.Notifier;
import com.cardscry.portal.application.port.NotifierContract;
import com.cardscry.portal.testing.CapturedLogs;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LocalOutboxNotifierTest extends NotifierContract {

    @TempDir
    Path dataFolder;

    private Path outbox() {
        return dataFolder.resolve("outbox");
    }

    @Override
    protected Notifier newNotifier(Clock clock) {
        return LocalOutboxNotifier.open(outbox(), clock);
    }

    @Override
    protected List<Notification> delivered() {
        return files().stream().map(file -> DeliveredJson.parse(read(file))).toList();
    }

    @Override
    protected boolean recognisesRepeats() {
        return true;
    }

    @Override
    protected boolean keepsNotificationsItself() {
        return true;
    }

    @Override
    protected void makeTransportUnavailable() {
        try {
            Files.move(outbox(), dataFolder.resolve("outbox-moved-away"));
            Files.writeString(outbox(), "a file where the outbox folder should be");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The outbox's files in name order. */
    private List<Path> files() {
        try (Stream<Path> files = Files.list(outbox())) {
            return files.sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String read(Path file) {
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Nested
    class WritesAFile {

        @Test
        void a_person_can_read_with_the_documented_fields() {
            notifier.send(verificationCode(ADA, ADA_CODE, "signup:acc-1:1"));

            String content = read(files().get(0));
            JsonNode json = DeliveredJson.tree(content);

            assertAll(
                    () -> assertTrue(content.lines().count() > 5, content),
                    () -> assertTrue(content.contains(ADA_CODE), content),
                    () -> assertEquals(ADA, json.get("recipientEmail").textValue()),
                    () -> assertEquals("2026-01-15T10:00:00Z", json.get("createdAt").textValue()));
        }

        @Test
        void named_by_time_and_key_hash_so_names_sort_in_sending_order_and_hide_the_key() {
            notifier.send(verificationCode(ZOE, ZOE_CODE, "signup:acc-2:1"));
            clock.advance(Duration.ofMillis(1500));
            notifier.send(verificationCode(ADA, ADA_CODE, "signup:acc-1:1"));

            List<Path> files = files();
            String first = files.get(0).getFileName().toString();
            String second = files.get(1).getFileName().toString();

            assertAll(
                    () -> assertTrue(first.matches("20260115T100000\\.000Z-[0-9a-f]{32}\\.json"), first),
                    () -> assertTrue(second.matches("20260115T100001\\.500Z-[0-9a-f]{32}\\.json"), second),
                    () -> assertEquals(ZOE, DeliveredJson.parse(read(files.get(0))).recipientEmail()),
                    () -> assertFalse(first.contains("acc-2"), first));
        }

        @Test
        void once_per_key_keeping_its_first_name_and_the_latest_content() {
            notifier.send(verificationCode(ADA, "111111", "signup:acc-1:1"));
            String name = files().get(0).getFileName().toString();
            clock.advance(Duration.ofMinutes(1));

            notifier.send(verificationCode(ADA, ADA_CODE, "signup:acc-1:1"));

            List<Path> files = files();
            assertAll(
                    () -> assertEquals(1, files.size(), files::toString),
                    () -> assertEquals(name, files.get(0).getFileName().toString()),
                    () -> assertEquals(ADA_CODE, DeliveredJson.parse(read(files.get(0))).values().get("code")));
        }

        @Test
        void readable_by_its_owner_only_in_an_owner_only_folder() throws IOException {
            notifier.send(verificationCode(ADA, ADA_CODE, "signup:acc-1:1"));

            assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(files().get(0))));
            assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(outbox())));
        }
    }

    @Test
    void logs_that_a_notification_of_its_kind_was_written() {
        String logged;
        try (CapturedLogs logs = CapturedLogs.start()) {
            notifier.send(verificationCode(ADA, ADA_CODE, "signup:acc-1:1"));
            logged = logs.text();
        }

        assertTrue(logged.contains("notification written to the local outbox: EMAIL_VERIFICATION_CODE"), logged);
    }

    @Nested
    class TheFolder {

        @Test
        void is_narrowed_to_its_owner_when_it_already_exists_wider() throws IOException {
            Path wider = dataFolder.resolve("shared-outbox");
            Files.createDirectory(wider, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwxr-xr-x")));

            LocalOutboxNotifier.open(wider, clock);

            assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(wider)));
        }

        @Test
        void is_made_again_when_deleted_while_running() throws IOException {
            Files.delete(outbox());

            notifier.send(verificationCode(ADA, ADA_CODE, "signup:acc-1:1"));

            assertEquals(1, files().size());
        }
    }
}
