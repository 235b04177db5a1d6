// Compiles the leaderboard CLI (TypeScript) into one ES module with esbuild, so `npm run leaderboard`
// starts plain Node instead of a TypeScript loader. Run by `npm install` (prepare), `npm run build`
// (prebuild) and, when a source changed since, by scripts/leaderboard.mjs before it runs.
import { mkdirSync, writeFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

const root = resolve(dirname(fileURLToPath(import.meta.url)), "..");
export const CLI_OUT = join(root, ".cache", "cli", "leaderboard-cli.mjs");
export const CLI_INPUTS = join(root, ".cache", "cli", "leaderboard-cli.inputs.json");

export async function buildCli() {
  const { build } = await import("esbuild");
  mkdirSync(dirname(CLI_OUT), { recursive: true });
  const result = await build({
    entryPoints: [join(root, "scripts", "leaderboard-cli.ts")],
    outfile: CLI_OUT,
    bundle: true,
    platform: "node",
    format: "esm",
    target: "node20",
    alias: { "@": root, "server-only": join(root, "lib", "testing", "server-only-noop.ts") },
    metafile: true,
    logLevel: "warning",
  });
  // The inputs, so the launcher can tell when the bundle is stale.
  const inputs = Object.keys(result.metafile.inputs).map((p) => resolve(root, p));
  writeFileSync(CLI_INPUTS, JSON.stringify(inputs));
  return CLI_OUT;
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  buildCli().then(
    (out) => console.log(`built ${out}`),
    (e) => {
      console.error(e);
      process.exit(1);
    },
  );
}
