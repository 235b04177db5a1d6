/**
 * The SQL backends a store test runs on: embedded PGlite always, PostgreSQL when TEST_DATABASE_URL is set
 * (a fresh schema per open, so reruns never see old rows). Tests only.
 */
import { openPglite, openPostgres, type SqlClient } from "./sql";

export const PG_URL = process.env.TEST_DATABASE_URL;

async function freshPostgres(url: string, prefix: string): Promise<SqlClient> {
  const schema = `${prefix}_${Date.now().toString(36)}_${Math.floor(Math.random() * 1e6)}`;
  const admin = await openPostgres(url, 1);
  await admin.exec(`CREATE SCHEMA ${schema}`);
  await admin.close();
  const u = new URL(url);
  u.searchParams.set("options", `-c search_path=${schema}`);
  return openPostgres(u.toString(), 4);
}

/** [name, open] pairs for describe.each; open is undefined for PostgreSQL without TEST_DATABASE_URL. */
export function sqlBackends(prefix: string): Array<[string, (() => Promise<SqlClient>) | undefined]> {
  return [
    ["pglite", () => openPglite()],
    ["postgres", PG_URL ? () => freshPostgres(PG_URL, prefix) : undefined],
  ];
}
