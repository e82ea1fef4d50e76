/**
 * The {@code TokenVerifier} for Entra ID bearer tokens: {@link
 * com.cardscry.portal.adapters.entra.EntraTokenVerifier}, configured by {@link
 * com.cardscry.portal.adapters.entra.EntraTokenVerifierOptions}; and {@link
 * com.cardscry.portal.adapters.entra.AppServicePrincipalVerifier}, which reads App Service
 * authentication's {@code X-MS-CLIENT-PRINCIPAL} header (used only when that authentication is
 * enforced in front of the app). The local development issuer signs
 * the same kind of token, so the same verifier runs locally and in Azure.
 *
 * <p>Promises:
 * <ul>
 *   <li><b>Algorithm.</b> RS256 only. A header naming anything else ({@code none}, HS*, ES*, PS*, an
 *       encrypted token) is refused as {@code UNSUPPORTED_ALGORITHM} before any key is looked up. Keys
 *       come only from the configured key source, never from the token ({@code jku}, {@code jwk},
 *       {@code x5u} are ignored).</li>
 *   <li><b>Checks</b>, each with its own rejection code: signature under the key named by {@code kid};
 *       {@code tid}, {@code oid}, {@code sub} and {@code exp} present; {@code iss} exactly the configured
 *       issuer (with the token's tenant in place of {@code {tenantid}} if the setting names it); {@code aud}
 *       one of the configured audiences (client id or App ID URI); {@code exp} and {@code nbf} with 60 s
 *       of clock skew, by the {@code Clock} port; {@code tid} on the allowlist. A signature written in
 *       other than canonical Base64url is refused as malformed, so one signature fits one token text.</li>
 *   <li><b>Identity.</b> {@code admin} is true when {@code roles} holds the configured admin role.</li>
 *   <li><b>Keys.</b> Fetched with the JDK HTTP client (timeout from the options), or read from a key set
 *       the process holds (the development issuer's), on the first token and kept in memory. A {@code kid} not in memory makes one fetch of the key set, at most once per
 *       minute by the {@code Clock} port; a key rotated in by the issuer is found that way without a
 *       restart. A token whose key is in memory is verified without I/O or locking.</li>
 *   <li><b>Faults.</b> A bad token is never an exception. {@code StoreUnavailableException} is thrown only
 *       when the token's key is not in memory and the latest fetch of the key set failed; a failed fetch
 *       keeps the keys already known, so tokens under them keep verifying while the endpoint is down.</li>
 *   <li><b>Secrecy.</b> No token or claim is logged; a failed fetch logs its URL and cause.</li>
 *   <li><b>Concurrency.</b> Thread-safe; fetches are serialised.</li>
 * </ul>
 */
package com.cardscry.portal.adapters.entra;
