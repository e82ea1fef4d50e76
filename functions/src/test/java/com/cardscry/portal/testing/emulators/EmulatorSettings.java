package com.cardscry.portal.testing.emulators;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The settings that point the portal's Azure adapters at the emulators instead of Azure: what the
 * end-to-end test and {@code LocalHostOnEmulators} start the local host with.
 */
public final class EmulatorSettings {

    private EmulatorSettings() {
    }

    /** Local mode, a data folder of its own, every Azure adapter that has an emulator aimed at it. */
    public static Map<String, String> forLocalHost(Path dataDir) {
        Emulators.Azurite azurite = Emulators.azurite();
        Emulators.Cosmos cosmos = Emulators.cosmos();
        Map<String, String> settings = new LinkedHashMap<>();
        settings.put("PORTAL_ENVIRONMENT", "local");
        settings.put("PORTAL_DATA_DIR", dataDir.toString());
        settings.put("PORTAL_STORE", "cosmos");
        settings.put("PORTAL_COSMOS_ENDPOINT", cosmos.endpoint().toString());
        settings.put("PORTAL_COSMOS_KEY", cosmos.key());
        settings.put("PORTAL_COSMOS_CONNECTION_MODE", "gateway");
        settings.put("PORTAL_COSMOS_CREATE_CONTAINERS", "true");
        // A database of its own, so runs never see each other's documents.
        settings.put("PORTAL_COSMOS_DATABASE", "portal-" + java.util.UUID.randomUUID().toString().substring(0, 8));
        settings.put("PORTAL_QUEUE", "storage");
        settings.put("PORTAL_EXPORTS", "blob");
        settings.put("PORTAL_STORAGE_CONNECTION_STRING", azurite.connectionString());
        return settings;
    }
}
