/**
 * Migration v4: `vote_features`, the leaderboard's compact copy of every vote — small-int model ids (via
 * `vote_models`), the outcome, the columns the leaderboard filters on, and FastChat's four style features
 * before standardisation, (A − B) / (A + B + 1) of answer tokens, headers, list items and bold spans
 * (NULL when the vote's conv_metadata lacks one of the eight totals). A trigger on `votes` keeps it in
 * step in the same transaction as every insert and every conv_metadata update (the backfill's).
 * Statements run verbatim (function bodies hold `;`), each safe to run again. Migration v5 adds vote_counts
 * (./counts-sql.ts), the plain fit's counts kept up to date from vote_features.
 */
import type { SqlClient } from "./sql";
import { bumpVersion } from "./sql-rows";

/**
 * A conv_metadata count as a total: a number, or the sum of a dict of numbers (FastChat writes both); NULL
 * otherwise, and for a negative or absurd (≥ 1e15) count — as lib/rating/style-features.ts `readStyleCounts`.
 */
const STYLE_TOTAL = `
CREATE OR REPLACE FUNCTION joust_style_total(v jsonb) RETURNS double precision
LANGUAGE sql IMMUTABLE AS $$
  SELECT CASE jsonb_typeof(v)
    WHEN 'number' THEN CASE WHEN (v #>> '{}')::numeric >= 0 AND (v #>> '{}')::numeric < 1e15
                            THEN (v #>> '{}')::double precision END
    WHEN 'object' THEN (
      SELECT CASE WHEN bool_and(CASE WHEN jsonb_typeof(e.value) = 'number'
                                     THEN (e.value #>> '{}')::numeric >= 0 AND (e.value #>> '{}')::numeric < 1e15
                                     ELSE false END) IS NOT FALSE
                  THEN coalesce(sum(CASE WHEN jsonb_typeof(e.value) = 'number'
                                         THEN (e.value #>> '{}')::double precision END), 0) END
      FROM jsonb_each(v) AS e)
  END
$$`;

/**
 * The four raw style features of a vote (lib/rating/style-features.ts `styleDiffs`), NULL unless all eight
 * totals are there. PL/pgSQL: as a SQL function PostgreSQL cannot inline it and runs it ~25× slower.
 */
const STYLE_DIFFS = `
CREATE OR REPLACE FUNCTION joust_style_diffs(meta jsonb) RETURNS double precision[]
LANGUAGE plpgsql IMMUTABLE AS $$
DECLARE
  ta double precision := joust_style_total(meta -> 'sum_assistant_a_tokens');
  ha double precision := joust_style_total(meta -> 'header_count_a');
  la double precision := joust_style_total(meta -> 'list_count_a');
  ba double precision := joust_style_total(meta -> 'bold_count_a');
  tb double precision := joust_style_total(meta -> 'sum_assistant_b_tokens');
  hb double precision := joust_style_total(meta -> 'header_count_b');
  lb double precision := joust_style_total(meta -> 'list_count_b');
  bb double precision := joust_style_total(meta -> 'bold_count_b');
BEGIN
  IF ta IS NULL OR ha IS NULL OR la IS NULL OR ba IS NULL OR tb IS NULL OR hb IS NULL OR lb IS NULL OR bb IS NULL THEN
    RETURN NULL;
  END IF;
  RETURN ARRAY[(ta - tb) / (ta + tb + 1), (ha - hb) / (ha + hb + 1), (la - lb) / (la + lb + 1), (ba - bb) / (ba + bb + 1)];
END
$$`;

/** Outcome codes as lib/rating/types.ts: 0 = A wins, 1 = B wins, 2 = a tie of either kind. */
const OUTCOME = "CASE %w WHEN 'model_a' THEN 0 WHEN 'model_b' THEN 1 ELSE 2 END";

