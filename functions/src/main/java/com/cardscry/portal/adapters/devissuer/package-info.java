/**
 * The {@code DevelopmentTokenIssuer} of local mode: {@link
 * com.cardscry.portal.adapters.devissuer.DevTokenIssuer} signs tokens shaped like Entra ID v2 access
 * tokens, so that the same {@code TokenVerifier} checks them locally as in Azure. The composition root
 * makes it only with {@code PORTAL_AUTH=dev}, which is refused outside {@code PORTAL_ENVIRONMENT=local}.
 *
 * <p>Promises:
 * <ul>
 *   <li><b>Tokens.</b> Compact JWS, RS256, header {@code typ: JWT} and the key's {@code kid}. Claims:
 *       {@code iss} = {@link com.cardscry.portal.adapters.devissuer.DevTokenIssuer#ISSUER} with the
 *       token's tenant in place of {@code {tenantid}}; {@code aud} the configured audience; {@code tid},
 *       {@code oid} and {@code sub} (= {@code oid}); {@code name}, {@code email} when given; {@code roles}
 *       when any, sorted; {@code iat} = {@code nbf} = now and {@code exp} one hour later, by the
 *       {@code Clock} port (in whole seconds, as JWT times are).</li>
 *   <li><b>The key.</b> One RSA 2048-bit key, generated on first start and kept as a private JWK in
 *       {@code dev-issuer-key.json} in the data folder; its {@code kid} is its RFC 7638 thumbprint. A
 *       restart reuses it, so tokens issued before stay valid. The file is owner-only
 *       ({@code rw-------}) from the moment it exists, written to a temporary owner-only file that then
 *       atomically takes its name; an existing wider file is narrowed. A damaged file is refused with a
 *       message naming it and left untouched, never regenerated over. One process uses a file at a time.</li>
 *   <li><b>Publication.</b> {@code jwksJson} is the JWK set of the public key only.</li>
 *   <li><b>Secrecy.</b> No key material, token or claim appears in a log line, an exception message or
 *       a {@code toString}; the key id is logged when a key is generated.</li>
 *   <li><b>Concurrency.</b> Thread-safe; signing takes no lock.</li>
 * </ul>
 */
package com.cardscry.portal.adapters.devissuer;
