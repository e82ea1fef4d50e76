/**
 * The local host: serves the portal's functions on 127.0.0.1 the way the Azure Functions host does
 * (HTTP routes and auth levels, NCRONTAB timers, queue triggers with poison queues), on embedded
 * parts by default, so that the portal runs with one command and no Azure account, emulator or Node.
 *
 * <p>Promise: it reaches the portal only through {@code config} and the Functions programming model,
 * exactly as the real host does; it never calls an adapter directly.
 */
package com.cardscry.portal.local;
