import "server-only";
import { join } from "node:path";
import { env } from "@/lib/env";
import { JoustError } from "@/lib/errors";
import { openPgliteThread } from "./pglite-thread-client";
import { openPostgres } from "./sql";
import { SqlVoteStore } from "./sql-store";

const KEY = Symbol.for("joust.voteStore");
const READY = Symbol.for("joust.voteStoreReady");
type Holder = { [KEY]?: Promise<SqlVoteStore>; [READY]?: SqlVoteStore };

/**
 * The process-wide vote store: embedded PGlite in `${JOUST_DATA_DIR}/pglite` by default,
 * PostgreSQL when DATABASE_URL is set. Kept on globalThis so every route bundle shares one
 * instance (two PGlite instances must never open the same directory).
 */
export function getVoteStore(): Promise<SqlVoteStore> {
  const g = globalThis as Holder;
  g[KEY] ??= openDefault().then(
    (store) => (g[READY] = store),
    (err) => {
      delete g[KEY];
      throw err;
    },
  );
  return g[KEY];
}

/**
 * For request handlers: the store once it is open. While it is still opening (a fresh data dir right
 * after start), waits at most `graceMs`, then answers 503 `unavailable:database` with Retry-After
 * instead of holding the request.
 */
export async function readyVoteStore(graceMs = 2_000): Promise<SqlVoteStore> {
  const g = globalThis as Holder;
  if (g[READY] && g[KEY]) return g[READY];
  let timer: ReturnType<typeof setTimeout> | undefined;
  const late = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () =>
        reject(
          new JoustError("unavailable:database", "The vote store is still opening; retry in a moment.", {
            retryAfter: 2,
          }),
        ),
      graceMs,
    );
  });
  try {
    return await Promise.race([getVoteStore(), late]);
  } finally {
    clearTimeout(timer);
  }
}

async function openDefault(): Promise<SqlVoteStore> {
  const e = env();
  // PGlite runs on a worker thread: its start and its queries never hold the server's event loop.
  const db = e.DATABASE_URL
    ? await openPostgres(e.DATABASE_URL)
    : await openPgliteThread(join(e.JOUST_DATA_DIR, "pglite"));
  return SqlVoteStore.open(db);
}

/** Tests: close and forget the process-wide store. */
export async function resetVoteStore(): Promise<void> {
  const g = globalThis as Holder;
  const p = g[KEY];
  delete g[KEY];
  delete g[READY];
  if (p) await (await p).close().catch(() => undefined);
}
