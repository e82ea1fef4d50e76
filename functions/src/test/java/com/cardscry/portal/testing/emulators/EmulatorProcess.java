package com.cardscry.portal.testing.emulators;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One emulator as a child process: started through {@code with-parent.js} (so it ends with this JVM
 * even if the JVM is killed), its output copied to a log file, ready once it has printed every
 * readiness line, and stopped by PID with its descendants.
 */
final class EmulatorProcess implements AutoCloseable {

    private static final Duration READY_WITHIN = Duration.ofSeconds(90);

    private final String name;
    private final Process process;
    private final Path log;
    /** Output lines go to the readiness check only until it is over; afterwards only to the log. */
    private volatile boolean awaitingReadiness = true;

    private EmulatorProcess(String name, Process process, Path log) {
        this.name = name;
        this.process = process;
        this.log = log;
    }

    /**
     * Starts {@code node with-parent.js <program> <args>} in {@code folder} and waits until each of
     * {@code readiness} has matched a line of its output.
     *
     * @return the process and, per readiness pattern, its first capturing group (a port, say)
     */
    static Started start(String name, Path folder, Path logs, String program, List<String> args, List<Pattern> readiness) {
        List<String> command = new ArrayList<>(List.of("node", "with-parent.js", program));
        command.addAll(args);
        Path log = logs.resolve(name + ".log");
        Process process;
        try {
            process = new ProcessBuilder(command).directory(folder.toFile()).redirectErrorStream(true).start();
        } catch (IOException e) {
            throw new IllegalStateException("cannot start " + name + ": " + e.getMessage(), e);
        }
        EmulatorProcess emulator = new EmulatorProcess(name, process, log);
        BlockingQueue<String> lines = emulator.copyOutputTo(log);
        try {
            List<String> groups = new ArrayList<>();
            for (Pattern pattern : readiness) {
                groups.add(emulator.awaitLine(lines, pattern));
            }
            return new Started(emulator, groups);
        } catch (RuntimeException notReady) {
            emulator.close();
            throw notReady;
        } finally {
            emulator.awaitingReadiness = false;
            lines.clear();
        }
    }

    /** A started emulator and what its readiness lines said. */
    record Started(EmulatorProcess process, List<String> captured) {
    }

    private BlockingQueue<String> copyOutputTo(Path logFile) {
        BlockingQueue<String> lines = new LinkedBlockingQueue<>();
        Thread copier = new Thread(() -> {
            try (BufferedReader in = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
                 PrintWriter out = new PrintWriter(Files.newBufferedWriter(logFile, StandardCharsets.UTF_8), true)) {
                String line;
                while ((line = in.readLine()) != null) {
                    out.println(line);
                    if (awaitingReadiness) {
                        lines.add(line);
                    }
                }
            } catch (IOException ended) {
                // The process is gone; what it printed is in the log.
            }
        }, name + "-output");
        copier.setDaemon(true);
        copier.start();
        return lines;
    }

    private String awaitLine(BlockingQueue<String> lines, Pattern pattern) {
        long deadline = System.nanoTime() + READY_WITHIN.toNanos();
        try {
            while (System.nanoTime() < deadline) {
                String line = lines.poll(200, TimeUnit.MILLISECONDS);
                if (line != null) {
                    Matcher matcher = pattern.matcher(line);
                    if (matcher.find()) {
                        return matcher.groupCount() > 0 ? matcher.group(1) : line;
                    }
                } else if (!process.isAlive()) {
                    throw new IllegalStateException(name + " exited with " + process.exitValue() + " before it was ready: "
                            + tail());
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for " + name, e);
        }
        throw new IllegalStateException(name + " was not ready within " + READY_WITHIN.toSeconds() + " s: " + tail());
    }

    private String tail() {
        try {
            String text = NodeModules.text(log);
            return text.length() > 4000 ? text.substring(text.length() - 4000) : text;
        } catch (IOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }

    long pid() {
        return process.pid();
    }

    /** Closes its input (with-parent.js ends the server), then signals it and its descendants. */
    @Override
    public void close() {
        try (OutputStream stdin = process.getOutputStream()) {
            stdin.flush();
        } catch (IOException alreadyClosed) {
            // Nothing to close.
        }
        process.descendants().forEach(ProcessHandle::destroy);
        process.toHandle().destroy();
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.descendants().forEach(ProcessHandle::destroyForcibly);
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }
}
