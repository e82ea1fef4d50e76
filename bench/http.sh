#!/usr/bin/env bash
# HTTP benchmark of gateway key verification (issue 5): wrk on loopback against the local host measures
# the throughput (requests/s) and latency (p50, p99) of POST /api/v1/gateway/verify with a live key, and
# of GET /api/v1/health in the same run, and compares them with the targets: at least 5,000 verifications
# per second, p99 at most 5 ms, and at least 70 % of the health endpoint's throughput. A malformed key
# and a well-formed unknown key are measured too, for information, and the live key once more paced to
# about 5,000 requests/s, for the p99 at the target's load rather than at saturation. Prints a summary;
# exits 0 whether or not a target is met. bench/README.md records the figures.
#
# Usage: bench/http.sh. It builds the classes once, starts the local host (plain `java`, no Maven
# around it) on a fresh temporary data folder, a free port and a random function key, signs up a
# developer, subscribes and issues a key with curl, then for each mode warms each endpoint up and
# measures it. Modes: `unpinned` (server and wrk share both cores as the scheduler likes) and `pinned`
# (the host, started afresh under taskset, gets one core and wrk the other). The host is stopped and the
# folder deleted when the script ends, however it ends.
#
# Environment (defaults in brackets): BENCH_MODES [unpinned pinned], BENCH_THREADS [2],
# BENCH_CONNECTIONS [32], BENCH_DURATION seconds measured per endpoint [20], BENCH_WARMUP seconds per
# endpoint [10], BENCH_PORT [0: a free port], BENCH_SERVER_CPU [0], BENCH_CLIENT_CPU [1],
# BENCH_PACED_RPS [5000], BENCH_JAVA_OPTS [none] (for example -Dsun.net.httpserver.nodelay=true: see
# bench/README.md).
set -euo pipefail
cd "$(dirname "$0")/.."

modes=${BENCH_MODES:-unpinned pinned}
threads=${BENCH_THREADS:-2}
connections=${BENCH_CONNECTIONS:-32}
duration=${BENCH_DURATION:-20}
warmup=${BENCH_WARMUP:-10}
paced_rps=${BENCH_PACED_RPS:-5000}
port=${BENCH_PORT:-0}
server_cpu=${BENCH_SERVER_CPU:-0}
client_cpu=${BENCH_CLIENT_CPU:-1}
# The pause per connection (whole ms, as wrk takes it) for a little over $paced_rps requests/s: one
# ms less than the cycle that rate allows, which leaves room for the latency that comes on top.
paced_delay=$(( connections * 1000 / paced_rps - 1 ))
(( paced_delay >= 0 )) || paced_delay=0
read -r -a java_opts <<< "${BENCH_JAVA_OPTS:-}"

readonly LOCAL_TENANT=10ca1000-0000-4000-8000-000000000001
# The local defaults of PORTAL_TERMS_VERSION and PORTAL_PRIVACY_POLICY_VERSION (README, Configuration).
readonly POLICY_VERSION=2026-11-01
readonly TARGET_RPS=5000 TARGET_P99_MS=5 TARGET_RATIO=0.70

# --- tools ------------------------------------------------------------------------------------------

if ! command -v wrk > /dev/null; then
  if [[ $(id -u) -eq 0 ]]; then
    apt-get install -y wrk || { apt-get update && apt-get install -y wrk; }
  else
    echo "bench/http.sh needs wrk, the HTTP load generator: install it with 'sudo apt-get install wrk' and run again" >&2
    exit 1
  fi
fi
for tool in curl python3 taskset java mvn; do
  command -v "$tool" > /dev/null || { echo "bench/http.sh needs $tool on the PATH" >&2; exit 1; }
done

# --- build and host ---------------------------------------------------------------------------------

mvn -q -B -DskipTests compile org.apache.maven.plugins:maven-dependency-plugin:3.8.1:build-classpath \
  -Dmdep.outputFile=target/bench-classpath.txt -DincludeScope=compile
classpath="$PWD/target/classes:$(cat target/bench-classpath.txt)"

