/**
 * The HTTP half of the local host: routes, auth levels, request and response mapping of the Azure
 * Functions host, served by the JDK's HTTP server on 127.0.0.1.
 *
 * <p>Promises: a route is matched as the Functions host matches it (route prefix from host.json,
 * case-insensitive literals, {@code int}/{@code guid}/{@code alpha} constraints, an optional last
 * segment, the most specific template first); every error the host itself answers is an RFC 9457
 * problem document; cross-origin access follows the platform's CORS in Azure (allowed origins only, with
 * credentials, preflights answered by the host); every function sees the TCP peer in
 * {@code X-Forwarded-For}, as behind App Service's front end; a route, trigger or parameter it cannot
 * serve exactly stops start-up with a message naming the function; keys and exception messages never
 * reach a response or a log line; stopping lets requests in flight finish.
 */
package com.cardscry.portal.local.http;
