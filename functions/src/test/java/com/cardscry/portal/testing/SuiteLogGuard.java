package com.cardscry.portal.testing;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.logging.SimpleFormatter;
import java.util.regex.Pattern;
import org.junit.platform.launcher.LauncherSession;
import org.junit.platform.launcher.LauncherSessionListener;

/**
 * Watches every log line of the whole test run for what must never be logged (DESIGN.md decision 9):
 * a bearer token (a compact JWT), an email address, a session cookie. It sees whatever the root logger
 * publishes: INFO and above, as in production, and every level while a test captures at ALL.
 * {@code SuiteLogScanTest}, ordered last, fails the run if anything was seen.
 *
 * <p>Tests that log a secret on purpose (to prove a scan finds it) do so from their own logger, named
 * after a class ending in {@code Test}; those are not watched. A violation is kept as the logger name
 * and the kind of data, never the data itself.
 */
public final class SuiteLogGuard implements LauncherSessionListener {

    private static final Map<String, Pattern> FORBIDDEN = Map.of(
            "a bearer token", Pattern.compile("eyJ[A-Za-z0-9_-]{8,}\\.eyJ[A-Za-z0-9_-]{8,}\\."),
            "an email address", Pattern.compile("[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(\\.[A-Za-z0-9-]+)*\\.[A-Za-z]{2,}"),
            "a session cookie", Pattern.compile("__Host-cardscry_session=[A-Za-z0-9]"),
            // Prefix and 49 base62 characters: a whole API key (its hint, prefix + ... + last 4, is allowed).
            "an API key", Pattern.compile("cs_(live|test)_[0-9A-Za-z]{49}"));

    private static final List<String> VIOLATIONS = new ArrayList<>();
    private static volatile boolean installed;

    private final Handler handler = new Handler() {
        private final SimpleFormatter formatter = new SimpleFormatter();

        @Override
        public void publish(LogRecord record) {
            String logger = String.valueOf(record.getLoggerName());
            if (logger.endsWith("Test")) {
                return;
            }
            StringBuilder line = new StringBuilder(formatter.formatMessage(record));
            if (record.getThrown() != null) {
                StringWriter trace = new StringWriter();
                record.getThrown().printStackTrace(new PrintWriter(trace));
                line.append('\n').append(trace);
            }
            for (String what : kindsIn(line)) {
                synchronized (VIOLATIONS) {
                    VIOLATIONS.add(logger + " logged " + what);
                }
            }
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    };

    @Override
    public void launcherSessionOpened(LauncherSession session) {
        handler.setLevel(Level.ALL);
        Logger.getLogger("").addHandler(handler);
        installed = true;
    }

    @Override
    public void launcherSessionClosed(LauncherSession session) {
        Logger.getLogger("").removeHandler(handler);
    }

    /** The kinds of forbidden data {@code line} holds, in a stable order; empty if none. */
    public static List<String> kindsIn(CharSequence line) {
        return FORBIDDEN.entrySet().stream()
                .filter(forbidden -> forbidden.getValue().matcher(line).find())
                .map(Map.Entry::getKey)
                .sorted()
                .toList();
    }

    /** Whether the guard is watching this run (it is registered as a launcher session listener). */
    public static boolean isInstalled() {
        return installed;
    }

    /** What was logged that must not be, so far: logger and kind of data. */
    public static List<String> violations() {
        synchronized (VIOLATIONS) {
            return List.copyOf(VIOLATIONS);
        }
    }
}
