import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { defineConfig } from "vitest/config";

export default defineConfig({
  resolve: {
    alias: {
      "@": fileURLToPath(new URL(".", import.meta.url)),
      // `server-only` throws outside React Server Components; in unit tests it is a no-op.
      "server-only": fileURLToPath(new URL("./lib/testing/server-only-noop.ts", import.meta.url)),
    },
  },
  test: {
    include: ["lib/**/*.test.ts", "app/**/*.test.ts", "scripts/**/*.test.ts", "components/**/*.test.ts"],
    environment: "node",
    testTimeout: 30_000,
    pool: "forks",
    // The process-wide vote store of route tests lives in a fresh directory, not in the app's own `.data`
    // (after `npm run app` that holds stored leaderboard results, which a test's first request would be served).
    env: { JOUST_DATA_DIR: mkdtempSync(join(tmpdir(), "joust-vitest-")) },
  },
});
