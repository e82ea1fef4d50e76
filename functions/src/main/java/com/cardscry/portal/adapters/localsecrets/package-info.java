/**
 * The {@code SecretSource} of local mode: {@link
 * com.cardscry.portal.adapters.localsecrets.LocalSecretSource} generates the app's secrets on first
 * start and keeps them in one JSON file in the data folder.
 *
 * <p>Promises:
 * <ul>
 *   <li><b>Generation.</b> Each required secret the file lacks is generated (256 bits from the given
 *       {@code SecureRandom}) and written before {@code open} returns; secrets already in the file are
 *       never changed or dropped, even when no longer required.</li>
 *   <li><b>Versions.</b> Like Key Vault, a secret has versions with random ids of 32 lowercase hex
 *       digits; the newest is current. {@code rotate} adds a version; older ones stay readable.</li>
 *   <li><b>The file.</b> Owner-only ({@code rw-------}) from the moment it exists: every write goes to a
 *       new owner-only file in the same folder that then atomically replaces the old one, so the file is
 *       never partial. An existing wider file is narrowed on open. A damaged file is refused with a
 *       message naming it and left untouched, never regenerated over. One process uses a file at a time.</li>
 *   <li><b>Secrecy.</b> No value appears in a log line, an exception message or a {@code toString}.</li>
 *   <li><b>Concurrency.</b> Thread-safe. Reads are lock-free from an immutable snapshot that a rotation
 *       replaces whole; rotations are serialised.</li>
 * </ul>
 */
package com.cardscry.portal.adapters.localsecrets;
