#!/usr/bin/env bash
# API key verification benchmark (issue 5): JMH measures, on one core and one thread, the throughput of a
# bare HMAC-SHA-256 over a key, of ApiKey.parse, of parse + KeyHasher.hash under the current pepper, and
# of an HMAC with a Mac made per call.
# bench/README.md records the figures. Usage: bench/keys.sh [JMH options] (for example `-prof gc` for
# allocation per call; `-h` lists them). BENCH_CPU picks the core (default 1).
set -euo pipefail
cd "$(dirname "$0")/.."
# As in bench/tokens.sh: the test classes carry the benchmark and META-INF/BenchmarkList, and JMH is run
# with plain `java` so that the measured JVM it forks gets the test class path, not Maven's.
mvn -q -B test-compile org.apache.maven.plugins:maven-dependency-plugin:3.8.1:build-classpath \
  -Dmdep.outputFile=target/bench-test-classpath.txt -DincludeScope=test
classpath="target/test-classes:target/classes:$(cat target/bench-test-classpath.txt)"
exec taskset -c "${BENCH_CPU:-1}" java -cp "$classpath" org.openjdk.jmh.Main \
  'com\.cardscry\.portal\.bench\.KeyVerificationBench\.' -f 1 -t 1 "$@"
