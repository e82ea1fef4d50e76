/**
 * The portal's shared security checks, run against the real portal served by the local host over HTTP:
 * the authorisation matrix every protected route runs ({@link com.cardscry.portal.security.AuthorisationMatrix}),
 * the bad-input corpus every write route runs, and the scan of captured logs for tokens, cookies, codes
 * and personal data. A later route joins the matrix with one line in its route table.
 */
package com.cardscry.portal.security;
