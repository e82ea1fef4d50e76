#!/usr/bin/env bash
# Port-operation benchmark: latency of each document-store, queue and export-store operation on the
# embedded implementation and on the Azure adapter against the emulators, and the Cosmos request charge
# of each document operation. The emulators start and stop by themselves (Node.js 20 and npm needed).
# Prints a Markdown table for bench/README.md. Usage: bench/ports.sh
set -euo pipefail
cd "$(dirname "$0")/.."
mvn -q -B test-compile exec:java -Dexec.mainClass=com.cardscry.portal.bench.PortOperationsBench -Dexec.classpathScope=test