work=$(mktemp -d -t cardscry-http-bench.XXXXXX)
# The host runs in the temporary folder, with host.json copied there, so that a developer's
# local.settings.json (which might point at Azure) does not apply: the benchmark is of the embedded parts.
cp host.json "$work/"
function_key=$(head -c 30 /dev/urandom | base64 | tr '+/' '-_')
host_pid=

stop_host() {
  if [[ -n $host_pid ]]; then
    kill -TERM "$host_pid" 2> /dev/null || true
    wait "$host_pid" 2> /dev/null || true
    host_pid=
  fi
}
trap 'stop_host; rm -rf "$work"' EXIT
trap 'exit 130' INT TERM

# start_host CPU-LIST: starts the host (under taskset when CPU-LIST is not empty), sets $base once it
# answers /api/v1/health. Only the settings below reach it: exported PORTAL_* variables do not.
start_host() {
  local cpus=$1 log="$work/host-$RANDOM.log" waited
  local pin=()
  [[ -n $cpus ]] && pin=(taskset -c "$cpus")
  : > "$log"  # exists before the host writes to it, so the polling below can read it at once
  (cd "$work" && exec env -i PATH="$PATH" HOME="$HOME" PORTAL_DATA_DIR="$work/data" PORTAL_LOCAL_PORT="$port" \
    PORTAL_LOCAL_FUNCTION_KEY="$function_key" "${pin[@]}" java "${java_opts[@]}" -cp "$classpath" \
    com.cardscry.portal.local.LocalHost > "$log" 2>&1) &
  host_pid=$!
  base=
  for ((waited = 0; waited < 600; waited++)); do
    kill -0 "$host_pid" 2> /dev/null || { echo "the local host stopped during start-up:" >&2; cat "$log" >&2; exit 1; }
    if [[ -z $base ]]; then
      base=$(sed -n 's|^Cardscry portal local host listening on \(http://127\.0\.0\.1:[0-9]*\)/$|\1|p' "$log")
    fi
    if [[ -n $base ]] && curl -sf -o /dev/null "$base/api/v1/health"; then
      return
    fi
    sleep 0.1
  done
  echo "the local host did not answer /api/v1/health within 60 s:" >&2
  cat "$log" >&2
  exit 1
}

# --- the account flow -------------------------------------------------------------------------------

# call STATUS METHOD PATH BODY [curl options...]: prints the response body; fails unless it is STATUS.
call() {
  local expected=$1 method=$2 path=$3 body=$4 status
  shift 4
  status=$(curl -sS -o "$work/response" -w '%{http_code}' -X "$method" "$base/api$path" \
    -H 'Content-Type: application/json' --data "$body" "$@")
  if [[ $status != "$expected" ]]; then
    echo "$method $path answered $status, expected $expected: $(cat "$work/response")" >&2
    exit 1
  fi
  cat "$work/response"
}

# json NAME...: the value at that path in the JSON document on stdin.
json() {
  python3 -c $'import json, sys\nvalue = json.load(sys.stdin)\nfor name in sys.argv[1:]: value = value[name]\nprint(value)' "$@"
}

# verdict KEY: the code of the verification verdict for KEY.
verdict() {
  call 200 POST /v1/gateway/verify "{\"key\":\"$1\"}" -H "x-functions-key: $function_key" | json code
}

