package com.cardscry.portal.testing.emulators;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The real emulators that the test command starts by itself (DESIGN.md section 5): Azurite for
 * Storage queues and blobs, and @vercel/cosmosdb-server behind our launcher for Cosmos DB. Each is
 * started once per test JVM on a free port, on first use, and stopped when the JVM ends, also when
 * tests fail or the run is interrupted. Without Node.js the first call fails with a message saying
 * what to install; it never skips.
 */
public final class Emulators {

    /**
     * Azurite's endpoints.
     *
     * @param connectionString a Storage connection string for Azurite (its documented development key)
     * @param blobEndpoint     for example {@code http://127.0.0.1:41234/devstoreaccount1}
     * @param queueEndpoint    likewise for queues
     */
    public record Azurite(String connectionString, URI blobEndpoint, URI queueEndpoint) {
    }

    /**
     * The Cosmos DB emulator's endpoint and the account key to present (the server accepts any key;
     * a fresh random one is used).
     */
    public record Cosmos(URI endpoint, String key) {
    }

    /**
     * Azurite's documented development account. Its key is public (it is in Azurite's README and every
     * Azure Storage emulator guide) and opens nothing but a local emulator.
     */
    private static final String ACCOUNT = "devstoreaccount1";
    private static final String ACCOUNT_KEY =
            "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==";

    private static final Object LOCK = new Object();
    private static final List<EmulatorProcess> RUNNING = new ArrayList<>();
    private static Azurite azurite;
    private static Cosmos cosmos;
    /**
     * Why an emulator did not start in this run: later callers fail at once with it as the cause
     * instead of waiting out the install or readiness deadline again, test after test.
     */
    private static RuntimeException azuriteFailure;
    private static RuntimeException cosmosFailure;

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(Emulators::stopAll, "emulators-stop"));
    }

    private Emulators() {
    }

    /** Azurite, started on first use. */
    public static Azurite azurite() {
        synchronized (LOCK) {
            if (azurite == null) {
                if (azuriteFailure != null) {
                    throw new IllegalStateException("Azurite did not start earlier in this run", azuriteFailure);
                }
                try {
                    azurite = startAzurite();
                } catch (RuntimeException failure) {
                    azuriteFailure = failure;
                    throw failure;
                }
            }
            return azurite;
        }
    }

    private static Azurite startAzurite() {
        Path logs = logs();
        Path folder = NodeModules.installed(logs);
        EmulatorProcess.Started started = EmulatorProcess.start("azurite", folder, logs,
                "node_modules/azurite/dist/src/azurite.js",
                List.of("--blobPort", "0", "--queuePort", "0", "--tablePort", "0", "--disableTelemetry",
                        "--inMemoryPersistence", "--extentMemoryLimit", "512", "--skipApiVersionCheck", "--loose"),
                List.of(listening("Blob"), listening("Queue")));
        RUNNING.add(started.process());
        URI blob = URI.create("http://127.0.0.1:" + started.captured().get(0) + "/" + ACCOUNT);
        URI queue = URI.create("http://127.0.0.1:" + started.captured().get(1) + "/" + ACCOUNT);
        String connectionString = "DefaultEndpointsProtocol=http;AccountName=" + ACCOUNT + ";AccountKey=" + ACCOUNT_KEY
                + ";BlobEndpoint=" + blob + ";QueueEndpoint=" + queue + ";";
        return new Azurite(connectionString, blob, queue);
    }

    private static Pattern listening(String service) {
        return Pattern.compile("Azurite " + service + " service is successfully listening at http://127\\.0\\.0\\.1:(\\d+)");
    }

    /** Where each emulator's output is kept: {@code target/emulators/}. */
    private static Path logs() {
        Path logs = NodeModules.emulatorsFolder().getParent().resolve("target").resolve("emulators");
        try {
            return Files.createDirectories(logs);
        } catch (IOException e) {
            throw new IllegalStateException("cannot create " + logs, e);
        }
    }

    /**
     * Stops every started emulator: when JUnit's launcher session ends ({@link StopEmulatorsAtSessionEnd})
     * and again, as a fallback, when the test JVM ends, whether the tests passed or not. A later call
     * to {@link #azurite()} or {@link #cosmos()} starts a fresh server.
     */
    static void stopAll() {
        synchronized (LOCK) {
            RUNNING.forEach(EmulatorProcess::close);
            RUNNING.clear();
            azurite = null;
            cosmos = null;
            azuriteFailure = null;
            cosmosFailure = null;
        }
    }

    /**
     * The Cosmos DB emulator, started on first use: @vercel/cosmosdb-server behind our launcher
     * ({@code emulators/cosmos-launcher.js}), over HTTPS with its localhost certificate, which the SDK
     * accepts through {@code COSMOS.EMULATOR_SERVER_CERTIFICATE_VALIDATION_DISABLED} (set by Failsafe
     * for tests only). Use GATEWAY mode.
     */
    public static Cosmos cosmos() {
        synchronized (LOCK) {
            if (cosmos == null) {
                if (cosmosFailure != null) {
                    throw new IllegalStateException("the Cosmos DB emulator did not start earlier in this run", cosmosFailure);
                }
                try {
                    cosmos = startCosmos();
                } catch (RuntimeException failure) {
                    cosmosFailure = failure;
                    throw failure;
                }
            }
            return cosmos;
        }
    }

    private static Cosmos startCosmos() {
        Path logs = logs();
        Path folder = NodeModules.installed(logs);
        EmulatorProcess.Started started = EmulatorProcess.start("cosmos", folder, logs, "cosmos-launcher.js",
                List.of("0"), List.of(Pattern.compile("cosmos emulator listening on https://localhost:(\\d+)/")));
        RUNNING.add(started.process());
        byte[] key = new byte[64];
        new SecureRandom().nextBytes(key);
        return new Cosmos(URI.create("https://localhost:" + started.captured().get(0) + "/"),
                Base64.getEncoder().encodeToString(key));
    }
}
