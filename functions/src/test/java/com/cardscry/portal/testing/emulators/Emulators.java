package com.cardscry.portal.testing.emulators;

import java.net.URI;

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

    private Emulators() {
    }

    /** Azurite, started on first use. */
    public static Azurite azurite() {
        throw new UnsupportedOperationException("the emulator harness is being written on branch i3-emu");
    }

    /** The Cosmos DB emulator, started on first use. */
    public static Cosmos cosmos() {
        throw new UnsupportedOperationException("the emulator harness is being written on branch i3-emu");
    }
}
