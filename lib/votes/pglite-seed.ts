import "server-only";
/**
 * A pre-initialised PGlite data directory (a `dumpDataDir` tarball written at build time by
 * scripts/pglite-seed.mjs). Opening a fresh data dir from it skips initdb — seconds of WebAssembly
 * that held the event loop while the server was already accepting requests.
 */
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";

/** Where the build leaves the seed; JOUST_PGLITE_SEED overrides it. */
export function pgliteSeedPath(): string {
  return process.env.JOUST_PGLITE_SEED ?? join(process.cwd(), ".next", "joust-pglite-seed.tar.gz");
}

/** The seed's path for a data dir that has never been initialised; undefined when the dir exists or no seed was built. */
export function seedPathFor(dataDir: string): string | undefined {
  if (existsSync(join(dataDir, "PG_VERSION"))) return undefined;
  const path = pgliteSeedPath();
  return existsSync(path) ? path : undefined;
}

/** The seed itself (see seedPathFor). */
export function seedFor(dataDir: string): Blob | undefined {
  const path = seedPathFor(dataDir);
  return path ? new Blob([readFileSync(path)]) : undefined;
}
