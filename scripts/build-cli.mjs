// Compiles the leaderboard CLI (TypeScript) into one ES module with esbuild, so `npm run leaderboard`
// starts plain Node instead of a TypeScript loader. Run by `npm install` (prepare), `npm run build`
// (prebuild) and, when a source changed since, by scripts/leaderboard.mjs before it runs.
import { mkdirSync, writeFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

const root = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const OUT_DIR = join(root, ".cache", "cli");
/** The compiled entry points: the leaderboard CLI, and the vote backfill (which opens the store). */
export const ENTRIES = ["leaderboard-cli", "backfill-votes"];
export const outFile = (entry) => join(OUT_DIR, `${entry}.mjs`);
export const inputsFile = (entry) => join(OUT_DIR, `${entry}.inputs.json`);

export async function buildCli(entry = "leaderboard-cli") {
  const { build } = await import("esbuild");
  mkdirSync(OUT_DIR, { recursive: true });
  const result = await build({
    entryPoints: [join(root, "scripts", `${entry}.ts`)],
    outfile: outFile(entry),
    bundle: true,
    platform: "node",
    format: "esm",
    target: "node20",
    packages: "external", // dependencies load from node_modules as usual
    alias: { "@": root, "server-only": join(root, "lib", "testing", "server-only-noop.ts") },
    metafile: true,
    logLevel: "warning",
  });
  // The inputs, so the launcher can tell when the bundle is stale.
  const inputs = Object.keys(result.metafile.inputs).map((p) => resolve(root, p));
  writeFileSync(inputsFile(entry), JSON.stringify(inputs));
  return outFile(entry);
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  Promise.all(ENTRIES.map((e) => buildCli(e))).then(
    (outs) => console.log(`built ${outs.join(", ")}`),
    (e) => {
      // An install without dev dependencies (npm ci --omit=dev) has no esbuild: not an install failure.
      if (e?.code === "ERR_MODULE_NOT_FOUND" && String(e.message).includes("esbuild")) {
        console.warn("build-cli: esbuild is not installed (dev dependency); the leaderboard CLI is not compiled");
        return;
      }
      console.error(e);
      process.exit(1);
    },
  );
}
