package com.cardscry.portal.local;

import com.cardscry.portal.testing.emulators.EmulatorSettings;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * Runs the local host with the portal's Azure adapters on the emulators that the tests use (README,
 * "Against the emulators"): starts them, layers their settings under the environment, and serves
 * until Ctrl-C, when the emulators stop with the JVM. Lives in test sources because the emulator
 * harness does.
 */
public final class LocalHostOnEmulators {

    private LocalHostOnEmulators() {
    }

    public static void main(String[] args) throws InterruptedException {
        // The Cosmos DB emulator's certificate is self-signed; this SDK switch accepts it (never in Azure).
        System.setProperty("COSMOS.EMULATOR_SERVER_CERTIFICATE_VALIDATION_DISABLED", "true");
        Map<String, String> environment = new HashMap<>(EmulatorSettings.forLocalHost(Path.of(".portal-data-emulators")));
        environment.putAll(System.getenv());
        int status = LocalHost.run(environment, Path.of(""), System.out, System.err);
        if (status != 0) {
            System.exit(status);
        }
    }
}
