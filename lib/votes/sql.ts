import "server-only";
/**
 * One SQL dialect (PostgreSQL) over two drivers: embedded PGlite and a `pg` Pool.
 * Both take `$1` placeholders; JSONB params are passed as JSON text with an explicit `::jsonb` cast.
 */
import { mkdirSync } from "node:fs";
import type { Readable } from "node:stream";
import { seedFor } from "./pglite-seed";

/**
 * Runs `COPY (…) TO STDOUT` and hands `onData` its CopyData as it arrives, raw bytes (never decoded as text;
 * views of socket buffers the driver does not reuse). Resolves when the COPY is done; rejects on its error,
 * or on the first error `onData` throws, once the rest is read.
 */
export type CopyOut = (sql: string, onData: (chunk: Uint8Array) => void) => Promise<void>;

export interface SqlExecutor {
  query<T = Record<string, unknown>>(text: string, params?: unknown[]): Promise<T[]>;
  /** On the connection of a PostgreSQL transaction (PGlite has none). */
  copyOut?: CopyOut;
}

export interface SqlClient extends SqlExecutor {
  readonly kind: "pglite" | "postgres";
  /** How many connections it may hold at once (a pool's size; PGlite has one). */
  readonly connections?: number;
  /** Runs `fn` in one transaction (BEGIN … COMMIT, ROLLBACK on throw). */
  transaction<T>(fn: (tx: SqlExecutor) => Promise<T>): Promise<T>;
  /** Runs a multi-statement script (migrations). */
  exec(script: string): Promise<void>;
  /**
   * A query whose `columns` are all `bytea`, each value as raw bytes, for bulk reads. PGlite hands bytea over
   * as is; node-pg decodes every value as text, so on PostgreSQL the columns travel base64-encoded.
   */
  bytes(text: string, params: unknown[], columns: string[]): Promise<Array<Record<string, Uint8Array | null>>>;
  close(): Promise<void>;
}

/** Embedded PostgreSQL (WASM). `dataDir` undefined = in memory. */
export async function openPglite(dataDir?: string): Promise<SqlClient> {
  const { PGlite } = await import("@electric-sql/pglite");
  if (dataDir) mkdirSync(dataDir, { recursive: true });
  // A fresh data dir starts from the build's pre-initialised copy when there is one (no initdb).
  const loadDataDir = dataDir ? seedFor(dataDir) : undefined;
  const db = await PGlite.create(dataDir, loadDataDir ? { loadDataDir } : undefined);
  return {
    kind: "pglite",
    async query<T>(text: string, params?: unknown[]) {
      return (await db.query<T>(text, params)).rows;
    },
    transaction<T>(fn: (tx: SqlExecutor) => Promise<T>) {
      return db.transaction((tx) =>
        fn({ query: async <R>(t: string, p?: unknown[]) => (await tx.query<R>(t, p)).rows }),
      );
    },
    async exec(script: string) {
      await db.exec(script);
    },
    async bytes(text: string, params: unknown[]) {
      return (await db.query<Record<string, Uint8Array | null>>(text, params)).rows;
    },
    close: () => db.close(),
  };
}

/** A real PostgreSQL server through a `pg` connection pool. */
export async function openPostgres(url: string, max = 10): Promise<SqlClient> {
  const { default: pg } = await import("pg");
  const { to: copyTo } = await import("pg-copy-streams");
  const pool = new pg.Pool({ connectionString: url, max });
  pool.on("error", () => undefined); // idle client errors must not crash the server
  return {
    kind: "postgres",
    connections: max,
    async query<T>(text: string, params?: unknown[]) {
      return (await pool.query(text, params as unknown[])).rows as T[];
    },
    async transaction<T>(fn: (tx: SqlExecutor) => Promise<T>) {
      const client = await pool.connect();
      try {
        await client.query("BEGIN");
        const out = await fn({
          query: async <R>(t: string, p?: unknown[]) => (await client.query(t, p as unknown[])).rows as R[],
          copyOut: (sql, onData) => drain(client.query(copyTo(sql)), onData),
        });
        await client.query("COMMIT");
        return out;
      } catch (err) {
        await client.query("ROLLBACK").catch(() => undefined);
        throw err;
      } finally {
        client.release();
      }
    },
    async exec(script: string) {
      await pool.query(script);
    },
    async bytes(text: string, params: unknown[], columns: string[]) {
      const { rows } = await pool.query<Record<string, string | null>>(
        `SELECT ${columns.map((c) => `encode(q.${c}, 'base64') AS ${c}`).join(", ")} FROM (${text}) AS q`,
        params,
      );
      return rows.map((r) =>
        Object.fromEntries(columns.map((c) => [c, r[c] === null ? null : Buffer.from(r[c] as string, "base64")])),
      );
    },
    close: () => pool.end(),
  };
}

/**
 * A COPY TO stream read to its end, each chunk handed to `onData`: read to the end even after `onData`
 * throws, since the connection is the COPY's until then (the transaction's ROLLBACK would wait behind it).
 */
function drain(stream: Readable, onData: (chunk: Uint8Array) => void): Promise<void> {
  return new Promise((resolve, reject) => {
    let failed: { error: unknown } | undefined;
    stream.on("data", (chunk: Buffer) => {
      if (failed) return;
      try {
        onData(chunk);
      } catch (error) {
        failed = { error };
      }
    });
    stream.once("end", () => (failed ? reject(failed.error) : resolve()));
    stream.once("error", reject);
  });
}
