/**
 * Rate limits for the endpoints an attacker would hammer (sign-up, code entry, session creation):
 * {@code RateLimiter} counts attempts per key in memory and says how long a refused caller must wait
 * (the {@code Retry-After} of a 429); {@code ClientAddress} says which client address a request is
 * limited by.
 *
 * <p>Promises: keys are never kept as given, only as a keyed hash that a heap dump cannot reverse, so
 * neither addresses nor identities are stored; memory is bounded however many distinct keys arrive;
 * limiters are safe to share between threads; time comes from the {@code Clock} port only.
 */
package com.cardscry.portal.application.limits;
