package com.cardscry.portal.testing.emulators;

import org.junit.platform.launcher.LauncherSession;
import org.junit.platform.launcher.LauncherSessionListener;

/**
 * Stops the emulators when JUnit's launcher session ends, that is when Surefire or Failsafe has run
 * every test of the JVM, so they do not linger until the JVM exits. Registered in
 * {@code META-INF/services}; the shutdown hook in {@link Emulators} remains for runs that end otherwise.
 */
public final class StopEmulatorsAtSessionEnd implements LauncherSessionListener {

    @Override
    public void launcherSessionClosed(LauncherSession session) {
        Emulators.stopAll();
    }
}
