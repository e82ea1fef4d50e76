#!/usr/bin/env bash
# Start-up benchmark of the local host: builds the classes, writes the runtime classpath, then runs
# bench/StartupBench.java, which starts `java ... LocalHost` repeatedly and reports the median time to
# the first 200 on /api/v1/health and the idle resident memory. Usage: bench/startup.sh [runs]
set -euo pipefail
cd "$(dirname "$0")/.."
mvn -q -B -DskipTests compile org.apache.maven.plugins:maven-dependency-plugin:3.8.1:build-classpath \
  -Dmdep.outputFile=target/bench-classpath.txt -DincludeScope=compile
runs="${1:-10}"
for data in "" --reuse-data; do
  echo "== default JVM options ${data}"
  java bench/StartupBench.java "$runs" $data
  echo
  echo "== -XX:TieredStopAtLevel=1 -XX:+UseSerialGC ${data} (bench/README.md explains them)"
  java bench/StartupBench.java "$runs" $data -XX:TieredStopAtLevel=1 -XX:+UseSerialGC
  echo
done
