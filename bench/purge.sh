#!/usr/bin/env bash
# Retention purge benchmark (issue 7): "with 1,000,000 live documents and 10,000 expired in the embedded
# store, a purge run finishes in at most 2 s and touches at most a small constant more than 10,000
# documents". RetentionPurgeBench (test sources) fills an embedded document store file and export folder
# once, through the application's record classes, with the live documents (accounts, identities, email
# index, sessions, audit entries, subscriptions, keys and their index entries, quota counters, hourly
# usage buckets and their usage-days entries, sign-ups not yet due) and the expired items (unverified
# sign-ups past seven days, subscription-days due for roll-up, exports past seven days); then, each on a
# copy of that data: (1) one purge run with limits for everything, timed with System.nanoTime; (2) the
# same run over CountingDocumentStore, counting the documents handed back, written and deleted per
# container and the ranges the store walks for each query (untimed); (3) runs with Limits.STANDARD until
# one is complete. It checks every expired item is gone and a sample of live documents is kept (it fails
# if not), and prints the fill time, heap and store file size. bench/README.md records the figures.
# Information only: exits 0 when the benchmark ran, whatever the figures.
# Usage: bench/purge.sh [live documents] [expired items]   (default 1000000 and 10000)
# BENCH_CPUS (1) is the taskset CPU list, BENCH_HEAP_MAX (4g) the -Xmx; BENCH_JAVA_OPTS is added to the JVM.
# The temporary data folder (several GB for a million documents while it runs) is removed by the benchmark.
set -euo pipefail
cd "$(dirname "$0")/.."
mvn -q -B -o test-compile org.apache.maven.plugins:maven-dependency-plugin:3.8.1:build-classpath \
  -Dmdep.outputFile=target/bench-test-classpath.txt -DincludeScope=test
classpath="target/test-classes:target/classes:$(cat target/bench-test-classpath.txt)"
exec taskset -c "${BENCH_CPUS:-1}" java "-Xmx${BENCH_HEAP_MAX:-4g}" -Xms1g ${BENCH_JAVA_OPTS:-} -cp "$classpath" \
  com.cardscry.portal.bench.RetentionPurgeBench "${1:-1000000}" "${2:-10000}"
