package com.cardscry.portal.functions.timer;

import com.cardscry.portal.config.Settings;
import com.cardscry.portal.local.LocalHost;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/** What the timer tests need of the local host: its settings on a data folder, and what it lists. */
final class LocalHostListing {

    private LocalHostListing() {
    }

    /** Local mode on a free port and {@code dataDir}, with {@code extra} settings on top. */
    static Settings settings(Path dataDir, Map<String, String> extra) {
        Map<String, String> values = new HashMap<>(Map.of("PORTAL_ENVIRONMENT", "local", "PORTAL_LOCAL_PORT", "0",
                "PORTAL_DATA_DIR", dataDir.toString()));
        values.putAll(extra);
        return Settings.of(values);
    }

    /** What the host prints about itself: its URL and every function with its route, schedule or queue. */
    static String listing(LocalHost host) {
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        host.describe(new PrintStream(printed, true, StandardCharsets.UTF_8));
        return printed.toString(StandardCharsets.UTF_8);
    }
}
