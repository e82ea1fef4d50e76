/**
 * The real Azure emulators that the test command starts by itself, for integration tests
 * ({@code *IT.java}, run by Failsafe): {@link com.cardscry.portal.testing.emulators.Emulators#azurite()}
 * and {@link com.cardscry.portal.testing.emulators.Emulators#cosmos()}.
 *
 * <p>Callers may rely on: each server is started at most once per test JVM, on first use, on a port
 * the operating system chose, and is ready when the call returns; it is stopped by its process ID when
 * the JUnit run ends and when the JVM exits, and it exits by itself if the JVM is killed; its output
 * is in {@code target/emulators/}. Without Node.js 20 and npm the first call fails saying what to
 * install: emulator tests never skip. The npm packages are installed with {@code npm ci} only when
 * {@code emulators/package-lock.json} changed since the last install.
 */
package com.cardscry.portal.testing.emulators;
