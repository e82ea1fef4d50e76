/**
 * Privacy requests (GDPR Art. 15 to 17, DESIGN.md decision 6): intake, the legal clock, and the worker
 * that carries each request out one idempotent, recorded step at a time, so that a redelivered or
 * crashed message finishes the job without repeating a side effect.
 */
package com.cardscry.portal.application.privacy;
