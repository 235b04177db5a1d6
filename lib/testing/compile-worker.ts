/**
 * lib/leaderboard/leaderboard.worker.ts compiled to one JavaScript file, as the production build emits it
 * (tests and benches: a worker thread cannot load TypeScript, and tsx in a Worker's execArgv does not reach
 * its module loader).
 */
import { join, resolve } from "node:path";
import { build } from "esbuild";

export async function compileLeaderboardWorker(outfile: string): Promise<string> {
  const root = resolve(import.meta.dirname, "../..");
  await build({
    entryPoints: [join(root, "lib/leaderboard/leaderboard.worker.ts")],
    outfile,
    bundle: true,
    platform: "node",
    format: "esm",
    packages: "external",
    alias: { "@": root, "server-only": join(root, "lib/testing/server-only-noop.ts") },
    logLevel: "warning",
  });
  return outfile;
}
