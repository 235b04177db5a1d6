// `npm run leaderboard`: runs the compiled CLI (or `npm run leaderboard -- backfill`: the vote backfill),
// rebuilding it first only when it is missing or a source file is newer than it (a few stat calls; no
// TypeScript loader at run time).
import { readFileSync, statSync } from "node:fs";
import { pathToFileURL } from "node:url";
import { buildCli, inputsFile, outFile } from "./build-cli.mjs";

function stale(entry) {
  try {
    const built = statSync(outFile(entry)).mtimeMs;
    return JSON.parse(readFileSync(inputsFile(entry), "utf8")).some(
      (p) => (statSync(p, { throwIfNoEntry: false })?.mtimeMs ?? Infinity) > built,
    );
  } catch {
    return true;
  }
}

const entry = process.argv[2] === "backfill" ? "backfill-votes" : "leaderboard-cli";
if (stale(entry)) await buildCli(entry);
const mod = await import(pathToFileURL(outFile(entry)).href);
if (entry === "backfill-votes") process.exitCode = await mod.backfill(process.argv.slice(3));
