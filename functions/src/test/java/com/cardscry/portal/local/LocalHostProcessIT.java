package com.cardscry.portal.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The local host as a developer runs it: a separate {@code java} process with the main class, stopped
 * by SIGTERM as Ctrl-C or a process manager would. Proves the stop goes through the graceful path and
 * leaves the data folder whole, so the next start on it serves again.
 */
class LocalHostProcessIT {

    private static final Pattern LISTENING = Pattern.compile("listening on (http://127\\.0\\.0\\.1:\\d+/)");

    @TempDir
    Path data;

    @Test
    void sigterm_stops_gracefully_and_the_data_folder_serves_again_on_the_next_start() throws Exception {
        for (int start = 1; start <= 2; start++) {
            Process host = startHost();
            Output lines = readLines(host);
            URI base = URI.create(awaitLine(lines, LISTENING, host).group(1));

            HttpResponse<String> health = HttpClient.newHttpClient().send(
                    HttpRequest.newBuilder(base.resolve("api/v1/health")).GET().build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(200, health.statusCode(), "start " + start + ": " + health.body());

            // SIGTERM through the handle: Process.destroy() would also close our end of its output.
            host.toHandle().destroy();
            assertTrue(host.waitFor(60, TimeUnit.SECONDS), "the host did not stop within 60 s");
            awaitLine(lines, Pattern.compile("local host stopped"), host);
            assertEquals(143, host.exitValue(), "exit status after SIGTERM (128 + 15)");
        }
    }

    private Process startHost() throws IOException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.add("-cp");
        command.add(testClasspath());
        command.add(LocalHost.class.getName());
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().put("PORTAL_DATA_DIR", data.toString());
        builder.environment().put("PORTAL_LOCAL_PORT", "0");
        return builder.start();
    }

    /** Surefire and Failsafe run tests from a manifest-only jar; the real class path is in this property. */
    private static String testClasspath() {
        return System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
    }

    /** The process's output lines, and the thread reading them (done once the process has closed its output). */
    private record Output(BlockingQueue<String> lines, Thread reader) {
    }

    private static Output readLines(Process process) {
        BlockingQueue<String> lines = new LinkedBlockingQueue<>();
        Thread reader = new Thread(() -> {
            try (BufferedReader in = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = in.readLine()) != null) {
                    lines.add(line);
                }
            } catch (IOException ended) {
                // The process is gone; whatever was read is in the queue.
            }
        }, "host-output");
        reader.setDaemon(true);
        reader.start();
        return new Output(lines, reader);
    }

    private static Matcher awaitLine(Output output, Pattern pattern, Process process) throws InterruptedException {
        BlockingQueue<String> lines = output.lines();
        List<String> seen = new ArrayList<>();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (System.nanoTime() < deadline) {
            String line = lines.poll(200, TimeUnit.MILLISECONDS);
            if (line != null) {
                seen.add(line);
                Matcher matcher = pattern.matcher(line);
                if (matcher.find()) {
                    return matcher;
                }
            } else if (!process.isAlive() && !output.reader().isAlive() && lines.isEmpty()) {
                break; // everything the process printed has been read
            }
        }
        throw new AssertionError("no line matching " + pattern + "; the host "
                + (process.isAlive() ? "runs" : "exited with " + process.exitValue()) + " and printed: " + String.join("\n", seen));
    }
}
