import "server-only";
import { join } from "node:path";
import { env } from "@/lib/env";
import { openPglite, openPostgres } from "./sql";
import { SqlVoteStore } from "./sql-store";

const KEY = Symbol.for("joust.voteStore");
type Holder = { [KEY]?: Promise<SqlVoteStore> };

/**
 * The process-wide vote store: embedded PGlite in `${JOUST_DATA_DIR}/pglite` by default,
 * PostgreSQL when DATABASE_URL is set. Kept on globalThis so every route bundle shares one
 * instance (two PGlite instances must never open the same directory).
 */
export function getVoteStore(): Promise<SqlVoteStore> {
  const g = globalThis as Holder;
  g[KEY] ??= openDefault().catch((err) => {
    delete g[KEY];
    throw err;
  });
  return g[KEY];
}

async function openDefault(): Promise<SqlVoteStore> {
  const e = env();
  const db = e.DATABASE_URL ? await openPostgres(e.DATABASE_URL) : await openPglite(join(e.JOUST_DATA_DIR, "pglite"));
  return SqlVoteStore.open(db);
}

/** Tests: close and forget the process-wide store. */
export async function resetVoteStore(): Promise<void> {
  const g = globalThis as Holder;
  const p = g[KEY];
  delete g[KEY];
  if (p) await (await p).close().catch(() => undefined);
}
