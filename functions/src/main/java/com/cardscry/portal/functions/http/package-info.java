/**
 * HTTP-triggered functions for the portal frontend and the API gateway, and the helpers that turn
 * results into JSON responses and RFC 9457 problem documents. Every route is in openapi/portal.yaml.
 */
package com.cardscry.portal.functions.http;
