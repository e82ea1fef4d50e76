/**
 * Developer accounts (issue 4, DESIGN.md decisions 4, 5, 8 and 9): sign-up with email verification,
 * the profile, browser sessions, blocking, and the authentication every frontend route goes through
 * ({@link com.cardscry.portal.application.accounts.Authenticate}). See docs/accounts.md.
 *
 * <p>Promises:
 * <ul>
 *   <li>Accounts are keyed by Entra ID tenant and object id, bound through the {@code identities}
 *       index, so concurrent or repeated sign-ups make one account.</li>
 *   <li>No secret and no email address is stored where it could be looked up in plain text: email
 *       addresses are indexed by keyed hash, session secrets and verification codes are stored only as
 *       keyed hashes, CSRF tokens are derived and not stored.</li>
 *   <li>Every state change is conditional on the ETag read and re-applied to the latest version on a
 *       conflict, so each use case is safe to retry; a crash between two writes is finished by the
 *       retry (an identity bound without its account, a code stored but not sent, an account blocked
 *       with sessions left over).</li>
 *   <li>Expected refusals are {@link com.cardscry.portal.application.Outcome.Refused} values with a
 *       problem naming the field; no name, email, token, cookie or code reaches a log line or an
 *       exception message, and records holding them redact them in {@code toString}.</li>
 * </ul>
 */
package com.cardscry.portal.application.accounts;
