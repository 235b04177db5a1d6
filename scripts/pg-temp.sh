#!/usr/bin/env bash
# Start a throwaway PostgreSQL cluster for tests: prints its URL on stdout.
# Usage: eval "$(bash scripts/pg-temp.sh start)"; ...; bash scripts/pg-temp.sh stop
set -euo pipefail
DIR=${PG_TEMP_DIR:-/tmp/joust-pg}
PORT=${PG_TEMP_PORT:-54329}
bin=""
for d in /usr/lib/postgresql/*/bin; do [ -x "$d/initdb" ] && bin=$d; done
[ -n "$bin" ] || { echo "pg-temp: no PostgreSQL server binaries found (apt-get install postgresql)" >&2; exit 1; }
as_pg() { if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }
case "${1:-start}" in
  start)
    as_pg "$bin/pg_ctl" -D "$DIR" stop -m immediate >/dev/null 2>&1 || true
    rm -rf "$DIR"; mkdir -p "$DIR"
    [ "$(id -u)" = 0 ] && chown postgres "$DIR"
    as_pg "$bin/initdb" -D "$DIR" -U joust --auth=trust -E UTF8 >/dev/null
    as_pg "$bin/pg_ctl" -D "$DIR" -l "$DIR/log" -o "-p $PORT -k /tmp -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=300" -w start >/dev/null
    as_pg "$bin/createdb" -h 127.0.0.1 -p "$PORT" -U joust joust_test
    echo "export TEST_DATABASE_URL=postgres://joust@127.0.0.1:$PORT/joust_test"
    ;;
  stop)
    as_pg "$bin/pg_ctl" -D "$DIR" stop -m fast >/dev/null 2>&1 || true
    ;;
esac