/** A model name's small id, created on first sight (select first: ON CONFLICT would burn a sequence value per vote). */
const MODEL_ID = `
CREATE OR REPLACE FUNCTION joust_model_id(m text) RETURNS integer
LANGUAGE plpgsql AS $$
DECLARE i integer;
BEGIN
  SELECT id INTO i FROM vote_models WHERE name = m;
  IF i IS NULL THEN
    INSERT INTO vote_models (name) VALUES (m) ON CONFLICT (name) DO NOTHING;
    SELECT id INTO i FROM vote_models WHERE name = m;
  END IF;
  RETURN i;
END
$$`;

const UPSERT = `
CREATE OR REPLACE FUNCTION joust_vote_features() RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE d double precision[] := joust_style_diffs(NEW.conv_metadata);
BEGIN
  INSERT INTO vote_features (vote_id, tstamp, model_a, model_b, outcome, anony, counted, client_attested,
                             d_length, d_header, d_list, d_bold)
  VALUES (NEW.id, NEW.tstamp, joust_model_id(NEW.model_a), joust_model_id(NEW.model_b),
          ${OUTCOME.replace("%w", "NEW.winner")}, NEW.anony, NEW.counted, NEW.client_attested, d[1], d[2], d[3], d[4])
  ON CONFLICT (vote_id) DO UPDATE SET tstamp = EXCLUDED.tstamp, model_a = EXCLUDED.model_a,
    model_b = EXCLUDED.model_b, outcome = EXCLUDED.outcome, anony = EXCLUDED.anony, counted = EXCLUDED.counted,
    client_attested = EXCLUDED.client_attested, d_length = EXCLUDED.d_length, d_header = EXCLUDED.d_header,
    d_list = EXCLUDED.d_list, d_bold = EXCLUDED.d_bold;
  RETURN NULL;
END
$$`;

/**
 * Fills vote_features for every vote that has no row yet, set-based (the migration on an existing store,
 * and a bulk load that ran with the trigger disabled).
 */
export const FILL_FEATURES = [
  "INSERT INTO vote_models (name) SELECT DISTINCT m FROM (SELECT model_a AS m FROM votes UNION SELECT model_b FROM votes) AS n ON CONFLICT (name) DO NOTHING",
  `INSERT INTO vote_features (vote_id, tstamp, model_a, model_b, outcome, anony, counted, client_attested,
                             d_length, d_header, d_list, d_bold)
   SELECT v.id, v.tstamp, ma.id, mb.id, ${OUTCOME.replace("%w", "v.winner")}, v.anony, v.counted, v.client_attested,
          v.d[1], v.d[2], v.d[3], v.d[4]
   FROM (SELECT votes.*, joust_style_diffs(conv_metadata) AS d FROM votes
         WHERE NOT EXISTS (SELECT 1 FROM vote_features f WHERE f.vote_id = votes.id) OFFSET 0) AS v
   JOIN vote_models ma ON ma.name = v.model_a JOIN vote_models mb ON mb.name = v.model_b
   ON CONFLICT (vote_id) DO NOTHING`,
];

export const FEATURES_MIGRATION: string[] = [
  "CREATE TABLE IF NOT EXISTS vote_models (id SERIAL PRIMARY KEY, name TEXT NOT NULL UNIQUE)",
  `CREATE TABLE IF NOT EXISTS vote_features (
    vote_id         BIGINT PRIMARY KEY REFERENCES votes (id) ON DELETE CASCADE,
    tstamp          DOUBLE PRECISION NOT NULL,
    model_a         INTEGER NOT NULL,
    model_b         INTEGER NOT NULL,
    outcome         SMALLINT NOT NULL,
    anony           BOOLEAN NOT NULL,
    counted         BOOLEAN NOT NULL,
    client_attested BOOLEAN NOT NULL,
    d_length        DOUBLE PRECISION,
    d_header        DOUBLE PRECISION,
    d_list          DOUBLE PRECISION,
    d_bold          DOUBLE PRECISION)`,
  "CREATE INDEX IF NOT EXISTS vote_features_tstamp_idx ON vote_features (tstamp, vote_id)",
  STYLE_TOTAL,
  STYLE_DIFFS,
  MODEL_ID,
  UPSERT,
  "DROP TRIGGER IF EXISTS votes_features ON votes",
  `CREATE TRIGGER votes_features AFTER INSERT OR UPDATE OF model_a, model_b, winner, tstamp, anony, counted,
     client_attested, conv_metadata ON votes FOR EACH ROW EXECUTE FUNCTION joust_vote_features()`,
  ...FILL_FEATURES,
];

