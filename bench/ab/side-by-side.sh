#!/usr/bin/env bash
# A/B of the API listener's CPU per relayed token: two builds loaded at the same time with the same paced
# load (STREAMS each, 20 ms a token, steady state), so both see the same machine. The difference holds to
# about ±1 µs a run, where runs made one after the other swing by ±5 µs (see bench/api-proxy.bench.mjs).
#
#   bash bench/ab/side-by-side.sh [REV_A] [REV_B]     (default: HEAD against the working tree)
#
# Each side is lib/api/api-port-server bundled alone with esbuild (in one process of its own; inside next-server the
# same code costs 1.04–1.17× as much: bench/ab/in-next.sh), against the local stub upstream (e2e/stubs/upstream.mjs). A_ENV / B_ENV add
# environment to one side (e.g. B_ENV="MY_SWITCH=1"). AB_RUNS (4), AB_SECONDS (12), AB_STREAMS (128),
# AB_MODEL (paced: stub-local-delay20-t256; fast: stub-local-t256) tune the load; AB_EXTRA (JSON, e.g.
# '{"logprobs":true,"top_logprobs":1}') is merged into every request, for revisions that serve it; for tool-call
# streams, AB_MODEL=stub-local-toolstream-delay20-t256 with tools in AB_EXTRA (argument fragments count as tokens).
# Ports AB_STUB_PORT (4014, the stub), AB_PORT_A (4100) and AB_PORT_B (4105).
set -euo pipefail
cd "$(dirname "$0")/../.."
NAME=side-by-side RUNS_DEFAULT=4 SECS_DEFAULT=12
source bench/ab/common.sh
A=${1:-HEAD}
B=${2:-.}
bundle "$A" "$WORK/a.mjs"
bundle "$B" "$WORK/b.mjs"
start_stub
start() { # NAME PORT ENV
  env JOUST_CONFIG="$WORK/config.json" AB_STUB_KEY=sk-ab JOUST_API_KEYS= AB_PORT="$2" $3 node "$WORK/$1.mjs" >"$WORK/$1.log" 2>&1 &
  PIDS+=($!)
}
start a "$PA_PORT" "${A_ENV:-}"
PA=$!
start b "$PB_PORT" "${B_ENV:-}"
PB=$!
wait_and_warm "$PA" "$PB"
echo "A = $A${A_ENV:+ ($A_ENV)}, B = $B${B_ENV:+ ($B_ENV)}: CPU per relayed token, $STREAMS streams each, side by side; load average $(cut -d' ' -f1-3 /proc/loadavg)"
for r in $(seq "$RUNS"); do
  run_both "$PA" "$PB"
  R=$r node -e 'const [a, b] = process.argv.slice(1).map((f) => JSON.parse(require("fs").readFileSync(f, "utf8")));
    console.log(`run ${process.env.R}: A ${a.cpuUsPerToken} µs (p99 ${a.p99} ms), B ${b.cpuUsPerToken} µs (p99 ${b.p99} ms), B − A ${(b.cpuUsPerToken - a.cpuUsPerToken).toFixed(1)} µs${a.errors + b.errors ? `, errors ${a.errors}/${b.errors}` : ""}`);' "$WORK/ra" "$WORK/rb"
done
