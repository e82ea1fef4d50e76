/**
 * The {@code SecretSource} that runs in Azure: {@link
 * com.cardscry.portal.adapters.keyvault.KeyVaultSecretSource} reads the app's secrets from Key Vault
 * (the official SDK, Entra ID credentials) and serves them from memory.
 *
 * <p>Promises:
 * <ul>
 *   <li><b>No vault call on a request path.</b> Every required secret is read at start; {@code current}
 *       and {@code version} then read memory only. The vault is called by one background daemon thread.</li>
 *   <li><b>Versions.</b> A secret's served versions are its enabled versions that are active
 *       ({@code nbf} passed) and not expired ({@code exp}, checked again on every read with the
 *       {@code Clock} port). The current one is the newest by creation time (two created in the same
 *       second: the greater id). So a rotation is "add a version", an old version stays usable for
 *       checking what was made under it, and disabling a version withdraws it at the next refresh;
 *       disabling the newest makes the one before it current again.</li>
 *   <li><b>Refresh.</b> Every secret is re-read on a schedule (default every 5 minutes). A version id
 *       that {@code version} does not know starts a background re-read of that secret, at most once per
 *       30 seconds per name; that call answers empty at once, and the version is served as soon as the
 *       re-read has found it, without a restart. Values already held are not fetched again, because a
 *       Key Vault version's value never changes.</li>
 *   <li><b>Values.</b> A Key Vault value is text; each of ours is the standard Base64 (RFC 4648 section 4,
 *       with padding, no line breaks) of at least 32 random bytes, and {@code Secret.value()} is the
 *       decoded bytes. A value that is not such Base64 is refused as a provisioning mistake.</li>
 *   <li><b>Faults.</b> At start, a missing secret, one without a servable version, or a malformed value
 *       fails with {@code IllegalStateException}, and a vault that cannot be read after the SDK's retries
 *       with {@code StoreUnavailableException}; each message names the secret, never a value. During a
 *       refresh any failure is logged (without values) and the cached versions are kept; health stays up
 *       while the cache is at most three refresh intervals old and reports down after that.</li>
 *   <li><b>Secrecy.</b> No value appears in a log line, an exception message, a health detail or a
 *       {@code toString}.</li>
 *   <li><b>Concurrency.</b> Thread-safe. Reads are lock-free; each secret's versions are replaced whole
 *       by a refresh, and refreshes are serialised.</li>
 * </ul>
 */
package com.cardscry.portal.adapters.keyvault;
