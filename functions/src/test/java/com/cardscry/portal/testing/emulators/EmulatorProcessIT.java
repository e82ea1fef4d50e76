package com.cardscry.portal.testing.emulators;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** How the harness starts, awaits and stops a server, shown with small Node programs instead of an emulator. */
class EmulatorProcessIT {

    private static final Path FOLDER = NodeModules.emulatorsFolder();

    @TempDir
    Path dir;

    private Path program(String source) throws IOException {
        return Files.writeString(dir.resolve("server.js"), source);
    }

    @Nested
    class A_server_that_gets_ready {

        private static final String SERVER = """
                console.log('starting');
                console.log('listening on 4711');
                setInterval(() => {}, 1000);
                """;

        @Test
        void yields_what_its_readiness_line_captured_and_logs_its_output() throws IOException {
            EmulatorProcess.Started started = EmulatorProcess.start("fake", FOLDER, dir, program(SERVER).toString(),
                    List.of(), List.of(Pattern.compile("listening on (\\d+)")));
            try (EmulatorProcess process = started.process()) {
                assertEquals(List.of("4711"), started.captured());
                assertTrue(Files.readString(dir.resolve("fake.log")).contains("starting"));
            }
        }

        @Test
        void is_gone_once_closed() throws IOException {
            EmulatorProcess.Started started = EmulatorProcess.start("fake", FOLDER, dir, program(SERVER).toString(),
                    List.of(), List.of(Pattern.compile("listening on (\\d+)")));
            long pid = started.process().pid();
            started.process().close();
            assertFalse(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false), "process " + pid + " still runs");
        }

        @Test
        void ends_by_itself_when_the_harness_that_started_it_goes_away() throws Exception {
            // with-parent.js watches its standard input: the pipe closes when the JVM holding it dies.
            Process server = new ProcessBuilder("node", "with-parent.js", program(SERVER).toString())
                    .directory(FOLDER.toFile()).redirectErrorStream(true).redirectOutput(dir.resolve("orphan.log").toFile())
                    .start();
            try {
                server.getOutputStream().close();
                assertTrue(server.waitFor(60, TimeUnit.SECONDS), "server outlived the closed pipe");
                assertEquals(0, server.exitValue());
            } finally {
                server.destroyForcibly();
            }
        }
    }

    @Test
    void a_server_that_dies_before_it_is_ready_fails_the_start_with_its_output() throws IOException {
        Path crashing = program("console.error('port already in use'); process.exit(3);");
        IllegalStateException failure = assertThrows(IllegalStateException.class, () -> EmulatorProcess.start("crashing",
                FOLDER, dir, crashing.toString(), List.of(), List.of(Pattern.compile("listening on (\\d+)"))));
        assertTrue(failure.getMessage().contains("exited with 3"), failure.getMessage());
        assertTrue(failure.getMessage().contains("port already in use"), failure.getMessage());
    }
}
