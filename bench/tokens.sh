#!/usr/bin/env bash
# Token verification benchmark (issue 4): JMH measures EntraTokenVerifier.verify for a token whose key
# is already cached (valid, bad signature, malformed), on one core, and prints the median and the
# percentiles of each in µs. bench/README.md records the figures. Usage: bench/tokens.sh [JMH options]
# (for example `-wi 1 -i 2` for a quick look; `-h` lists them). BENCH_CPU picks the core (default 1).
set -euo pipefail
cd "$(dirname "$0")/.."
# The test classes carry the benchmark and META-INF/BenchmarkList, which JMH's annotation processor
# writes during test-compile. JMH starts the measured JVM with its own class path, so it is run with
# plain `java` on the test class path rather than inside Maven (exec:java would hand the fork Maven's).
mvn -q -B test-compile org.apache.maven.plugins:maven-dependency-plugin:3.8.1:build-classpath \
  -Dmdep.outputFile=target/bench-test-classpath.txt -DincludeScope=test
classpath="target/test-classes:target/classes:$(cat target/bench-test-classpath.txt)"
# taskset pins this JVM and the fork it starts to one core; the benchmark's @Fork also passes
# -XX:ActiveProcessorCount=1 so the JIT and GC size themselves for one core.
exec taskset -c "${BENCH_CPU:-1}" java -cp "$classpath" org.openjdk.jmh.Main \
  'com\.cardscry\.portal\.bench\.TokenVerificationBench\.' -f 1 -t 1 "$@"
