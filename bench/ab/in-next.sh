#!/usr/bin/env bash
# next-server's share of the API listener's CPU: the working tree's listener bundled alone (as side-by-side.sh
# bundles it) and the same code inside the production server (`next start` with JOUST_API_PORT, from the last
# `npm run build`), loaded side by side with the same paced load. Prints the CPU per relayed token of each and
# their ratio (1.05–1.12× on the 2-core reference machine, 2026-12-07; see bench/README.md).
#
#   npm run build && bash bench/ab/in-next.sh
#
# AB_RUNS (3), AB_SECONDS (12), AB_STREAMS (100 each), AB_MODEL (stub-local-delay20-t2048: no stream starts or
# ends in the window). Ports AB_STUB_PORT (4014), AB_PORT_A (4100: the bundle), AB_PORT_B (4105: the API port of
# next-server, whose app port is AB_APP_PORT, 3203).
set -euo pipefail
cd "$(dirname "$0")/../.."
NAME=in-next RUNS_DEFAULT=3 SECS_DEFAULT=12
AB_STREAMS=${AB_STREAMS:-100} AB_MODEL=${AB_MODEL:-stub-local-delay20-t2048}
source bench/ab/common.sh
[ -f .next/BUILD_ID ] || { echo "in-next: no production build (npm run build)" >&2; exit 1; }
bundle . "$WORK/relay.mjs"
start_stub
env JOUST_CONFIG="$WORK/config.json" AB_STUB_KEY=sk-ab JOUST_API_KEYS= AB_PORT="$PA_PORT" \
  node "$WORK/relay.mjs" >"$WORK/relay.log" 2>&1 &
PA=$!
PIDS+=($PA)
# Its own process group (setsid), so that the group's CPU is next-server's and the cleanup takes it all.
env NODE_ENV=production JOUST_CONFIG="$WORK/config.json" AB_STUB_KEY=sk-ab JOUST_API_KEYS= JOUST_WARM_STORE=0 \
  JOUST_DATA_DIR="$WORK/data" JOUST_API_PORT="$PB_PORT" JOUST_API_HOST=127.0.0.1 \
  setsid node node_modules/next/dist/bin/next start -p "${AB_APP_PORT:-3203}" -H 127.0.0.1 >"$WORK/next.log" 2>&1 &
PN=$!
trap 'kill -- -'"$PN"' 2>/dev/null || true; cleanup' EXIT
for _ in $(seq 150); do curl -sf "http://127.0.0.1:$PB_PORT/v1/models" >/dev/null && break || sleep 0.2; done
PB=$(pgrep -g "$PN" | tr '\n' ' ')
wait_and_warm "$PA" "$PB"
echo "alone = the listener bundled, in next = next-server's API port (pids $PB), $MODEL: CPU per relayed token, $STREAMS streams each, side by side; load average $(cut -d' ' -f1-3 /proc/loadavg)"
for r in $(seq "$RUNS"); do
  load "$PA_PORT" "$STREAMS" "$SECS" "$PA" > "$WORK/ra" & w=$!
  node bench/ab/load.mjs "http://127.0.0.1:$PB_PORT/v1/chat/completions" ab "$STREAMS" "$SECS" $PB > "$WORK/rb"
  wait "$w"
  R=$r node -e 'const [a, b] = process.argv.slice(1).map((f) => JSON.parse(require("fs").readFileSync(f, "utf8")));
    console.log(`run ${process.env.R}: alone ${a.cpuUsPerToken} µs, in next ${b.cpuUsPerToken} µs, ratio ${(b.cpuUsPerToken / a.cpuUsPerToken).toFixed(2)}×${a.errors + b.errors ? `, errors ${a.errors}/${b.errors}` : ""}`);' "$WORK/ra" "$WORK/rb"
done
