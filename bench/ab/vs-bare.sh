#!/usr/bin/env bash
# The API listener alone (bundled as side-by-side.sh bundles it) against the bare Node pipe proxy
# (bench/reference-proxy.mjs), loaded side by side with the same paced load: the ratio of their CPU per relayed
# token, the figure issue 19's target is about, without a production build or next-server around the listener.
#
#   bash bench/ab/vs-bare.sh [REV]      (default: the working tree)
#
# VS_SERVER=FILE runs that Node script as the relay instead of the listener (e.g. bench/ab/lean-relay.mjs). AB_RUNS (3),
# AB_SECONDS (10), AB_STREAMS (128 each), AB_MODEL (stub-local-delay20-t256; a long stream such as
# stub-local-delay20-t2048 keeps streams from starting or ending in the window: per-token cost alone), AB_EXTRA as in
# side-by-side.sh. Ports AB_STUB_PORT (4014), AB_PORT_A (4100: the relay), AB_PORT_B (4105: the bare proxy).
set -euo pipefail
cd "$(dirname "$0")/../.."
NAME=vs-bare RUNS_DEFAULT=3 SECS_DEFAULT=10
source bench/ab/common.sh
REV=${1:-.}
SERVER=${VS_SERVER:-}
if [ -z "$SERVER" ]; then
  bundle "$REV" "$WORK/relay.mjs"
  SERVER=$WORK/relay.mjs
fi
start_stub
env JOUST_CONFIG="$WORK/config.json" AB_STUB_KEY=sk-ab AB_STUB_PORT="$SP" AB_UP_MODEL="$MODEL" JOUST_API_KEYS= AB_PORT="$PA_PORT" \
  node "$SERVER" >"$WORK/relay.log" 2>&1 &
PA=$!
PIDS+=($PA)
REF_PORT=$PB_PORT REF_UPSTREAM="http://127.0.0.1:$SP/v1" REF_KEY=sk-ab REF_MODELS="{\"ab\":\"$MODEL\"}" node bench/reference-proxy.mjs >"$WORK/ref.log" 2>&1 &
PB=$!
PIDS+=($PB)
wait_and_warm "$PA" "$PB"
echo "relay = ${VS_SERVER:-the API listener at $REV}, bare = bench/reference-proxy.mjs, $MODEL: CPU per relayed token, $STREAMS streams each, side by side; load average $(cut -d' ' -f1-3 /proc/loadavg)"
for r in $(seq "$RUNS"); do
  run_both "$PA" "$PB"
  R=$r node -e 'const [a, b] = process.argv.slice(1).map((f) => JSON.parse(require("fs").readFileSync(f, "utf8")));
    console.log(`run ${process.env.R}: relay ${a.cpuUsPerToken} µs, bare ${b.cpuUsPerToken} µs, ratio ${(a.cpuUsPerToken / b.cpuUsPerToken).toFixed(2)}×${a.errors + b.errors ? `, errors ${a.errors}/${b.errors}` : ""}`);' "$WORK/ra" "$WORK/rb"
done
