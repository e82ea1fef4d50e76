package com.cardscry.portal.testing.emulators;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The repository's {@code emulators/} folder with its npm packages installed: finds it, checks that
 * Node.js and npm are there (and fails saying what to install when they are not), and runs
 * {@code npm ci} only when {@code package-lock.json} changed since the last successful install. Public
 * for the infrastructure tests, which parse {@code infra/*.bicep} with the Bicep grammar installed here.
 */
public final class NodeModules {

    private static final String MARKER = ".installed-lock-sha256";

    private NodeModules() {
    }

    /** The emulators folder, ready to run from. */
    public static Path installed(Path logs) {
        Path folder = emulatorsFolder();
        requireTools(List.of("node", "npm"));
        try {
            String lockHash = sha256(Files.readAllBytes(folder.resolve("package-lock.json")));
            Path marker = folder.resolve("node_modules").resolve(MARKER);
            if (Files.exists(marker) && Files.readString(marker).strip().equals(lockHash)) {
                return folder;
            }
            Path log = logs.resolve("npm-ci.log");
            Process npm = new ProcessBuilder(List.of("npm", "ci", "--no-audit", "--no-fund"))
                    .directory(folder.toFile()).redirectErrorStream(true).redirectOutput(log.toFile()).start();
            if (!npm.waitFor(10, TimeUnit.MINUTES)) {
                npm.destroyForcibly();
                throw new IllegalStateException("npm ci in " + folder + " took over 10 minutes; see " + log);
            }
            if (npm.exitValue() != 0) {
                throw new IllegalStateException("npm ci in " + folder + " failed with " + npm.exitValue() + ": "
                        + Files.readString(log));
            }
            Files.writeString(marker, lockHash + "\n");
            return folder;
        } catch (IOException e) {
            throw new IllegalStateException("cannot install the emulators in " + folder + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while installing the emulators", e);
        }
    }

    /** Fails, saying what to install, unless each tool answers {@code --version}. */
    static void requireTools(List<String> tools) {
        for (String tool : tools) {
            try {
                Process version = new ProcessBuilder(tool, "--version").redirectErrorStream(true).start();
                version.getInputStream().readAllBytes();
                if (version.waitFor(60, TimeUnit.SECONDS) && version.exitValue() == 0) {
                    continue;
                }
            } catch (IOException notInstalled) {
                // Reported below with what to do.
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            throw new IllegalStateException("The emulator tests need Node.js 20 and npm, and '" + tool + "' is not"
                    + " available. Install Node.js 20 with npm (for example `apt-get install nodejs npm`, or from"
                    + " nodejs.org) and run `mvn verify` again. The tests start Azurite and a Cosmos DB emulator"
                    + " themselves; they are not skipped without Node.");
        }
    }

    /** {@code emulators/} next to the project's pom.xml: Maven's basedir, else found from the working directory. */
    public static Path emulatorsFolder() {
        String basedir = System.getProperty("basedir");
        Path start = basedir != null ? Path.of(basedir) : Path.of("").toAbsolutePath();
        for (Path dir = start.toAbsolutePath(); dir != null; dir = dir.getParent()) {
            if (Files.exists(dir.resolve("pom.xml")) && Files.isDirectory(dir.resolve("emulators"))) {
                return dir.resolve("emulators");
            }
        }
        throw new IllegalStateException("no emulators/ folder next to a pom.xml above " + start);
    }

    private static String sha256(byte[] content) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(content));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    static String text(Path file) throws IOException {
        return Files.exists(file) ? Files.readString(file, StandardCharsets.UTF_8) : "";
    }
}
