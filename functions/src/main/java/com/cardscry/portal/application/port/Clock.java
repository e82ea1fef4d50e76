package com.cardscry.portal.application.port;

import java.time.Instant;

/**
 * The one source of time for the application. Everything that depends on "now" (expiry, deadlines,
 * visibility timeouts) asks this port, so tests can drive time forward instead of waiting.
 *
 * <p>Implementations return UTC instants that never go backwards within one process.
 */
public interface Clock {

    Instant now();
}
