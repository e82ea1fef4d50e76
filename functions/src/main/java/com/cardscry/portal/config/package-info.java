/**
 * The one composition root: the settings catalogue ({@code PortalSettings}), their validation, and
 * {@code Portal}, which builds every client and use case once per process.
 *
 * <p>Promise: a missing or invalid setting stops start-up with a message naming the setting and its
 * accepted values; every SDK client is a process singleton; nothing else constructs adapters.
 */
package com.cardscry.portal.config;
