package com.cardscry.portal.local.timer;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The schedule status of every timer function, kept in one small JSON file in the data folder so that
 * an occurrence missed while the host was stopped is noticed at the next start. Writes replace the
 * file atomically where the file system allows, so a crash leaves the old or the new file, not half.
 * Not thread-safe: the scheduler serialises access.
 */
final class ScheduleStatusFile {

    private static final Logger LOG = Logger.getLogger(ScheduleStatusFile.class.getName());
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Path file;

    ScheduleStatusFile(Path file) {
        this.file = file;
    }

    /**
     * The statuses by function name; none when the file does not exist yet. An unreadable file is
     * logged and treated as empty: losing past-due detection once is better than not starting.
     */
    Map<String, ScheduleStatus> read() {
        Map<String, ScheduleStatus> statuses = new HashMap<>();
        if (!Files.exists(file)) {
            return statuses;
        }
        try {
            JsonNode root = JSON.readTree(file.toFile());
            root.fields().forEachRemaining(entry -> statuses.put(entry.getKey(), status(entry.getValue())));
        } catch (IOException | RuntimeException unreadable) {
            LOG.log(Level.WARNING, "Ignoring unreadable timer schedule status file {0} ({1})",
                    new Object[] {file, unreadable.getClass().getSimpleName()});
            statuses.clear();
        }
        return statuses;
    }

    void write(Map<String, ScheduleStatus> statuses) {
        ObjectNode root = JSON.createObjectNode();
        statuses.forEach((function, status) -> root.set(function, node(status)));
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            Path temporary = file.resolveSibling(file.getFileName() + ".tmp");
            JSON.writerWithDefaultPrettyPrinter().writeValue(temporary.toFile(), root);
            try {
                Files.move(temporary, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException notAtomic) {
                Files.move(temporary, file, StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }

    private static ObjectNode node(ScheduleStatus status) {
        ObjectNode node = JSON.createObjectNode();
        node.put("Schedule", status.schedule());
        node.put("Last", status.last().orElse(ScheduleStatus.NEVER).toString());
        node.put("Next", status.next().toString());
        node.put("LastUpdated", status.lastUpdated().toString());
        return node;
    }

    private static ScheduleStatus status(JsonNode node) {
        try {
            Instant last = Instant.parse(node.path("Last").asText(ScheduleStatus.NEVER.toString()));
            return new ScheduleStatus(node.path("Schedule").asText(""),
                    last.equals(ScheduleStatus.NEVER) ? Optional.empty() : Optional.of(last),
                    Instant.parse(node.path("Next").asText()), Instant.parse(node.path("LastUpdated").asText()));
        } catch (DateTimeParseException malformed) {
            throw new IllegalArgumentException("malformed schedule status", malformed);
        }
    }
}
