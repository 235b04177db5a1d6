// `npm run leaderboard`: runs the compiled CLI, rebuilding it first only when it is missing or a
// source file is newer than it (a few stat calls; no TypeScript loader at run time).
import { readFileSync, statSync } from "node:fs";
import { pathToFileURL } from "node:url";
import { CLI_INPUTS, CLI_OUT, buildCli } from "./build-cli.mjs";

function stale() {
  try {
    const built = statSync(CLI_OUT).mtimeMs;
    return JSON.parse(readFileSync(CLI_INPUTS, "utf8")).some((p) => (statSync(p, { throwIfNoEntry: false })?.mtimeMs ?? Infinity) > built);
  } catch {
    return true;
  }
}

if (stale()) await buildCli();
await import(pathToFileURL(CLI_OUT).href);
