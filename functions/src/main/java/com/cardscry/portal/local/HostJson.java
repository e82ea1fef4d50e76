package com.cardscry.portal.local;

import com.cardscry.portal.local.http.RouteTemplate;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.format.DateTimeParseException;

/**
 * The parts of {@code host.json} the local host honours, with the Functions host's defaults where
 * the file is silent.
 *
 * @param routePrefix       {@code extensions.http.routePrefix} (default {@code api}); may be empty
 * @param maxDequeueCount   {@code extensions.queues.maxDequeueCount} (default 5): deliveries before a
 *                          message moves to the {@code -poison} queue
 * @param visibilityTimeout {@code extensions.queues.visibilityTimeout} (default 0): how long a failed
 *                          message stays invisible before it is retried
 * @param batchSize         {@code extensions.queues.batchSize} (default 16): messages received at once
 * @param maxPollingInterval {@code extensions.queues.maxPollingInterval} (default 1 minute): longest
 *                          wait between polls of an empty queue
 */
public record HostJson(String routePrefix, int maxDequeueCount, Duration visibilityTimeout, int batchSize,
                       Duration maxPollingInterval) {

    public static final HostJson DEFAULTS = new HostJson("api", 5, Duration.ZERO, 16, Duration.ofMinutes(1));

    public static HostJson read(Path file) {
        try {
            return parse(Files.readString(file));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }

    public static HostJson parse(String json) {
        JsonNode root;
        try {
            root = new ObjectMapper().readTree(json);
        } catch (IOException e) {
            throw new IllegalArgumentException("host.json is not valid JSON", e);
        }
        JsonNode http = root.path("extensions").path("http");
        JsonNode queues = root.path("extensions").path("queues");
        String prefix = http.path("routePrefix").asText(DEFAULTS.routePrefix());
        return new HostJson(
                RouteTemplate.trimSlashes(prefix),
                queues.path("maxDequeueCount").asInt(DEFAULTS.maxDequeueCount()),
                timeSpan(queues.path("visibilityTimeout"), DEFAULTS.visibilityTimeout()),
                queues.path("batchSize").asInt(DEFAULTS.batchSize()),
                timeSpan(queues.path("maxPollingInterval"), DEFAULTS.maxPollingInterval()));
    }

    /** A .NET TimeSpan as host.json writes it: {@code hh:mm:ss}, or a number of milliseconds. */
    static Duration timeSpan(JsonNode node, Duration fallback) {
        if (node.isMissingNode() || node.isNull()) {
            return fallback;
        }
        if (node.isNumber()) {
            return Duration.ofMillis(node.asLong());
        }
        String[] parts = node.asText().split(":");
        if (parts.length != 3) {
            throw new IllegalArgumentException("host.json time span must be hh:mm:ss: " + node.asText());
        }
        try {
            return Duration.ofHours(Long.parseLong(parts[0])).plusMinutes(Long.parseLong(parts[1]))
                    .plusMillis(Math.round(Double.parseDouble(parts[2]) * 1000));
        } catch (NumberFormatException | DateTimeParseException e) {
            throw new IllegalArgumentException("host.json time span must be hh:mm:ss: " + node.asText(), e);
        }
    }

}
