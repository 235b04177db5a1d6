import "server-only";
/**
 * PGlite on a worker thread (lib/votes/pglite-thread.mjs) behind the same SqlClient as the in-process
 * driver. One connection: every statement goes through one queue, and a transaction holds the queue
 * from BEGIN to COMMIT/ROLLBACK so no other request's statement runs inside it.
 */
import { mkdirSync } from "node:fs";
import { join } from "node:path";
import { Worker } from "node:worker_threads";
import { seedPathFor } from "./pglite-seed";
import type { SqlClient, SqlExecutor } from "./sql";

type Reply = { id: number; rows?: unknown[]; error?: { message: string; code?: string; detail?: string } };

export async function openPgliteThread(dataDir: string): Promise<SqlClient> {
  mkdirSync(dataDir, { recursive: true });
  const worker = new Worker(join(process.cwd(), "lib/votes/pglite-thread.mjs"), {
    workerData: { dataDir, seedPath: seedPathFor(dataDir) },
  });
  worker.unref();
  const pending = new Map<number, { resolve: (rows: unknown[]) => void; reject: (e: Error) => void }>();
  let next = 0;
  let dead: Error | undefined;
  const failAll = (e: Error) => {
    dead = e;
    for (const p of pending.values()) p.reject(e);
    pending.clear();
  };
  worker.on("message", (m: Reply) => {
    const p = pending.get(m.id);
    if (!p) return;
    pending.delete(m.id);
    if (m.error) p.reject(Object.assign(new Error(m.error.message), { code: m.error.code, detail: m.error.detail }));
    else p.resolve(m.rows ?? []);
  });
  worker.on("error", failAll);
  worker.on("exit", (code) => failAll(new Error(`The database thread exited (${code}).`)));

  const rpc = (op: "query" | "exec" | "close" | "ready", text?: string, params?: unknown[]) =>
    new Promise<unknown[]>((resolve, reject) => {
      if (dead) return reject(dead);
      const id = next++;
      pending.set(id, { resolve, reject });
      worker.postMessage({ id, op, text, params });
    });

  let queue: Promise<unknown> = Promise.resolve();
  const inOrder = <T>(fn: () => Promise<T>): Promise<T> => {
    const run = queue.then(fn, fn);
    queue = run.catch(() => undefined);
    return run;
  };

  await rpc("ready");
  const tx: SqlExecutor = {
    query: async <T>(text: string, params?: unknown[]) => (await rpc("query", text, params)) as T[],
  };
  return {
    kind: "pglite",
    query: <T>(text: string, params?: unknown[]) => inOrder(() => tx.query<T>(text, params)),
    // bytea arrives as Uint8Array (copied across the thread boundary).
    bytes: (text: string, params: unknown[]) =>
      inOrder(() => tx.query<Record<string, Uint8Array | null>>(text, params)),
    exec: (script: string) => inOrder(async () => void (await rpc("exec", script))),
    transaction: <T>(fn: (t: SqlExecutor) => Promise<T>) =>
      inOrder(async () => {
        await rpc("query", "BEGIN");
        try {
          const out = await fn(tx);
          await rpc("query", "COMMIT");
          return out;
        } catch (err) {
          await rpc("query", "ROLLBACK").catch(() => undefined);
          throw err;
        }
      }),
    close: async () => {
      await inOrder(() => rpc("close")).catch(() => undefined);
      await worker.terminate();
    },
  };
}
