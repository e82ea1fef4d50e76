/**
 * The ports the use cases need: document store, message queue, export store, secret source, clock,
 * health indicators, token verifier, development token issuer, notifier, audit log. Each is an interface with Cosmos DB, Storage queue or Key Vault semantics written down
 * in its Javadoc, and each has one abstract contract test suite that every implementation passes.
 *
 * <p>Promise: JDK types only, so a use case can be tested with the embedded implementations and
 * run unchanged on Azure.
 */
package com.cardscry.portal.application.port;
