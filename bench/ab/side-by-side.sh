#!/usr/bin/env bash
# A/B of the API listener's CPU per relayed token: two builds loaded at the same time with the same paced
# load (STREAMS each, 20 ms a token, steady state), so both see the same machine. The difference holds to
# about ±1 µs a run, where runs made one after the other swing by ±5 µs (see bench/api-proxy.bench.mjs).
#
#   bash bench/ab/side-by-side.sh [REV_A] [REV_B]     (default: HEAD against the working tree)
#
# Each side is lib/api/api-port-server bundled alone with esbuild (in one process of its own, it costs what it
# does inside next-server), against the local stub upstream (e2e/stubs/upstream.mjs). A_ENV / B_ENV add
# environment to one side (e.g. B_ENV="MY_SWITCH=1"). AB_RUNS (4), AB_SECONDS (12), AB_STREAMS (128),
# AB_MODEL (paced: stub-local-delay20-t256; fast: stub-local-t256) tune the load; AB_EXTRA (JSON, e.g.
# '{"logprobs":true,"top_logprobs":1}') is merged into every request, for revisions that serve it; for tool-call
# streams, AB_MODEL=stub-local-toolstream-delay20-t256 with tools in AB_EXTRA (argument fragments count as tokens).
# Ports AB_STUB_PORT (4014, the stub), AB_PORT_A (4100) and AB_PORT_B (4105).
set -euo pipefail
cd "$(dirname "$0")/../.."
ROOT=$PWD
A=${1:-HEAD}
B=${2:-.}
RUNS=${AB_RUNS:-4} SECS=${AB_SECONDS:-12} STREAMS=${AB_STREAMS:-128} MODEL=${AB_MODEL:-stub-local-delay20-t256}
SP=${AB_STUB_PORT:-4014} PA_PORT=${AB_PORT_A:-4100} PB_PORT=${AB_PORT_B:-4105}
for port in $SP $PA_PORT $PB_PORT; do
  if (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then echo "side-by-side: port $port is in use" >&2; exit 1; fi
done
WORK=$(mktemp -d /tmp/joust-ab-XXXX)
PIDS=()
cleanup() {
  for p in "${PIDS[@]}"; do kill "$p" 2>/dev/null || true; done
  for w in "$WORK"/wt-*; do [ -d "$w" ] && git -C "$ROOT" worktree remove --force "$w" >/dev/null 2>&1 || true; done
  rm -rf "$WORK"
}
trap cleanup EXIT

bundle() { # REV OUT
  local src=$ROOT
  if [ "$1" != "." ]; then
    src=$WORK/wt-$(basename "$2" .mjs)
    git worktree add -q --detach "$src" "$1"
    ln -s "$ROOT/node_modules" "$src/node_modules"
  fi
  printf 'import { startApiListener } from "./lib/api/api-port-server";\nvoid startApiListener(Number(process.env.AB_PORT), "127.0.0.1");\n' > "$src/.ab-entry.ts"
  (cd "$src" && "$ROOT/node_modules/.bin/esbuild" .ab-entry.ts --bundle --platform=node --format=esm --outfile="$2" --conditions=react-server --alias:@=. \
    --banner:js="import { createRequire } from 'module'; const require = createRequire(import.meta.url);" --log-level=error)
  rm -f "$src/.ab-entry.ts"
}
bundle "$A" "$WORK/a.mjs"
bundle "$B" "$WORK/b.mjs"

CAPS=${AB_EXTRA:+',"capabilities":["tools","logprobs"]'}
cat > "$WORK/config.json" <<JSON
{"models":[{"name":"ab","provider":"openai-compatible","model":"$MODEL","baseUrl":"http://127.0.0.1:$SP/v1","apiKeyEnv":"AB_STUB_KEY"$CAPS}],
 "limits":{"ratePerSecond":100000,"rateBurst":100000,"maxN":1}}
JSON
STUB_PORT=$SP STUB_OPENAI_KEY=sk-ab node e2e/stubs/upstream.mjs >"$WORK/stub.log" 2>&1 &
PIDS+=($!)
start() { # NAME PORT ENV
  env JOUST_CONFIG="$WORK/config.json" AB_STUB_KEY=sk-ab JOUST_API_KEYS= AB_PORT="$2" $3 node "$WORK/$1.mjs" >"$WORK/$1.log" 2>&1 &
  PIDS+=($!)
}
start a "$PA_PORT" "${A_ENV:-}"
PA=$!
start b "$PB_PORT" "${B_ENV:-}"
PB=$!
for port in $SP $PA_PORT $PB_PORT; do
  for _ in $(seq 100); do curl -s "http://127.0.0.1:$port/" >/dev/null && break || sleep 0.1; done
done
load() { node bench/ab/load.mjs "http://127.0.0.1:$1/v1/chat/completions" ab "$2" "$3" "$4"; }
# Warm-up (JIT), then the runs, both sides at once.
load "$PA_PORT" 64 3 "$PA" >/dev/null & W=$!; load "$PB_PORT" 64 3 "$PB" >/dev/null; wait "$W"
echo "A = $A${A_ENV:+ ($A_ENV)}, B = $B${B_ENV:+ ($B_ENV)}: CPU per relayed token, $STREAMS streams each, side by side; load average $(cut -d' ' -f1-3 /proc/loadavg)"
for r in $(seq "$RUNS"); do
  load "$PA_PORT" "$STREAMS" "$SECS" "$PA" > "$WORK/ra" & W=$!
  load "$PB_PORT" "$STREAMS" "$SECS" "$PB" > "$WORK/rb"; wait "$W"
  R=$r node -e 'const [a, b] = process.argv.slice(1).map((f) => JSON.parse(require("fs").readFileSync(f, "utf8")));
    console.log(`run ${process.env.R}: A ${a.cpuUsPerToken} µs (p99 ${a.p99} ms), B ${b.cpuUsPerToken} µs (p99 ${b.p99} ms), B − A ${(b.cpuUsPerToken - a.cpuUsPerToken).toFixed(1)} µs${a.errors + b.errors ? `, errors ${a.errors}/${b.errors}` : ""}`);' "$WORK/ra" "$WORK/rb"
done
