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
ROOT=$PWD
REV=${1:-.}
RUNS=${AB_RUNS:-3} SECS=${AB_SECONDS:-10} STREAMS=${AB_STREAMS:-128} MODEL=${AB_MODEL:-stub-local-delay20-t256}
SP=${AB_STUB_PORT:-4014} PA_PORT=${AB_PORT_A:-4100} PB_PORT=${AB_PORT_B:-4105}
for port in $SP $PA_PORT $PB_PORT; do
  if (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then echo "vs-bare: port $port is in use" >&2; exit 1; fi
done
WORK=$(mktemp -d /tmp/joust-vsbare-XXXX)
PIDS=()
cleanup() {
  for p in "${PIDS[@]}"; do kill "$p" 2>/dev/null || true; done
  [ -d "$WORK/wt" ] && git -C "$ROOT" worktree remove --force "$WORK/wt" >/dev/null 2>&1 || true
  rm -rf "$WORK"
}
trap cleanup EXIT

SERVER=${VS_SERVER:-}
if [ -z "$SERVER" ]; then
  src=$ROOT
  if [ "$REV" != "." ]; then
    src=$WORK/wt
    git worktree add -q --detach "$src" "$REV"
    ln -s "$ROOT/node_modules" "$src/node_modules"
  fi
  printf 'import { startApiListener } from "./lib/api/api-port-server";\nvoid startApiListener(Number(process.env.AB_PORT), "127.0.0.1");\n' > "$src/.ab-entry.ts"
  (cd "$src" && "$ROOT/node_modules/.bin/esbuild" .ab-entry.ts --bundle --platform=node --format=esm --outfile="$WORK/relay.mjs" --conditions=react-server --alias:@=. \
    --banner:js="import { createRequire } from 'module'; const require = createRequire(import.meta.url);" --log-level=error)
  rm -f "$src/.ab-entry.ts"
  SERVER=$WORK/relay.mjs
fi

CAPS=${AB_EXTRA:+',"capabilities":["tools","logprobs"]'}
cat > "$WORK/config.json" <<JSON
{"models":[{"name":"ab","provider":"openai-compatible","model":"$MODEL","baseUrl":"http://127.0.0.1:$SP/v1","apiKeyEnv":"AB_STUB_KEY"$CAPS}],
 "limits":{"ratePerSecond":100000,"rateBurst":100000,"maxN":1}}
JSON
STUB_PORT=$SP STUB_OPENAI_KEY=sk-ab node e2e/stubs/upstream.mjs >"$WORK/stub.log" 2>&1 &
PIDS+=($!)
env JOUST_CONFIG="$WORK/config.json" AB_STUB_KEY=sk-ab AB_STUB_PORT="$SP" AB_UP_MODEL="$MODEL" JOUST_API_KEYS= AB_PORT="$PA_PORT" \
  node "$SERVER" >"$WORK/relay.log" 2>&1 &
PA=$!
PIDS+=($PA)
REF_PORT=$PB_PORT REF_UPSTREAM="http://127.0.0.1:$SP/v1" REF_KEY=sk-ab REF_MODELS="{\"ab\":\"$MODEL\"}" node bench/reference-proxy.mjs >"$WORK/ref.log" 2>&1 &
PB=$!
PIDS+=($PB)
for port in $SP $PA_PORT $PB_PORT; do
  for _ in $(seq 100); do curl -s "http://127.0.0.1:$port/" >/dev/null && break || sleep 0.1; done
done
load() { node bench/ab/load.mjs "http://127.0.0.1:$1/v1/chat/completions" ab "$2" "$3" "$4"; }
load "$PA_PORT" 64 3 "$PA" >/dev/null & W=$!; load "$PB_PORT" 64 3 "$PB" >/dev/null; wait "$W"
echo "relay = ${VS_SERVER:-the API listener at $REV}, bare = bench/reference-proxy.mjs, $MODEL: CPU per relayed token, $STREAMS streams each, side by side; load average $(cut -d' ' -f1-3 /proc/loadavg)"
for r in $(seq "$RUNS"); do
  load "$PA_PORT" "$STREAMS" "$SECS" "$PA" > "$WORK/ra" & W=$!
  load "$PB_PORT" "$STREAMS" "$SECS" "$PB" > "$WORK/rb"; wait "$W"
  R=$r node -e 'const [a, b] = process.argv.slice(1).map((f) => JSON.parse(require("fs").readFileSync(f, "utf8")));
    console.log(`run ${process.env.R}: relay ${a.cpuUsPerToken} µs, bare ${b.cpuUsPerToken} µs, ratio ${(a.cpuUsPerToken / b.cpuUsPerToken).toFixed(2)}×${a.errors + b.errors ? `, errors ${a.errors}/${b.errors}` : ""}`);' "$WORK/ra" "$WORK/rb"
done
