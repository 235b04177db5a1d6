# Shared by side-by-side.sh and vs-bare.sh (sourced, after `cd` to the repository root and `set -euo pipefail`):
# the settings, a scratch dir cleaned up on exit, the listener bundled alone, the stub upstream, and the paced
# load of two servers at once. NAME is the caller's name for messages; RUNS_DEFAULT and SECS_DEFAULT its defaults.
ROOT=$PWD
RUNS=${AB_RUNS:-$RUNS_DEFAULT} SECS=${AB_SECONDS:-$SECS_DEFAULT} STREAMS=${AB_STREAMS:-128} MODEL=${AB_MODEL:-stub-local-delay20-t256}
SP=${AB_STUB_PORT:-4014} PA_PORT=${AB_PORT_A:-4100} PB_PORT=${AB_PORT_B:-4105}
for port in $SP $PA_PORT $PB_PORT; do
  if (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then echo "$NAME: port $port is in use" >&2; exit 1; fi
done
WORK=$(mktemp -d "/tmp/joust-$NAME-XXXX")
PIDS=()
cleanup() {
  for p in "${PIDS[@]}"; do kill "$p" 2>/dev/null || true; done
  for w in "$WORK"/wt-*; do [ -d "$w" ] && git -C "$ROOT" worktree remove --force "$w" >/dev/null 2>&1 || true; done
  rm -rf "$WORK"
}
trap cleanup EXIT

# The API listener of revision REV ("." = the working tree) bundled alone with esbuild into OUT.
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

# The config the listeners read, and the stub upstream.
start_stub() {
  local caps=${AB_EXTRA:+',"capabilities":["tools","logprobs"]'}
  cat > "$WORK/config.json" <<JSON
{"models":[{"name":"ab","provider":"openai-compatible","model":"$MODEL","baseUrl":"http://127.0.0.1:$SP/v1","apiKeyEnv":"AB_STUB_KEY"$caps}],
 "limits":{"ratePerSecond":100000,"rateBurst":100000,"maxN":1}}
JSON
  STUB_PORT=$SP STUB_OPENAI_KEY=sk-ab node e2e/stubs/upstream.mjs >"$WORK/stub.log" 2>&1 &
  PIDS+=($!)
}

# Waits for the three ports, then warms both servers up (JIT) with the same load at once.
wait_and_warm() { # PID_A PID_B
  for port in $SP $PA_PORT $PB_PORT; do
    for _ in $(seq 100); do curl -s "http://127.0.0.1:$port/" >/dev/null && break || sleep 0.1; done
  done
  load "$PA_PORT" 64 3 "$1" >/dev/null & local w=$!
  load "$PB_PORT" 64 3 "$2" >/dev/null
  wait "$w"
}

load() { node bench/ab/load.mjs "http://127.0.0.1:$1/v1/chat/completions" ab "$2" "$3" "$4"; }

# One run: both servers loaded at once; their results in $WORK/ra and $WORK/rb.
run_both() { # PID_A PID_B
  load "$PA_PORT" "$STREAMS" "$SECS" "$1" > "$WORK/ra" & local w=$!
  load "$PB_PORT" "$STREAMS" "$SECS" "$2" > "$WORK/rb"
  wait "$w"
}
