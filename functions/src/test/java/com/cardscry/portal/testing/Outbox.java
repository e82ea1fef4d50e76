package com.cardscry.portal.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * Reads the local outbox the way a developer does: the verification code a sign-up sent is in the
 * newest notification file addressed to them.
 */
public final class Outbox {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final Path folder;

    public Outbox(Path folder) {
        this.folder = folder;
    }

    /** Every notification written so far, oldest first. */
    public List<JsonNode> notifications() {
        if (!Files.isDirectory(folder)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(folder)) {
            return files.filter(file -> file.getFileName().toString().endsWith(".json"))
                    .sorted(Comparator.comparing(file -> file.getFileName().toString()))
                    .map(Outbox::read)
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The code of the newest verification notification sent to {@code email}. */
    public String latestCodeFor(String email) {
        List<JsonNode> sent = notifications().stream()
                .filter(notification -> email.equals(notification.path("recipientEmail").asText()))
                .toList();
        if (sent.isEmpty()) {
            throw new AssertionError("no notification was sent to that address");
        }
        return sent.stream().max(Comparator.comparing(node -> node.path("createdAt").asText())).orElseThrow()
                .path("values").path("code").asText();
    }

    public int countFor(String email) {
        return (int) notifications().stream().filter(notification -> email.equals(notification.path("recipientEmail").asText())).count();
    }

    private static JsonNode read(Path file) {
        try {
            return JSON.readTree(file.toFile());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
