/**
 * API keys as the portal stores them (DESIGN.md decision 1, docs/api-keys.md): making a new key and
 * hashing a key under the API-key pepper. The use cases that store, list, revoke and verify keys build
 * on these.
 *
 * <p>Promises:
 * <ul>
 *   <li>A key's text leaves this package only inside the {@link com.cardscry.portal.application.keys.IssuedKey}
 *       made for showing it once; what is meant for storage is its
 *       {@link com.cardscry.portal.application.keys.StoredKeyHash} and hint. Nothing here logs, and no
 *       {@code toString} shows a key or a pepper.</li>
 *   <li>A stored hash names the pepper version it was made under, so keys keep verifying after the
 *       pepper is rotated.</li>
 *   <li>Thread-safe. Hashing under the current pepper reuses an initialised MAC per thread: it is the
 *       gateway's hot path (bench/README.md, "API key verification").</li>
 * </ul>
 */
package com.cardscry.portal.application.keys;