# As GatewayRoutesContractTest does it: a token from the development issuer, sign-up, the emailed code,
# a starter subscription (active at once) and a key.
issue_live_key() {
  local oid email token bearer code subscription
  oid=$(python3 -c 'import uuid; print(uuid.uuid4())')
  email="bench-$oid@example.com"
  token=$(call 200 POST /v1/dev/token "{\"oid\":\"$oid\",\"tid\":\"$LOCAL_TENANT\"}" | json accessToken)
  bearer="Authorization: Bearer $token"
  call 201 POST /v1/signup "{\"displayName\":\"HTTP bench\",\"email\":\"$email\",\"acceptedTermsVersion\":\"$POLICY_VERSION\",\"acceptedPrivacyPolicyVersion\":\"$POLICY_VERSION\"}" \
    -H "$bearer" > /dev/null
  # The outbox holds one JSON file per notification (LocalOutboxNotifier); the code is values.code.
  code=$(python3 - "$work/data/outbox" "$email" <<'EOF'
import json, pathlib, sys
sent = [json.loads(f.read_text()) for f in sorted(pathlib.Path(sys.argv[1]).glob("*.json"))]
print(max((n for n in sent if n.get("recipientEmail") == sys.argv[2]), key=lambda n: n["createdAt"])["values"]["code"])
EOF
  )
  call 200 POST /v1/me/email-verification "{\"code\":\"$code\"}" -H "$bearer" > /dev/null
  subscription=$(call 201 POST /v1/subscriptions '{"planId":"starter"}' -H "$bearer" | json id)
  call 201 POST "/v1/subscriptions/$subscription/keys" '{"name":"bench"}' -H "$bearer" | json key
}

# A key in the format of ApiKey (cs_live_, 43 base62 digits of 32 random bytes, 6 of the CRC32 of what
# precedes them) that was never issued: it passes the format check and costs a look-up.
unknown_key() {
  python3 <<'EOF'
import os, zlib
ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
def base62(number, digits):
    text = ""
    for _ in range(digits):
        number, digit = divmod(number, 62)
        text = ALPHABET[digit] + text
    return text
checked = "cs_live_" + base62(int.from_bytes(os.urandom(32), "big"), 43)
print(checked + base62(zlib.crc32(checked.encode("ascii")), 6))
EOF
}

# --- measuring --------------------------------------------------------------------------------------

# measure MODE CASE SECONDS URL [wrk options...]: runs wrk (pinned to the client core in pinned mode),
# prints its output, and keeps it in $work/MODE-CASE.txt for the summary.
measure() {
  local mode=$1 case=$2 seconds=$3 url=$4
  shift 4
  local pin=()
  [[ $mode == pinned ]] && pin=(taskset -c "$client_cpu")
  "${pin[@]}" wrk -t"$threads" -c"$connections" -d"${seconds}s" --latency "$@" "$url" > "$work/$mode-$case.txt"
  sed 's/^/    /' "$work/$mode-$case.txt"
}

# measure_verify MODE CASE SECONDS KEY [DELAY-MS]
measure_verify() {
  BENCH_API_KEY=$4 BENCH_FUNCTION_KEY=$function_key BENCH_DELAY_MS=${5:-} \
    measure "$1" "$2" "$3" "$base/api/v1/gateway/verify" -s bench/verify.lua
}

# figures FILE: "requests/s p50-ms p99-ms errors" from wrk's output; errors counts non-2xx answers and
# socket errors, which would make the run worthless.
figures() {
  awk '
    function ms(value) {
      if (value ~ /us$/) return value / 1000
      if (value ~ /ms$/) return value + 0
      if (value ~ /[0-9]m$/) return value * 60000
      return value * 1000
    }
    $1 == "Requests/sec:" { rps = $2 }
    $1 == "50%" { p50 = ms($2) }
    $1 == "99%" { p99 = ms($2) }
    /Non-2xx or 3xx responses:/ { errors += $NF }
    /Socket errors:/ { gsub(",", ""); errors += $4 + $6 + $8 + $10 }
    END { printf "%.0f %.3f %.3f %d\n", rps, p50, p99, errors }
  ' "$1"
}

echo "== machine: $(nproc) cores, $(java -version 2>&1 | head -1), $(wrk --version 2>&1 | head -1 | cut -d' ' -f1-2)"
echo "== wrk -t$threads -c$connections, ${warmup} s warm-up and ${duration} s measured per endpoint"

start_host ""
live_key=$(issue_live_key)
malformed_key="${live_key:0:56}$([[ ${live_key:56} == 0 ]] && echo 1 || echo 0)"
missing_key=$(unknown_key)
for pair in "$live_key VALID" "$malformed_key MALFORMED" "$missing_key NOT_FOUND"; do
  read -r key expected <<< "$pair"
  actual=$(verdict "$key")
  [[ $actual == "$expected" ]] || { echo "expected the verdict $expected, got $actual" >&2; exit 1; }
