#!/usr/bin/env bash
# The one test command (`npm test`): formatting, lint and import cycles, then unit tests, a production build and
# browser e2e tests. Starts a throwaway PostgreSQL when TEST_DATABASE_URL is unset and the server binaries exist.
set -euo pipefail
export NEXT_TELEMETRY_DISABLED=1
cd "$(dirname "$0")/.."
# Seconds, and it stops the run before the slow parts: `npm run format` fixes a formatting difference.
npm run --silent lint
started_pg=0
if [ -z "${TEST_DATABASE_URL:-}" ] && ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1; then
  eval "$(bash scripts/pg-temp.sh start)"
  started_pg=1
fi
cleanup() { [ "$started_pg" = 1 ] && bash scripts/pg-temp.sh stop || true; }
trap cleanup EXIT
[ -n "${TEST_DATABASE_URL:-}" ] && echo "test: PostgreSQL tests use $TEST_DATABASE_URL" || echo "test: no PostgreSQL server found; PostgreSQL store tests are skipped"

node scripts/gen-tiny-model.mjs
mkdir -p .cache; rm -f .cache/vitest.json .cache/playwright.json
set +e
npx vitest run --reporter=default --reporter=json --outputFile.json=.cache/vitest.json
unit=$?
set -e
# Fake provider keys are in the environment during the build too: e2e/api-leak.spec.ts proves they never reach .next/static.
export STUB_OPENAI_KEY="sk-e2e-openai-SECRET-1111" STUB_ANTHROPIC_KEY="sk-ant-e2e-SECRET-2222" STUB_GEMINI_KEY="e2e-gemini-SECRET-3333"
npm run build
set +e
npx playwright test
e2e=$?
set -e
node scripts/test-summary.mjs
exit $(( unit != 0 || e2e != 0 ))
