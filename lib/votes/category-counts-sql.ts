/**
 * Migration v9: `vote_category_counts`, the leaderboard's category list kept up to date — votes per category
 * tag and per value of the three flags the leaderboard filters on (anony, counted, client_attested): a few
 * rows per tag whatever the vote count. Listing the categories used to scan every vote (`unnest(categories)`),
 * seconds at 10M votes on every cold computation. The statement-level triggers on votes keep it in step with
 * every insert, update (the tagger and the backfill set tags) and delete, set-based.
 * A query with a time window still scans votes.
 */

import { FEATURES_UPSERT_BODY } from "./features-sql";
import { statementTrigger, triggerFunction } from "./trigger-sql";

const KEY = "category, anony, counted, client_attested";

/** Adds the signed counts of `rows` (a SELECT of categories, the flags and `d`, ±1 per row) to the table. */
const apply = (rows: string) => `
  INSERT INTO vote_category_counts (${KEY}, n)
  SELECT c, anony, counted, client_attested, sum(d) FROM (${rows}) AS r CROSS JOIN LATERAL unnest(r.categories) AS c
  GROUP BY c, anony, counted, client_attested HAVING sum(d) <> 0
  ON CONFLICT (${KEY}) DO UPDATE SET n = vote_category_counts.n + EXCLUDED.n;`;

const COLS = "categories, anony, counted, client_attested";

const fn = triggerFunction;
const trigger = (name: string, event: string, tables: string, func: string) =>
  statementTrigger("votes", name, event, tables, func);

/** Counts vote_category_counts again from votes (the migration, and a bulk load that ran with the triggers off). */
export const RECOUNT_CATEGORIES = [
  "DELETE FROM vote_category_counts",
  `INSERT INTO vote_category_counts (${KEY}, n)
   SELECT c, anony, counted, client_attested, count(*) FROM votes CROSS JOIN LATERAL unnest(categories) AS c
   GROUP BY c, anony, counted, client_attested`,
];

export const CATEGORY_COUNTS_MIGRATION: string[] = [
  `CREATE TABLE IF NOT EXISTS vote_category_counts (
    category        TEXT NOT NULL,
    anony           BOOLEAN NOT NULL,
    counted         BOOLEAN NOT NULL,
    client_attested BOOLEAN NOT NULL,
    n               BIGINT NOT NULL,
    PRIMARY KEY (${KEY}))`,
  // Inserts and updates: in the statement triggers that already keep vote_features (./features-sql.ts), one
  // function each, so a batch of votes pays no extra trigger call; the UPDATE trigger now also sees the old rows.
  fn("joust_votes_insert", FEATURES_UPSERT_BODY + apply(`SELECT ${COLS}, 1 AS d FROM new_votes`)),
  fn(
    "joust_votes_update",
    FEATURES_UPSERT_BODY +
      apply(`SELECT ${COLS}, 1 AS d FROM new_votes UNION ALL SELECT ${COLS}, -1 AS d FROM old_votes`),
  ),
  fn("joust_category_counts_delete", apply(`SELECT ${COLS}, -1 AS d FROM old_votes`)),
  "DROP TRIGGER IF EXISTS votes_features_insert ON votes",
  `CREATE TRIGGER votes_features_insert AFTER INSERT ON votes REFERENCING NEW TABLE AS new_votes
     FOR EACH STATEMENT EXECUTE FUNCTION joust_votes_insert()`,
  "DROP TRIGGER IF EXISTS votes_features_update ON votes",
  `CREATE TRIGGER votes_features_update AFTER UPDATE ON votes REFERENCING OLD TABLE AS old_votes NEW TABLE AS new_votes
     FOR EACH STATEMENT EXECUTE FUNCTION joust_votes_update()`,
  ...trigger("votes_category_counts_delete", "DELETE", "OLD TABLE AS old_votes", "joust_category_counts_delete"),
  ...RECOUNT_CATEGORIES,
];