done
echo "== a live key is issued; verdicts checked: VALID, MALFORMED, NOT_FOUND"

first=1
for mode in $modes; do
  if [[ $first -eq 0 || $mode == pinned ]]; then
    # Each mode gets a host started afresh, pinned or not, so the JVM sizes itself (GC, JIT threads)
    # for the cores it may use; the data folder, and so the key, are kept.
    stop_host
    if [[ $mode == pinned ]]; then start_host "$server_cpu"; else start_host ""; fi
  fi
  first=0
  case $mode in
    pinned) echo "== pinned: host on CPU $server_cpu, wrk on CPU $client_cpu (load average $(cut -d' ' -f1-3 /proc/loadavg))" ;;
    unpinned) echo "== unpinned: host and wrk on every core (load average $(cut -d' ' -f1-3 /proc/loadavg))" ;;
    *) echo "unknown mode '$mode' in BENCH_MODES (unpinned, pinned)" >&2; exit 1 ;;
  esac
  echo "  warm-up"
  measure "$mode" warm-health "$warmup" "$base/api/v1/health" > /dev/null
  measure_verify "$mode" warm-verify "$warmup" "$live_key" > /dev/null
  echo "  health"
  measure "$mode" health "$duration" "$base/api/v1/health"
  echo "  verify (live key)"
  measure_verify "$mode" verify "$duration" "$live_key"
  echo "  verify (malformed key)"
  measure_verify "$mode" malformed "$duration" "$malformed_key"
  echo "  verify (unknown key)"
  measure_verify "$mode" unknown "$duration" "$missing_key"
  echo "  verify (live key), paced: each connection pauses $paced_delay ms between requests, for a little over $paced_rps requests/s"
  measure_verify "$mode" paced "$duration" "$live_key" "$paced_delay"
  echo "  load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
done
stop_host

# --- summary ----------------------------------------------------------------------------------------

# met CONDITION: "met" when the awk condition holds, else "MISSED".
met() { if awk "BEGIN { exit !($1) }"; then echo met; else echo MISSED; fi; }

echo
echo "== summary (targets for verification with a live key: >= $TARGET_RPS requests/s, p99 <= $TARGET_P99_MS ms, >= $TARGET_RATIO of health)"
printf '%-9s %-16s %12s %10s %10s %8s %s\n' mode endpoint requests/s p50-ms p99-ms errors "vs health"
for mode in $modes; do
  read -r health_rps _ <<< "$(figures "$work/$mode-health.txt")"
  for case in health verify malformed unknown paced; do
    read -r rps p50 p99 errors <<< "$(figures "$work/$mode-$case.txt")"
    ratio=$(awk -v a="$rps" -v b="$health_rps" 'BEGIN { printf "%.2f", (b > 0 ? a / b : 0) }')
    printf '%-9s %-16s %12s %10s %10s %8s %s\n' "$mode" "$case" "$rps" "$p50" "$p99" "$errors" "$ratio"
  done
  read -r rps _ p99 errors <<< "$(figures "$work/$mode-verify.txt")"
  ratio=$(awk -v a="$rps" -v b="$health_rps" 'BEGIN { printf "%.2f", (b > 0 ? a / b : 0) }')
  read -r paced_rps_measured _ paced_p99 paced_errors <<< "$(figures "$work/$mode-paced.txt")"
  echo "  $mode: throughput $(met "$rps >= $TARGET_RPS"), p99 at saturation $(met "$p99 <= $TARGET_P99_MS"), ratio $(met "$ratio >= $TARGET_RATIO"), p99 at $paced_rps_measured requests/s $(met "$paced_p99 <= $TARGET_P99_MS")$([[ $((errors + paced_errors)) -eq 0 ]] || echo "; errors: the run is not valid")"
done