const FEATURE_COLS =
  "tstamp, model_a, model_b, outcome, anony, counted, client_attested, d_length, d_header, d_list, d_bold";

/**
 * Migration v6: the trigger becomes set-based. One statement per INSERT or UPDATE of votes (a batch of 50
 * votes is one INSERT) adds the statement's new model names and upserts its rows' features with one
 * INSERT … SELECT from the transition table, so vote_counts' statement trigger also runs once per batch
 * instead of once per vote (the row trigger cost vote ingestion about a third of its rate). An UPDATE
 * that changes none of a row's features writes nothing.
 */
/** The set-based upsert of the features of the votes in transition table `new_votes` (a trigger body). */
export const FEATURES_UPSERT_BODY = `
  INSERT INTO vote_models (name)
    SELECT DISTINCT n.m FROM (SELECT model_a AS m FROM new_votes UNION SELECT model_b FROM new_votes) AS n
    WHERE NOT EXISTS (SELECT 1 FROM vote_models x WHERE x.name = n.m)
    ON CONFLICT (name) DO NOTHING;
  INSERT INTO vote_features (vote_id, ${FEATURE_COLS})
    SELECT v.id, v.tstamp, ma.id, mb.id, ${OUTCOME.replace("%w", "v.winner")}, v.anony, v.counted, v.client_attested,
           v.d[1], v.d[2], v.d[3], v.d[4]
    FROM (SELECT new_votes.*, joust_style_diffs(conv_metadata) AS d FROM new_votes OFFSET 0) AS v
    JOIN vote_models ma ON ma.name = v.model_a JOIN vote_models mb ON mb.name = v.model_b
  ON CONFLICT (vote_id) DO UPDATE SET (${FEATURE_COLS}) = (${FEATURE_COLS.split(", ")
    .map((c) => `EXCLUDED.${c}`)
    .join(", ")})
    WHERE (${FEATURE_COLS.split(", ")
      .map((c) => `vote_features.${c}`)
      .join(", ")}) IS DISTINCT FROM (${FEATURE_COLS.split(", ")
      .map((c) => `EXCLUDED.${c}`)
      .join(", ")});`;

const SET_UPSERT = `
CREATE OR REPLACE FUNCTION joust_vote_features_set() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN${FEATURES_UPSERT_BODY}
  RETURN NULL;
END
$$`;

export const SET_TRIGGER_MIGRATION: string[] = [
  SET_UPSERT,
  "DROP TRIGGER IF EXISTS votes_features ON votes",
  "DROP TRIGGER IF EXISTS votes_features_insert ON votes",
  "DROP TRIGGER IF EXISTS votes_features_update ON votes",
  // Transition tables allow no column list, so the UPDATE trigger sees every update of votes (rare: the
  // backfill, flags); rows whose features did not change are left alone by the WHERE above.
  `CREATE TRIGGER votes_features_insert AFTER INSERT ON votes REFERENCING NEW TABLE AS new_votes
     FOR EACH STATEMENT EXECUTE FUNCTION joust_vote_features_set()`,
  `CREATE TRIGGER votes_features_update AFTER UPDATE ON votes REFERENCING NEW TABLE AS new_votes
     FOR EACH STATEMENT EXECUTE FUNCTION joust_vote_features_set()`,
];

/** Runs FILL_FEATURES in one transaction; returns how many votes it added, and bumps the version if any. */
export async function fillFeatures(db: SqlClient): Promise<number> {
  return db.transaction(async (tx) => {
    await tx.query(FILL_FEATURES[0]);
    const [row] = await tx.query<{ n: number }>(
      `WITH ins AS (${FILL_FEATURES[1]} RETURNING 1) SELECT count(*)::int AS n FROM ins`,
    );
    const n = Number(row?.n ?? 0);
    await bumpVersion(tx, n);
    return n;
  });
}
