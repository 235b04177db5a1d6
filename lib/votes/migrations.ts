import "server-only";
import { CATEGORY_COUNTS_MIGRATION } from "./category-counts-sql";
import { COUNTS_MIGRATION } from "./counts-sql";
import { FEATURES_MIGRATION, SET_TRIGGER_MIGRATION } from "./features-sql";
import { PACKS_MIGRATION } from "./packs-sql";
import { RESULTS_MIGRATION } from "./result-sql";
import type { SqlClient } from "./sql";

/**
 * Numbered migrations; each runs once, in order, recorded in `schema_migrations`. Never edit a shipped one.
 * `sql` is a script split at line-end `;`, or a list of statements run as they are (function bodies).
 */
export const MIGRATIONS: Array<{ version: number; name: string; sql: string | string[] }> = [
  {
    version: 1,
    name: "battles_votes",
    sql: `
CREATE TABLE battles (
  id          TEXT PRIMARY KEY,
  mode        TEXT NOT NULL CHECK (mode IN ('anonymous', 'named')),
  model_a     TEXT NOT NULL,
  model_b     TEXT NOT NULL,
  created_at  TIMESTAMPTZ NOT NULL DEFAULT now(),
  expires_at  TIMESTAMPTZ NOT NULL,
  voted_at    TIMESTAMPTZ,
  client_key  TEXT,
  params      JSONB NOT NULL DEFAULT '{}'::jsonb
);
CREATE TABLE votes (
  id              BIGSERIAL PRIMARY KEY,
  question_id     TEXT NOT NULL,
  model_a         TEXT NOT NULL,
  model_b         TEXT NOT NULL,
  winner          TEXT NOT NULL CHECK (winner IN ('model_a', 'model_b', 'tie', 'tie (bothbad)')),
  judge           TEXT NOT NULL,
  turn            INTEGER NOT NULL DEFAULT 1,
  anony           BOOLEAN NOT NULL,
  language        TEXT NOT NULL DEFAULT 'unknown',
  tstamp          DOUBLE PRECISION NOT NULL,
  conversation_a  JSONB NOT NULL DEFAULT '[]'::jsonb,
  conversation_b  JSONB NOT NULL DEFAULT '[]'::jsonb,
  counted         BOOLEAN NOT NULL DEFAULT true,
  idempotency_key TEXT NOT NULL UNIQUE,
  created_at      TIMESTAMPTZ NOT NULL DEFAULT now()
);
CREATE INDEX votes_tstamp_idx ON votes (tstamp);
CREATE INDEX votes_anony_counted_tstamp_idx ON votes (anony, counted, tstamp);
CREATE INDEX votes_question_id_idx ON votes (question_id);
CREATE INDEX votes_models_idx ON votes (model_a, model_b);
CREATE TABLE vote_store_meta (
  key   TEXT PRIMARY KEY,
  value BIGINT NOT NULL
);
INSERT INTO vote_store_meta (key, value) VALUES ('version', 0);
`,
  },
  {
    // Vote integrity (issue 16): votes on battles with a browser-run side are client-attested; the vote
    // time is the server's receive time, the client's kept beside it; the server keeps its own copy of
    // every remote answer it streamed (and how often each was streamed).
    version: 2,
    name: "vote_integrity",
    sql: `
ALTER TABLE votes ADD COLUMN client_attested BOOLEAN NOT NULL DEFAULT false;
ALTER TABLE votes ADD COLUMN client_tstamp DOUBLE PRECISION;
CREATE INDEX votes_attested_idx ON votes (client_attested);
CREATE TABLE battle_replies (
  battle_id  TEXT NOT NULL,
  side       TEXT NOT NULL CHECK (side IN ('a', 'b')),
  idx        INTEGER NOT NULL,
  content    TEXT NOT NULL DEFAULT '',
  streams    INTEGER NOT NULL DEFAULT 1,
  PRIMARY KEY (battle_id, side, idx)
);
CREATE INDEX battles_open_expiry_idx ON battles (expires_at) WHERE voted_at IS NULL;
`,
  },
  {
    // Style features and category tags (issue 18): FastChat's conv_metadata and category labels per vote.
    version: 3,
    name: "style_and_categories",
    sql: `
ALTER TABLE votes ADD COLUMN conv_metadata JSONB;
ALTER TABLE votes ADD COLUMN categories TEXT[] NOT NULL DEFAULT '{}';
CREATE INDEX votes_categories_idx ON votes USING GIN (categories);
`,
  },
  {
    // The leaderboard's compact feature table (issue 18, scale): small-int model ids, outcome, filter
    // columns and the four style features per vote, kept by a trigger; read in one binary transfer.
    version: 4,
    name: "vote_features",
    sql: FEATURES_MIGRATION,
  },
  {
    // The plain fit's (pair, outcome, flags) counts, kept from vote_features by statement-level triggers.
    version: 5,
    name: "vote_counts",
    sql: COUNTS_MIGRATION,
  },
  {
    // vote_features kept by statement-level triggers (one set-based upsert per batch of votes).
    version: 6,
    name: "vote_features set-based trigger",
    sql: SET_TRIGGER_MIGRATION,
  },
  {
    // The leaderboard's last result per query, shared by every app instance over the store.
    version: 7,
    name: "leaderboard_results",
    sql: RESULTS_MIGRATION,
  },
  {
    // vote_features rows pre-serialised in packs for the style-controlled leaderboard's cold read.
    version: 8,
    name: "vote_feature_packs",
    sql: PACKS_MIGRATION,
  },
  {
    // The category list kept up to date (votes per tag and flags), instead of a scan of every vote.
    version: 9,
    name: "vote_category_counts",
    sql: CATEGORY_COUNTS_MIGRATION,
  },
];

/** Applies pending migrations. A PostgreSQL advisory lock keeps concurrent servers from racing. */
export async function migrate(db: SqlClient): Promise<number> {
  await db.exec(`CREATE TABLE IF NOT EXISTS schema_migrations (
    version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TIMESTAMPTZ NOT NULL DEFAULT now())`);
  return db.transaction(async (tx) => {
    if (db.kind === "postgres") await tx.query("SELECT pg_advisory_xact_lock(74537301)");
    const done = new Set(
      (await tx.query<{ version: number }>("SELECT version FROM schema_migrations")).map((r) => Number(r.version)),
    );
    let applied = 0;
    for (const m of MIGRATIONS) {
      if (done.has(m.version)) continue;
      for (const stmt of typeof m.sql === "string" ? splitStatements(m.sql) : m.sql) await tx.query(stmt);
      await tx.query("INSERT INTO schema_migrations (version, name) VALUES ($1, $2)", [m.version, m.name]);
      applied++;
    }
    return applied;
  });
}

/** Our migration files hold plain DDL (no functions/dollar quotes), so `;` at line end splits them. */
function splitStatements(sql: string): string[] {
  return sql
    .split(/;\s*$/m)
    .map((s) => s.trim())
    .filter(Boolean);
}
