/**
 * The portal's records and rules: accounts, plans, subscriptions and their state machine, API keys,
 * sessions, usage, privacy requests and their deadlines, the retention schedule.
 *
 * <p>Promise: pure Java. Nothing here imports a framework, an SDK, Jackson or the Functions library
 * (an ArchUnit test holds it to that), nothing reads the clock or a random source by itself, and
 * every rule can be tested without a store.
 */
package com.cardscry.portal.domain;
