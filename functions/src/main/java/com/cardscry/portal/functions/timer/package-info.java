/**
 * Timer-triggered functions. Each runs one bounded, idempotent use case on a schedule taken from an app
 * setting ({@code %NAME%}, so it changes without a build), and logs what the run did in counts only.
 * A run that fails is logged by the host and simply finished by the next one.
 */
package com.cardscry.portal.functions.timer;
