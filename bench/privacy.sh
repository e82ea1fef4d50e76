#!/usr/bin/env bash
# Privacy request benchmark (issue 6): the privacy worker carries out an access request (the export,
# JSON and HTML) and a deletion request (every erasure step) for an account with 50 keys and 20,000
# hourly usage buckets on the embedded store, each timed from handing the queue message to the worker
# until it answers COMPLETED, on fresh data every run (warm-up runs reported apart); then, in a JVM
# started with -Xmx256m, the same export (and deletion) over 200,000 buckets, with the heap used.
# PrivacyWorkflowBench (test sources) says how the account is made and what is measured; bench/README.md
# records the figures. Prints a summary against the targets and exits 0 either way (information only).
# Usage: bench/privacy.sh [warm-up runs] [measured runs]   (default 2 and 5)
# BENCH_BUCKETS (20000) and BENCH_HEAP_BUCKETS (200000) change the sizes, BENCH_HEAP_MAX (256m) the heap
# run's -Xmx; BENCH_JAVA_OPTS is added to both JVMs. Temporary data folders are removed by the benchmark itself, and its log by this script.
set -euo pipefail
cd "$(dirname "$0")/.."
mvn -q -B -o test-compile org.apache.maven.plugins:maven-dependency-plugin:3.8.1:build-classpath \
  -Dmdep.outputFile=target/bench-test-classpath.txt -DincludeScope=test
classpath="target/test-classes:target/classes:$(cat target/bench-test-classpath.txt)"
main=com.cardscry.portal.bench.PrivacyWorkflowBench
log="$(mktemp -t privacy-bench.XXXXXX)"
trap 'rm -f "$log"' EXIT

echo "== workflow: ${BENCH_BUCKETS:-20000} buckets, default heap"
java ${BENCH_JAVA_OPTS:-} -cp "$classpath" "$main" workflow "${BENCH_BUCKETS:-20000}" "${1:-2}" "${2:-5}" | tee "$log"
echo
echo "== heap: ${BENCH_HEAP_BUCKETS:-200000} buckets, -Xmx${BENCH_HEAP_MAX:-256m}"
heap_status=0
java "-Xmx${BENCH_HEAP_MAX:-256m}" -XX:-HeapDumpOnOutOfMemoryError ${BENCH_JAVA_OPTS:-} -cp "$classpath" "$main" heap \
  "${BENCH_HEAP_BUCKETS:-200000}" | tee -a "$log" || heap_status=$?

echo
echo "== summary (targets: access and deletion at most 3 s each; the 200,000-bucket export within 256 MB of heap)"
awk -v heap_status="$heap_status" -v heap_max="${BENCH_HEAP_MAX:-256m}" '
  /^access   \(write-export\)/ { verdict("access  ", $4, $7) }
  /^deletion \(all steps\)/    { verdict("deletion", $5, $8) }
  /^access request completed/  { heap_export = $0 }
  /heap during export/         { heap_line = $0 }
  function verdict(what, median, max) {
    printf "%s median %s ms, max %s ms: %s\n", what, median, max,
      (max + 0 <= 3000 ? "met" : (median + 0 <= 3000 ? "met at the median, MISSED by the slowest run" : "MISSED"))
  }
  END {
    if (heap_status == 0 && heap_export != "") {
      print "heap run: completed within -Xmx" heap_max (heap_max == "256m" ? " (met)" : ""); print "  " heap_export; print heap_line
    } else {
      print "heap run: did not complete within -Xmx" heap_max " (exit status " heap_status ")" (heap_max == "256m" ? ": MISSED" : "")
    }
  }' "$log"
exit 0
