/**
 * Benchmarks that run from test sources because they reuse the test harness (the emulators, the test
 * key servers) and, for JMH, its annotation processor, which only the test compilation runs. They
 * measure and print figures; they assert nothing and are not run by Surefire or Failsafe (no class is
 * named as a test). {@code bench/README.md} says how to run each one and records its figures.
 */
package com.cardscry.portal.bench;
